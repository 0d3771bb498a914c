import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeWav } from '@audio-dl/dsp';
import { initBackend } from '@audio-dl/tfjs-kernels/node';
import { saveToneModel } from './__fixtures__/tone-model';
import { TINY_PARAMS, tone } from './__fixtures__/tones';
import { loadModel } from './io';
import { disposeModel } from './models';
import { predictFiles } from './predict';

// Training and plotting take seconds alone but far longer on a loaded, shared machine.
jest.setTimeout(180_000);

let dir: string;
beforeAll(async () => {
  await initBackend('wasm');
  dir = await mkdtemp(join(tmpdir(), 'genre-predict-'));
  await saveToneModel(dir);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const sr = TINY_PARAMS.sr;

describe('predictFiles', () => {
  it('featurises new audio as in training and ranks the genres; bad files fail alone', async () => {
    const { model, meta } = await loadModel(join(dir, 'model'));
    const low = join(dir, 'low.wav');
    const high = join(dir, 'high.wav');
    const short = join(dir, 'short.wav');
    const junk = join(dir, 'junk.wav');
    // All of each file, in windows of a segment (0.5 s) every half segment.
    await writeFile(low, encodeWav(tone(230, 3, sr, 77), sr));
    await writeFile(high, encodeWav(tone(1800, 1, sr, 78), sr));
    await writeFile(short, encodeWav(tone(230, 0.3, sr, 79), sr));
    await writeFile(junk, 'not audio at all');
    const results = await predictFiles(model, meta, [low, high, short, junk, join(dir, 'missing.wav')], { top: 1 });
    const [a, b, c, d, e] = results;
    expect(a).toMatchObject({ ok: true, segments: 11, top: [{ genre: 'low' }] });
    expect(b).toMatchObject({ ok: true, segments: 3, top: [{ genre: 'high' }] });
    if (a.ok) {
      expect(a.top[0].probability).toBeGreaterThan(0.9);
      expect(a.probabilities.reduce((s, p) => s + p.probability, 0)).toBeCloseTo(1, 5);
    }
    expect(c).toMatchObject({ ok: false });
    if (!c.ok)
      expect(c.error).toMatch(/short\.wav: shorter than one segment \(0\.30 s of audio, a segment is 0\.50 s\)/);
    if (!d.ok) expect(d.error).toMatch(/junk\.wav: /);
    if (!e.ok) expect(e.error).toMatch(/missing\.wav: not found/);
    expect([d.ok, e.ok]).toEqual([false, false]);
    disposeModel(model);
  });

  it('refuses a model whose data file recorded no feature parameters', async () => {
    const { model, meta } = await loadModel(join(dir, 'model'));
    await expect(predictFiles(model, { ...meta, featureParams: null }, ['x.wav'])).rejects.toThrow(
      /does not record its feature parameters/,
    );
    disposeModel(model);
  });
});
