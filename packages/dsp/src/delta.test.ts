import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { fixture } from './__fixtures__/librosa';
import { delta, savgolWeights } from './delta';

// librosa.feature.delta of the music fixture's MFCCs, written by __fixtures__/librosa-delta.py (librosa 0.11.0,
// scipy 1.17.1: delta is unchanged since 0.10). Frames 0–9, 60–69, 120–129 of all 13 rows.
const golden = z
  .object({
    cases: z.array(
      z.object({
        width: z.number().int(),
        order: z.number().int(),
        frames: z.array(z.number().int()),
        data: z.array(z.array(z.number())),
      }),
    ),
  })
  .parse(JSON.parse(readFileSync(join(__dirname, '__fixtures__/librosa-delta.json'), 'utf8')));

const mfccMatrix = () => {
  const rows = fixture('music').mfcc.data;
  return { data: Float32Array.from(rows.flat()), shape: [rows.length, rows[0].length] as [number, number] };
};

describe('delta parity with librosa.feature.delta (savgol_filter, mode interp)', () => {
  // Reached: max |Δ| 3.8e-6 (width 9, order 1), 4.6e-6 (9, 2), 3.9e-6 (5, 1), 4.9e-5 (3, 2); relative to the
  // largest |MFCC| of the row (up to 134) at most 3.7e-7: float32 rounding, scipy filtering the float32 MFCCs.
  it.each(golden.cases.map((c) => [c.width, c.order, c] as const))(
    'width %i, order %i: every row at both edges and the middle within 1e-6 of the row’s largest |MFCC|',
    (width, order, c) => {
      const m = mfccMatrix();
      const d = delta(m, { width, order });
      expect(d.shape).toEqual([13, 130]);
      c.data.forEach((row, r) => {
        let scale = 0;
        for (let t = 0; t < 130; t++) scale = Math.max(scale, Math.abs(m.data[r * 130 + t]));
        row.forEach((g, j) => {
          expect(Math.abs(d.data[r * 130 + c.frames[j]] - g)).toBeLessThanOrEqual(1e-6 * scale);
        });
      });
    },
  );

  it('order 1 is the least-squares slope over the window (edges: the slope of the first/last width frames)', () => {
    const x = Float32Array.from({ length: 40 }, (_, i) => Math.sin(i / 3) + 0.01 * i * i);
    const d = delta({ data: x, shape: [1, 40] }, { width: 7 });
    const slope = (from: number) => {
      let s = 0;
      for (let k = -3; k <= 3; k++) s += k * x[from + 3 + k];
      return s / 28; // Σk² over −3…3
    };
    expect(d.data[10]).toBeCloseTo(slope(7), 6);
    expect(d.data[0]).toBeCloseTo(slope(0), 6);
    expect(d.data[2]).toBeCloseTo(slope(0), 6);
    expect(d.data[39]).toBeCloseTo(slope(33), 6);
  });

  it('savgol weights: order 1 is k/Σk²; order 2 of width 5 is (2, −1, −2, −1, 2)/7; both kill lower polynomials', () => {
    expect(Array.from(savgolWeights(9, 1)).map((w) => w * 60)).toEqual(
      [-4, -3, -2, -1, 0, 1, 2, 3, 4].map((v) => expect.closeTo(v, 12)),
    );
    expect(Array.from(savgolWeights(5, 2)).map((w) => w * 7)).toEqual(
      [2, -1, -2, -1, 2].map((v) => expect.closeTo(v, 12)),
    );
    const w = savgolWeights(9, 2);
    const apply = (f: (k: number) => number) => w.reduce((s, c, j) => s + c * f(j - 4), 0);
    expect(apply(() => 1)).toBeCloseTo(0, 12);
    expect(apply((k) => k)).toBeCloseTo(0, 12);
    expect(apply((k) => k * k)).toBeCloseTo(2, 12);
  });

  it('refuses an even or too small width, a width beyond the frames, and order ≥ width', () => {
    const m = { data: new Float32Array(20), shape: [2, 10] as [number, number] };
    expect(() => delta(m, { width: 4 })).toThrow('width must be odd');
    expect(() => delta(m, { width: 1 })).toThrow();
    expect(() => delta(m)).not.toThrow();
    expect(() => delta(m, { width: 11 })).toThrow("delta: width 11 exceeds the 10 frames (mode 'interp')");
    expect(() => delta(m, { width: 3, order: 3 })).toThrow('delta: order 3 must be below width 3');
  });
});
