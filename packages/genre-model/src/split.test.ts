import type { GenreData } from './data';
import { splitData } from './split';

/** 3 genres × 8 tracks × 5 segments, features unused. */
function fakeData(): GenreData {
  const labels: number[] = [];
  const tracks: string[] = [];
  for (let g = 0; g < 3; g++)
    for (let t = 0; t < 8; t++)
      for (let s = 0; s < 5; s++) {
        labels.push(g);
        tracks.push(`g${g}/t${t}.wav`);
      }
  return {
    mapping: ['a', 'b', 'c'],
    labels: Int32Array.from(labels),
    features: new Float32Array(labels.length * 2),
    shape: [labels.length, 1, 2],
    tracks,
  };
}

const sorted = (a: Int32Array) => Array.from(a).sort((x, y) => x - y);

describe('splitData', () => {
  const data = fakeData();

  it('keeps every track on one side and stratifies by genre', () => {
    const split = splitData(data, { kind: 'track', seed: 1 });
    const side = new Map<string, string>();
    for (const part of ['train', 'val', 'test'] as const)
      for (const i of split[part]) {
        expect(side.get(data.tracks[i]) ?? part).toBe(part);
        side.set(data.tracks[i], part);
      }
    // Per genre of 8 tracks: 2 test (25 %), 1 validation (20 % of 6), 5 train.
    expect(split.test.length).toBe(3 * 2 * 5);
    expect(split.val.length).toBe(3 * 1 * 5);
    expect(split.train.length).toBe(3 * 5 * 5);
    for (let g = 0; g < 3; g++) expect(Array.from(split.test).filter((i) => data.labels[i] === g)).toHaveLength(10);
  });

  it('is reproducible from the seed and changes with it', () => {
    const a = splitData(data, { seed: 7 });
    const b = splitData(data, { seed: 7 });
    const c = splitData(data, { seed: 8 });
    expect(Array.from(a.test)).toEqual(Array.from(b.test));
    expect(sorted(a.test)).not.toEqual(sorted(c.test));
  });

  it('refuses a track split when the file does not name tracks', () => {
    expect(() => splitData({ ...data, tracks: data.tracks.map(() => '') })).toThrow(/use --split segment/);
  });

  it('splits segments like train_test_split twice for --split segment', () => {
    const split = splitData(data, { kind: 'segment', seed: 3 });
    expect(split.test.length).toBe(30); // ceil(0.25 × 120)
    expect(split.val.length).toBe(18); // ceil(0.2 × 90)
    expect(split.train.length).toBe(72);
    const all = sorted(Int32Array.from([...split.train, ...split.val, ...split.test]));
    expect(all).toEqual(Array.from({ length: 120 }, (_, i) => i));
  });
});
