import { applyStandardization, BandMoments, fitStandardization } from './standardize';

describe('standardization', () => {
  // 3 samples of 2 frames × 2 coefficients; sample 2 is far off and not in the training part.
  const features = new Float32Array([1, 10, 3, 10, 5, 20, 7, 20, 1000, -1000, 1000, -1000]);

  it('fits per-coefficient statistics on the given (training) samples only', () => {
    const stats = fitStandardization(features, [3, 2, 2], Int32Array.from([0, 1]));
    expect(stats.mean).toEqual([4, 15]);
    expect(stats.std[0]).toBeCloseTo(Math.sqrt(5), 6);
    expect(stats.std[1]).toBeCloseTo(5, 6);
    const out = applyStandardization(features, stats);
    expect(out[0]).toBeCloseTo((1 - 4) / Math.sqrt(5), 6);
    expect(out[1]).toBeCloseTo(-1, 6);
  });

  it('keeps a constant coefficient finite (std 1)', () => {
    const stats = fitStandardization(new Float32Array([2, 2, 2, 2]), [2, 1, 2], Int32Array.from([0, 1]));
    expect(stats.std).toEqual([1, 1]);
    expect(Array.from(applyStandardization(new Float32Array([2, 3]), stats))).toEqual([0, 1]);
  });
});

describe('BandMoments', () => {
  it('gives the statistics of all rows whatever blocks they come in, to float rounding', () => {
    // 40 rows of 3 frames × 2 bands around a large offset (where sum-of-squares cancels).
    const features = Float32Array.from({ length: 40 * 6 }, (_, i) => 1e4 + Math.sin(i * 1.7) * 3 + (i % 2));
    const all = Int32Array.from({ length: 40 }, (_, i) => i);
    const whole = fitStandardization(features, [40, 3, 2], all);
    const moments = new BandMoments(3, 2);
    for (const [a, b] of [
      [0, 7],
      [7, 8],
      [8, 31],
      [31, 40],
    ])
      moments.add(features, all.subarray(a, b));
    const blocks = moments.result();
    expect(moments.count).toBe(120);
    blocks.mean.forEach((m, c) => {
      expect(m).toBeCloseTo(whole.mean[c], 9);
      expect(blocks.std[c]).toBeCloseTo(whole.std[c], 9);
    });
    // Against the textbook two-pass figures for band 1.
    const band1 = Array.from({ length: 120 }, (_, i) => features[i * 2 + 1]);
    const mean1 = band1.reduce((s, v) => s + v, 0) / 120;
    const std1 = Math.sqrt(band1.reduce((s, v) => s + (v - mean1) ** 2, 0) / 120);
    expect(blocks.mean[1]).toBeCloseTo(mean1, 9);
    expect(blocks.std[1]).toBeCloseTo(std1, 9);
  });
});
