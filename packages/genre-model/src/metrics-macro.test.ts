import { computeMetrics, formatMetrics } from './metrics';

describe('computeMetrics on unbalanced classes', () => {
  it('gives macro-F1 and balanced accuracy as sklearn does, per segment and per track', () => {
    // 6 segments: 4 of "dog" (all predicted dog), 2 of "cat" (one predicted dog); "bird" never seen nor predicted.
    const p = (dog: number) => [dog, 1 - dog, 0];
    const probs = new Float32Array([...p(0.9), ...p(0.8), ...p(0.7), ...p(0.6), ...p(0.4), ...p(0.6)]);
    const m = computeMetrics(probs, [0, 0, 0, 0, 1, 1], ['a', 'b', 'c', 'd', 'e', 'f'], ['dog', 'cat', 'bird']);
    // dog: P 4/5, R 1, F1 8/9; cat: P 1, R 1/2, F1 2/3. sklearn: f1_score(average='macro') = 7/9 over dog and cat.
    expect(m.macroF1).toBeCloseTo((8 / 9 + 2 / 3) / 2, 6);
    expect(m.balancedAccuracy).toBeCloseTo(0.75, 6);
    expect(m.accuracy).toBeCloseTo(5 / 6, 6);
    expect(m.trackMacroF1).toBeCloseTo((8 / 9 + 2 / 3) / 2, 6);
    expect(formatMetrics(m)).toMatch(/macro-F1 0\.778 {2}balanced accuracy 75\.0% {2}track macro-F1 0\.778/);
  });
});
