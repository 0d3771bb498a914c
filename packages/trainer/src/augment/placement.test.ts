import { randomPlacement } from './placement';

describe('randomPlacement', () => {
  const bands = 2;
  // 8 frames: silence (9, 9) around content frames 3..4.
  const padded = () => Float32Array.from([9, 9, 9, 9, 9, 9, 1, 2, 3, 4, 9, 9, 9, 9, 9, 9]);

  it('moves the content between the silent runs to a random place, keeping the silence around it', () => {
    const x = padded();
    randomPlacement(x, 8, bands, () => 0);
    expect(Array.from(x)).toEqual([1, 2, 3, 4, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9]);
    const y = padded();
    randomPlacement(y, 8, bands, () => 0.999);
    expect(Array.from(y)).toEqual([9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 1, 2, 3, 4]);
  });

  it('leaves a full segment alone and draws nothing', () => {
    const x = Float32Array.from({ length: 16 }, (_, i) => i);
    let draws = 0;
    randomPlacement(x, 8, bands, () => {
      draws++;
      return 0.5;
    });
    expect(Array.from(x)).toEqual(Array.from({ length: 16 }, (_, i) => i));
    expect(draws).toBe(0);
  });
});
