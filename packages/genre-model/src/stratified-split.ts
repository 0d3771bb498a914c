import { shuffleInPlace } from '@audio-dl/trainer/portable';
import type { Split, SplitOptions } from './split-options';

/** Of `m` units of one label, how many a fraction sends away, keeping at least one on each side when it can. */
function unitsFor(m: number, fraction: number): number {
  if (fraction === 0 || m === 0) return 0;
  const k = Math.round(m * fraction);
  return m === 1 ? k : Math.min(m - 1, Math.max(1, k));
}

/** Whether the rows of every unit (a group, a track) share one label, so units can be dealt label by label. */
export function oneLabelEach(units: Iterable<readonly number[]>, labels: Int32Array): boolean {
  for (const rows of units) if (rows.some((i) => labels[i] !== labels[rows[0]])) return false;
  return true;
}

/**
 * Units (tracks, or groups that each hold one label) dealt to test, validation and train label by label, so every
 * label keeps its share of units on each side: per label, units in name order are shuffled with `rand`, the first
 * `testSize` of them go to test, the next `valSize` of the rest to validation. Rows come back unshuffled.
 */
export function stratifiedParts(
  rowsOf: ReadonlyMap<string, readonly number[]>,
  labels: Int32Array,
  numLabels: number,
  opts: Pick<SplitOptions, 'testSize' | 'valSize'>,
  rand: () => number,
): Record<keyof Split, number[]> {
  const byLabel: string[][] = Array.from({ length: numLabels }, () => []);
  for (const [key, rows] of rowsOf) byLabel[labels[rows[0]]].push(key);
  const parts: Record<keyof Split, number[]> = { train: [], val: [], test: [] };
  for (const keys of byLabel) {
    keys.sort();
    const order = shuffleInPlace(
      Int32Array.from(keys, (_, i) => i),
      rand,
    );
    const nTest = unitsFor(keys.length, opts.testSize);
    const nVal = unitsFor(keys.length - nTest, opts.valSize);
    order.forEach((u, rank) => {
      const part = rank < nTest ? 'test' : rank < nTest + nVal ? 'val' : 'train';
      parts[part].push(...(rowsOf.get(keys[u]) as number[]));
    });
  }
  return parts;
}
