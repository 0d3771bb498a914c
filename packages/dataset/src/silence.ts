/** Below this peak (about −100 dBFS) a clip is silence: with clip-length segments it is dropped and named. */
export const SILENT_PEAK = 1e-5;

/** Whether `signal` (samples in [−1, 1]) never reaches `SILENT_PEAK`. */
export function isSilent(signal: Float32Array): boolean {
  for (let i = 0; i < signal.length; i++) if (Math.abs(signal[i]) >= SILENT_PEAK) return false;
  return true;
}
