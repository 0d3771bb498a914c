/** Periodic Hann window (scipy `get_window('hann', n, fftbins=True)`), as librosa uses for the STFT. */
export function hann(n: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
  return w;
}
