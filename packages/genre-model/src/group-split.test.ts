import { crossValidationFolds, summarizeFolds } from './cross-validation';
import { splitData } from './split';

// 60 rows: 12 speakers × 5 clips of 1 segment; labels alternate; folds 1–3 hold whole speakers.
const n = 60;
const data = {
  mapping: ['yes', 'no'],
  labels: Int32Array.from({ length: n }, (_, i) => i % 2),
  tracks: Array.from({ length: n }, (_, i) => `clip${i}.wav`),
  groups: Array.from({ length: n }, (_, i) => `spk${Math.floor(i / 5)}`),
  folds: Array.from({ length: n }, (_, i) => String((Math.floor(i / 5) % 3) + 1)),
};
// 3 instrument families × 5 instruments × 4 clips; each instrument (the group) plays one family.
const pure = {
  mapping: ['brass', 'organ', 'reed'],
  labels: Int32Array.from({ length: n }, (_, i) => Math.floor(i / 20)),
  tracks: Array.from({ length: n }, (_, i) => `clip${i}.wav`),
  groups: Array.from({ length: n }, (_, i) => `program${Math.floor(i / 4)}`),
};
const groupsOf = (rows: Int32Array) => new Set(Array.from(rows, (i) => data.groups[i]));

describe('group and fold splits', () => {
  it('puts no group on two sides of train / validation / test, and is the same for the same seed', () => {
    const split = splitData(data, { kind: 'group', testSize: 0.25, valSize: 0.2, seed: 3 });
    const [train, val, test] = [groupsOf(split.train), groupsOf(split.val), groupsOf(split.test)];
    expect(split.train.length + split.val.length + split.test.length).toBe(n);
    expect(test.size).toBe(3); // 15 of 60 rows
    expect(val.size).toBeGreaterThan(0);
    for (const g of test) expect(train.has(g) || val.has(g)).toBe(false);
    for (const g of val) expect(train.has(g)).toBe(false);
    expect(splitData(data, { kind: 'group', seed: 3 })).toEqual(split);
  });

  it('deals groups of one label each label by label, so no label loses more than its share', () => {
    for (const seed of [1, 2, 3, 42]) {
      const split = splitData(pure, { kind: 'group', testSize: 0.25, valSize: 0.2, seed });
      const perLabel = (rows: Int32Array) =>
        pure.mapping.map(
          (_, k) =>
            new Set(
              Array.from(rows, (i) => i)
                .filter((i) => pure.labels[i] === k)
                .map((i) => pure.groups[i]),
            ).size,
        );
      // Of 5 instruments a family: round(5 × 0.25) = 1 to test, round(4 × 0.2) = 1 to validation, 3 to train.
      expect(perLabel(split.test)).toEqual([1, 1, 1]);
      expect(perLabel(split.val)).toEqual([1, 1, 1]);
      expect(perLabel(split.train)).toEqual([3, 3, 3]);
      const sides = [split.train, split.val, split.test].map(
        (rows) => new Set(Array.from(rows, (i) => pure.groups[i])),
      );
      expect(sides[0].size + sides[1].size + sides[2].size).toBe(15);
    }
  });

  it('tests on a predefined fold and carves validation out of the others by group', () => {
    const split = splitData(data, { kind: 'group', testFold: '2', valSize: 0.25 });
    expect(Array.from(split.test).sort((a, b) => a - b)).toEqual(data.folds.flatMap((f, i) => (f === '2' ? [i] : [])));
    for (const i of [...split.train, ...split.val]) expect(data.folds[i]).not.toBe('2');
    for (const g of groupsOf(split.val)) expect(groupsOf(split.train).has(g)).toBe(false);
    expect(() => splitData(data, { testFold: '9' })).toThrow('no row is in fold "9" (folds: 1, 2, 3)');
    expect(() => splitData({ ...data, groups: undefined }, { kind: 'group' })).toThrow(/cannot be split by group/);
  });

  it('cross-validation: reproduces predefined folds; grouped k-fold puts no group in two folds', () => {
    const predefined = crossValidationFolds(data, { seed: 1 });
    expect(predefined.protocol).toBe('predefined');
    expect(predefined.folds).toEqual(data.folds);
    expect(predefined.names).toEqual(['1', '2', '3']);
    const grouped = crossValidationFolds(data, { k: 4, seed: 1 });
    expect(grouped.names).toEqual(['1', '2', '3', '4']);
    const foldOf = new Map<string, string>();
    grouped.folds.forEach((f, i) => {
      expect(foldOf.get(data.groups[i]) ?? f).toBe(f);
      foldOf.set(data.groups[i], f);
    });
    // 12 speakers of 5 rows dealt to 4 folds: 15 rows each.
    expect(grouped.names.map((f) => grouped.folds.filter((x) => x === f).length)).toEqual([15, 15, 15, 15]);
    expect(crossValidationFolds(data, { k: 4, seed: 1 })).toEqual(grouped);
  });

  it('grouped k-fold over groups of one label each: every fold holds one group of each label', () => {
    for (const seed of [1, 2, 42]) {
      const { folds, names } = crossValidationFolds(pure, { k: 5, seed });
      for (const f of names)
        for (let k = 0; k < 3; k++)
          expect(new Set(pure.groups.filter((_, i) => folds[i] === f && pure.labels[i] === k)).size).toBe(1);
    }
  });

  it('leave-one-group-out: a fold per group, in group order; refused without groups or with k', () => {
    const logo = crossValidationFolds(pure, { seed: 1, leaveOneGroupOut: true });
    expect(logo.protocol).toBe('leave-one-group-out');
    expect(logo.folds).toEqual(pure.groups);
    expect(logo.names).toHaveLength(15);
    expect(logo.names.slice(0, 3)).toEqual(['program0', 'program1', 'program10']);
    // Each fold in turn is the test part, and validation comes from other groups.
    const split = splitData({ ...pure, folds: logo.folds }, { kind: 'group', testFold: 'program7', seed: 1 });
    expect(new Set(Array.from(split.test, (i) => pure.groups[i]))).toEqual(new Set(['program7']));
    expect(split.val.length).toBeGreaterThan(0);
    for (const i of [...split.train, ...split.val]) expect(pure.groups[i]).not.toBe('program7');
    expect(() => crossValidationFolds({ ...pure, groups: undefined }, { seed: 1, leaveOneGroupOut: true })).toThrow(
      'leave-one-group-out needs a group for every row (preprocess with --group-column); the data has none',
    );
    expect(() => crossValidationFolds(pure, { k: 3, seed: 1, leaveOneGroupOut: true })).toThrow(/takes no k/);
  });

  it('merges folds run apart into mean and sample sd, in numeric fold order', () => {
    const fold = (name: string, acc: number) => ({
      fold: name,
      accuracy: acc,
      clipAccuracy: acc,
      macroF1: acc,
      balancedAccuracy: acc,
      n: 10,
      segments: 10,
      seconds: 1,
    });
    const r = summarizeFolds('predefined', [fold('10', 0.5), fold('2', 0.7)]);
    expect(r.folds.map((f) => f.fold)).toEqual(['2', '10']);
    expect(r.mean.clipAccuracy).toBeCloseTo(0.6, 10);
    expect(r.sd.accuracy).toBeCloseTo(Math.sqrt(0.02), 10);
    expect(() => summarizeFolds('predefined', [fold('1', 0.5), fold('1', 0.5)])).toThrow('fold 1 is given 2 times');
  });
});
