import { computeMetrics, formatMetrics } from './metrics';

describe('computeMetrics', () => {
  // 4 segments of 2 tracks, 2 genres.
  const probs = new Float32Array([0.9, 0.1, 0.4, 0.6, 0.3, 0.7, 0.8, 0.2]);
  const labels = [0, 0, 1, 1];
  const tracks = ['a.wav', 'a.wav', 'b.wav', 'b.wav'];

  it('scores segments, tracks, genres and the confusion matrix', () => {
    const m = computeMetrics(probs, labels, tracks, ['rock', 'jazz']);
    expect(m.accuracy).toBeCloseTo(0.5);
    expect(m.loss).toBeCloseTo(-(Math.log(0.9) + Math.log(0.4) + Math.log(0.7) + Math.log(0.2)) / 4, 5);
    expect(m.confusion).toEqual([
      [1, 1],
      [1, 1],
    ]);
    // Track a: mean (0.65, 0.35) → rock ✓; track b: mean (0.55, 0.45) → rock ✗.
    expect(m.trackAccuracy).toBeCloseTo(0.5);
    expect(m.tracks).toBe(2);
    expect(m.perGenre[0]).toEqual({ genre: 'rock', precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(formatMetrics(m)).toMatch(/accuracy 50\.0%/);
    expect(formatMetrics(m)).toMatch(/^class {2}precision {2}recall {5}f1 {2}support\nrock /m);
  });

  it('gives 0 precision for a genre never predicted instead of NaN', () => {
    const m = computeMetrics(new Float32Array([0.9, 0.1, 0.8, 0.2]), [0, 1], ['a', 'b'], ['rock', 'jazz']);
    expect(m.perGenre[1]).toEqual({ genre: 'jazz', precision: 0, recall: 0, f1: 0, support: 1 });
  });

  it('leaves track accuracy out when the data file does not name tracks', () => {
    const m = computeMetrics(probs, labels, ['', '', '', ''], ['rock', 'jazz']);
    expect(m.trackAccuracy).toBeNull();
    expect(m.tracks).toBeNull();
    expect(formatMetrics(m)).toMatch(/track accuracy n\/a/);
  });

  it('refuses probabilities of the wrong size', () => {
    expect(() => computeMetrics(new Float32Array(3), [0, 1], ['a', 'b'], ['rock', 'jazz'])).toThrow(/3 probabilities/);
  });
});
