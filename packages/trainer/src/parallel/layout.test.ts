import { shards } from './layout';

describe('shards', () => {
  it('splits a batch into contiguous shards differing by at most one row, the first never smaller', () => {
    expect(shards(32, 2)).toEqual([
      { start: 0, count: 16 },
      { start: 16, count: 16 },
    ]);
    expect(shards(7, 3)).toEqual([
      { start: 0, count: 3 },
      { start: 3, count: 2 },
      { start: 5, count: 2 },
    ]);
    expect(shards(1, 2)).toEqual([
      { start: 0, count: 1 },
      { start: 1, count: 0 },
    ]);
  });
});
