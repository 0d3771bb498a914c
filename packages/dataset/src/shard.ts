import { z } from 'zod';

/** Shard `index` of `count` (0 ≤ index < count), as `preprocess --shard K/N` takes it and every part records it. */
export const shardSchema = z
  .object({ index: z.number().int().nonnegative(), count: z.number().int().positive() })
  .strict()
  .refine((s) => s.index < s.count, { message: 'shard index must be below the count (shards are 0 … N−1)' });
export type Shard = z.infer<typeof shardSchema>;

/** `"K/N"` → shard K of N; throws a one-line reason otherwise. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new Error(`expected K/N (e.g. 0/4 for the first of four shards), got "${text}"`);
  const shard = { index: Number(m[1]), count: Number(m[2]) };
  if (shard.count < 1) throw new Error(`N must be at least 1 in "${text}"`);
  if (shard.index >= shard.count)
    throw new Error(`K must be below N in "${text}" (shards are numbered 0 … ${shard.count - 1})`);
  return shard;
}

/**
 * The items of shard K/N: the K-th of N contiguous runs of `items` (already sorted), sizes differing by at most one.
 * Every machine with the same tree picks the same items, and parts 0…N−1 joined in order are the whole list.
 */
export function shardSlice<T>(items: readonly T[], shard: Shard): T[] {
  const start = Math.floor((shard.index * items.length) / shard.count);
  const end = Math.floor(((shard.index + 1) * items.length) / shard.count);
  return items.slice(start, end);
}
