import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { decodeAu } from './au';
import type { DecodedAudio, RawAudio } from './audio';
import { type CompressedFormat, decodeCompressed } from './compressed';
import { AudioDecodeError } from './errors';
import { resample, toMono } from './resample';
import { decodeWav } from './wav';

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

async function decodeRaw(bytes: Uint8Array, name: string): Promise<RawAudio> {
  const format = sniffFormat(bytes);
  if (format === null) {
    if (bytes.length === 0) throw new AudioDecodeError(name, 'empty file (0 bytes)');
    throw new AudioDecodeError(name, 'unrecognised audio format (not WAV, AU, MP3, FLAC or Ogg Vorbis)');
  }
  if (format === 'wav') return decodeWav(bytes, name);
  if (format === 'au') return decodeAu(bytes, name);
  return decodeCompressed(bytes, format, name);
}

/**
 * `librosa.load` on bytes: decode, cut [offset, offset + duration), downmix to the mean of the channels,
 * resample to `sr` (default 22050; null = native). Without `mono`, the signal is channel-major
 * (channel 0's samples, then channel 1's), like librosa's [channels, n].
 */
export async function decodeAudio(bytes: Uint8Array, name: string, opts: DecodeOptions = {}): Promise<DecodedAudio> {
  const o = decodeOptionsSchema.parse(opts);
  const raw = await decodeRaw(bytes, name);
  const channels = raw.channelData.length;
  const total = raw.channelData[0].length;
  const start = Math.min(total, Math.floor(o.offset * raw.sampleRate));
  const end = o.duration === null ? total : Math.min(total, start + Math.floor(o.duration * raw.sampleRate));
  if (end <= start) {
    throw new AudioDecodeError(
      name,
      `no audio after offset ${o.offset} s (the file lasts ${total / raw.sampleRate} s)`,
    );
  }
  const cut = start === 0 && end === total ? raw.channelData : raw.channelData.map((c) => c.subarray(start, end));
  const sr = o.sr ?? raw.sampleRate;
  let signal: Float32Array;
  if (o.mono || channels === 1) {
    signal = await resample(toMono(cut), raw.sampleRate, sr, 1, o.resType);
  } else {
    const parts = await Promise.all(cut.map((c) => resample(c, raw.sampleRate, sr, 1, o.resType)));
    signal = new Float32Array(parts[0].length * channels);
    parts.forEach((p, c) => {
      signal.set(p, c * p.length);
    });
  }
  const frames = o.mono || channels === 1 ? signal.length : signal.length / channels;
  return { signal, sr, originalSr: raw.sampleRate, channels, duration: frames / sr };
}

/** `librosa.load(path, sr=22050, mono=True, offset, duration)`; unreadable files become `AudioDecodeError`. */
export async function loadAudio(path: string, opts: DecodeOptions = {}): Promise<DecodedAudio> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory, not an audio file'
          : (err as Error).message;
    throw new AudioDecodeError(path, reason);
  }
  return decodeAudio(bytes, path, opts);
}
