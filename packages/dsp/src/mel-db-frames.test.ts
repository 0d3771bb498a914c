import { createMelDbFrames } from './mel-db-frames';

const options = { sr: 22050, nFft: 2048, hopLength: 512, nMels: 128, fmin: 0, htk: false };

/** A 0.2-s tone in the middle of 2 s, the rest filled with `rest`. */
function padded(rest: number): Float32Array {
  const y = new Float32Array(44100).fill(rest);
  for (let i = 19845; i < 19845 + 4410; i++) y[i] = 0.4 * Math.sin(i / 5);
  return y;
}

describe('createMelDbFrames: frames of silence', () => {
  it('a frame of zeros skips the transform and gives exactly the floor the transform gives', () => {
    const melDb = createMelDbFrames(options);
    // 1e-30 is far below the 1e-10 power floor, but not zero: those frames go through the transform.
    const tiny = melDb(padded(1e-30));
    const tinyDb = Float64Array.from(tiny.db.subarray(0, tiny.frames * 128));
    const tinyLowest = Float64Array.from(tiny.lowest.subarray(0, tiny.frames));
    const zeros = melDb(padded(0));
    expect(zeros.frames).toBe(87);
    expect(tinyDb[0]).toBe(zeros.db[0]);
    expect(Array.from(zeros.db.subarray(0, zeros.frames * 128))).toEqual(Array.from(tinyDb));
    expect(Array.from(zeros.lowest.subarray(0, zeros.frames))).toEqual(Array.from(tinyLowest));
    expect(zeros.top).toBe(tiny.top);
    // The floor is −100 dB (power_to_db's amin 1e-10), and the tone's frames are above it.
    expect(zeros.db[0]).toBeCloseTo(-100, 10);
    expect(zeros.top).toBeGreaterThan(0);
  });
});
