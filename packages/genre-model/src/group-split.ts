import { mulberry32 } from '@audio-dl/dsp';
import { shuffleInPlace } from '@audio-dl/trainer/portable';
import { hasFolds, hasGroups } from './data';
import type { Split, SplitInput, SplitOptions } from './split-options';
import { oneLabelEach, stratifiedParts } from './stratified-split';

/** Rows of each key, keys in sorted order (so the same data gives the same units on every machine). */
function unitsOf(keys: readonly string[], rows: ArrayLike<number>): { key: string; rows: number[] }[] {
  const byKey = new Map<string, number[]>();
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j];
    const list = byKey.get(keys[i]);
    if (list) list.push(i);
    else byKey.set(keys[i], [i]);
  }
  return [...byKey.keys()].sort().map((key) => ({ key, rows: byKey.get(key) as number[] }));
}

/**
 * Whole groups to test, validation and train. When every group holds one label (an instrument of one family, the
 * source recording of one event), the groups are dealt label by label as the track split deals tracks
 * (`stratifiedParts`), so no label loses more than its share of groups to validation. Otherwise (a speaker says many
 * words) they go in one seeded order: to test until it holds `testSize` of the rows, then to validation until it
 * holds `valSize` of the rest; each part keeps at least one group when it can.
 */
export function groupSplit(data: SplitInput, opts: SplitOptions): Split {
  if (!hasGroups(data))
    throw new Error(
      'the data does not name the group of every row (a group column or pattern group), so it cannot be split by group; use --split track',
    );
  const all = Int32Array.from({ length: data.labels.length }, (_, i) => i);
  const units = unitsOf(data.groups as string[], all);
  const rand = mulberry32(opts.seed);
  const finish = (idx: number[]) => shuffleInPlace(Int32Array.from(idx), rand);
  if (
    oneLabelEach(
      units.map((u) => u.rows),
      data.labels,
    )
  ) {
    const rowsOf = new Map(units.map((u) => [u.key, u.rows]));
    const parts = stratifiedParts(rowsOf, data.labels, data.mapping.length, opts, rand);
    return { train: finish(parts.train), val: finish(parts.val), test: finish(parts.test) };
  }
  const order = shuffleInPlace(
    Int32Array.from(units, (_, i) => i),
    rand,
  );
  const n = all.length;
  const parts: Record<keyof Split, number[]> = { train: [], val: [], test: [] };
  const wantTest = opts.testSize * n;
  const wantVal = opts.valSize * (n - wantTest);
  let u = 0;
  const fill = (part: 'test' | 'val', want: number, leave: number): void => {
    while (want > 0 && u < order.length - leave && parts[part].length < want)
      parts[part].push(...units[order[u++]].rows);
  };
  fill('test', wantTest, opts.valSize > 0 ? 2 : 1);
  fill('val', wantVal, 1);
  for (; u < order.length; u++) parts.train.push(...units[order[u]].rows);
  return { train: finish(parts.train), val: finish(parts.val), test: finish(parts.test) };
}

/**
 * Tests on the rows of fold `fold`; the other rows are split into train and validation by `split` (no test part),
 * so a benchmark's predefined folds are reproduced exactly.
 */
export function foldSplit(
  data: SplitInput,
  opts: SplitOptions,
  fold: string,
  split: (data: SplitInput, opts: SplitOptions) => Split,
): Split {
  if (!hasFolds(data))
    throw new Error(`the data does not name the fold of every row, so it cannot test on fold ${fold}`);
  const folds = data.folds as string[];
  const test: number[] = [];
  const rest: number[] = [];
  folds.forEach((f, i) => {
    (f === fold ? test : rest).push(i);
  });
  if (test.length === 0)
    throw new Error(`no row is in fold "${fold}" (folds: ${[...new Set(folds)].sort().join(', ')})`);
  // Train and validation from the other folds only: split a view of them, then map back to row numbers.
  const view: SplitInput = {
    mapping: data.mapping,
    labels: Int32Array.from(rest, (i) => data.labels[i]),
    tracks: rest.map((i) => data.tracks[i]),
    ...(data.groups ? { groups: rest.map((i) => (data.groups as string[])[i]) } : {}),
  };
  const inner = split(view, { ...opts, testSize: 0, testFold: undefined });
  const back = (idx: Int32Array) => Int32Array.from(idx, (j) => rest[j]);
  return { train: back(inner.train), val: back(inner.val), test: Int32Array.from(test) };
}
