import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { toneDataset } from './__fixtures__/tones';
import { initBackend } from './backend';
import { loadModel, saveModel, writeDirAtomic } from './io';
import { disposeModel } from './models';
import { predictSamples } from './predict-samples';
import { saveTrainingRun } from './save-run';
import { trainGenreModel } from './train';

// Training and plotting take seconds alone but far longer on a loaded, shared machine.
jest.setTimeout(180_000);

let dir: string;
beforeAll(async () => {
  await initBackend('wasm');
  dir = await mkdtemp(join(tmpdir(), 'genre-io-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const data = toneDataset(4);
const ctx = { source: 'tones.json', sha256: 'f'.repeat(64), backend: 'wasm' };

describe('save / load', () => {
  it.each(['mlp-regularized', 'cnn', 'lstm'] as const)('round-trips %s to identical predictions', async (name) => {
    const result = await trainGenreModel(data, { model: name, epochs: 1, standardize: true }, ctx);
    const out = join(dir, name);
    await saveTrainingRun(out, result);
    const { model, meta } = await loadModel(out);
    expect(meta).toEqual(result.meta);
    const size = 44 * 13;
    const before = predictSamples(result.model, data.features, size, meta.inputShape, null);
    const after = predictSamples(model, data.features, size, meta.inputShape, null);
    expect(Array.from(after)).toEqual(Array.from(before));
    const json = JSON.parse(await readFile(join(out, 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    const bytes = (await readFile(join(out, 'weights.bin'))).length;
    expect(bytes).toBe(4 * model.countParams());
    const history = JSON.parse(await readFile(join(out, 'history.json'), 'utf8'));
    expect(history.loss).toHaveLength(1);
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8'));
    expect(metrics.confusion).toHaveLength(2);
    disposeModel(result.model);
    disposeModel(model);
  });

  it('says what is wrong with a directory that is not a saved model', async () => {
    await expect(loadModel(join(dir, 'nothing'))).rejects.toThrow(
      /nothing: not a saved model \(cannot read audio-dl\.json\)/,
    );
    const bad = join(dir, 'bad');
    await mkdir(bad);
    await writeFile(join(bad, 'audio-dl.json'), '{"format":"audio-dl-model","version":1}');
    await expect(loadModel(bad)).rejects.toThrow(/bad\/audio-dl\.json: model: /);
  });

  it('never replaces a directory that is not a saved model, and leaves nothing behind on failure', async () => {
    const other = join(dir, 'other');
    await mkdir(other);
    await writeFile(join(other, 'notes.txt'), 'mine');
    await expect(writeDirAtomic(other, async () => {})).rejects.toThrow(/not empty and not a saved model/);
    expect(await readFile(join(other, 'notes.txt'), 'utf8')).toBe('mine');
    const fresh = join(dir, 'fresh');
    await expect(
      writeDirAtomic(fresh, async (tmp) => {
        await writeFile(join(tmp, 'half'), 'x');
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    await expect(readFile(join(fresh, 'half'))).rejects.toThrow(/ENOENT/);
  });

  it('refuses to save metadata that fails its schema', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
    await expect(saveModel(dir, model, { format: 'nope' } as never)).rejects.toThrow();
    disposeModel(model);
  });
});
