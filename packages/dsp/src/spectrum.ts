import { realDft } from './fft';

/** Magnitude spectrum of a whole signal (§08.3): positive half of |FFT| with the frequency of each bin in Hz. */
export interface Spectrum {
  /** |X_k| for k = 0…floor(n/2). */
  magnitude: Float32Array;
  /** k · sr / n, from 0 to (at most) sr/2. */
  frequency: Float32Array;
}

/** `np.abs(np.fft.fft(signal))` restricted to 0…sr/2, for any signal length. */
export function spectrum(signal: Float32Array, sr: number): Spectrum {
  const n = signal.length;
  const dft = realDft(signal);
  const half = dft.length / 2;
  const magnitude = new Float32Array(half);
  const frequency = new Float32Array(half);
  for (let k = 0; k < half; k++) {
    magnitude[k] = Math.hypot(dft[2 * k], dft[2 * k + 1]);
    frequency[k] = (k * sr) / n;
  }
  return { magnitude, frequency };
}
