import { gaussian, mulberry32, type Rng } from './random';

function finite(name: string, x: number): void {
  if (!Number.isFinite(x)) throw new RangeError(`${name} must be a finite number, got ${x}`);
}

/**
 * y plus white Gaussian noise at exactly `snrDb` dB below the signal's mean power (the drawn noise is rescaled to
 * that power, so the SNR holds for short clips too). `seed` is a number (mulberry32) or a uniform generator the
 * caller owns; the same seed gives the same output. A silent signal is returned as a copy: its SNR is undefined.
 */
export function addNoise(y: Float32Array, snrDb: number, seed: number | Rng): Float32Array {
  finite('addNoise: snrDb', snrDb);
  const out = Float32Array.from(y);
  let signal = 0;
  for (let i = 0; i < y.length; i++) signal += y[i] * y[i];
  if (signal === 0) return out;
  const draw = gaussian(typeof seed === 'number' ? mulberry32(seed) : seed);
  const noise = new Float64Array(y.length);
  let power = 0;
  for (let i = 0; i < y.length; i++) {
    noise[i] = draw();
    power += noise[i] * noise[i];
  }
  const scale = Math.sqrt(signal / 10 ** (snrDb / 10) / power);
  for (let i = 0; i < y.length; i++) out[i] = y[i] + scale * noise[i];
  return out;
}

/** y · 10^(gainDb / 20), as a new array; no clipping (features are computed on float signals). */
export function applyGain(y: Float32Array, gainDb: number): Float32Array {
  finite('applyGain: gainDb', gainDb);
  const g = 10 ** (gainDb / 20);
  const out = new Float32Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = y[i] * g;
  return out;
}
