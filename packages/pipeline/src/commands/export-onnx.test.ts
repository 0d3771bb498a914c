import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeWav } from '@audio-dl/dsp';
import { MODEL_PARAMS, trainTinyMlp, writeModelData } from '../__fixtures__/model-data';
import { runCli } from '../__fixtures__/run-cli';
import { tinyTrack } from '../__fixtures__/tiny-data';

// Training takes seconds alone but far longer on a loaded, shared machine.
jest.setTimeout(180_000);

// The README's Node example: onnxruntime-node and node-wav only, no audio-dl.
const EXAMPLE = path.join(__dirname, '..', '..', '..', 'onnx-export', 'examples', 'classify.mjs');

let dir: string;
let model: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cli-export-onnx-'));
  const { data } = await writeModelData(dir);
  model = path.join(dir, 'model');
  await trainTinyMlp(data, model, '--epochs', '8', '--lr', '0.001', '--standardize');
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describe('audio-dl export --format onnx', () => {
  it('writes the model and its description; ONNX Runtime gives the answer of audio-dl predict --json', async () => {
    const out = path.join(dir, 'model.onnx');
    const exported = await runCli('export', '--format', 'onnx', '--model', model, '--out', out);
    expect(exported).toMatchObject({ code: 0, stderr: '' });
    expect(exported.stdout).toMatch(
      new RegExp(
        `^${out}: ONNX opset 17, [\\d.]+ MB; input "waveform" mono float32 waveform at 11025 Hz, one segment of 11025 samples .*\\(blues, jazz\\); described in ${out}\\.json\\n$`,
      ),
    );
    const info = JSON.parse(await fs.readFile(`${out}.json`, 'utf8'));
    expect(info).toMatchObject({ labels: ['blues', 'jazz'], sampleRate: MODEL_PARAMS.sr, segmentSamples: 11025 });
    const song = path.join(dir, 'song.wav');
    await fs.writeFile(song, encodeWav(tinyTrack(1, 9, 2, MODEL_PARAMS.sr), MODEL_PARAMS.sr));
    const predicted = await runCli('predict', '--model', model, '--json', song);
    expect(predicted.code).toBe(0);
    const [want] = JSON.parse(predicted.stdout) as {
      segments: number;
      probabilities: { genre: string; probability: number }[];
    }[];
    const run = spawnSync(process.execPath, [EXAMPLE, out, song], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const got = JSON.parse(run.stdout) as { segments: number; probabilities: { label: string; probability: number }[] };
    // 2 s in windows of 1 s every 0.5 s, as `predict` covers a file.
    expect(got.segments).toBe(3);
    expect(got.segments).toBe(want.segments);
    for (const { genre, probability } of want.probabilities) {
      const p = got.probabilities.find((q) => q.label === genre)?.probability ?? Number.NaN;
      expect(Math.abs(p - probability)).toBeLessThan(1e-3);
    }
  });

  it('exports the network alone with --front-end none', async () => {
    const out = path.join(dir, 'net.onnx');
    const { code } = await runCli('export', '--format', 'onnx', '--model', model, '--out', out, '--front-end', 'none');
    expect(code).toBe(0);
    const info = JSON.parse(await fs.readFile(`${out}.json`, 'utf8'));
    expect(info.input).toMatchObject({ name: 'features', kind: 'features', shape: ['batch', 87, 13] });
  });

  it('refuses --front-end with another format, and an unknown front end, in one line', async () => {
    const keras = await runCli(
      'export',
      '--format',
      'keras',
      '--model',
      model,
      '--out',
      'x.keras',
      '--front-end',
      'none',
    );
    expect(keras).toMatchObject({ code: 2, stdout: '' });
    expect(keras.stderr).toMatch(/--front-end: only with --format onnx/);
    const bogus = await runCli(
      'export',
      '--format',
      'onnx',
      '--model',
      model,
      '--out',
      'x.onnx',
      '--front-end',
      'mfcc',
    );
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toMatch(/--front-end.*must be waveform or none/);
  });
});
