import { learningRateAt } from './learning-rate-schedule';

describe('learningRateAt', () => {
  it('constant stays at the peak', () => {
    expect(learningRateAt('constant', 1e-3, 57, 100)).toBe(1e-3);
  });

  it('one-cycle warms up from peak/25 to the peak over 30 % of the steps, then anneals to peak/25/1e4', () => {
    expect(learningRateAt('one-cycle', 2e-3, 0, 100)).toBeCloseTo(8e-5, 12);
    expect(learningRateAt('one-cycle', 2e-3, 30, 100)).toBeCloseTo(2e-3, 12);
    expect(learningRateAt('one-cycle', 2e-3, 99, 100)).toBeCloseTo(8e-9, 15);
    const mid = learningRateAt('one-cycle', 2e-3, 15, 100);
    expect(mid).toBeGreaterThan(8e-5);
    expect(mid).toBeLessThan(2e-3);
  });
});
