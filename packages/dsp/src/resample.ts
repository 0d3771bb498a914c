import { ConverterType, create } from '@alexanderolsen/libsamplerate-js';

/** Output length librosa guarantees: ⌈n · srOut / srIn⌉. */
export function resampledLength(n: number, srIn: number, srOut: number): number {
  return Math.ceil((n * srOut) / srIn);
}

/** libsamplerate's sinc converters: best (default, ≈ 97 dB), medium and fastest trade quality for speed. */
export type ResampleQuality = 'sinc_best' | 'sinc_medium' | 'sinc_fastest';

const CONVERTERS = {
  sinc_best: ConverterType.SRC_SINC_BEST_QUALITY,
  sinc_medium: ConverterType.SRC_SINC_MEDIUM_QUALITY,
  sinc_fastest: ConverterType.SRC_SINC_FASTEST,
} as const;

/**
 * Resamples interleaved audio with libsamplerate (WebAssembly build; its best sinc converter by default) and
 * trims or zero-pads to exactly ⌈n · srOut / srIn⌉ frames, like `librosa.resample`. librosa's default is soxr HQ;
 * the two differ slightly near the edges (see the README's parity table).
 */
export async function resample(
  x: Float32Array,
  srIn: number,
  srOut: number,
  channels = 1,
  quality: ResampleQuality = 'sinc_best',
): Promise<Float32Array> {
  if (!(srIn > 0) || !(srOut > 0)) throw new RangeError(`sample rates must be > 0, got ${srIn} → ${srOut}`);
  if (srIn === srOut) return x;
  const frames = x.length / channels;
  const target = resampledLength(frames, srIn, srOut);
  const src = await create(channels, srIn, srOut, { converterType: CONVERTERS[quality] });
  try {
    const y = src.simple(x);
    if (y.length === target * channels) return y;
    const out = new Float32Array(target * channels);
    out.set(y.length > out.length ? y.subarray(0, out.length) : y);
    return out;
  } finally {
    src.destroy();
  }
}

/** Mean of the channels of planar audio (librosa `to_mono`). */
export function toMono(channelData: Float32Array[]): Float32Array {
  if (channelData.length === 1) return channelData[0];
  const n = channelData[0].length;
  const out = new Float32Array(n);
  const k = channelData.length;
  for (const ch of channelData) for (let i = 0; i < n; i++) out[i] += ch[i];
  for (let i = 0; i < n; i++) out[i] /= k;
  return out;
}
