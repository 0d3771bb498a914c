import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Dataset, writeDatasetArrow, writeDatasetParquet } from '@audio-dl/dataset';
import { initBackend } from '@audio-dl/tfjs-kernels/node';
import type { SampleBlock } from '@audio-dl/trainer';
import { toneDataset } from './__fixtures__/tones';
import { type StreamedData, streamSource, streamStandardization } from './batch-source';
import { evaluateModel } from './evaluate';
import { disposeModel } from './models';
import { openData } from './open-data';
import { saveTrainingRun } from './save-run';
import { splitData } from './split';
import { fitStandardization } from './standardize';
import { trainGenreModel } from './train';

// Training takes seconds alone but far longer on a loaded, shared machine.
jest.setTimeout(180_000);

// 2 genres × 8 tracks × 2 segments of 44 × 13.
const data = toneDataset(8);
const size = data.shape[1] * data.shape[2];
let dir: string;

/** Rows `start`…`end` of `d` as a data set of their own (a part). */
function rowsOf(d: Dataset, start: number, end: number): Dataset {
  return {
    ...d,
    labels: d.labels.slice(start, end),
    features: d.features.slice(start * size, end * size),
    shape: [end - start, d.shape[1], d.shape[2]],
    tracks: d.tracks.slice(start, end),
    segments: d.segments.slice(start, end),
  };
}

