// Decoding piece by piece: a file's samples come out in chunks of a few thousand frames, so memory does not grow with
// its length. WAV and AU are read frame block by frame block; MP3, FLAC and Ogg Vorbis are fed to their (stateful)
// decoders a few hundred kilobytes at a time.
import { type AuFormat, decodeAuFrames, readAuHeader } from '../au';
import type { RawAudio } from '../audio';
import {
  type CompressedFormat,
  type Decoded,
  FLAC_TAIL_PADDING,
  NAMES,
  openDecoder,
  quietly,
  type StreamDecoder,
} from '../compressed';
import { sniffFormat, spanOf, unknownFormat } from '../decode';
import { AudioDecodeError } from '../errors';
import { id3v2End, mp3Channels } from '../mp3-info';
import { rescalePcm } from '../pcm';
import { decodeWavFrames, walkWavHeader } from '../wav';
import type { ByteSource } from './byte-source';

/** The part of a file to decode, in seconds at the file's rate (`librosa.load`'s `offset` and `duration`). */
export interface StreamSpan {
  offset: number;
  duration: number | null;
}

export interface RawStreamOptions {
  span?: StreamSpan;
  /** Sample frames per chunk from WAV and AU (compressed formats give what their decoder gives). */
  chunkFrames?: number;
  /** Called after each chunk with the fraction of the file's bytes consumed so far. */
  onProgress?: (fraction: number) => void;
}

const HEAD_BYTES = 64 * 1024;
const CHUNK_BYTES = 256 * 1024;
const CHUNK_FRAMES = 65_536;

/**
 * The samples of `source` (planar, at the file's rate) in chunks, limited to `span`; the concatenated chunks are the
 * samples `loadAudio` gives for the same span without resampling. Unreadable data throws `AudioDecodeError` (a
 * chunk already yielded stays yielded: a consumer that must not answer on corrupt data waits for the end).
 */
export async function* rawAudioChunks(
  source: ByteSource,
  name: string,
  opts: RawStreamOptions = {},
): AsyncGenerator<RawAudio> {
  const span = opts.span ?? { offset: 0, duration: null };
  const head = source.read(0, Math.min(source.size, HEAD_BYTES));
  const format = sniffFormat(head);
  if (format === null) throw unknownFormat(name, source.size);
  if (format === 'wav' || format === 'au') {
    const wav = format === 'wav' ? walkWavHeader((at, length) => source.read(at, length), source.size, name) : null;
    const au = wav ? null : readAuHeader(head, source.size, name);
    const h = wav ? { ...wav, frameBytes: wav.blockAlign } : (au as AuFormat);
    const { start, end } = spanOf(h.frames, h.sampleRate, span, name);
    const step = opts.chunkFrames ?? CHUNK_FRAMES;
    for (let at = start; at < end; at += step) {
      const frames = Math.min(step, end - at);
      const bytes = source.read(h.dataOffset + at * h.frameBytes, frames * h.frameBytes);
      yield wav ? decodeWavFrames(wav, bytes, frames, name) : decodeAuFrames(au as AuFormat, bytes, frames, name);
      opts.onProgress?.((h.dataOffset + (at + frames) * h.frameBytes) / source.size);
    }
    return;
  }
  yield* compressedChunks(source, head, format, name, span, opts.onProgress);
}

async function* compressedChunks(
  source: ByteSource,
  head: Uint8Array,
  format: CompressedFormat,
  name: string,
  span: StreamSpan,
  onProgress?: (fraction: number) => void,
): AsyncGenerator<RawAudio> {
  let headerChannels: number | null = null;
  if (format === 'mp3') {
    headerChannels = mp3Channels(head);
    // An ID3 tag longer than the head (cover art): the first frame is where the tag ends.
    const tagEnd = id3v2End(head);
    if (headerChannels === null && tagEnd >= head.length - 4) headerChannels = mp3Channels(source.read(tagEnd, 4096));
  }
  let decoder: StreamDecoder;
  try {
    decoder = await quietly(() => openDecoder(format));
  } catch (err) {
    throw new AudioDecodeError(name, `${NAMES[format]} decoder failed: ${(err as Error).message}`);
  }
  const state = { position: 0, start: -1, end: Number.POSITIVE_INFINITY, rate: 0, width: 0 };
  /** The decoder's output as checked, owned samples inside the span (null when none is). */
  const take = (d: Decoded | null): RawAudio | null => {
    if (!d) return null;
    if (d.errors.length > 0) {
      throw new AudioDecodeError(name, `corrupt ${NAMES[format]} data: ${d.errors[0].message}`);
    }
    if (d.samplesDecoded === 0 || d.channelData.length === 0) return null;
    if (state.rate === 0) {
      if (!(d.sampleRate > 0)) throw new AudioDecodeError(name, `no sample rate in the ${NAMES[format]} stream`);
      state.rate = d.sampleRate;
      state.width = Math.min(d.channelData.length, headerChannels || d.channelData.length);
      state.start = Math.floor(span.offset * state.rate);
      if (span.duration !== null) state.end = state.start + Math.floor(span.duration * state.rate);
    }
    const from = state.position;
    state.position += d.samplesDecoded;
    const lo = Math.max(from, state.start) - from;
    const hi = Math.min(state.position, state.end) - from;
    if (hi <= lo) return null;
    // Decoders hand back views on their WebAssembly memory that the next call overwrites: copy now.
    const channelData = d.channelData.slice(0, state.width).map((c) => c.slice(lo, hi));
    // The FLAC decoder divides by 2^(b−1) − 1; librosa (libsndfile) by 2^(b−1).
    if (format === 'flac' && d.bitDepth) for (const ch of channelData) rescalePcm(ch, d.bitDepth);
    for (let c = 0; c < channelData.length; c++) {
      const ch = channelData[c];
      for (let i = 0; i < ch.length; i++) {
        if (!Number.isFinite(ch[i]))
          throw new AudioDecodeError(name, `sample ${from + lo + i} of channel ${c} is ${ch[i]}`);
      }
    }
    return { channelData, sampleRate: state.rate };
  };
  const decode = async (chunk: Uint8Array): Promise<Decoded> => {
    try {
      return await quietly(() => decoder.decode(chunk));
    } catch (err) {
      throw new AudioDecodeError(name, `${NAMES[format]} decoder failed: ${(err as Error).message}`);
    }
  };
  try {
    let ended = true;
    for (let at = 0; at < source.size; at += CHUNK_BYTES) {
      const out = take(await decode(source.read(at, Math.min(CHUNK_BYTES, source.size - at))));
      if (out) yield out;
      onProgress?.(Math.min(1, (at + CHUNK_BYTES) / source.size));
      if (state.position >= state.end) {
        ended = false;
        break;
      }
    }
    if (ended) {
      // See decodeCompressedStart: zeros after a FLAC file's end confirm its last frame.
      if (format === 'flac') {
        const out = take(await decode(new Uint8Array(FLAC_TAIL_PADDING)));
        if (out) yield out;
      }
      const out = take(await quietly(() => decoder.flush()));
      if (out) yield out;
    }
  } finally {
    decoder.free();
  }
  if (state.position === 0)
    throw new AudioDecodeError(name, `no audio: the ${NAMES[format]} stream decoded to 0 samples`);
  if (state.position <= state.start) {
    throw new AudioDecodeError(
      name,
      `no audio after offset ${span.offset} s (the file lasts ${state.position / state.rate} s)`,
    );
  }
}
