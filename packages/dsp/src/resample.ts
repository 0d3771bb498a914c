import { ConverterType, create } from '@alexanderolsen/libsamplerate-js';
import { decimate, type FirKernel } from './decimate';
import { gcd, impulseTrainLength, measurePolyphase, type PolyphaseKernel, polyphase } from './polyphase';

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

/** A new libsamplerate converter of `quality` (each is a fresh copy of the module: see `sharedConverter`). */
export function createConverter(
  channels: number,
  srIn: number,
  srOut: number,
  quality: ResampleQuality,
): Promise<Converter> {
  return create(channels, srIn, srOut, { converterType: CONVERTERS[quality] });
}

/**
 * Resamples interleaved audio with libsamplerate's sinc converters (its best by default) and returns exactly
 * ⌈n · srOut / srIn⌉ frames, like `librosa.resample`: the filter runs over the signal zero-extended at both ends, so
 * the last samples are filtered like the rest. librosa's default is soxr HQ; the two differ slightly near the lower
 * rate's Nyquist frequency (see the README's parity table). Downsampling mono audio by a whole factor (44 100 →
 * 22 050 Hz) applies libsamplerate's own filter by FFT convolution (`decimate.ts`): same samples within float32
 * rounding, ≈ 20× faster. Other mono conversions between whole rates (8 000 or 16 000 → 22 050 Hz) apply its
 * filters as a polyphase FIR (`polyphase.ts`): the same samples within float32 rounding too.
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
  const factor = srIn / srOut;
  if (channels === 1 && Number.isInteger(factor))
    return decimate(x, factor, await decimationKernel(factor, quality), target);
  const kernel = channels === 1 ? await polyphaseKernel(srIn, srOut, quality) : null;
  if (kernel) return polyphase(x, kernel, target);
  return libsamplerate(x, srIn, srOut, channels, quality, target);
}

/**
 * Input frames of zeros that flush libsamplerate's filter: its half-length is ≈ 143 input samples (`sinc_best`) when
 * upsampling and 143 / ratio when downsampling. Without them `simple` drops the last output of odd-length input, and
 * libsamplerate-js's chunked path (over 4 MB of input) zeroes the last ≈ 143 outputs.
 */
export function flushFrames(srIn: number, srOut: number): number {
  return Math.ceil(160 / Math.min(srOut / srIn, 1)) + 16;
}

async function libsamplerate(
  x: Float32Array,
  srIn: number,
  srOut: number,
  channels: number,
  quality: ResampleQuality,
  target: number,
): Promise<Float32Array> {
  const padded = new Float32Array(x.length + flushFrames(srIn, srOut) * channels);
  padded.set(x);
  const fits = Math.max(padded.length, Math.ceil((padded.length * srOut) / srIn)) <= SIMPLE_LIMIT;
  // A call that does not fit goes through libsamplerate-js's chunked `full` path, which keeps filter state: it gets
  // a converter of its own.
  const src = fits
    ? await sharedConverter(channels, srIn, srOut, quality)
    : await createConverter(channels, srIn, srOut, quality);
  try {
    const y = src.simple(padded);
    const out = new Float32Array(target * channels);
    out.set(y.length > out.length ? y.subarray(0, out.length) : y);
    return out;
  } finally {
    if (!fits) src.destroy();
  }
}

/** Floats libsamplerate-js's transfer buffers hold; a longer input or output is resampled in stateful chunks. */
export const SIMPLE_LIMIT = 1_008_000;

type Converter = Awaited<ReturnType<typeof create>>;
const converters = new Map<string, Promise<Converter>>();

/**
 * One converter per rate pair and quality, reused for every call that fits libsamplerate-js's buffers: `create`
 * instantiates a fresh copy of the whole module (its 8 MB of buffers and filter tables), which cost more than
 * resampling a short clip. Such calls use `src_simple`, which keeps no state between calls.
 */
function sharedConverter(channels: number, srIn: number, srOut: number, quality: ResampleQuality): Promise<Converter> {
  const key = `${channels}/${srIn}/${srOut}/${quality}`;
  let src = converters.get(key);
  if (!src) {
    // Dropped, not destroyed, past a few: a caller may still hold one; the garbage collector frees the module.
    if (converters.size >= 8) converters.clear();
    src = createConverter(channels, srIn, srOut, quality);
    converters.set(key, src);
  }
  return src;
}

const kernels = new Map<string, Promise<FirKernel>>();

/**
 * libsamplerate's filter for downsampling by `factor`: its polyphase filter (`measurePolyphase`) for up = 1, a single
 * phase, so it is the converter's own interpolated coefficients rather than a re-derivation of them.
 */
export function decimationKernel(factor: number, quality: ResampleQuality): Promise<FirKernel> {
  const key = `${quality}/${factor}`;
  let kernel = kernels.get(key);
  if (!kernel) {
    // The filter depends on the ratio only: measured at factor · 22 050 → 22 050 Hz.
    const srIn = factor * 22050;
    kernel = measurePolyphase(1, factor, flushFrames(srIn, 22050), (train) =>
      libsamplerate(train, srIn, 22050, 1, quality, resampledLength(train.length, factor, 1)),
    ).then((p) => {
      // One phase sees every offset of the impulse train, so this is never null for a linear resampler.
      if (!p) throw new Error(`libsamplerate's ${quality} filter for 1/${factor} could not be measured`);
      return { taps: Float64Array.from(p.taps), offset: p.offset };
    });
    kernels.set(key, kernel);
  }
  return kernel;
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

/** Phases above this are not worth a table (rates with a small common divisor): libsamplerate runs itself. */
const MAX_PHASES = 4096;
const polyphaseKernels = new Map<string, Promise<PolyphaseKernel | null>>();

/**
 * libsamplerate's filters for srIn → srOut as a polyphase FIR (`measurePolyphase`), or null where that does not
 * apply: rates that are not whole numbers, too many phases, or a measurement longer than one `simple` call.
 */
export function polyphaseKernel(
  srIn: number,
  srOut: number,
  quality: ResampleQuality,
): Promise<PolyphaseKernel | null> {
  if (!Number.isInteger(srIn) || !Number.isInteger(srOut)) return Promise.resolve(null);
  const g = gcd(srIn, srOut);
  const up = srOut / g;
  const down = srIn / g;
  const halfWidth = flushFrames(srIn, srOut);
  const measured = impulseTrainLength(down, halfWidth);
  if (up > MAX_PHASES || Math.max(measured, resampledLength(measured, srIn, srOut)) + halfWidth > SIMPLE_LIMIT)
    return Promise.resolve(null);
  const key = `${quality}/${srIn}/${srOut}`;
  let kernel = polyphaseKernels.get(key);
  if (!kernel) {
    kernel = measurePolyphase(up, down, halfWidth, (train) =>
      libsamplerate(train, srIn, srOut, 1, quality, resampledLength(train.length, srIn, srOut)),
    );
    polyphaseKernels.set(key, kernel);
  }
  return kernel;
}
