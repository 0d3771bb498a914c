import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { trainTinyMlp, writeModelData } from '../__fixtures__/model-data';
import { runCli } from '../__fixtures__/run-cli';

// The command line around @audio-dl/keras-export (whose own tests check the archive and Keras' predictions).
jest.setTimeout(300_000);

let dir: string;
const model = () => path.join(dir, 'mlp');

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cli-export-'));
  const { data } = await writeModelData(dir);
  await trainTinyMlp(data, model(), '--epochs', '1', '--lr', '0.001');
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describe('audio-dl export --format keras', () => {
  it('writes the archive and says what it wrote', async () => {
    const out = path.join(dir, 'mlp.keras');
    const { code, stdout, stderr } = await runCli('export', '--format', 'keras', '--model', model(), '--out', out);
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout).toMatch(
      /mlp\.keras: Keras 3 archive, \d+ layers \(Normalization, .*\), \d+ parameters, \d+ bytes; load with keras\.models\.load_model\n$/,
    );
    expect((await fs.stat(out)).size).toBeGreaterThan(0);
  });

  it('refuses a broken model folder with its check line, and bad flags with usage', async () => {
    const broken = path.join(dir, 'broken');
    await fs.cp(model(), broken, { recursive: true });
    await fs.truncate(path.join(broken, 'weights.bin'), 1000);
    const out = path.join(dir, 'broken.keras');
    const failed = await runCli('export', '--format', 'keras', '--model', broken, '--out', out);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(
      /^audio-dl export: .*broken\/weights\.bin: 1000 bytes, the manifest in model\.json needs \d+ \(truncated\?\)\n$/,
    );
    await expect(fs.stat(out)).rejects.toThrow(/ENOENT/);
    const badFormat = await runCli('export', '--format', 'tflite', '--model', broken, '--out', out);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/--format: must be keras, web or onnx/);
    const badOut = await runCli('export', '--format', 'keras', '--model', broken, '--out', path.join(dir, 'model.h5'));
    expect(badOut.code).toBe(2);
    expect(badOut.stderr).toMatch(/--out: must end in \.keras/);
  });
});

describe('audio-dl export --format web', () => {
  it('refuses a folder that holds something else, and replaces an earlier export, saying what it wrote', async () => {
    const other = path.join(dir, 'not-a-site');
    await fs.mkdir(other);
    await fs.writeFile(path.join(other, 'notes.txt'), 'mine');
    const refused = await runCli('export', '--format', 'web', '--model', model(), '--out', other);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${path.resolve(other)}: not empty and not an earlier web export`);
    expect(await fs.readdir(other)).toEqual(['notes.txt']);
    const site = path.join(dir, 'site-twice');
    for (let i = 0; i < 2; i++) {
      const { code, stdout } = await runCli('export', '--format', 'web', '--model', model(), '--out', site);
      expect(code).toBe(0);
      expect(stdout).toMatch(/static site, 9 files, \d+\.\d MB/);
    }
    expect(await fs.readdir(site)).toContain('audio-dl-web.json');
  });
});
