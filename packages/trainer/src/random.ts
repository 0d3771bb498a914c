import { gaussian, mulberry32 } from '@audio-dl/dsp';

/** Fisher–Yates shuffle in place with the given generator. */
export function shuffleInPlace<T extends { length: number; [i: number]: number }>(arr: T, rand: () => number): T {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const tmp = arr[i];
    arr[i] = arr[j];
    arr[j] = tmp;
  }
  return arr;
}

/**
 * Runs `fn` with `Math.random` replaced by a seeded generator. tfjs draws the seed of every
 * unseeded initializer and dropout mask from `Math.random`, so this makes model building and
 * training reproducible without giving dropout a fixed seed (which would repeat one mask forever).
 */
export async function withSeededMathRandom<T>(seed: number, fn: () => Promise<T>): Promise<T> {
  const original = Math.random;
  Math.random = mulberry32(seed ^ 0x5eed);
  try {
    return await fn();
  } finally {
    Math.random = original;
  }
}

/** Gamma(shape, 1) by Marsaglia and Tsang; shapes below 1 through the boost Gamma(a) = Gamma(a + 1) · U^(1/a). */
export function gammaSample(shape: number, rand: () => number): number {
  if (shape < 1) return gammaSample(shape + 1, rand) * (1 - rand()) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = gaussian(rand)(); // one normal draw, the first of a Box–Muller pair
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = 1 - rand();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Beta(a, b) as X / (X + Y) of two Gamma samples. */
export function betaSample(a: number, b: number, rand: () => number): number {
  const x = gammaSample(a, rand);
  return x / (x + gammaSample(b, rand));
}
