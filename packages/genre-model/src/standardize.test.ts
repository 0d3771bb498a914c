import { applyStandardization, fitStandardization } from './standardize';

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
