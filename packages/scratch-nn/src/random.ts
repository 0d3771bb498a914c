/** A seeded source of random numbers: the same seed always gives the same sequence. */
export interface Rng {
  /** Uniform in [0, 1), like Python's `random()` and numpy's `rand`. */
  random(): number;
  /** Standard normal N(0, 1), like numpy's `randn`. */
  randn(): number;
}

/**
 * mulberry32 (32-bit state, passes PractRand to 2^32 outputs; ample for initialising small
 * networks and drawing toy data) with Box–Muller for normals. Any integer seed works; it is taken mod 2^32.
 */
export function createRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  let state = seed >>> 0;
  const nextU32 = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const random = (): number => nextU32() / 4294967296;
  // Box–Muller yields normals in pairs; the second is kept for the next call.
  let spare: number | null = null;
  const randn = (): number => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const u1 = 1 - random(); // (0, 1]: keeps log finite
    const u2 = random();
    const r = Math.sqrt(-2 * Math.log(u1));
    spare = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  };
  return { random, randn };
}
