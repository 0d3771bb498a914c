import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeWav } from '@audio-dl/dsp';
import { MODEL_PARAMS, trainTinyMlp, writeModelData } from '../__fixtures__/model-data';
import { runCli } from '../__fixtures__/run-cli';
import { tinyTrack } from '../__fixtures__/tiny-data';

// Training and plotting take seconds alone but far longer on a loaded, shared machine.
jest.setTimeout(180_000);

let dir: string;
let model: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cli-predict-'));
  const { data } = await writeModelData(dir);
  model = path.join(dir, 'model');
  await trainTinyMlp(data, model, '--epochs', '8', '--lr', '0.001', '--standardize');
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

const sr = MODEL_PARAMS.sr;

describe('audio-dl predict', () => {
  it('prints the top genres per file; an unreadable file is one error line and exit 1', async () => {
    const jazz = path.join(dir, 'new-jazz.wav');
    await fs.writeFile(jazz, encodeWav(tinyTrack(1, 9, 3, sr), sr));
    const missing = path.join(dir, 'missing.mp3');
    const { code, stdout, stderr } = await runCli('predict', '--model', model, jazz, missing, '--top', '2');
    expect(code).toBe(1);
    expect(stdout).toMatch(/new-jazz\.wav: jazz \d+\.\d%, blues \d+\.\d% \(5 windows\)\n/);
    expect(stderr).toContain(`audio-dl predict: ${missing}: not found\n`);
    expect(stderr.split('\n').filter((l) => l.startsWith('audio-dl predict:'))).toHaveLength(1);
  });

  it('says when a file is shorter than one segment, and prints JSON with --json', async () => {
    const short = path.join(dir, 'short.wav');
    await fs.writeFile(short, encodeWav(tinyTrack(0, 1, 0.4, sr), sr));
    const blues = path.join(dir, 'new-blues.wav');
    await fs.writeFile(blues, encodeWav(tinyTrack(0, 8, 2, sr), sr));
    const { code, stdout, stderr } = await runCli('predict', '--model', model, '--json', short, blues);
    expect(code).toBe(1);
    expect(stderr).toMatch(/short\.wav: shorter than one segment \(0\.40 s of audio, a segment is 1\.00 s\)/);
    const results = JSON.parse(stdout);
    expect(results).toHaveLength(2);
    expect(results[1]).toMatchObject({ ok: true, segments: 3, top: [{ genre: 'blues' }, { genre: 'jazz' }] });
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

describe('audio-dl predict with a broken model folder', () => {
  let song: string;
  beforeAll(async () => {
    song = path.join(dir, 'song.wav');
    await fs.writeFile(song, encodeWav(tinyTrack(1, 9, 3, sr), sr));
  });

  /** A copy of the trained model with `breakIt` applied to it. */
  async function broken(name: string, breakIt: (d: string) => Promise<void>): Promise<string> {
    const d = path.join(dir, `broken-${name}`);
    await fs.cp(model, d, { recursive: true });
    await breakIt(d);
    return d;
  }
  const editMeta = (edit: (meta: Record<string, unknown>) => void) => async (d: string) => {
    const meta = JSON.parse(await fs.readFile(path.join(d, 'audio-dl.json'), 'utf8'));
    edit(meta);
    await fs.writeFile(path.join(d, 'audio-dl.json'), JSON.stringify(meta));
  };

  it.each([
    [
      'truncated',
      (d: string) => fs.truncate(path.join(d, 'weights.bin'), 9000),
      /weights\.bin: 9000 bytes, the manifest in model\.json needs \d+ \(truncated\?\)$/,
    ],
    [
      'padded',
      (d: string) => fs.appendFile(path.join(d, 'weights.bin'), Buffer.alloc(4)),
      /weights\.bin: \d+ bytes, the manifest in model\.json needs \d+ \(4 bytes too many\)$/,
    ],
    [
      'mapping-cut',
      editMeta((m) => (m.mapping as string[]).splice(1)),
      /audio-dl\.json: mapping: 1 label, the model in model\.json outputs 2 \(one per label\)$/,
    ],
    [
      'shape-edited',
      editMeta((m) => (m.inputShape = [87, 12])),
      /audio-dl\.json: inputShape: \[87, 12\], the model in model\.json takes \[87, 13\]\n/,
    ],
    [
      'file-missing',
      (d: string) => fs.unlink(path.join(d, 'model.json')),
      /model\.json: missing \(a saved model needs it\)$/,
    ],
  ] as const)('%s: one line per failure naming the file, nothing predicted, exit 1', async (name, breakIt, message) => {
    const d = await broken(name, breakIt);
    const { code, stdout, stderr } = await runCli('predict', '--model', d, song);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const lines = stderr.split('\n').filter((l) => l !== '' && !l.startsWith('backend:'));
    expect(lines[0]).toContain(`audio-dl predict: ${d}/`);
    expect(`${lines.join('\n')}\n`.replace(/\n$/, '')).toMatch(message);
  });
});
