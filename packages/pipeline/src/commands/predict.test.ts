import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MODEL_PARAMS, writeModelData } from '../__fixtures__/model-data';
import { runCli } from '../__fixtures__/run-cli';
import { tinyTrack, wavBytes } from '../__fixtures__/tiny-data';

// Training and plotting take seconds alone but far longer on a loaded, shared machine.
jest.setTimeout(180_000);

let dir: string;
let model: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cli-predict-'));
  const { data } = await writeModelData(dir);
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
    '8',
    '--lr',
    '0.001',
    '--standardize',
    '--backend',
    'wasm',
    '--no-record',
  );
  expect(trained.code).toBe(0);
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

const sr = MODEL_PARAMS.sr;

describe('audio-dl predict', () => {
  it('prints the top genres per file; an unreadable file is one error line and exit 1', async () => {
    const jazz = path.join(dir, 'new-jazz.wav');
    await fs.writeFile(jazz, wavBytes(tinyTrack(1, 9, 3, sr), sr));
    const missing = path.join(dir, 'missing.mp3');
    const { code, stdout, stderr } = await runCli('predict', '--model', model, jazz, missing, '--top', '2');
    expect(code).toBe(1);
    expect(stdout).toMatch(/new-jazz\.wav: jazz \d+\.\d%, blues \d+\.\d% \(2 segments\)\n/);
    expect(stderr).toContain(`audio-dl predict: ${missing}: not found\n`);
    expect(stderr.split('\n').filter((l) => l.startsWith('audio-dl predict:'))).toHaveLength(1);
  });

  it('says when a file is shorter than one segment, and prints JSON with --json', async () => {
    const short = path.join(dir, 'short.wav');
    await fs.writeFile(short, wavBytes(tinyTrack(0, 1, 0.4, sr), sr));
    const blues = path.join(dir, 'new-blues.wav');
    await fs.writeFile(blues, wavBytes(tinyTrack(0, 8, 2, sr), sr));
    const { code, stdout, stderr } = await runCli('predict', '--model', model, '--json', short, blues);
    expect(code).toBe(1);
    expect(stderr).toMatch(/short\.wav: shorter than one segment \(0\.40 s of audio, a segment is 1\.00 s\)/);
    const results = JSON.parse(stdout);
    expect(results).toHaveLength(2);
    expect(results[1]).toMatchObject({ ok: true, segments: 2, top: [{ genre: 'blues' }, { genre: 'jazz' }] });
  });

  it('needs at least one file, and a model folder that exists', async () => {
    const { code, stderr } = await runCli('predict', '--model', model);
    expect(code).toBe(2);
    expect(stderr).toMatch(/expected at least one audio file/);
    const none = path.join(dir, 'no-model');
    const missing = await runCli('predict', '--model', none, path.join(dir, 'new-jazz.wav'));
    expect(missing).toEqual({ code: 1, stdout: '', stderr: `audio-dl predict: ${none}: not found\n` });
  });
});