beforeAll(async () => {
  await initBackend('wasm');
  dir = await mkdtemp(join(tmpdir(), 'genre-stream-'));
  await writeDatasetParquet(join(dir, 'd.parquet'), data, { rowGroupRows: 3 });
  // A folder of parts: Parquet (row groups of 4) and Arrow (one record batch each, at this size).
  await writeDatasetParquet(join(dir, 'parts', 'part-0.parquet'), rowsOf(data, 0, 11), { rowGroupRows: 4 });
  await writeDatasetArrow(join(dir, 'parts', 'part-1.arrow'), rowsOf(data, 11, 20));
  await writeDatasetArrow(join(dir, 'parts', 'part-2.arrow'), rowsOf(data, 20, 32));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The data set at `name` opened for streaming (a 1-byte budget forces it). */
async function streamed(name: string): Promise<StreamedData> {
  const opened = await openData(join(dir, name), { memory: 1, standardize: true });
  if (opened.kind !== 'stream') throw new Error(`${name} was not streamed`);
  return opened.data;
}

async function collect(blocks: AsyncIterable<SampleBlock>): Promise<SampleBlock[]> {
  const out: SampleBlock[] = [];
  for await (const b of blocks) out.push(b);
  return out;
}

/** `track#segment` of every used row of `blocks`. */
const keysOf = (blocks: SampleBlock[]): string[] =>
  blocks.flatMap((b) => Array.from(b.rows, (r) => `${b.tracks[r]}#${b.segments[r]}`));
const keysAt = (rows: Int32Array): string[] => Array.from(rows, (r) => `${data.tracks[r]}#${data.segments[r]}`);

describe('streamed training data', () => {
  it.each(['d.parquet', 'parts'])('%s: the track split and the statistics match the data in memory', async (name) => {
    const s = await streamed(name);
    expect(s.scan.shape).toEqual(data.shape);
    const split = splitData(s.scan, { seed: 3 });
    const inMemory = splitData(data, { seed: 3 });
    expect(split).toEqual(inMemory);
    const stats = await streamStandardization(s, split.train);
    const whole = fitStandardization(data.features, data.shape, inMemory.train);
    stats.mean.forEach((m, c) => {
      expect(Math.abs(m - whole.mean[c])).toBeLessThan(1e-9 * (1 + Math.abs(whole.mean[c])));
      expect(Math.abs(stats.std[c] - whole.std[c])).toBeLessThan(1e-9 * whole.std[c]);
    });
  });

  it('streams every training row once an epoch, in windows, never a validation or test track', async () => {
    const s = await streamed('parts');
    const split = splitData(s.scan, { seed: 3 });
    const source = streamSource(s, split, null, { seed: 7, windowRows: 5 });
    const heldTracks = new Set(Array.from([...split.val, ...split.test], (r) => data.tracks[r]));
    const orders: string[][] = [];
    for (const epoch of [0, 1]) {
      const blocks = await collect(source.train(epoch));
      expect(blocks.map((b) => b.rows.length)).toEqual(source.trainPlan(epoch));
      expect(blocks.length).toBeGreaterThan(1);
      for (const b of blocks) for (const r of b.rows) expect(heldTracks.has(b.tracks[r])).toBe(false);
      const keys = keysOf(blocks);
      expect([...keys].sort()).toEqual(keysAt(split.train).sort());
      orders.push(keys);
      // Features and labels are the rows' own.
      for (const b of blocks)
        for (const r of b.rows) {
          const row = data.tracks.findIndex((t, i) => t === b.tracks[r] && data.segments[i] === b.segments[r]);
          expect(b.labels[r]).toBe(data.labels[row]);
          expect(b.features.subarray(r * size, (r + 1) * size)).toEqual(
            data.features.subarray(row * size, (row + 1) * size),
          );
        }
    }
    // Each epoch reads the chunks in another order; the same seed gives the same orders again.
    expect(orders[1]).not.toEqual(orders[0]);
    const again = streamSource(s, split, null, { seed: 7, windowRows: 5 });
    expect(keysOf(await collect(again.train(1)))).toEqual(orders[1]);
    expect([...keysOf(await collect(source.held('val')))].sort()).toEqual(keysAt(split.val).sort());
    expect([...keysOf(await collect(source.held('test')))].sort()).toEqual(keysAt(split.test).sort());
  });

  it('trains the same model twice from a stream, and evaluate streams it too', async () => {
    const modelDir = join(dir, 'model');
    const path = join(dir, 'd.parquet');
    const options = { model: 'mlp' as const, epochs: 3, batchSize: 4, learningRate: 1e-3, split: { seed: 2 } };
    const run = async () => {
      const r = await trainGenreModel(await streamed('d.parquet'), options, {
        source: path,
        sha256: 'x',
        backend: 'wasm',
      });
      return r;
    };
    const a = await run();
    const b = await run();
    expect(b.history.loss).toEqual(a.history.loss);
    expect(b.history.val_loss).toEqual(a.history.val_loss);
    expect(b.metrics).toEqual(a.metrics);
    expect(a.meta.training.reading).toEqual({ kind: 'stream', windowRows: Math.floor((64 * 2 ** 20) / (size * 4)) });
    expect(a.metrics?.segments).toBe(splitData(data, { seed: 2 }).test.length);
    disposeModel(b.model);
    // Scored again by `evaluate`, streamed or in memory: the same test rows, the same answers.
    const { hashDataset } = await import('@audio-dl/dataset');
    a.meta.data.sha256 = await hashDataset(path);
    await saveTrainingRun(modelDir, a);
    disposeModel(a.model);
    const streamedEval = await evaluateModel(modelDir, path, undefined, { memory: 1 });
    const inMemory = await evaluateModel(modelDir, path);
    expect(streamedEval.reading).toBe('stream');
    expect(inMemory.reading).toBe('memory');
    expect(streamedEval.scope).toBe('test');
    expect(streamedEval.metrics.segments).toBe(a.metrics?.segments);
    expect(streamedEval.metrics.accuracy).toBe(a.metrics?.accuracy);
    expect(streamedEval.metrics.accuracy).toBe(inMemory.metrics.accuracy);
    expect(streamedEval.metrics.confusion).toEqual(inMemory.metrics.confusion);
    expect(streamedEval.metrics.loss).toBeCloseTo(inMemory.metrics.loss, 5);
  });

  it('refuses augmented copies when the data set is streamed', async () => {
    await expect(
      trainGenreModel(
        await streamed('d.parquet'),
        { model: 'mlp', epochs: 1 },
        {
          source: 'd.parquet',
          sha256: 'x',
          backend: 'wasm',
          augmented: { data, source: 'copies.arrow', sha256: 'y' },
        },
      ),
    ).rejects.toThrow(/d\.parquet: augmented copies \(copies\.arrow\) need the data set in memory/);
  });
});
