import { sigmoid } from './activation';
import { Mlp } from './mlp';
import { createRng } from './random';

const bytes = (mlp: Mlp): Buffer => Buffer.concat(mlp.weights.map((w) => Buffer.from(w.data.buffer)));

/** The loss whose negative gradient `backPropagate` leaves in `derivatives`: E = ½ Σ_k (y_k − a_k)². */
function halfSquaredError(mlp: Mlp, x: number[], y: number[]): number {
  const a = mlp.forward(x);
  return 0.5 * y.reduce((s, yk, k) => s + (yk - a[k]) ** 2, 0);
}

describe('Mlp', () => {
  it('lays out weights, derivatives and activations for every layer', () => {
    const mlp = new Mlp(3, [4, 3], 2);
    expect(mlp.layers).toEqual([3, 4, 3, 2]);
    expect(mlp.weights.map((w) => w.shape)).toEqual([
      [3, 4],
      [4, 3],
      [3, 2],
    ]);
    expect(mlp.derivatives.map((d) => d.shape)).toEqual(mlp.weights.map((w) => w.shape));
    expect(mlp.activations.map((a) => a.length)).toEqual([3, 4, 3, 2]);
    expect(() => new Mlp(2, [0], 1)).toThrow(/hidden layer 0 size must be a positive integer, got 0/);
  });

  it('draws byte-identical weights from the same seed', () => {
    expect(bytes(new Mlp(3, [4, 3], 2, { seed: 9 }))).toEqual(bytes(new Mlp(3, [4, 3], 2, { seed: 9 })));
    expect(bytes(new Mlp(3, [4, 3], 2, { seed: 9 }))).not.toEqual(bytes(new Mlp(3, [4, 3], 2, { seed: 10 })));
  });

  it('draws N(0, 1) weights by default and uniform [0, 1) ones with init "rand"', () => {
    const normal = new Mlp(20, [20], 20, { seed: 3 }).weights.flatMap((w) => Array.from(w.data));
    const uniform = new Mlp(20, [20], 20, { seed: 3, init: 'rand' }).weights.flatMap((w) => Array.from(w.data));
    expect(normal.some((w) => w < 0)).toBe(true);
    expect(Math.min(...uniform)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...uniform)).toBeLessThan(1);
  });

  it('runs the forward pass a_{i+1} = σ(a_i · W_i) and keeps every activation', () => {
    const mlp = new Mlp(2, [2], 1);
    mlp.weights[0].data.set([0.1, 0.2, 0.3, 0.4]); // rows: input 0 → [0.1, 0.2], input 1 → [0.3, 0.4]
    mlp.weights[1].data.set([0.5, -0.5]);
    const out = mlp.forward([1, 2]);
    const h1 = [sigmoid(1 * 0.1 + 2 * 0.3), sigmoid(1 * 0.2 + 2 * 0.4)];
    expect(Array.from(mlp.activations[0])).toEqual([1, 2]);
    expect(mlp.activations[1][0]).toBeCloseTo(h1[0], 15);
    expect(mlp.activations[1][1]).toBeCloseTo(h1[1], 15);
    expect(out[0]).toBeCloseTo(sigmoid(0.5 * h1[0] - 0.5 * h1[1]), 15);
    expect(mlp.predict([1, 2])).toEqual([out[0]]);
    expect(() => mlp.forward([1])).toThrow(/needs 2 inputs from offset 0, input has 1/);
  });

  it('leaves Deriv = −∂E/∂W (E = ½ Σ (y − a)²) for every weight of a 3-4-3-2 network', () => {
    const rng = createRng(2024);
    const mlp = new Mlp(3, [4, 3], 2, { seed: 5 });
    let worst = 0;
    for (let trial = 0; trial < 3; trial++) {
      const x = [rng.random(), rng.random(), rng.random()];
      const y = [rng.random(), rng.random()];
      const a = mlp.forward(x);
      mlp.backPropagate([y[0] - a[0], y[1] - a[1]]);
      const derivs = mlp.derivatives.map((d) => Float64Array.from(d.data));
      mlp.weights.forEach((w, layer) => {
        for (let j = 0; j < w.data.length; j++) {
          const keep = w.data[j];
          const h = 1e-5;
          w.data[j] = keep + h;
          const up = halfSquaredError(mlp, x, y);
          w.data[j] = keep - h;
          const down = halfSquaredError(mlp, x, y);
          w.data[j] = keep;
          const numeric = -(up - down) / (2 * h);
          const analytic = derivs[layer][j];
          const rel = Math.abs(analytic - numeric) / Math.max(Math.abs(analytic), Math.abs(numeric));
          worst = Math.max(worst, rel);
        }
      });
    }
    expect(worst).toBeLessThan(1e-6);
  });

  it('steps W += η · Deriv, which lowers the loss', () => {
    const mlp = new Mlp(3, [4, 3], 2, { seed: 8 });
    const x = [0.2, 0.4, 0.6];
    const y = [0.9, 0.1];
    const before = halfSquaredError(mlp, x, y);
    const a = mlp.forward(x);
    mlp.backPropagate([y[0] - a[0], y[1] - a[1]]);
    const w0 = Float64Array.from(mlp.weights[0].data);
    mlp.gradientDescent(0.5);
    expect(mlp.weights[0].data[0]).toBeCloseTo(w0[0] + 0.5 * mlp.derivatives[0].data[0], 15);
    expect(halfSquaredError(mlp, x, y)).toBeLessThan(before);
  });

  it('rejects an error vector of the wrong length', () => {
    expect(() => new Mlp(2, [3], 2).backPropagate([1])).toThrow(/error has length 1, expected 2/);
  });
});
