import { z } from 'zod';
import { decodeAuFrames, readAuHeader } from './au';
import type { DecodedAudio, RawAudio } from './audio';
import { type CompressedFormat, decodeCompressed } from './compressed';
import { AudioDecodeError } from './errors';
import { resample, toMono } from './resample';
import { decodeWavFrames, readWavHeader } from './wav';

export type AudioFormat = 'wav' | 'au' | CompressedFormat;

/** Identifies the container from its first bytes (never from the name alone). */
export function sniffFormat(b: Uint8Array): AudioFormat | null {
  const s = (at: number, len: number) => String.fromCharCode(...b.subarray(at, at + len));
  if (b.length >= 12 && (s(0, 4) === 'RIFF' || s(0, 4) === 'RIFX' || s(0, 4) === 'RF64') && s(8, 4) === 'WAVE')
    return 'wav';
  if (b.length >= 4 && s(0, 4) === '.snd') return 'au';
  if (b.length >= 4 && s(0, 4) === 'fLaC') return 'flac';
  if (b.length >= 4 && s(0, 4) === 'OggS') return 'ogg';
  if (b.length >= 3 && s(0, 3) === 'ID3') return 'mp3';
  // bare MPEG audio frame sync: 11 set bits, layer bits not 00
  if (b.length >= 2 && b[0] === 0xff && (b[1] & 0xe0) === 0xe0 && (b[1] & 0x06) !== 0) return 'mp3';
  return null;
}

export const decodeOptionsSchema = z.object({
  /** Target rate; null keeps the file's rate. */
  sr: z.number().positive().nullable().default(22050),
  mono: z.boolean().default(true),
  /** Seconds to skip at the start (at the file's rate, before resampling, as librosa does). */
  offset: z.number().min(0).default(0),
  /** Seconds to keep; null keeps the rest. */
  duration: z.number().positive().nullable().default(null),
  /** libsamplerate converter when the rates differ: 'sinc_best' (default) is slow on long 44.1 kHz files. */
  resType: z.enum(['sinc_best', 'sinc_medium', 'sinc_fastest']).default('sinc_best'),
});
export type DecodeOptions = z.input<typeof decodeOptionsSchema>;

/** The frames [start, end) that `offset` and `duration` select in a file of `total` frames at `sampleRate`. */
export function spanOf(
  total: number,
  sampleRate: number,
  o: Pick<z.output<typeof decodeOptionsSchema>, 'offset' | 'duration'>,
  name: string,
): { start: number; end: number } {
  const start = Math.min(total, Math.floor(o.offset * sampleRate));
  const end = o.duration === null ? total : Math.min(total, start + Math.floor(o.duration * sampleRate));
  if (end <= start) {
    throw new AudioDecodeError(name, `no audio after offset ${o.offset} s (the file lasts ${total / sampleRate} s)`);
  }
  return { start, end };
}

/** Frames `frames(sampleRate)` of a stream whose length is not known before decoding: where decoding may stop. */
export function framesNeeded(o: z.output<typeof decodeOptionsSchema>): (sampleRate: number) => number {
  return (sampleRate) =>
    o.duration === null
      ? Number.POSITIVE_INFINITY
      : Math.floor(o.offset * sampleRate) + Math.floor(o.duration * sampleRate);
}

/**
 * The rest of `librosa.load` once the span is decoded (`raw` holds exactly it): downmix to the mean of the channels
 * and resample to `o.sr`, or keep the channels (channel-major). `decodeAudio` and `loadAudio` share it.
 */
export async function finishLoad(raw: RawAudio, o: z.output<typeof decodeOptionsSchema>): Promise<DecodedAudio> {
  const channels = raw.channelData.length;
  const sr = o.sr ?? raw.sampleRate;
  let signal: Float32Array;
  if (o.mono || channels === 1) {
    signal = await resample(toMono(raw.channelData), raw.sampleRate, sr, 1, o.resType);
  } else {
    const parts = await Promise.all(raw.channelData.map((c) => resample(c, raw.sampleRate, sr, 1, o.resType)));
    signal = new Float32Array(parts[0].length * channels);
    parts.forEach((p, c) => {
      signal.set(p, c * p.length);
    });
  }
  const frames = o.mono || channels === 1 ? signal.length : signal.length / channels;
  return { signal, sr, originalSr: raw.sampleRate, channels, duration: frames / sr };
}

/** `raw` cut to the span `o` selects (no copy: views). */
export function cutSpan(raw: RawAudio, o: z.output<typeof decodeOptionsSchema>, name: string): RawAudio {
  const total = raw.channelData[0].length;
  const { start, end } = spanOf(total, raw.sampleRate, o, name);
  if (start === 0 && end === total) return raw;
  return { channelData: raw.channelData.map((c) => c.subarray(start, end)), sampleRate: raw.sampleRate };
}

/** The unrecognised-format errors, worded by what the first bytes show. */
export function unknownFormat(name: string, size: number): AudioDecodeError {
  if (size === 0) return new AudioDecodeError(name, 'empty file (0 bytes)');
  return new AudioDecodeError(name, 'unrecognised audio format (not WAV, AU, MP3, FLAC or Ogg Vorbis)');
}

/**
 * `librosa.load` on bytes: decode, cut [offset, offset + duration), downmix to the mean of the channels,
 * resample to `sr` (default 22050; null = native). Without `mono`, the signal is channel-major
 * (channel 0's samples, then channel 1's), like librosa's [channels, n]. WAV and AU decode only the span.
 */
export async function decodeAudio(bytes: Uint8Array, name: string, opts: DecodeOptions = {}): Promise<DecodedAudio> {
  const o = decodeOptionsSchema.parse(opts);
  const format = sniffFormat(bytes);
  if (format === null) throw unknownFormat(name, bytes.length);
  if (format === 'wav') {
    const h = readWavHeader(bytes, name);
    const { start, end } = spanOf(h.frames, h.sampleRate, o, name);
    const at = h.dataOffset + start * h.blockAlign;
    return finishLoad(decodeWavFrames(h, bytes.subarray(at, at + (end - start) * h.blockAlign), end - start, name), o);
  }
  if (format === 'au') {
    const h = readAuHeader(bytes, bytes.length, name);
    const { start, end } = spanOf(h.frames, h.sampleRate, o, name);
    const at = h.dataOffset + start * h.frameBytes;
    return finishLoad(decodeAuFrames(h, bytes.subarray(at, at + (end - start) * h.frameBytes), end - start, name), o);
  }
  return finishLoad(cutSpan(await decodeCompressed(bytes, format, name), o, name), o);
}
