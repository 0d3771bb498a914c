import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeModelData } from '../__fixtures__/model-data';
import { runCli } from '../__fixtures__/run-cli';

// Training and plotting take seconds alone but far longer on a loaded, shared machine.
jest.setTimeout(180_000);

let dir: string;
let data: string;
let model: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cli-evaluate-'));
  ({ data } = await writeModelData(dir));
  model = path.join(dir, 'model');
  const trained = await runCli(
    'train',
    '--data',
    data,
    '--model',
    'mlp',
    '--out',
    model,
    '--epochs',
    '2',
    '--standardize',
    '--backend',
    'wasm',
  );
  expect(trained.code).toBe(0);
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describe('audio-dl evaluate', () => {
  it("scores the model's own test split, matching what train reported", async () => {
    const { code, stdout } = await runCli('evaluate', '--model', model, '--data', data);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /held-out test split of the training data \(track split, test 0\.25, seed 42\): 8 of 24 segments/,
    );
    const saved = JSON.parse(await fs.readFile(path.join(model, 'metrics.json'), 'utf8'));
    const json = await runCli('evaluate', '--model', model, '--data', data, '--json');
    const ev = JSON.parse(json.stdout);
    expect(ev.scope).toBe('test');
    expect(ev.metrics.accuracy).toBe(saved.accuracy);
    expect(ev.metrics.confusion).toEqual(saved.confusion);
  });

  it('scores all of another data file and says so', async () => {
    const other = await writeModelData(dir, 'other.json', ['blues', 'jazz'], 2);
    const { code, stdout } = await runCli('evaluate', '--model', model, '--data', other.data);
    expect(code).toBe(0);
    expect(stdout).toMatch(/other\.json is not the model's training data .*: scoring all 8 segments/);
  });

  it('fails clearly on a missing model or data file', async () => {
    const noModel = await runCli('evaluate', '--model', path.join(dir, 'none'), '--data', data);
    expect(noModel.code).toBe(1);
    expect(noModel.stderr).toMatch(/none: not a saved model/);
    const noData = await runCli('evaluate', '--model', model, '--data', path.join(dir, 'none.json'));
    expect(noData.code).toBe(1);
    expect(noData.stderr).toMatch(/none\.json/);
    const folder = await runCli('evaluate', '--model', model, '--data', dir);
    expect(folder.code).toBe(1);
    expect(folder.stderr).toMatch(/: a folder of parts; evaluate takes one data file for now/);
  });
});
