import { mulberry32 } from '@audio-dl/dsp';
import { copyCrop, trackRuns } from './crop';
import { mixup } from './mixup';
import { specAugment } from './spec-augment';

describe('specAugment', () => {
  it('zeroes whole bands and whole frames, at most the given widths, the same for the same seed', () => {
    const frames = 40;
    const bands = 16;
    const run = (seed: number) => {
      const x = new Float32Array(2 * frames * bands).fill(1);
      specAugment(x, frames, bands, { freqMasks: 1, freqWidth: 0.25, timeMasks: 1, timeWidth: 0.25 }, mulberry32(seed));
      return x;
    };
    const x = run(3);
    expect(run(3)).toEqual(x);
    for (let s = 0; s < 2; s++) {
      const sample = x.subarray(s * frames * bands, (s + 1) * frames * bands);
      const zeroFrames = Array.from({ length: frames }, (_, t) => t).filter((t) =>
        sample.subarray(t * bands, (t + 1) * bands).every((v) => v === 0),
      );
      const zeroBands = Array.from({ length: bands }, (_, b) => b).filter((b) =>
        Array.from({ length: frames }, (_, t) => sample[t * bands + b]).every((v) => v === 0),
      );
      expect(zeroFrames.length).toBeLessThanOrEqual(10);
      expect(zeroBands.length).toBeLessThanOrEqual(4);
      // Every zero lies in a masked frame or band.
      sample.forEach((v, i) => {
        if (v === 0) expect(zeroFrames.includes(Math.floor(i / bands)) || zeroBands.includes(i % bands)).toBe(true);
      });
    }
    expect(x.filter((v) => v === 0).length).toBeGreaterThan(0);
  });
});

describe('mixup', () => {
  it('mixes samples and targets with the same λ ≥ 0.5, keeping targets summing to 1', () => {
    const n = 8;
    const x = Float32Array.from({ length: n * 3 }, (_, i) => Math.floor(i / 3));
    const y = new Float32Array(n * n);
    for (let i = 0; i < n; i++) y[i * n + i] = 1;
    mixup(x, y, n, 0.4, mulberry32(1));
    for (let i = 0; i < n; i++) {
      const row = y.subarray(i * n, (i + 1) * n);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
      const lambda = Math.max(...row);
      // The sample keeps its own label as the larger share, and x is mixed with the same weights.
      expect(row[i]).toBe(lambda);
      expect(lambda).toBeGreaterThanOrEqual(0.5);
      const mixedWith = row.findIndex((v, j) => j !== i && v > 0);
      const expected = mixedWith < 0 ? i : lambda * i + (1 - lambda) * mixedWith;
      expect(x[i * 3]).toBeCloseTo(expected, 5);
    }
  });

  it('leaves the batch alone when α is 0', () => {
    const x = Float32Array.from([1, 2, 3, 4]);
    const y = Float32Array.from([1, 0, 0, 1]);
    mixup(x, y, 2, 0, mulberry32(1));
    expect(Array.from(x)).toEqual([1, 2, 3, 4]);
    expect(Array.from(y)).toEqual([1, 0, 0, 1]);
  });
});

describe('random crops', () => {
  it('groups rows into runs of consecutive segments of one track, in time order', () => {
    const tracks = ['a', 'a', 'b', 'a', 'c', ''];
    const segments = Int32Array.from([1, 0, 0, 3, 0, -1]);
    const labels = Int32Array.from([0, 0, 1, 0, 2, 1]);
    const runs = trackRuns(Int32Array.from([0, 1, 2, 3, 4, 5]), tracks, segments, labels);
    const rows = runs.map((r) => r.rows).sort((p, q) => p[0] - q[0]);
    // Track a: segments 0, 1 join; segment 3 is not next to them.
    expect(rows).toEqual([[1, 0], [2], [3], [4], [5]]);
    expect(runs.find((r) => r.rows[0] === 2)?.label).toBe(1);
  });

  it('copies a window across the boundary of two segments', () => {
    const frames = 4;
    const bands = 2;
    // Row r holds frame values 10·r + t in both bands.
    const features = Float32Array.from({ length: 3 * frames * bands }, (_, i) => {
      const t = Math.floor(i / bands);
      return 10 * Math.floor(t / frames) + (t % frames);
    });
    const out = new Float32Array(frames * bands);
    copyCrop(features, { rows: [2, 0], label: 0 }, 3, frames, bands, out);
    expect(Array.from(out)).toEqual([23, 23, 0, 0, 1, 1, 2, 2]);
  });
});
