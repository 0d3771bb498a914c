import type { RawAudio } from './audio';
import { AudioDecodeError } from './errors';
import { mp3Channels } from './mp3-info';
import { rescalePcm } from './pcm';

export type CompressedFormat = 'mp3' | 'flac' | 'ogg';

export interface Decoded {
  channelData: Float32Array[];
  bitDepth?: number;
  samplesDecoded: number;
  sampleRate: number;
  errors: { message: string }[];
}

/** What the decoders print on their own (they also return it in `errors`, which becomes the AudioDecodeError). */
const DECODER_NOISE = /^(mpg123-decoder: |@wasm-audio-decoders\/)/;
let quietDepth = 0;
let restoreConsole: (() => void) | null = null;

/**
 * Runs `f` with the decoders' own `console.error` lines dropped (mpg123 prints one per bad frame), so an
 * unreadable file gives exactly one line — the AudioDecodeError — on stderr. Anything else still prints.
 */
export async function quietly<T>(f: () => Promise<T>): Promise<T> {
  if (quietDepth++ === 0) {
    const original = console.error;
    console.error = (...args: unknown[]): void => {
      if (typeof args[0] === 'string' && DECODER_NOISE.test(args[0])) return;
      original.apply(console, args);
    };
    restoreConsole = () => {
      console.error = original;
    };
  }
  try {
    return await f();
  } finally {
    if (--quietDepth === 0) {
      restoreConsole?.();
      restoreConsole = null;
    }
  }
}

/** A decoder fed the file piece by piece (`decode`), then told it ended (`flush`). */
export interface StreamDecoder {
  decode(chunk: Uint8Array): Promise<Decoded>;
  flush(): Promise<Decoded | null>;
  free(): void;
}

// The decoders are ESM-only packages, loaded with import() so this CommonJS package can use them.
export async function openDecoder(format: CompressedFormat): Promise<StreamDecoder> {
  if (format === 'mp3') {
    const { MPEGDecoder } = await import('mpg123-decoder');
    const d = new MPEGDecoder();
    await d.ready;
    // mpg123 keeps its state between calls and needs no end-of-stream call.
    return { decode: async (chunk) => d.decode(chunk), flush: async () => null, free: () => d.free() };
  }
  if (format === 'flac') {
    const { FLACDecoder } = await import('@wasm-audio-decoders/flac');
    const d = new FLACDecoder();
    await d.ready;
    return { decode: (chunk) => d.decode(chunk), flush: () => d.flush(), free: () => d.free() };
  }
  const { OggVorbisDecoder } = await import('@wasm-audio-decoders/ogg-vorbis');
  const d = new OggVorbisDecoder();
  await d.ready;
  return { decode: (chunk) => d.decode(chunk), flush: () => d.flush(), free: () => d.free() };
}

/** Zero bytes fed after a FLAC file's last byte (see decodeCompressedStart). */
export const FLAC_TAIL_PADDING = 16;

export const NAMES: Record<CompressedFormat, string> = { mp3: 'MP3', flac: 'FLAC', ogg: 'Ogg Vorbis' };

/** MP3 (mpg123), FLAC and Ogg Vorbis through the @wasm-audio-decoders WebAssembly builds; no network. */
export async function decodeCompressed(bytes: Uint8Array, format: CompressedFormat, file: string): Promise<RawAudio> {
  async function* whole(): AsyncGenerator<Uint8Array> {
    yield bytes;
  }
  const channels = format === 'mp3' ? mp3Channels(bytes) : null;
  return decodeCompressedStart(whole(), format, () => Number.POSITIVE_INFINITY, channels, file);
}

/**
 * Decodes the start of a compressed file, read piece by piece from `chunks`, and stops once `frames(sampleRate)`
 * sample frames are out (or the file ends): the first 30 s of a long MP3 cost 30 s of decoding, not the whole
 * file. The samples are those `decodeCompressed` gives for the same span. `channels` is the channel count the
 * file's header states, when known (mpg123 always returns two).
 */
