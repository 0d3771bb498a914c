import { promises as fs, openAsBlob } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tableFromArrays, tableFromIPC, tableToIPC } from 'apache-arrow';
import * as pq from 'parquet-wasm';
import { expectSameDataset, rowsOf, SAMPLE_SCHEMA_FIELDS, sampleDataset } from './__fixtures__/datasets';
import { loadDataset } from './load';
import { writeDatasetParquet } from './parquet';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parquet-'));
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

describe('Parquet dataset files', () => {
  it('round-trips every column, the params and the metadata', async () => {
    const out = path.join(dir, 'data.parquet');
    const data = sampleDataset(7);
    await writeDatasetParquet(out, data, { rowGroupRows: 3 });
    const back = await loadDataset(out);
    expect(back.shape).toEqual([7, 130, 13]);
    expectSameDataset(back, data);
    expect(await fs.readdir(dir)).toEqual(['data.parquet']);
  });

  it('writes row groups of the size asked, the Arrow schema and our key-value metadata', async () => {
    const out = path.join(dir, 'data.parquet');
    await writeDatasetParquet(out, sampleDataset(7), { rowGroupRows: 3, compression: 'snappy' });
    const file = await pq.ParquetFile.fromFile(await openAsBlob(out));
    const meta = file.metadata();
    expect(meta.rowGroups().map((g) => g.numRows())).toEqual([3, 3, 1]);
    expect(meta.rowGroup(0).column(0).compression()).toBe(pq.Compression.SNAPPY);
    const kv = meta.fileMetadata().keyValueMetadata() as Map<string, string>;
    expect(kv.get('audio-dl.format')).toBe('audio-dl-dataset/2');
    expect(kv.get('audio-dl.shape')).toBe('[130,13]');
    expect(JSON.parse(kv.get('audio-dl.mapping') ?? '')).toEqual(['blues', 'classical', 'metal']);
    expect(JSON.parse(kv.get('audio-dl.params') ?? '').nMfcc).toBe(13);
    const schema = tableFromIPC(file.schema().intoIPCStream()).schema;
    expect(schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual(SAMPLE_SCHEMA_FIELDS);
    file.free();
  });

  it('keeps the whole mapping when the rows lack a genre, and an empty data set', async () => {
    const only = rowsOf(sampleDataset(6), 0, 1); // one blues row: the dictionary Parquet stores has one name
    const out = path.join(dir, 'one.parquet');
    await writeDatasetParquet(out, { ...only, labels: Int32Array.of(2) });
    const back = await loadDataset(out);
    expect(back.mapping).toEqual(['blues', 'classical', 'metal']);
    expect(Array.from(back.labels)).toEqual([2]);

    const empty = path.join(dir, 'empty.parquet');
    await writeDatasetParquet(empty, rowsOf(sampleDataset(2), 0, 0));
    const none = await loadDataset(empty);
    expect(none.shape).toEqual([0, 130, 13]);
    expect(none.mapping).toHaveLength(3);
  });

  it('rejects a Parquet file without our metadata and a broken one, naming them', async () => {
    const plain = path.join(dir, 'plain.parquet');
    const ipc = tableToIPC(tableFromArrays({ x: Int32Array.of(1, 2) }), 'stream');
    await fs.writeFile(plain, pq.writeParquet(pq.Table.fromIPCStream(ipc)));
    await expect(loadDataset(plain)).rejects.toThrow(/plain\.parquet: schema metadata "audio-dl\.format" is undefined/);
    const broken = path.join(dir, 'broken.parquet');
    await fs.writeFile(broken, 'PAR1 and then nothing a Parquet footer needs');
    await expect(loadDataset(broken)).rejects.toThrow(/broken\.parquet: not a readable Parquet file/);
  });
});
