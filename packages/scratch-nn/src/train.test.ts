import { Mlp } from './mlp';
import { train } from './train';

describe('train', () => {
  const inputs = [
    [0.1, 0.2],
    [0.3, 0.1],
    [0.2, 0.2],
  ];
  const targets = [[0.3], [0.4], [0.4]];

  it('averages each epoch over the samples, measured before each update', () => {
    const mlp = new Mlp(2, [3], 1, { seed: 4 });
    const copy = new Mlp(2, [3], 1, { seed: 4 });
    const history = train(mlp, inputs, targets, 1, 0.1);
    // Replays the epoch by hand to check the bookkeeping.
    let sum = 0;
    inputs.forEach((x, s) => {
      const a = copy.forward(x)[0];
      sum += (targets[s][0] - a) ** 2;
      copy.backPropagate([targets[s][0] - a]);
      copy.gradientDescent(0.1);
    });
    expect(history).toHaveLength(1);
    expect(history[0]).toBeCloseTo(sum / 3, 15);
    expect(Array.from(mlp.weights[1].data)).toEqual(Array.from(copy.weights[1].data));
  });

  it('reports each epoch to the callback and lowers the error', () => {
    const seen: [number, number][] = [];
    const history = train(new Mlp(2, [3], 1, { seed: 4 }), inputs, targets, 20, 0.5, (e, m) => seen.push([e, m]));
    expect(seen.map(([e]) => e)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(seen.map(([, m]) => m)).toEqual(history);
    expect(history[19]).toBeLessThan(history[0]);
  });

  it('rejects bad arguments with a clear message', () => {
    const mlp = new Mlp(2, [3], 1);
    expect(() => train(mlp, inputs, targets, -1, 0.1)).toThrow(/epochs must be an integer ≥ 0, got -1/);
    expect(() => train(mlp, inputs, targets, 1, Number.NaN)).toThrow(/learningRate must be a finite number/);
    expect(() => train(mlp, inputs, [[1], [2]], 1, 0.1)).toThrow(/3 inputs but 2 targets/);
    expect(() => train(mlp, [[1, 2, 3]], [[1]], 1, 0.1)).toThrow(/inputs have 3 columns, the network takes 2/);
  });
});
