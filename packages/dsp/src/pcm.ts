/**
 * Rescales integer PCM that a decoder divided by 2^(b−1) − 1 to libsndfile/librosa's v / 2^(b−1).
 * node-wav does that for positives only (`negativesToo` false); the FLAC decoder for both signs.
 * Up to 24 bits float32 holds the decoded value precisely enough to recover the integer code, so the result is
 * exact; 32-bit codes are scaled (within float32 rounding). The most negative code read back as positive by a
 * sign bug (node-wav 24-bit: −2²³ → +2²³) is wrapped back.
 */
export function rescalePcm(ch: Float32Array, bits: number, negativesToo: boolean): void {
  const full = 2 ** (bits - 1);
  const pos = full - 1;
  if (bits <= 24) {
    for (let i = 0; i < ch.length; i++) {
      const x = ch[i];
      if (x > 0 || (negativesToo && x < 0)) {
        let q = Math.round(x * pos);
        if (q > pos) q -= 2 * full;
        ch[i] = q / full;
      }
    }
  } else {
    const scale = pos / full;
    for (let i = 0; i < ch.length; i++) if (ch[i] > 0 || negativesToo) ch[i] *= scale;
  }
}
