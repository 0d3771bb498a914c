import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { trainTinyMlp, writeModelData } from '../__fixtures__/model-data';
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
  await trainTinyMlp(data, model, '--epochs', '2', '--standardize');
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

  it('names a missing model or data file in one line, before any backend starts', async () => {
    const none = path.join(dir, 'none');
    const noModel = await runCli('evaluate', '--model', none, '--data', data);
    expect(noModel).toEqual({ code: 1, stdout: '', stderr: `audio-dl evaluate: ${none}: not found\n` });
    const noData = await runCli('evaluate', '--model', model, '--data', `${none}.json`);
    expect(noData).toEqual({ code: 1, stdout: '', stderr: `audio-dl evaluate: ${none}.json: not found\n` });
    const notModel = await runCli('evaluate', '--model', dir, '--data', data);
    expect(notModel.code).toBe(1);
    expect(notModel.stderr).toMatch(/not a saved model \(cannot read audio-dl\.json\)/);
  });

  it('says a cut-short Arrow data file is truncated, with its size', async () => {
    const { data: arrow } = await writeModelData(dir, 'data.arrow');
    const whole = await fs.readFile(arrow);
    const cut = path.join(dir, 'cut.arrow');
    await fs.writeFile(cut, whole.subarray(0, 1000));
    const r = await runCli('evaluate', '--model', model, '--data', cut);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`audio-dl evaluate: ${cut}: truncated: 1000 bytes, and no Arrow footer at the end`);
  });
});
