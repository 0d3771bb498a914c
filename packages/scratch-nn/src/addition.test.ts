import { additionData, additionTask } from './addition';
import { createRng } from './random';

describe('additionTask (§06)', () => {
  it.each([1, 2, 3, 4, 5])('seed %i: mean MSE < 0.001 at epoch 50 and 0.3 + 0.1 ≈ 0.4', (seed) => {
    const { history, answer } = additionTask({ seed });
    expect(history).toHaveLength(50);
    expect(history[49]).toBeLessThan(0.001);
    expect(Math.abs(answer - 0.4)).toBeLessThan(0.02);
  });

  it('is reproducible from the seed', () => {
    expect(additionTask({ seed: 3, epochs: 2 }).history).toEqual(additionTask({ seed: 3, epochs: 2 }).history);
  });

  it('draws pairs of random()/2 with their sum as target', () => {
    const { inputs, targets } = additionData(500, createRng(1));
    expect(inputs.shape).toEqual([500, 2]);
    expect(targets.shape).toEqual([500, 1]);
    expect(Math.max(...inputs.data)).toBeLessThan(0.5);
    expect(targets.data[7]).toBe(inputs.data[14] + inputs.data[15]);
  });
});
