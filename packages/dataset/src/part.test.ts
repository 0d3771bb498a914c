import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { rowsOf, sampleDataset } from './__fixtures__/datasets';
import { writeDatasetArrow } from './arrow';
import { hashDataset } from './hash';
import { loadDataset } from './load';
import { writeDatasetParquet } from './parquet';
import { mergeMeta } from './part';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parts-'));
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

const data = sampleDataset(12);

/** Writes rows [start, end) of `data` as shard `index` of `count`. */
const shard = (file: string, start: number, end: number, index: number, count: number) =>
  writeDatasetParquet(path.join(dir, file), {
    ...rowsOf(data, start, end),
    meta: { ...data.meta, droppedSegments: index, shard: { index, count } },
  });

describe('folders of parts', () => {
  it('loads the shards in shard order (part-10 after part-2) as one data set', async () => {
    const bounds = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    for (let k = 0; k < 12; k++) await shard(`part-${k}.parquet`, bounds[k], bounds[k + 1], k, 12);
    await fs.writeFile(path.join(dir, '_SUCCESS'), ''); // what Spark leaves: not a part
    await fs.writeFile(path.join(dir, '.part-3.parquet.123.tmp'), 'half-written');
    const back = await loadDataset(dir);
    expect(back.shape).toEqual([12, 130, 13]);
    expect(back.features).toEqual(data.features);
    expect(back.tracks).toEqual(data.tracks);
    expect(Array.from(back.labels)).toEqual(Array.from(data.labels));
    expect(back.meta).toEqual({
      version: '0.1.0',
      skipped: [{ path: 'g/bad.wav', reason: 'truncated' }],
      droppedSegments: 66, // 0 + 1 + … + 11
      parts: 12,
    });
  });

  it('orders by the recorded shard, not the file name, and mixes Arrow and Parquet parts', async () => {
    await shard('b.parquet', 0, 5, 0, 2);
    await writeDatasetArrow(path.join(dir, 'a.arrow'), {
      ...rowsOf(data, 5, 12),
      meta: { shard: { index: 1, count: 2 } },
    });
    expect((await loadDataset(dir)).features).toEqual(data.features);
  });

  it('names a missing or repeated shard and parts that disagree', async () => {
    await shard('part-0.parquet', 0, 4, 0, 3);
    await shard('part-2.parquet', 8, 12, 2, 3);
    await expect(loadDataset(dir)).rejects.toThrow(/: shard\(s\) 1\/3 missing; the data set is incomplete/);
    await shard('part-9.parquet', 4, 8, 2, 3);
    await expect(loadDataset(dir)).rejects.toThrow(/part-2\.parquet and part-9\.parquet are both shard 2\/3/);
    await fs.rm(path.join(dir, 'part-9.parquet'));
    await writeDatasetParquet(path.join(dir, 'part-1.parquet'), {
      ...rowsOf(data, 4, 8),
      mapping: ['blues', 'jazz', 'metal'],
      meta: { shard: { index: 1, count: 3 } },
    });
    await expect(loadDataset(dir)).rejects.toThrow(
      /part-1\.parquet has label mapping \["blues","jazz","metal"\], part-0\.parquet has \["blues","classical","metal"\]/,
    );
  });

  it('names an empty folder', async () => {
    await expect(loadDataset(dir)).rejects.toThrow(/a folder with no \.parquet or \.arrow parts/);
  });

  it('hashes a folder from its parts, so a changed part changes it', async () => {
    await shard('part-0.parquet', 0, 6, 0, 2);
    await shard('part-1.parquet', 6, 12, 1, 2);
    const before = await hashDataset(dir);
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    expect(await hashDataset(dir)).toBe(before);
    await shard('part-1.parquet', 6, 11, 1, 2);
    expect(await hashDataset(dir)).not.toBe(before);
  });
});

describe('mergeMeta', () => {
  it('adds counts, joins lists without repeats, keeps agreed values and lists the rest', () => {
    expect(
      mergeMeta([
        { n: 1, list: ['a', 'b'], version: '1', root: 'x', shard: { index: 0, count: 2 } },
        { n: 2, list: ['b', 'c'], version: '1', root: 'y', shard: { index: 1, count: 2 } },
      ]),
    ).toEqual({ n: 3, list: ['a', 'b', 'c'], version: '1', root: ['x', 'y'], parts: 2 });
  });
});
