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
  it('trains, prints backend, summary, epochs and test metrics, and saves the run', async () => {
    const out = path.join(dir, 'mlp');
    const { code, stdout } = await runCli(
      'train',
      '--data',
      data,
      '--model',
      'mlp',
      '--out',
      out,
      '--epochs',
      '2',
      '--lr',
      '0.001',
      '--standardize',
      '--backend',
      'wasm',
      '--seed',
      '3',
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/^backend: wasm\n/);
    expect(stdout).toMatch(/24 segments of \[87, 13\], 2 genres/);
    expect(stdout).toMatch(/│ flatten \(Flatten\) +│ \(None, 1131\) +│ +0 │/);
    expect(stdout).toMatch(
      /Epoch 2\/2 - \d+\/\d+ ━+ .* - accuracy: \d\.\d{4} - loss: \d+\.\d{4} - val_accuracy: \d\.\d{4} - val_loss: /,
    );
    // 6 tracks per genre: 2 test, 1 validation, 3 train, 2 segments each.
    expect(stdout).toMatch(/split \(track, seed 3\): train 12, validation 4, test 8 segments/);
    expect(stdout).toMatch(/segments: 8 {2}tracks: 4/);
    const files = (await fs.readdir(out)).sort();
    expect(files).toEqual(
      expect.arrayContaining(['audio-dl.json', 'history.json', 'metrics.json', 'model.json', 'weights.bin']),
    );
    const meta = JSON.parse(await fs.readFile(path.join(out, 'audio-dl.json'), 'utf8'));
    expect(meta).toMatchObject({ model: 'mlp', backend: 'wasm', seed: 3, split: { kind: 'track', testSize: 0.25 } });
    expect(meta.featureParams).toMatchObject({ sr: 11025, nMfcc: 13, hopLength: 128 });
  });

  it('trains on a folder of Parquet parts as on the single file', async () => {
    const { root } = await writeModelData(dir, 'parts.parquet');
    const parts = path.join(dir, 'parts');
    for (const k of [0, 1]) {
      const file = path.join(parts, `part-${k}.parquet`);
      await preprocess(root, { out: file, params: MODEL_PARAMS, workers: 0, shard: { index: k, count: 2 } });
    }
    const out = path.join(dir, 'from-parts');
    const flags = ['--model', 'mlp', '--epochs', '1', '--backend', 'wasm', '--seed', '3'];
    const { code, stdout } = await runCli('train', '--data', parts, '--out', out, ...flags);
    expect(code).toBe(0);
    expect(stdout).toMatch(/24 segments of \[87, 13\], 2 genres/);
    expect(stdout).toMatch(/split \(track, seed 3\): train 12, validation 4, test 8 segments/);
    const meta = JSON.parse(await fs.readFile(path.join(out, 'audio-dl.json'), 'utf8'));
    expect(meta.data.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a data file that does not fit the model before training, naming both shapes', async () => {
    const { code, stdout, stderr } = await runCli(
      'train',
      '--data',
      data,
      '--model',
      'addition',
      '--out',
      path.join(dir, 'x'),
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(/model addition .*shape \[2\].*holds samples of shape \[87, 13\]/);
    expect(stdout).not.toMatch(/Epoch/);
    await expect(fs.stat(path.join(dir, 'x'))).rejects.toThrow(/ENOENT/);
  });

  it('validates flags with clear messages', async () => {
    const bad = await runCli('train', '--data', data, '--model', 'resnet', '--out', dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--model: must be one of addition, mlp, mlp-regularized, cnn, lstm/);
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
});
