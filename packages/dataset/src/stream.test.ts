import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { rowsOf, sampleDataset } from './__fixtures__/datasets';
import { writeDatasetArrow } from './arrow';
import type { Dataset } from './dataset';
import { writeDatasetJson } from './json';
import { writeDatasetParquet } from './parquet';
import { type DatasetBatch, scanDataset, streamDataset } from './stream';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'stream-'));
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

async function collect(iter: AsyncIterable<DatasetBatch>): Promise<DatasetBatch[]> {
  const out: DatasetBatch[] = [];
  for await (const b of iter) out.push(b);
  return out;
}

/** Checks every row of `batches` against row `rows[i]` of `data`. */
function expectRows(batches: DatasetBatch[], data: Dataset): void {
  const size = data.shape[1] * data.shape[2];
  for (const b of batches) {
    b.rows.forEach((r, i) => {
      expect(b.labels[i]).toBe(data.labels[r]);
      expect(b.tracks[i]).toBe(data.tracks[r]);
      expect(b.segments[i]).toBe(data.segments[r]);
      expect(b.features.subarray(i * size, (i + 1) * size)).toEqual(data.features.subarray(r * size, (r + 1) * size));
    });
  }
}

describe('streamDataset and scanDataset', () => {
  const data = sampleDataset(11);

  it('streams a Parquet file in batches of the size asked, across row groups', async () => {
    const file = path.join(dir, 'd.parquet');
    await writeDatasetParquet(file, data, { rowGroupRows: 3 });
    const batches = await collect(streamDataset(file, { batchRows: 4 }));
    expect(batches.map((b) => b.shape)).toEqual([
      [4, 130, 13],
      [4, 130, 13],
      [3, 130, 13],
    ]);
    expect(batches.flatMap((b) => Array.from(b.rows))).toEqual([...Array(11).keys()]);
    expectRows(batches, data);
  });

  it('scans labels, tracks and segments without the features, with the chunks to stream', async () => {
    const file = path.join(dir, 'd.parquet');
    await writeDatasetParquet(file, data, { rowGroupRows: 4 });
    const scan = await scanDataset(file);
    expect(scan.shape).toEqual([11, 130, 13]);
    expect(Array.from(scan.labels)).toEqual(Array.from(data.labels));
    expect(scan.tracks).toEqual(data.tracks);
    expect(Array.from(scan.segments)).toEqual(Array.from(data.segments));
    expect(scan.params).toEqual(data.params);
    expect(scan.chunks.map((c) => [c.index, c.start, c.rows])).toEqual([
      [0, 0, 4],
      [1, 4, 4],
      [2, 8, 3],
    ]);
    // The chunks in another order: rows come in that order, each tagged with its index in the data set.
    const batches = await collect(streamDataset(file, { batchRows: 5, chunks: [scan.chunks[2], scan.chunks[0]] }));
    expect(batches.flatMap((b) => Array.from(b.rows))).toEqual([8, 9, 10, 0, 1, 2, 3]);
    expectRows(batches, data);
  });

  it('streams Arrow files, folders of parts and JSON the same way', async () => {
    await writeDatasetArrow(path.join(dir, 'd.arrow'), data);
    await writeDatasetJson(path.join(dir, 'd.json'), data);
    const parts = path.join(dir, 'parts');
    await writeDatasetParquet(path.join(parts, 'part-0.parquet'), rowsOf(data, 0, 5));
    await writeDatasetArrow(path.join(parts, 'part-1.arrow'), rowsOf(data, 5, 11));
    for (const source of ['d.arrow', 'd.json', 'parts']) {
      const batches = await collect(streamDataset(path.join(dir, source), { batchRows: 3 }));
      expect(batches.map((b) => b.shape[0])).toEqual([3, 3, 3, 2]);
      expect(batches.flatMap((b) => Array.from(b.rows))).toEqual([...Array(11).keys()]);
      expectRows(batches, data);
      expect((await scanDataset(path.join(dir, source))).tracks).toEqual(data.tracks);
    }
  });

  it('hands out only the rows a mask keeps, across row groups and batches', async () => {
    const file = path.join(dir, 'd.parquet');
    await writeDatasetParquet(file, data, { rowGroupRows: 3 });
    const keep = Uint8Array.from([1, 1, 0, 1, 1, 1, 0, 0, 1, 0, 1]);
    const batches = await collect(streamDataset(file, { batchRows: 2, keep }));
    expect(batches.map((b) => Array.from(b.rows))).toEqual([[0, 1], [3, 4], [5, 8], [10]]);
    expectRows(batches, data);
    await expect(collect(streamDataset(file, { keep: new Uint8Array(10) }))).rejects.toThrow(
      /keep has 10 entries for 11 rows/,
    );
  });

  it('refuses a bad batch size and a chunk that is not in the data set', async () => {
    const file = path.join(dir, 'd.parquet');
    await writeDatasetParquet(file, data);
    await expect(collect(streamDataset(file, { batchRows: 0 }))).rejects.toThrow(
      /batchRows must be a positive integer/,
    );
    const stray = { file: path.join(dir, 'other.parquet'), index: 0, start: 0, rows: 11 };
    await expect(collect(streamDataset(file, { chunks: [stray] }))).rejects.toThrow(
      /other\.parquet: no chunk 0 of 11 rows in this data set/,
    );
  });
});
