import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadModel } from '@audio-dl/genre-model';
import { writeModelData } from '../__fixtures__/model-data';
import { parseConfig } from '../config';
import { stageDir } from './io';
import { train } from './train';

jest.setTimeout(180_000);

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'stage-train-'));
  await fs.mkdir(path.join(dir, 'artifacts', 'dataset'), { recursive: true });
  await writeModelData(dir, path.join('artifacts', 'dataset', 'data.arrow'));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

/** Runs the train stage on the tiny data set with `train` settings; its log lines and the saved model's record. */
async function runStage(settings: Record<string, unknown>, name: string) {
  const loaded = {
    file: path.join(dir, `${name}.json`),
    dir,
    config: parseConfig({ train: { model: 'mlp', epochs: 1, backend: 'wasm', threads: 1, ...settings } }),
  };
  const lines: string[] = [];
  const out = path.join(stageDir(loaded, 'train', name));
  await train({ loaded, experiment: 'default', log: (l) => lines.push(l) }, out);
  const { meta, model } = await loadModel(path.join(out, 'model'));
  model.dispose();
  return { lines, meta };
}

describe('train stage', () => {
  it('streams the data set from its file when it needs more than train.memory, in memory otherwise', async () => {
    const streamed = await runStage({ memory: '1K' }, 'streamed');
    expect(streamed.lines[0]).toMatch(/reading: streaming from the files \(needs ≈ .* over the 1\.0 KiB budget\)/);
    expect(streamed.meta.training.reading?.kind).toBe('stream');
    const whole = await runStage({}, 'whole');
    expect(whole.lines[0]).toMatch(/reading: in memory \(needs ≈ .* within the 2\.0 GiB budget\)/);
    expect(whole.meta.training.reading?.kind).toBe('memory');
    // The same split either way: it comes from the track ids alone.
    expect(streamed.meta.data.samples).toBe(whole.meta.data.samples);
  });

  it('refuses a memory budget it cannot read, naming the field', () => {
    expect(() => parseConfig({ train: { memory: 'lots' } }, 'pipeline.config.json')).toThrow(
      'pipeline.config.json: invalid pipeline config: train.memory: must be a size such as 512M or 2G, got "lots"',
    );
  });
});
