import type { RawAudio } from './audio';
import { AudioDecodeError } from './errors';
import { mp3Channels } from './mp3-info';
import { rescalePcm } from './pcm';

export type CompressedFormat = 'mp3' | 'flac' | 'ogg';

interface Decoded {
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
async function quietly<T>(f: () => Promise<T>): Promise<T> {
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

// The decoders are ESM-only packages, loaded with import() so this CommonJS package can use them.
async function run(format: CompressedFormat, bytes: Uint8Array): Promise<Decoded> {
  if (format === 'mp3') {
    const { MPEGDecoder } = await import('mpg123-decoder');
    const d = new MPEGDecoder();
    await d.ready;
    try {
      return d.decode(bytes);
    } finally {
      d.free();
    }
  }
  if (format === 'flac') {
    const { FLACDecoder } = await import('@wasm-audio-decoders/flac');
    const d = new FLACDecoder();
    await d.ready;
    try {
      return await d.decodeFile(bytes);
    } finally {
      d.free();
    }
  }
  const { OggVorbisDecoder } = await import('@wasm-audio-decoders/ogg-vorbis');
  const d = new OggVorbisDecoder();
  await d.ready;
  try {
    return await d.decodeFile(bytes);
  } finally {
    d.free();
  }
}

const NAMES: Record<CompressedFormat, string> = { mp3: 'MP3', flac: 'FLAC', ogg: 'Ogg Vorbis' };

/** MP3 (mpg123), FLAC and Ogg Vorbis through the @wasm-audio-decoders WebAssembly builds; no network. */
export async function decodeCompressed(bytes: Uint8Array, format: CompressedFormat, file: string): Promise<RawAudio> {
  let d: Decoded;
  try {
    d = await quietly(() => run(format, bytes));
  } catch (err) {
    throw new AudioDecodeError(file, `${NAMES[format]} decoder failed: ${(err as Error).message}`);
  }
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
  const channels = Math.min(d.channelData.length, (format === 'mp3' && mp3Channels(bytes)) || d.channelData.length);
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
