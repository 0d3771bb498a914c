import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RecordBatch, Schema, Table, tableFromIPC, tableToIPC } from 'apache-arrow';
import { datasetTable, writeDatasetArrow } from './arrow';
import type { Dataset } from './dataset';
import { loadDataset } from './load';
import { defaultFeatureParams } from './params';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'arrow-'));
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

function sample(n = 5): Dataset {
  const size = 130 * 13;
  return {
    mapping: ['blues', 'classical', 'metal'],
    labels: Int32Array.from({ length: n }, (_, i) => i % 3),
    features: Float32Array.from({ length: n * size }, (_, i) => Math.fround(Math.cos(i) * 50)),
    shape: [n, 130, 13],
    tracks: Array.from({ length: n }, (_, i) => `g/t${Math.floor(i / 2)}.wav`),
    segments: Int32Array.from({ length: n }, (_, i) => i % 2),
    params: defaultFeatureParams,
    meta: { version: '0.1.0', skipped: [{ path: 'g/bad.wav', reason: 'truncated' }], droppedSegments: 2 },
  };
}

describe('Arrow dataset files', () => {
  it('round-trips every column, the params and the metadata', async () => {
    const out = path.join(dir, 'data.arrow');
    const data = sample();
    await writeDatasetArrow(out, data);
    const back = await loadDataset(out);
    expect(back.mapping).toEqual(data.mapping);
    expect(back.shape).toEqual([5, 130, 13]);
    expect(Array.from(back.labels)).toEqual(Array.from(data.labels));
    expect(Array.from(back.segments)).toEqual(Array.from(data.segments));
    expect(back.tracks).toEqual(data.tracks);
    expect(back.features).toEqual(data.features);
    expect(back.params).toEqual(defaultFeatureParams);
    expect(back.meta).toEqual(data.meta);
    expect(await fs.readdir(dir)).toEqual(['data.arrow']);
  });

  it('views the MFCC values in the file buffer instead of copying rows', async () => {
    const out = path.join(dir, 'data.arrow');
    await writeDatasetArrow(out, sample(40));
    const back = await loadDataset(out);
    const fileSize = (await fs.stat(out)).size;
    expect(back.features.buffer.byteLength).toBeGreaterThanOrEqual(fileSize);
    expect(back.labels.buffer).toBe(back.features.buffer);
  });

  it('writes the schema other Arrow readers see', () => {
    const table = tableFromIPC(tableToIPC(datasetTable(sample()), 'file'));
    expect(table.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      'label:Dictionary<Int32, Utf8>',
      'track:Utf8',
      'segment:Int32',
      'mfcc:FixedSizeList[1690]<Float32>',
    ]);
    expect(table.getChild('label')?.get(2)).toBe('metal');
    expect(JSON.parse(table.schema.metadata.get('audio-dl.params') ?? '{}').hopLength).toBe(512);
    expect(JSON.parse(table.schema.metadata.get('audio-dl.skipped') ?? '[]')).toEqual([
      { path: 'g/bad.wav', reason: 'truncated' },
    ]);
  });

  it('reads a dataset split over several record batches', async () => {
    const table = datasetTable(sample(6));
    const twice = new Table([...table.batches, ...table.batches]);
    const out = path.join(dir, 'two.arrow');
    await fs.writeFile(out, tableToIPC(twice, 'file'));
    const back = await loadDataset(out);
    expect(back.shape).toEqual([12, 130, 13]);
    expect(back.features.subarray(6 * 1690)).toEqual(sample(6).features);
    expect(Array.from(back.labels)).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]);
  });

  it('rejects an Arrow file that is not an audio-dl dataset, naming it', async () => {
    const table = datasetTable(sample());
    const bare = new Table(table.batches.map((b) => new RecordBatch(new Schema(b.schema.fields), b.data)));
    const out = path.join(dir, 'other.arrow');
    await fs.writeFile(out, tableToIPC(bare, 'file'));
    await expect(loadDataset(out)).rejects.toThrow(/other\.arrow: schema metadata "audio-dl\.format" is undefined/);
  });

  it('says a cut-short Arrow file is truncated, with its size', async () => {
    const out = path.join(dir, 'data.arrow');
    await writeDatasetArrow(out, sample(20));
    const whole = await fs.readFile(out);
    for (const keep of [Math.floor(whole.length / 2), whole.length - 3, 12]) {
      const cut = path.join(dir, `cut-${keep}.arrow`);
      await fs.writeFile(cut, whole.subarray(0, keep));
      await expect(loadDataset(cut)).rejects.toThrow(
        new RegExp(
          `^${cut.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: truncated: ${keep} bytes, and no Arrow footer at the end`,
        ),
      );
    }
  });
});
