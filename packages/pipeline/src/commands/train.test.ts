import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { preprocess } from '@audio-dl/dataset';
import { MODEL_PARAMS, writeModelData } from '../__fixtures__/model-data';
import { runCli } from '../__fixtures__/run-cli';

// Training and plotting take seconds alone but far longer on a loaded, shared machine.
jest.setTimeout(180_000);

let dir: string;
let data: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cli-train-'));
  ({ data } = await writeModelData(dir));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describe('audio-dl train', () => {
  it('streams a data set over --memory, says so, and evaluate streams it too', async () => {
    const { data: parquet } = await writeModelData(dir, 'data.parquet');
    const train = (out: string, ...more: string[]) => {
      const args = ['--data', parquet, '--model', 'mlp', '--out', path.join(dir, out), '--epochs', '2'];
      return runCli('train', ...args, '--backend', 'wasm', '--no-record', ...more);
    };
    const a = await train('streamed-a', '--memory', '1K');
    expect(a.code).toBe(0);
    expect(a.stderr).toMatch(
      /reading: streaming from the files \(needs ≈ 212\.1 KiB in memory, over the 1\.0 KiB budget\)/,
    );
    expect((await train('streamed-b', '--memory', '1K')).code).toBe(0);
    const whole = await train('whole');
    expect(whole.stderr).toMatch(/reading: in memory \(needs ≈ 212\.1 KiB, within the 2\.0 GiB budget\)/);
    // The same split either way; the same metrics from the same stream.
    expect(a.stdout).toMatch(/split \(track, seed 42\): train 12, validation 4, test 8 segments/);
    expect(whole.stdout.match(/split .*/)?.[0]).toBe(a.stdout.match(/split .*/)?.[0]);
    const metrics = (out: string) => fs.readFile(path.join(dir, out, 'metrics.json'), 'utf8');
    expect(await metrics('streamed-b')).toBe(await metrics('streamed-a'));
    const meta = JSON.parse(await fs.readFile(path.join(dir, 'streamed-a', 'audio-dl.json'), 'utf8'));
    expect(meta.training.reading).toEqual({ kind: 'stream', windowRows: Math.floor((64 * 2 ** 20) / (87 * 13 * 4)) });
    const ev = await runCli(
      'evaluate',
      '--model',
      path.join(dir, 'streamed-a'),
      '--data',
      parquet,
      '--memory',
      '1K',
      '--json',
    );
    expect(ev.code).toBe(0);
    expect(ev.stderr).toMatch(/reading: streamed from the files/);
    const saved = JSON.parse(await metrics('streamed-a'));
    const scored = JSON.parse(ev.stdout);
    expect(scored).toMatchObject({ scope: 'test', reading: 'stream' });
    expect(scored.metrics.accuracy).toBe(saved.accuracy);
    expect(scored.metrics.confusion).toEqual(saved.confusion);
    const bad = await train('bad', '--memory', 'lots');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--memory: must be a size such as 512M or 2G, got "lots"/);
  });

  it('trains (backend, summary, epochs on stderr; metrics on stdout), saves the model and records the run', async () => {
    const out = path.join(dir, 'mlp');
    const runs = path.join(dir, 'runs');
    const args = ['--data', data, '--model', 'mlp', '--out', out, '--epochs', '2', '--lr', '0.001', '--standardize'];
    const { code, stdout, stderr } = await runCli(
      'train',
      ...args,
      '--backend',
      'wasm',
      '--seed',
      '3',
      '--runs-dir',
      runs,
    );
    expect(code).toBe(0);
    // No --threads: every core, and the count is printed and saved.
    const cores = os.availableParallelism();
    expect(stderr).toMatch(
      new RegExp(`^backend: wasm \\((native kernels: [\\w-]+|WebAssembly kernels[^)]*)\\), ${cores} threads?\\n`),
    );
    expect(stderr).toMatch(/24 segments of \[87, 13\], 2 labels/);
    expect(stderr).toMatch(/│ flatten \(Flatten\) +│ \(None, 1131\) +│ +0 │/);
    expect(stderr).toMatch(
      /Epoch 2\/2 - \d+\/\d+ ━+ .* - accuracy: \d\.\d{4} - loss: \d+\.\d{4} - val_accuracy: \d\.\d{4} - val_loss: /,
    );
    expect(stdout).not.toMatch(/backend|Epoch|Flatten/);
    // 6 tracks per genre: 2 test, 1 validation, 3 train, 2 segments each.
    expect(stdout).toMatch(/split \(track, seed 3\): train 12, validation 4, test 8 segments/);
    expect(stdout).toMatch(/segments: 8 {2}tracks: 4/);
    const files = (await fs.readdir(out)).sort();
    expect(files).toEqual(
      expect.arrayContaining(['audio-dl.json', 'history.json', 'metrics.json', 'model.json', 'weights.bin']),
    );
    const meta = JSON.parse(await fs.readFile(path.join(out, 'audio-dl.json'), 'utf8'));
    expect(meta).toMatchObject({ model: 'mlp', backend: 'wasm', seed: 3, split: { kind: 'track', testSize: 0.25 } });
    expect(meta.training.threads).toBe(cores);
    expect(meta.featureParams).toMatchObject({ sr: 11025, nMfcc: 13, hopLength: 128 });

    // The run is recorded as the pipeline records its own, and `audio-dl runs` lists it.
    const [id] = await fs.readdir(runs);
    expect(id).toMatch(/^\d{8}-\d{6}-mlp$/);
    expect(stdout).toContain(`recorded run ${path.relative('.', path.join(runs, id))}`);
    expect((await fs.readdir(path.join(runs, id))).sort()).toEqual([
      'config.json',
      'metrics.json',
      'model',
      'run.json',
    ]);
    const record = JSON.parse(await fs.readFile(path.join(runs, id, 'run.json'), 'utf8'));
    expect(record).toMatchObject({ id, source: 'cli', model: 'mlp', epochs: 2, epochsRun: 2, backend: 'wasm' });
    expect(record.accuracy).toBe(JSON.parse(await fs.readFile(path.join(out, 'metrics.json'), 'utf8')).accuracy);
    const config = JSON.parse(await fs.readFile(path.join(runs, id, 'config.json'), 'utf8'));
    expect(config.command).toEqual(expect.arrayContaining(['audio-dl', 'train', '--model', 'mlp']));
    const listed = await runCli('runs', '--dir', runs);
    expect(listed.stdout).toMatch(new RegExp(`^${id}\\s+audio-dl train\\s+mlp\\s+2/2\\s+wasm`, 'm'));
  });

  it('trains on a folder of Parquet parts as on the single file', async () => {
    const { root } = await writeModelData(dir, 'parts.parquet');
    const parts = path.join(dir, 'parts');
    for (const k of [0, 1]) {
      const file = path.join(parts, `part-${k}.parquet`);
      await preprocess(root, { out: file, params: MODEL_PARAMS, workers: 0, shard: { index: k, count: 2 } });
    }
    const out = path.join(dir, 'from-parts');
    const flags = ['--model', 'mlp', '--epochs', '1', '--backend', 'wasm', '--seed', '3', '--threads', '1'];
    const { code, stdout, stderr } = await runCli('train', '--data', parts, '--out', out, ...flags, '--no-record');
    expect(code).toBe(0);
    expect(stderr).toMatch(/^backend: wasm \((native kernels: [\w-]+|WebAssembly kernels[^)]*)\), 1 thread\n/);
    expect(stderr).toMatch(/24 segments of \[87, 13\], 2 labels/);
    expect(stdout).toMatch(/split \(track, seed 3\): train 12, validation 4, test 8 segments/);
    const meta = JSON.parse(await fs.readFile(path.join(out, 'audio-dl.json'), 'utf8'));
    expect(meta.data.sha256).toMatch(/^[0-9a-f]{64}$/);
    // evaluate recognises the folder as the model's own data and scores its test split.
    const ev = await runCli('evaluate', '--model', out, '--data', parts);
    expect(ev.code).toBe(0);
    expect(ev.stdout).toMatch(/held-out test split of the training data .*: 8 of 24 segments/);
  });

  it('checks --out, --data and --runs-dir before the backend starts, so a refused path costs no training', async () => {
    const notModel = path.join(dir, 'notes');
    await fs.mkdir(notModel);
    await fs.writeFile(path.join(notModel, 'todo.txt'), 'keep me');
    const started = Date.now();
    const refused = await runCli('train', '--data', data, '--model', 'mlp', '--out', notModel, '--no-record');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `audio-dl train: ${notModel}: not empty and not a saved model (no audio-dl.json); refusing to replace it\n`,
    );
    expect(await fs.readdir(notModel)).toEqual(['todo.txt']);

    const missing = path.join(dir, 'none.arrow');
    const noData = await runCli('train', '--data', missing, '--model', 'mlp', '--out', path.join(dir, 'm2'));
    expect(noData.code).toBe(1);
    expect(noData.stderr).toBe(`audio-dl train: ${missing}: not found\n`);

    const file = path.join(dir, 'runs-file');
    await fs.writeFile(file, '');
    const badRuns = await runCli(
      'train',
      '--data',
      data,
      '--model',
      'mlp',
      '--out',
      path.join(dir, 'm3'),
      '--runs-dir',
      file,
    );
    expect(badRuns.code).toBe(1);
    expect(badRuns.stderr).toBe(`audio-dl train: ${file}: exists and is not a folder\n`);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('records nothing with --no-record', async () => {
    const runs = path.join(dir, 'runs-none');
    const args = ['--data', data, '--model', 'mlp', '--out', path.join(dir, 'quiet'), '--epochs', '1'];
    const { code, stdout } = await runCli('train', ...args, '--backend', 'wasm', '--no-record', '--runs-dir', runs);
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/recorded run/);
    await expect(fs.stat(runs)).rejects.toThrow(/ENOENT/);
  });

  it('trains the recommended recipe when no model is named, and says which', async () => {
    const out = path.join(dir, 'recommended');
    const { code, stderr } = await runCli(
      'train',
      '--data',
      data,
      '--out',
      out,
      '--epochs',
      '1',
      '--seed',
      '3',
      '--no-record',
    );
    expect(code).toBe(0);
    expect(stderr).toMatch(/model: mel-cnn \(the recommended recipe for mfcc features\)/);
    const meta = JSON.parse(await fs.readFile(path.join(out, 'audio-dl.json'), 'utf8'));
    expect(meta.model).toBe('mel-cnn');
    expect(meta.standardization.mean).toHaveLength(13);
    expect(meta.training.recipe).toMatchObject({ schedule: 'one-cycle', labelSmoothing: 0.1, augment: { crop: true } });
  });

  it('validates flags with clear messages', async () => {
    const bad = await runCli('train', '--data', data, '--model', 'resnet', '--out', dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--model: must be one of mlp, mlp-regularized, cnn, lstm, stats, mel-cnn/);
    // §07's addition model is not a genre model: `audio-dl tf addition` trains it.
    const addition = await runCli('train', '--data', data, '--model', 'addition', '--out', dir);
    expect(addition.code).toBe(2);
    const both = await runCli('train', '--data', data, '--out', dir, '--standardize', '--no-standardize');
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--standardize and --no-standardize contradict each other/);
    const crop = await runCli('train', '--data', data, '--out', dir, '--crop', '--no-crop');
    expect(crop.stderr).toMatch(/--crop and --no-crop contradict each other/);
    const missing = await runCli('train', '--model', 'mlp', '--out', dir);
    expect(missing.stderr).toMatch(/--data: is required/);
    const split = await runCli('train', '--data', data, '--model', 'mlp', '--out', dir, '--split', 'song');
    expect(split.stderr).toMatch(/--split: /);
    const size = await runCli('train', '--data', data, '--model', 'mlp', '--out', dir, '--test-size', '1.5');
    expect(size.stderr).toMatch(/--test-size: must be less than 1/);
    const epochs = await runCli('train', '--data', data, '--model', 'mlp', '--out', dir, '--epochs', '2.5');
    expect(epochs.stderr).toMatch(/--epochs: must be a whole number/);
    const seed = await runCli('train', '--data', data, '--model', 'mlp', '--out', dir, '--seed', 'x');
    expect(seed.stderr).toMatch(/--seed: must be a number/);
    const batch = await runCli('train', '--data', data, '--model', 'mlp', '--out', dir, '--batch-size', '0');
    expect(batch.stderr).toMatch(/--batch-size: must be greater than 0/);
  });

  it('--ensemble 2 averages two models trained on one split; the Keras export refuses it in one line', async () => {
    const out = path.join(dir, 'ensemble');
    const args = ['--data', data, '--model', 'mlp', '--out', out, '--epochs', '1', '--backend', 'wasm', '--seed', '5'];
    const { code, stdout, stderr } = await runCli('train', ...args, '--ensemble', '2', '--no-record');
    expect(code).toBe(0);
    expect(stderr).toContain('ensemble member 1/2 (seed 5)\n');
    expect(stderr).toContain('ensemble member 2/2 (seed 1005)\n');
    expect(stdout).toMatch(/split \(track, seed 5\): train 12, validation 4, test 8 segments/);
    const meta = JSON.parse(await fs.readFile(path.join(out, 'audio-dl.json'), 'utf8'));
    expect(meta).toMatchObject({ model: 'mlp', seed: 5, ensemble: { members: 2, seeds: [5, 1005] } });
    // Two §10 MLPs of 1131 inputs → 512 → 256 → 64 → 2: 727,490 weights each.
    const manifest = JSON.parse(await fs.readFile(path.join(out, 'model.json'), 'utf8')).weightsManifest as {
      weights: { shape: number[] }[];
    }[];
    const weights = manifest.flatMap((g) => g.weights).reduce((a, w) => a + w.shape.reduce((x, y) => x * y, 1), 0);
    expect(weights).toBe(2 * 727_490);
    const predicted = await runCli('evaluate', '--model', out, '--data', data);
    expect(predicted.code).toBe(0);
    expect(predicted.stdout).toMatch(/segments: 8 {2}tracks: 4/);
    const keras = await runCli('export', '--format', 'keras', '--model', out, '--out', path.join(dir, 'e.keras'));
    expect(keras.code).toBe(1);
    expect(keras.stderr.trim()).toBe(
      `audio-dl export: ${path.join(out, 'audio-dl.json')}: ensemble: an average of 2 models (train --ensemble); the Keras export takes a single model (train without --ensemble)`,
    );
    const one = await runCli('train', ...args, '--ensemble', '1');
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/--ensemble: must be a whole number ≥ 2/);
  });
});
