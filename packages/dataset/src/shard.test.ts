import { parseShard, shardSlice } from './shard';

describe('shards', () => {
  it('parses K/N and names what is wrong', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(() => parseShard('4/4')).toThrow('K must be below N in "4/4" (shards are numbered 0 … 3)');
    expect(() => parseShard('1/0')).toThrow('N must be at least 1 in "1/0"');
    expect(() => parseShard('two')).toThrow('expected K/N (e.g. 0/4 for the first of four shards), got "two"');
  });

  it('cuts a list into N contiguous runs that join back into it, sizes within one', () => {
    const items = [...Array(10).keys()];
    for (const count of [1, 3, 4, 10, 13]) {
      const parts = Array.from({ length: count }, (_, index) => shardSlice(items, { index, count }));
      expect(parts.flat()).toEqual(items);
      const sizes = parts.map((p) => p.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
    expect(shardSlice(items, { index: 1, count: 3 })).toEqual([3, 4, 5]);
  });
});
