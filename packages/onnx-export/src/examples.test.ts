import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeWav } from '@audio-dl/dsp';
import { disposeModel, loadModel, predictFiles, saveModel } from '@audio-dl/genre-model';
import { initBackend } from '@audio-dl/tfjs-kernels/node';
import { LABELS, tinyParams, toneClip, trainedModel } from './__fixtures__/models';
import { onnxPython } from './__fixtures__/python';
import { exportOnnx } from './export';

// The README's examples, run as written on files `predict` also reads: same answer to 1e-3.
const EXAMPLES = path.join(__dirname, '..', 'examples');

/** The first Python block of a README. */
async function pythonBlock(readme: string): Promise<string> {
  const text = await fs.readFile(readme, 'utf8');
  const block = /```python\n([\s\S]*?)```/.exec(text);
  if (!block) throw new Error(`${readme} has no Python block`);
  return block[1];
}

interface Answer {
  segments: number;
  probabilities: { label: string; probability: number }[];
}

const byLabel = (a: Answer): number[] =>
  LABELS.map((l) => a.probabilities.find((p) => p.label === l)?.probability ?? Number.NaN);

describe.each(['mfcc', 'logmel'] as const)('the README examples on a %s model', (features) => {
  let dir: string;
  let model: string;
  let files: string[];
  let expected: Map<string, { windows: number; probabilities: number[] }>;
  beforeAll(async () => {
    await initBackend('wasm');
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'onnx-examples-'));
    const params = tinyParams(features);
    const trained = await trainedModel(features === 'mfcc' ? 'cnn' : 'mel-cnn', params);
    await fs.mkdir(path.join(dir, 'model'));
    await saveModel(path.join(dir, 'model'), trained.model, trained.meta);
    disposeModel(trained.model);
    model = path.join(dir, 'model.onnx');
    await exportOnnx(path.join(dir, 'model'), model);
    // One mono and one stereo file per label, 1.3 s (2 segments and a bit).
    files = [];
    for (const [label] of LABELS.entries()) {
      const a = toneClip(label, 21, params.sr);
      const b = toneClip(label, 22, params.sr);
      const long = (x: Float32Array) => Float32Array.from({ length: 10400 }, (_, i) => x[i % x.length]);
      const mono = path.join(dir, `${label}-mono.wav`);
      const stereo = path.join(dir, `${label}-stereo.wav`);
      await fs.writeFile(mono, encodeWav([long(a)], params.sr));
      await fs.writeFile(stereo, encodeWav([long(a), long(b)], params.sr));
      files.push(mono, stereo);
    }
    const loaded = await loadModel(path.join(dir, 'model'));
    const predictions = await predictFiles(loaded.model, loaded.meta, files, { top: LABELS.length });
    disposeModel(loaded.model);
    expected = new Map(
      predictions.map((p) => {
        if (!p.ok) throw new Error(p.error);
        const probabilities = LABELS.map((l) => p.probabilities.find((q) => q.genre === l)?.probability ?? Number.NaN);
        return [p.file, { windows: p.segments, probabilities }];
      }),
    );
  }, 180_000);
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  const check = (answer: Answer, file: string) => {
    const want = expected.get(file)?.probabilities ?? [];
    // 1.3 s in windows of 0.5 s every 0.25 s.
    expect(answer.segments).toBe(4);
    expect(answer.segments).toBe(expected.get(file)?.windows);
    byLabel(answer).forEach((p, i) => {
      expect(Math.abs(p - want[i])).toBeLessThan(1e-3);
    });
  };

  it('Node (onnxruntime-node + node-wav) gives the answer of audio-dl predict', () => {
    for (const file of files) {
      const run = spawnSync(process.execPath, [path.join(EXAMPLES, 'classify.mjs'), model, file], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      check(JSON.parse(run.stdout) as Answer, file);
    }
  });

  it('Python (onnxruntime + soundfile) gives the answer of audio-dl predict, and onnx.checker passes', () => {
    const python = onnxPython();
    if (!python) return;
    const checked = spawnSync(python, [path.join(EXAMPLES, 'check_model.py'), model], { encoding: 'utf8' });
    expect(checked.stderr).toBe('');
    expect(JSON.parse(JSON.parse(checked.stdout)['audio-dl'])).toMatchObject({ labels: LABELS, sampleRate: 8000 });
    for (const file of files) {
      const run = spawnSync(python, [path.join(EXAMPLES, 'classify.py'), model, file], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      check(JSON.parse(run.stdout) as Answer, file);
    }
  });

  it("the READMEs' Python snippet (the same in both) gives the answer of audio-dl predict", async () => {
    const python = onnxPython();
    if (!python) return;
    const snippet = await pythonBlock(path.join(__dirname, '..', 'README.md'));
    expect(await pythonBlock(path.join(__dirname, '..', '..', '..', 'README.md'))).toBe(snippet);
    const script = path.join(dir, 'classify.py');
    await fs.writeFile(script, snippet);
    for (const file of files) {
      const run = spawnSync(python, [script, model, file], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      const answer = JSON.parse(run.stdout) as Record<string, number>;
      const want = expected.get(file)?.probabilities ?? [];
      LABELS.forEach((label, i) => {
        expect(Math.abs(answer[label] - want[i])).toBeLessThan(1e-3);
      });
    }
  });

  it('the examples refuse audio at another rate in one line', () => {
    const other = path.join(dir, 'other-rate.wav');
    return fs.writeFile(other, encodeWav([toneClip(0, 1, 16000)], 16000)).then(() => {
      const run = spawnSync(process.execPath, [path.join(EXAMPLES, 'classify.mjs'), model, other], {
        encoding: 'utf8',
      });
      expect(run.status).toBe(1);
      expect(run.stderr.trim()).toBe(`${other}: 16000 Hz, the model takes 8000 Hz: resample it first`);
    });
  });
});
