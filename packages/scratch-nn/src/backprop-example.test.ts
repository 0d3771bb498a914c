import { backpropExample } from './backprop-example';

const sig3 = (x: number): number => Number(x.toPrecision(3));

describe('backpropExample (§02.1, 2-2-1)', () => {
  const steps = Object.fromEntries(backpropExample().map((s) => [s.name, s]));
  const exact = (name: string): number[][] => steps[name].exact;

  it('reproduces the output layer to 3 significant digits', () => {
    expect(exact('error2').map((r) => r.map(sig3))).toEqual([[0.32]]);
    expect(exact('δ2').map((r) => r.map(sig3))).toEqual([[0.0696]]);
    expect(exact('Deriv1').map((r) => r.map(sig3))).toEqual([[0.0418], [0.0487]]);
  });

  it('reproduces the hidden layer to 3 significant digits', () => {
    expect(exact('error1').map((r) => r.map(sig3))).toEqual([[0.0348, 0.0348]]);
    // 0.00835584 rounds to 0.00836 (the 0.00835 truncates it).
    expect(exact('δ1').map((r) => r.map(sig3))).toEqual([[0.00836, 0.00731]]);
    expect(exact('Deriv0').map((r) => r.map(sig3))).toEqual([
      [0.00836, 0.00731],
      [0.0167, 0.0146],
    ]);
  });

  it('matches the hand calculation exactly', () => {
    expect(exact('δ2')[0][0]).toBeCloseTo(0.32 * 0.68 * 0.32, 15);
    expect(exact('δ1')[0][0]).toBeCloseTo(0.069632 * 0.5 * 0.24, 15);
    expect(exact('Deriv0')[1][1]).toBeCloseTo(2 * 0.069632 * 0.5 * 0.21, 15);
  });

  it("stays within the course's own rounding of every step", () => {
    for (const step of Object.values(steps)) {
      step.seed.forEach((row, r) => {
        row.forEach((v, c) => {
          expect(Math.abs(step.exact[r][c] - v) / v).toBeLessThan(0.03);
        });
      });
    }
  });
});