export async function decodeCompressedStart(
  chunks: AsyncIterable<Uint8Array>,
  format: CompressedFormat,
  frames: (sampleRate: number) => number,
  channels: number | null,
  file: string,
): Promise<RawAudio> {
  const parts: Decoded[] = [];
  let total = 0;
  const take = (d: Decoded | null): void => {
    if (!d || d.samplesDecoded === 0) {
      if (d && d.errors.length > 0) parts.push({ ...d, channelData: [] });
      return;
    }
    // A chunk's output may be a view of WebAssembly memory that the next call overwrites: copy it now.
    parts.push({ ...d, channelData: d.channelData.map((c) => c.slice(0, d.samplesDecoded)) });
    total += d.samplesDecoded;
  };
  try {
    await quietly(async () => {
      const decoder = await openDecoder(format);
      try {
        let ended = true;
        for await (const chunk of chunks) {
          take(await decoder.decode(chunk));
          const rate = parts.find((p) => p.sampleRate > 0)?.sampleRate;
          if (rate && total >= frames(rate)) {
            ended = false;
            break;
          }
        }
        if (ended) {
          // The FLAC parser confirms a frame by the bytes after it, so a file whose last frame ends the stream lost
          // that frame (1228 of 132,300 samples in 8 of 324 real clips); zeros after the end confirm it and hold no
          // frame of their own.
          if (format === 'flac') take(await decoder.decode(new Uint8Array(FLAC_TAIL_PADDING)));
          take(await decoder.flush());
        }
      } finally {
        decoder.free();
      }
    });
  } catch (err) {
    throw new AudioDecodeError(file, `${NAMES[format]} decoder failed: ${(err as Error).message}`);
  }
  const first = parts.find((p) => p.channelData.length > 0);
  const width = first?.channelData.length ?? 0;
  const joined: Decoded = {
    channelData: Array.from({ length: width }, (_, c) => {
      const out = new Float32Array(total);
      let at = 0;
      for (const p of parts) {
        if (p.channelData.length === 0) continue;
        out.set(p.channelData[c], at);
        at += p.channelData[c].length;
      }
      return out;
    }),
    bitDepth: first?.bitDepth,
    samplesDecoded: total,
    sampleRate: first?.sampleRate ?? 0,
    errors: parts.flatMap((p) => p.errors),
  };
  return checked(joined, format, channels, file);
}

/** The decoder's output as `RawAudio`, or the reason it is not audio. */
function checked(d: Decoded, format: CompressedFormat, headerChannels: number | null, file: string): RawAudio {
  const first = d.errors[0]?.message;
  if (d.samplesDecoded === 0 || d.channelData.length === 0) {
    throw new AudioDecodeError(
      file,
      `no audio: the ${NAMES[format]} stream decoded to 0 samples${first ? ` (${first})` : ''}`,
    );
  }
  if (d.errors.length > 0) {
    throw new AudioDecodeError(file, `corrupt ${NAMES[format]} data: ${d.errors.length} bad frame(s), first: ${first}`);
  }
  if (!(d.sampleRate > 0)) throw new AudioDecodeError(file, `no sample rate in the ${NAMES[format]} stream`);
  const channels = Math.min(d.channelData.length, headerChannels || d.channelData.length);
  // Decoders may hand back views on their WebAssembly memory; copy to own the samples.
  const channelData = d.channelData.slice(0, channels).map((ch) => Float32Array.from(ch.subarray(0, d.samplesDecoded)));
  // The FLAC decoder divides by 2^(b−1) − 1; librosa (libsndfile) by 2^(b−1).
  if (format === 'flac' && d.bitDepth) for (const ch of channelData) rescalePcm(ch, d.bitDepth);
  for (let c = 0; c < channelData.length; c++) {
    const ch = channelData[c];
    for (let i = 0; i < ch.length; i++) {
      if (!Number.isFinite(ch[i])) throw new AudioDecodeError(file, `sample ${i} of channel ${c} is ${ch[i]}`);
    }
  }
  return { channelData, sampleRate: d.sampleRate };
}
