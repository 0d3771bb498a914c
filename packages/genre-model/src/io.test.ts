import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, stat, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { initBackend } from '@audio-dl/tfjs-kernels/node';
import * as tf from '@tensorflow/tfjs';
import { toneDataset } from './__fixtures__/tones';
import { loadModel, saveModel, writeModelDir } from './io';
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
    expect(meta).toEqual({ ...result.meta, files: expect.any(Object) });
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

  it.each(['mlp-regularized', 'cnn', 'lstm'])(
    'loads %s in plain tfjs on Node through tf.io.fromMemory, as examples/plain-tfjs.cjs shows',
    async (name) => {
      const out = join(dir, name);
      const { stdout } = await promisify(execFile)(process.execPath, [
        join(__dirname, '../examples/plain-tfjs.cjs'),
        out,
      ]);
      const plain: number[] = JSON.parse(stdout.split('\n')[0]);
      const { model, meta } = await loadModel(out);
      const ours = tf.tidy(() =>
        Array.from(
          (model.predict(tf.randomNormal([1, ...meta.inputShape], 0, 1, 'float32', 42)) as tf.Tensor).dataSync(),
        ),
      );
      disposeModel(model);
      expect(plain).toHaveLength(2);
      for (const [i, p] of plain.entries()) expect(Math.abs(p - ours[i])).toBeLessThan(1e-5);
    },
  );

  it('says what is wrong with a directory that is not a saved model', async () => {
    await expect(loadModel(join(dir, 'nothing'))).rejects.toThrow(
      /nothing: not a saved model \(cannot read audio-dl\.json\)/,
    );
    const bad = join(dir, 'bad');
    await mkdir(bad);
    await writeFile(join(bad, 'audio-dl.json'), '{"format":"audio-dl-model","version":1}');
    await expect(loadModel(bad)).rejects.toThrow(/bad\/audio-dl\.json: model: /);
  });

  it('creates the model folder 0755 and its files 0644 under umask 022, and records sizes and hashes', async () => {
    const before = process.umask(0o022);
    try {
      const result = await trainGenreModel(data, { model: 'mlp', epochs: 1 }, ctx);
      const out = join(dir, 'perms');
      await saveTrainingRun(out, result, { 'history.png': Uint8Array.of(0x89, 0x50, 0x4e, 0x47) });
      disposeModel(result.model);
      expect((await stat(out)).mode & 0o777).toBe(0o755);
      expect(Array.from(await readFile(join(out, 'history.png')))).toEqual([0x89, 0x50, 0x4e, 0x47]);
      for (const f of ['model.json', 'weights.bin', 'audio-dl.json', 'history.json', 'metrics.json', 'history.png'])
        expect([f, (await stat(join(out, f))).mode & 0o777]).toEqual([f, 0o644]);
      const meta = JSON.parse(await readFile(join(out, 'audio-dl.json'), 'utf8'));
      const weights = await readFile(join(out, 'weights.bin'));
      expect(meta.files['weights.bin']).toEqual({
        bytes: weights.length,
        sha256: createHash('sha256').update(weights).digest('hex'),
      });
      expect(meta.files['model.json'].bytes).toBe((await readFile(join(out, 'model.json'))).length);
    } finally {
      process.umask(before);
    }
  });

  it('never replaces a directory that is not a saved model, and leaves nothing behind on failure', async () => {
    const other = join(dir, 'other');
    await mkdir(other);
    await writeFile(join(other, 'notes.txt'), 'mine');
    await expect(writeModelDir(other, async () => {})).rejects.toThrow(/not empty and not a saved model/);
    expect(await readFile(join(other, 'notes.txt'), 'utf8')).toBe('mine');
    const fresh = join(dir, 'fresh');
    await expect(
      writeModelDir(fresh, async (tmp) => {
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

describe('loadModel checks', () => {
  let good: string;
  let weightBytes: number;
  beforeAll(async () => {
    const result = await trainGenreModel(toneDataset(4), { model: 'mlp', epochs: 1, standardize: true }, ctx);
    good = join(dir, 'good');
    await saveTrainingRun(good, result);
    weightBytes = 4 * result.model.countParams();
    disposeModel(result.model);
  });

  /** A copy of the good model with `breakIt` applied to it. */
  async function broken(name: string, breakIt: (d: string) => Promise<void>): Promise<string> {
    const d = join(dir, `broken-${name}`);
    await cp(good, d, { recursive: true });
    await breakIt(d);
    return d;
  }
  const editMeta = (edit: (meta: Record<string, unknown>) => void) => async (d: string) => {
    const meta = JSON.parse(await readFile(join(d, 'audio-dl.json'), 'utf8'));
    edit(meta);
    await writeFile(join(d, 'audio-dl.json'), JSON.stringify(meta));
  };
  const failures = async (d: string): Promise<string[]> => {
    try {
      disposeModel((await loadModel(d)).model);
    } catch (err) {
      return (err as Error).message.split('\n');
    }
    return [];
  };

  it('loads the untouched model', async () => {
    expect(await failures(good)).toEqual([]);
  });

  it('names a truncated weights.bin and the size the manifest needs', async () => {
    const d = await broken('truncated', (d) => truncate(join(d, 'weights.bin'), 9000));
    expect(await failures(d)).toEqual([
      `${d}/weights.bin: 9000 bytes, the manifest in model.json needs ${weightBytes} (truncated?)`,
    ]);
  });

  it('refuses a padded weights.bin', async () => {
    const d = await broken('padded', async (d) => {
      await writeFile(join(d, 'weights.bin'), Buffer.concat([await readFile(join(d, 'weights.bin')), Buffer.alloc(8)]));
    });
    expect(await failures(d)).toEqual([
      `${d}/weights.bin: ${weightBytes + 8} bytes, the manifest in model.json needs ${weightBytes} (8 bytes too many)`,
    ]);
  });

  it('notices changed weights of the right size by their SHA-256', async () => {
    const d = await broken('flipped', async (d) => {
      const bytes = await readFile(join(d, 'weights.bin'));
      bytes[100] ^= 0xff;
      await writeFile(join(d, 'weights.bin'), bytes);
    });
    expect(await failures(d)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${d}/weights\\.bin: sha256 [0-9a-f]{12}…, audio-dl\\.json records [0-9a-f]{12}… \\(changed since it was saved\\)$`,
        ),
      ),
    ]);
  });

  it('notices an edited model.json by its size', async () => {
    const d = await broken('model-json', async (d) => {
      const json = JSON.parse(await readFile(join(d, 'model.json'), 'utf8'));
      await writeFile(join(d, 'model.json'), JSON.stringify(json, null, 1));
    });
    expect(await failures(d)).toEqual([
      expect.stringMatching(
        new RegExp(`^${d}/model\\.json: \\d+ bytes, audio-dl\\.json records \\d+ \\(changed since it was saved\\)$`),
      ),
    ]);
  });

  it('refuses a mapping cut to fewer genres than the model outputs', async () => {
    const d = await broken(
      'mapping',
      editMeta((m) => (m.mapping as string[]).splice(1)),
    );
    expect(await failures(d)).toEqual([
      `${d}/audio-dl.json: mapping: 1 label, the model in model.json outputs 2 (one per label)`,
    ]);
  });

  it('names every field an edited sample shape disagrees with', async () => {
    const d = await broken(
      'sample-shape',
      editMeta((m) => (m.sampleShape = [44, 12])),
    );
    expect(await failures(d)).toEqual([
      `${d}/audio-dl.json: sampleShape: [44, 12] gives model mlp the input [44, 12], inputShape says [44, 13]`,
      `${d}/audio-dl.json: sampleShape: [44, 12], featureParams give [44, 13]`,
      `${d}/audio-dl.json: standardization.mean: 13 values, sampleShape [44, 12] needs 12`,
      `${d}/audio-dl.json: standardization.std: 13 values, sampleShape [44, 12] needs 12`,
    ]);
  });

  it('refuses an input shape the model does not take, and broken standardisation', async () => {
    const d = await broken(
      'input-shape',
      editMeta((m) => {
        m.inputShape = [44, 14];
        (m.standardization as { std: number[] }).std[3] = 0;
      }),
    );
    expect(await failures(d)).toEqual([
      `${d}/audio-dl.json: inputShape: [44, 14], the model in model.json takes [44, 13]`,
      `${d}/audio-dl.json: sampleShape: [44, 13] gives model mlp the input [44, 13], inputShape says [44, 14]`,
      `${d}/audio-dl.json: standardization.std[3]: 0, expected a positive number`,
    ]);
  });

  it('refuses feature parameters that do not give the sample shape', async () => {
    const d = await broken(
      'params',
      editMeta((m) => ((m.featureParams as { hopLength: number }).hopLength = 512)),
    );
    expect(await failures(d)).toEqual([`${d}/audio-dl.json: sampleShape: [44, 13], featureParams give [22, 13]`]);
  });

  it.each(['weights.bin', 'model.json'])('names a missing %s', async (file) => {
    const d = await broken(`missing-${file}`, (d) => unlink(join(d, file)));
    expect(await failures(d)).toEqual([`${d}/${file}: missing (a saved model needs it)`]);
  });

  it('never reads weight files from outside the model folder', async () => {
    const d = await broken('escape', async (d) => {
      const json = JSON.parse(await readFile(join(d, 'model.json'), 'utf8'));
      json.weightsManifest[0].paths = ['../good/weights.bin'];
      await writeFile(join(d, 'model.json'), JSON.stringify(json));
      await editMeta((m) => delete m.files)(d);
    });
    expect(await failures(d)).toEqual([
      `${d}/model.json: not a tfjs layers model (weightsManifest.0.paths.0: must be a file name in the model folder)`,
    ]);
  });

  it('still loads a model saved before sizes and hashes were recorded', async () => {
    const d = await broken(
      'old',
      editMeta((m) => delete m.files),
    );
    expect(await failures(d)).toEqual([]);
  });
});
