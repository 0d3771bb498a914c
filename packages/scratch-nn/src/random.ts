import { gaussian, mulberry32 } from '@audio-dl/dsp';

/** A seeded source of random numbers: the same seed always gives the same sequence. */
export interface Rng {
  /** Uniform in [0, 1), like Python's `random()` and numpy's `rand`. */
  random(): number;
  /** Standard normal N(0, 1), like numpy's `randn`. */
  randn(): number;
}

/** dsp's mulberry32 (32-bit state; ample for initialising small networks and drawing toy data) with its Box–Muller
 * normals drawn from the same stream. Any integer seed works; it is taken mod 2^32. */
export function createRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  const random = mulberry32(seed);
  return { random, randn: gaussian(random) };
}
