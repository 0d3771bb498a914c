import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  Dictionary,
  Field,
  FixedSizeList,
  Float32,
  Int32,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableFromIPC,
  tableToIPC,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { expectSameDataset, SAMPLE_SCHEMA_FIELDS } from './__fixtures__/datasets';
import { writeDatasetArrow } from './arrow';
import type { Dataset } from './dataset';
import { loadDataset } from './load';
import { defaultFeatureParams } from './params';
import { scanDataset } from './stream';
import { datasetTable } from './table';

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
    expect(back.shape).toEqual([5, 130, 13]);
    expectSameDataset(back, data);
    expect(await fs.readdir(dir)).toEqual(['data.arrow']);
  });

  it('views the feature values in the file buffer instead of copying rows', async () => {
    const out = path.join(dir, 'data.arrow');
    await writeDatasetArrow(out, sample(40));
    const back = await loadDataset(out);
    const fileSize = (await fs.stat(out)).size;
    expect(back.features.buffer.byteLength).toBeGreaterThanOrEqual(fileSize);
  });

  it('writes the schema other Arrow readers see: features nested as the sample shape', () => {
    const table = tableFromIPC(tableToIPC(datasetTable(sample()), 'file'));
    expect(table.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual(SAMPLE_SCHEMA_FIELDS);
    expect(table.getChild('label')?.get(2)).toBe('metal');
    // Row 1, frame 2, band 3 is element 1·1690 + 2·13 + 3 of the row-major features.
    expect(table.getChild('features')?.get(1)?.get(2)?.get(3)).toBe(sample().features[1690 + 2 * 13 + 3]);
    expect(table.schema.metadata.get('audio-dl.format')).toBe('audio-dl-dataset/2');
    expect(table.schema.metadata.get('audio-dl.shape')).toBe('[130,13]');
    expect(JSON.parse(table.schema.metadata.get('audio-dl.params') ?? '{}').hopLength).toBe(512);
    expect(JSON.parse(table.schema.metadata.get('audio-dl.skipped') ?? '[]')).toEqual([
      { path: 'g/bad.wav', reason: 'truncated' },
    ]);
  });

  it('reads a dataset split over several record batches', async () => {
    const table = datasetTable(sample(6));
    const twice = new Table(table.schema, [...table.batches, ...table.batches]);
    const out = path.join(dir, 'two.arrow');
    await fs.writeFile(out, tableToIPC(twice, 'file'));
    const back = await loadDataset(out);
    expect(back.shape).toEqual([12, 130, 13]);
    expect(back.features.subarray(6 * 1690)).toEqual(sample(6).features);
    expect(Array.from(back.labels)).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]);
  });

  it('writes record batches of about 16 MB, so a reader can stream the file', () => {
    const table = datasetTable(sample(5000));
    // floor(16 MiB / (1690 · 4 bytes)) = 2481 rows per batch.
    expect(table.batches.map((b) => b.numRows)).toEqual([2481, 2481, 38]);
  });

  it('carries other sample shapes and null params (the course JSON converted)', async () => {
    const out = path.join(dir, 'mel.arrow');
    const n = 3;
    const data: Dataset = {
      ...sample(n),
      features: Float32Array.from({ length: n * 44 * 128 }, (_, i) => i / 7),
      shape: [n, 44, 128],
      params: null,
    };
    await writeDatasetArrow(out, data);
    const back = await loadDataset(out);
    expect(back.shape).toEqual([3, 44, 128]);
    expect(back.params).toBeNull();
    expect(back.features).toEqual(data.features);
  });

  it('reads the older flat layout (format 1: an "mfcc" column of frames · nMfcc floats)', async () => {
    const data = sample(4);
    const listType = new FixedSizeList(1690, new Field('item', new Float32(), false));
    const labelType = new Dictionary(new Utf8(), new Int32(), 0, false);
    const fields = [
      new Field('label', labelType, false),
      new Field('track', new Utf8(), false),
      new Field('segment', new Int32(), false),
      new Field('mfcc', listType, false),
    ];
    const metadata = new Map([
      ['audio-dl.format', 'audio-dl-dataset/1'],
      ['audio-dl.params', JSON.stringify(defaultFeatureParams)],
      ['audio-dl.mapping', JSON.stringify(data.mapping)],
      ['audio-dl.droppedSegments', '2'],
    ]);
    const schema = new Schema(fields, metadata);
    const children = [
      makeData({
        type: labelType,
        length: 4,
        nullCount: 0,
        data: data.labels,
        dictionary: vectorFromArray(data.mapping, new Utf8()),
      }),
      vectorFromArray(data.tracks, new Utf8()).data[0],
      makeData({ type: new Int32(), length: 4, nullCount: 0, data: data.segments }),
      makeData({
        type: listType,
        length: 4,
        nullCount: 0,
        child: makeData({ type: new Float32(), length: 4 * 1690, nullCount: 0, data: data.features }),
      }),
    ];
    const batch = new RecordBatch(schema, makeData({ type: new Struct(fields), length: 4, nullCount: 0, children }));
    const out = path.join(dir, 'flat.arrow');
    await fs.writeFile(out, tableToIPC(new Table([batch]), 'file'));
    const back = await loadDataset(out);
    expect(back.shape).toEqual([4, 130, 13]);
    expect(back.features).toEqual(data.features);
    expect(Array.from(back.labels)).toEqual(Array.from(data.labels));
    expect(back.tracks).toEqual(data.tracks);
    expect(back.meta).toEqual({ droppedSegments: 2 });
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
      const message = new RegExp(
        `^${cut.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: truncated: ${keep} bytes, and no Arrow footer at the end`,
      );
      await expect(loadDataset(cut)).rejects.toThrow(message);
      // The streaming reader (scan, stream) says the same.
      await expect(scanDataset(cut)).rejects.toThrow(message);
    }
  });
});
