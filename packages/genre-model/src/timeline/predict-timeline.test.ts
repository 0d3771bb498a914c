import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeWav } from '@audio-dl/dsp';
import { loadAudio } from '@audio-dl/dsp/node';
import { initBackend } from '@audio-dl/tfjs-kernels/node';
import { saveToneModel } from '../__fixtures__/tone-model';
import { TINY_PARAMS, tone } from '../__fixtures__/tones';
import { loadModel } from '../io';
import type { ModelMeta } from '../meta';
import { disposeModel } from '../models';
import { predictFile, predictFiles } from '../predict';
import { predictBytes, predictionParams, predictSignal } from '../predict-audio';
import { timelineOptionsSchema } from './options';
import { predictWindows, type StreamedWindow, streamWindows, windowPlan } from './predict-timeline';

// Training takes seconds alone but far longer on a loaded, shared machine.
jest.setTimeout(240_000);

const sr = TINY_PARAMS.sr;
let dir: string;
let model: Awaited<ReturnType<typeof loadModel>>['model'];
let meta: ModelMeta;
/** 12 s alternating between the two tones every 1.5 s, so windows disagree and straddle changes. */
let signal: Float32Array;
let long: string;

beforeAll(async () => {
  await initBackend('wasm');
  dir = await mkdtemp(join(tmpdir(), 'genre-timeline-'));
  await saveToneModel(dir);
  ({ model, meta } = await loadModel(join(dir, 'model')));
  const parts = Array.from({ length: 8 }, (_, i) => tone(i % 2 === 0 ? 220 : 1760, 1.5, sr, 500 + i));
  signal = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  parts.forEach((p, i) => {
    signal.set(p, i * p.length);
  });
  long = join(dir, 'long.wav');
  await writeFile(long, encodeWav(signal, sr));
});
afterAll(async () => {
  disposeModel(model);
  await rm(dir, { recursive: true, force: true });
});

describe('predictFile over a whole recording', () => {
  it('gives, window for window, what predicting each span cut out by hand gives (1e-4)', async () => {
    const { prediction, windows } = await predictFile(model, meta, long, { hop: 0.3, timeline: true, top: 2 });
    const size = 0.5 * sr;
    // (12 − 0.5) / 0.3 + 1 full windows
    expect(windows).toHaveLength(39);
    expect(prediction.segments).toBe(39);
    expect(prediction.windows?.[3]).toMatchObject({ start: expect.closeTo(0.9, 9), end: expect.closeTo(1.4, 9) });
    const mean = [0, 0];
    for (const [i, w] of windows.entries()) {
      const at = Math.round(w.start * sr);
      expect(at).toBe(Math.round(i * 0.3 * sr));
      const cut = join(dir, `cut-${i}.wav`);
      await writeFile(cut, encodeWav(signal.slice(at, at + size), sr));
      const alone = await predictFile(model, meta, cut);
      expect(alone.prediction.segments).toBe(1);
      for (const [c, p] of alone.prediction.probabilities.entries()) {
        expect(Math.abs(p.probability - w.probabilities[c])).toBeLessThan(1e-4);
        mean[c] += w.probabilities[c] / windows.length;
      }
    }
    for (const [c, p] of prediction.probabilities.entries()) expect(p.probability).toBeCloseTo(mean[c], 6);
    // The tones alternate, so both labels lead somewhere.
    const leaders = new Set(prediction.windows?.map((w) => w.top[0].label));
    expect([...leaders].sort()).toEqual(['high', 'low']);
  });

  it('--first restores the training cut: the same answer as decoding the span and predicting its segments', async () => {
    const [first] = await predictFiles(model, meta, [long], { first: 1 });
    const params = predictionParams(model, meta);
    const audio = await loadAudio(long, { sr, offset: 0, duration: 1 });
    const before = predictSignal(model, meta, params, audio, long, 3);
    expect(first).toMatchObject({ ok: true, segments: 2 });
    if (first.ok && before.ok) {
      for (const [c, p] of first.probabilities.entries())
        expect(p.probability).toBeCloseTo(before.probabilities[c].probability, 6);
    }
  });

  it('limits the windows to --span, and the bytes path (server, page) equals the file path', async () => {
    const { prediction } = await predictFile(model, meta, long, { span: { start: 3, end: 6 }, timeline: true });
    // (3 − 0.5) / 0.25 + 1 windows, the first at 3 s
    expect(prediction.segments).toBe(11);
    expect(prediction.windows?.[0].start).toBeCloseTo(3, 9);
    expect(prediction.windows?.at(-1)?.end).toBeCloseTo(6, 3);
    const fromBytes = await predictBytes(model, meta, await readFile(long), long, {
      span: { start: 3, end: 6 },
      timeline: true,
    });
    expect(fromBytes).toEqual(prediction);
  });

  it('names the file when it is too short, unreadable or missing', async () => {
    const short = join(dir, 'short.wav');
    await writeFile(short, encodeWav(tone(220, 0.3, sr, 9), sr));
    const junk = join(dir, 'junk.wav');
    await writeFile(junk, 'not audio at all');
    const [a, b, c] = await predictFiles(model, meta, [short, junk, join(dir, 'missing.wav')]);
    expect(a).toEqual({
      file: short,
      ok: false,
      error: `${short}: shorter than one segment (0.30 s of audio, a segment is 0.50 s)`,
    });
    expect(b).toMatchObject({ ok: false, error: expect.stringMatching(/junk\.wav: unrecognised audio format/) });
    expect(c).toMatchObject({ ok: false, error: expect.stringMatching(/missing\.wav: not found/) });
  });
});

describe('streamWindows', () => {
  it("at batch 1 yields each window as soon as its last sample is in, with predictWindows' probabilities", async () => {
    const params = predictionParams(model, meta);
    const opts = timelineOptionsSchema.parse({});
    const plan = windowPlan(params, opts);
    // The signal arrives a hop at a time, as the microphone's does; `fed` is how much has arrived.
    let fed = 0;
    async function* pieces(): AsyncGenerator<Float32Array> {
      for (let at = 0; at < signal.length; at += plan.hop) {
        fed = Math.min(signal.length, at + plan.hop);
        yield signal.slice(at, fed);
      }
    }
    const streamed: StreamedWindow[] = [];
    for await (const w of streamWindows(model, meta, params, pieces(), plan, 1)) {
      const end = w.start + plan.size;
      // Complete, and not held back until a later piece.
      expect(fed).toBeGreaterThanOrEqual(end);
      expect(fed - end).toBeLessThan(plan.hop);
      streamed.push(w);
    }
    const { windows } = await predictWindows(model, meta, params, pieces(), plan, opts, 'pieces');
    // (12 − 0.5) s / 5512 samples + 1
    expect(streamed).toHaveLength(47);
    expect(windows).toHaveLength(47);
    for (const [i, w] of streamed.entries()) {
      expect(w.start / sr).toBeCloseTo(windows[i].start, 9);
      for (const [c, p] of w.probabilities.entries())
        expect(Math.abs(p - windows[i].probabilities[c])).toBeLessThan(1e-4);
    }
  });
});
