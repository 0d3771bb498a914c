import { createRng } from './random';

const draw = (seed: number, n: number, kind: 'random' | 'randn'): Float64Array => {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, () => rng[kind]());
};

describe('createRng', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    expect(Buffer.from(draw(42, 100, 'random').buffer)).toEqual(Buffer.from(draw(42, 100, 'random').buffer));
    expect(draw(42, 10, 'random')).not.toEqual(draw(43, 10, 'random'));
  });

  it('draws uniforms in [0, 1) with mean 1/2 and variance 1/12', () => {
    const xs = draw(7, 100_000, 'random');
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(mean).toBeCloseTo(0.5, 2);
    expect(variance).toBeCloseTo(1 / 12, 3);
  });

  it('draws normals with mean 0 and variance 1', () => {
    const xs = draw(7, 100_000, 'randn');
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(variance - 1)).toBeLessThan(0.02);
  });

  it('rejects a seed that is not an integer', () => {
    expect(() => createRng(1.5)).toThrow(/seed must be an integer, got 1.5/);
  });
});
