/**
 * Rescales integer PCM that a decoder divided by 2^(b−1) − 1 (the FLAC decoder does, for both signs) to
 * libsndfile/librosa's v / 2^(b−1). Up to 24 bits float32 holds the decoded value precisely enough to recover the
 * integer code, so the result is exact; 32-bit codes are scaled (within float32 rounding).
 */
export function rescalePcm(ch: Float32Array, bits: number): void {
  const full = 2 ** (bits - 1);
  const pos = full - 1;
  if (bits <= 24) {
    for (let i = 0; i < ch.length; i++) ch[i] = Math.round(ch[i] * pos) / full;
  } else {
    const scale = pos / full;
    for (let i = 0; i < ch.length; i++) ch[i] *= scale;
  }
}
