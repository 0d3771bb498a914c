import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeWav } from '@audio-dl/dsp';
import { disposeModel, loadModel, predictFile, predictFiles } from '@audio-dl/genre-model';
import { toolAvailable } from '@audio-dl/optional-tool';
import { initBackend } from '@audio-dl/tfjs-kernels/node';
import { chromium, type Page } from 'playwright-core';
import {
  TREE_PARAMS as MODEL_PARAMS,
  toneTrack,
  trainToFolder,
  writeToneData,
} from '../../genre-model/src/__fixtures__/tone-tree';
import { ARGS, CHROMIUM } from './__fixtures__/browser';
import { serveFolder } from './__fixtures__/static-server';
import { exportWeb } from './export-web';

// Training two models, bundling the page twice and running it in Chromium take a while on a loaded machine.
jest.setTimeout(600_000);

/** An MLP on MFCC and a CNN (batch norm, the project's kernels) on log-mel: both feature images, both layer kinds. */
const MODELS = [
  { name: 'mlp', features: 'mfcc', epochs: 2 },
  { name: 'mel-cnn', features: 'logmel', epochs: 1 },
] as const;
/** Screenshots are kept here for a person to look at. */
const SHOTS = path.join(os.tmpdir(), 'audio-dl-web-test');

let dir: string;
const files: Record<string, string> = {};

/** A folder filled in place, for the tests (the pipeline passes its atomic writer). */
const fillFolder = async (out: string, fill: (tmp: string) => Promise<void>) => {
  await fs.rm(out, { recursive: true, force: true });
  await fs.mkdir(out, { recursive: true });
  await fill(out);
};

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'web-app-'));
  const { data } = await writeToneData(dir);
  const { data: logmel } = await writeToneData(dir, 'logmel.json', undefined, undefined, {
    ...MODEL_PARAMS,
    features: 'logmel',
  });
  await initBackend('wasm');
  for (const m of MODELS) {
    const options = { model: m.name, epochs: m.epochs, learningRate: 0.001 };
    await trainToFolder(m.features === 'logmel' ? logmel : data, path.join(dir, m.name), options, 'wasm');
  }
  // 44.1 kHz (resampled like any CD-rate file), the model's own rate, an MP3, and a file too short to predict.
  files.wav44 = path.join(dir, 'jazz-44k.wav');
  await fs.writeFile(files.wav44, encodeWav(toneTrack(1, 9, 3, 44100), 44100));
  files.wav = path.join(dir, 'blues.wav');
  await fs.writeFile(files.wav, encodeWav(toneTrack(0, 8, 2, MODEL_PARAMS.sr), MODEL_PARAMS.sr));
  files.mp3 = path.join(__dirname, '__fixtures__/audio/tones-3s.mp3');
  // dsp's 2 s FLAC and Ogg Vorbis fixtures (22050 Hz, resampled to the model's rate).
  files.flac = path.join(__dirname, '../../dsp/src/__fixtures__/audio/sine-2s.flac');
  files.ogg = path.join(__dirname, '../../dsp/src/__fixtures__/audio/noisy-2s.ogg');
  files.short = path.join(dir, 'short.wav');
  await fs.writeFile(files.short, encodeWav(toneTrack(0, 1, 0.4, MODEL_PARAMS.sr), MODEL_PARAMS.sr));
  // 6 s at 44.1 kHz, the two genres' tones taking turns every 1.5 s: a timeline whose windows straddle changes.
  files.timeline = path.join(dir, 'turns-44k.wav');
  const turns = [0, 1, 0, 1].map((g, i) => toneTrack(g, 3 + i, 1.5, 44100));
  await fs.writeFile(files.timeline, encodeWav(Float32Array.from(turns.flatMap((t) => Array.from(t))), 44100));
  await fs.mkdir(SHOTS, { recursive: true });
});
afterAll(async () => {
  await fs.writeFile(path.join(SHOTS, 'max-difference.txt'), `${worst}\n`);
  await fs.rm(dir, { recursive: true, force: true });
});

interface Score {
  genre: string;
  probability: number;
}
type Prediction =
  | { file: string; ok: true; segments: number; top: Score[]; probabilities: Score[] }
  | {
      file: string;
      ok: false;
      error: string;
    };

/** `predict --timeline --json` for one file: the answer and each window's span and ranked labels. */
type Timeline = Prediction & {
  ok: true;
  windows: { start: number; end: number; top: { label: string; probability: number }[] }[];
};

/** The largest page-vs-CLI probability difference seen, written beside the screenshots. */
let worst = 0;

/** Same file, segments, ranking and error as the CLI's; every probability within 1e-4. */
function expectSame(page: Prediction, cli: Prediction): void {
  expect(page.ok).toBe(cli.ok);
  if (!page.ok || !cli.ok) {
    expect(page).toEqual(cli);
    return;
  }
  expect(page.segments).toBe(cli.segments);
  expect(page.top.map((g) => g.genre)).toEqual(cli.top.map((g) => g.genre));
  expect(page.probabilities.map((g) => g.genre)).toEqual(cli.probabilities.map((g) => g.genre));
  for (const [i, g] of page.probabilities.entries()) {
    const diff = Math.abs(g.probability - cli.probabilities[i].probability);
    worst = Math.max(worst, diff);
    expect(diff).toBeLessThan(1e-4);
  }
}

/** The same answer and, window for window, the same span and ranking, every probability within 1e-4. */
function expectSameTimeline(page: Timeline, cli: Timeline): void {
  expectSame(page, cli);
  expect(page.windows).toHaveLength(cli.windows.length);
  for (const [i, w] of page.windows.entries()) {
    const c = cli.windows[i];
    expect(w.start).toBeCloseTo(c.start, 9);
    expect(w.end).toBeCloseTo(c.end, 9);
    expect(w.top.map((s) => s.label)).toEqual(c.top.map((s) => s.label));
    for (const [j, s] of w.top.entries()) {
      const diff = Math.abs(s.probability - c.top[j].probability);
      worst = Math.max(worst, diff);
      expect(diff).toBeLessThan(1e-4);
    }
  }
}

// Code run in the page is given as text: this package's TypeScript has no DOM types.
/** Distinct colours and non-white pixels of each canvas: a drawn waveform or feature image has many of both. */
const canvasStats = (page: Page, selector: string): Promise<{ colours: number; ink: number; pixels: number }[]> =>
  page.evaluate(`[...document.querySelectorAll(${JSON.stringify(selector)})].map((c) => {
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const colours = new Set();
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) {
      colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
      if (data[i] + data[i + 1] + data[i + 2] < 600) ink++;
    }
    return { colours: colours.size, ink, pixels: data.length / 4 };
  })`);

/** Waits until `n` result cards are finished. */
const cardsDone = (page: Page, n: number) =>
  page.waitForFunction(`document.querySelectorAll('.result:not(.pending)').length === ${n}`, null, {
    timeout: 120_000,
  });

const chromiumMissing = existsSync(CHROMIUM) ? null : `${CHROMIUM} is missing (apt-get install -y chromium)`;
// Skipped with a message where Chromium is missing, except under CI (.ci/run installs it).
const inChromium = toolAvailable('web page in Chromium', chromiumMissing) ? describe : describe.skip;

/** The site served on 127.0.0.1 and open in headless Chromium (fake microphone), once the model is loaded. */
async function openSite(site: string): Promise<{
  page: Page;
  server: Awaited<ReturnType<typeof serveFolder>>;
  /** Requests that went anywhere but the local server. */
  outside: string[];
  close(): Promise<void>;
}> {
  const server = await serveFolder(site);
  const browser = await chromium
    .launch({
      executablePath: CHROMIUM,
      args: [...ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'],
    })
    .catch(async (err: unknown) => {
      await server.close();
      throw err;
    });
  const close = async () => {
    await browser.close();
    await server.close();
  };
  try {
    const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
    const outside: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url) && !r.url().startsWith('data:')) outside.push(r.url());
    });
    await page.goto(server.url);
    await page.waitForFunction('document.body.dataset.ready', null, { timeout: 120_000 });
    return { page, server, outside, close };
  } catch (err) {
    await close();
    throw err;
  }
}

describe('exportWeb', () => {
  it('refuses a folder that holds something else, and replaces an earlier export', async () => {
    const other = path.join(dir, 'not-a-site');
    await fs.mkdir(other);
    await fs.writeFile(path.join(other, 'notes.txt'), 'mine');
    await expect(exportWeb(path.join(dir, 'mlp'), other, '0.1.0', fillFolder)).rejects.toThrow(
      `${path.resolve(other)}: not empty and not an earlier web export`,
    );
    expect(await fs.readdir(other)).toEqual(['notes.txt']);
    const site = path.join(dir, 'site-twice');
    for (let i = 0; i < 2; i++) {
      const { files } = await exportWeb(path.join(dir, 'mlp'), site, '0.1.0', fillFolder);
      expect(files).toHaveLength(9);
    }
    expect((await fs.readdir(site)).sort()).toEqual([
      'audio-dl-web.json',
      'audio-dl.js',
      'index.html',
      'model',
      'tfjs-backend-wasm-simd.wasm',
      'tfjs-backend-wasm-threaded-simd.wasm',
      'tfjs-backend-wasm.wasm',
    ]);
    expect((await fs.readdir(path.join(site, 'model'))).sort()).toEqual(['audio-dl.json', 'model.json', 'weights.bin']);
  });

  inChromium.each(MODELS)(
    '$name: the page predicts what `audio-dl predict --json` prints (predictFiles)',
    ({ name, features }) => {
      let site: string;
      let cli: Prediction[];
      let timeline: Timeline;
      beforeAll(async () => {
        site = path.join(dir, `site-${name}`);
        await exportWeb(path.join(dir, name), site, '0.1.0', fillFolder);
        const order = [files.wav44, files.wav, files.mp3, files.short, files.flac, files.ogg];
        // What `audio-dl predict --json --top 2` prints: predictFiles' results as JSON.
        const { model, meta } = await loadModel(path.join(dir, name));
        cli = JSON.parse(JSON.stringify(await predictFiles(model, meta, order, { top: 2 })));
        // What `audio-dl predict --timeline --json --top <all>` prints for the timeline file: every window, every class.
        const all = meta.mapping.length;
        timeline = JSON.parse(
          JSON.stringify((await predictFile(model, meta, files.timeline, { timeline: true, top: all })).prediction),
        );
        disposeModel(model);
        expect(cli.map((r) => r.ok)).toEqual([true, true, true, false, true, true]);
      });

      it('in headless Chromium from 127.0.0.1: window.audioDl.predict, file input, drop, microphone, images', async () => {
        const { page, server, outside, close } = await openSite(site);
        try {
          expect(await page.textContent('#status')).toMatch(/backend wasm \+ \d+ audio-dl kernels\. Ready\.$/);
          expect(await page.textContent('#status')).toMatch(/^Model: [\w-]+, \d+ labels \(/);

          // The API, given each file's bytes and the path the CLI printed: the same JSON.
          const order = [files.wav44, files.wav, files.mp3, files.short, files.flac, files.ogg];
          for (const [i, file] of order.entries()) {
            const base64 = (await fs.readFile(file)).toString('base64');
            const bytes = `Uint8Array.from(atob('${base64}'), (c) => c.charCodeAt(0)).buffer`;
            const result = (await page.evaluate(
              `window.audioDl.predict(${bytes}, { top: 2, name: ${JSON.stringify(file)} })`,
            )) as Prediction;
            expectSame(result, cli[i]);
          }

          // The file input: one card per file, its prediction the CLI's (named by the file's base name).
          await page.fill('#top', '2');
          await page.setInputFiles('#files', [files.wav44, files.mp3, files.short]);
          await cardsDone(page, 3);
          const cards = (await page.evaluate(
            `[...document.querySelectorAll('.result')].map((e) => JSON.parse(e.dataset.prediction))`,
          )) as Prediction[];
          const byName = new Map(cards.map((c) => [c.file, c]));
          for (const i of [0, 2, 3]) {
            const base = path.basename(order[i]);
            const expected = cli[i].ok
              ? { ...cli[i], file: base }
              : { ...cli[i], file: base, error: cli[i].error.replace(order[i], base) };
            expectSame(byName.get(base) as Prediction, expected);
          }
          expect(await page.locator('.result .bar').count()).toBe(4); // top 2 of the two that decode
          expect(await page.textContent('.result.failed .error')).toContain('shorter than one segment');

          // Dropped on the drop zone: the FLAC file, as a browser's drag and drop hands it over.
          const flac = (await fs.readFile(files.flac)).toString('base64');
          await page.evaluate(`(() => {
          const dt = new DataTransfer();
          const bytes = Uint8Array.from(atob('${flac}'), (c) => c.charCodeAt(0));
          dt.items.add(new File([bytes], 'sine-2s.flac', { type: 'audio/flac' }));
          document.getElementById('drop').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
        })()`);
          await cardsDone(page, 4);
          const dropped = JSON.parse((await page.getAttribute('.result', 'data-prediction')) ?? 'null') as Prediction;
          expectSame(dropped, { ...cli[4], file: 'sine-2s.flac' });

          // The microphone (Chromium's fake device: a beep), 2 s, through the same decoding.
          await page.fill('#seconds', '2');
          await page.click('#record');
          await cardsDone(page, 5);
          const recorded = JSON.parse((await page.getAttribute('.result', 'data-prediction')) ?? 'null') as Prediction;
          // 2 s in 1-s windows every 0.5 s, as `predict` covers a file.
          expect(recorded).toMatchObject({ file: 'recording-1.wav', ok: true, segments: 3 });

          // Waveform and feature image drawn for each card that decoded (4 of 5).
          const waves = await canvasStats(page, 'canvas.waveform');
          const images = await canvasStats(page, 'canvas.features');
          expect(waves).toHaveLength(4);
          expect(images).toHaveLength(4);
          // The envelope marks at least one pixel in each of the 640 columns (a blank canvas has none).
          for (const w of waves) expect(w.ink).toBeGreaterThanOrEqual(640);
          for (const m of images) expect(m.colours).toBeGreaterThan(20);
          const kind = features === 'logmel' ? 'log-mel spectrogram' : 'MFCC';
          const labels = await page.evaluate(
            `[...document.querySelectorAll('canvas.features')].map((c) => c.getAttribute('aria-label'))`,
          );
          expect(labels).toContain(`${kind} of jazz-44k.wav`);
          await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
          expect(outside).toEqual([]);
          expect(server.requests).toEqual(expect.arrayContaining(['/audio-dl.js', '/model/weights.bin']));
        } finally {
          await close();
        }
      });

      it('in headless Chromium: the timeline strip equals `predict --timeline` window for window; Listen', async () => {
        const { page, outside, close } = await openSite(site);
        try {
          const labels = timeline.probabilities.map((g) => g.genre).sort();
          // The API with `timeline`: every window's span and probabilities, as the CLI prints them.
          const base64 = (await fs.readFile(files.timeline)).toString('base64');
          const bytes = `Uint8Array.from(atob('${base64}'), (c) => c.charCodeAt(0)).buffer`;
          const api = (await page.evaluate(
            `window.audioDl.predict(${bytes}, { top: ${labels.length}, timeline: true, name: ${JSON.stringify(files.timeline)} })`,
          )) as Timeline;
          // (6 − 1) s / 0.5 s + 1 windows
          expect(timeline.windows).toHaveLength(11);
          expectSameTimeline(api, timeline);

          // The file input: a card whose strip has one cell per window, coloured by the window's label.
          await page.fill('#top', String(labels.length));
          await page.setInputFiles('#files', [files.timeline]);
          await cardsDone(page, 1);
          const card = JSON.parse((await page.getAttribute('.result', 'data-prediction')) ?? 'null') as Timeline;
          expectSameTimeline(card, { ...timeline, file: path.basename(files.timeline) });
          const cells =
            (await page.evaluate(`[...document.querySelectorAll('.result .timeline.file .cell')].map((c) => {
            const item = c.closest('.timeline').querySelector('.legend .item[data-label="' + c.dataset.label + '"] .swatch');
            return { label: c.dataset.label, start: Number(c.dataset.start), left: parseFloat(c.style.left),
              width: parseFloat(c.style.width), colour: getComputedStyle(c).backgroundColor,
              legend: item ? getComputedStyle(item).backgroundColor : null };
          })`)) as { label: string; start: number; left: number; width: number; colour: string; legend: string }[];
          expect(cells).toHaveLength(timeline.windows.length);
          expect(cells.map((c) => c.label)).toEqual(timeline.windows.map((w) => w.top[0].label));
          for (const [i, c] of cells.entries()) {
            expect(c.start).toBeCloseTo(timeline.windows[i].start, 9);
            expect(c.colour).toBe(c.legend);
            expect(c.width).toBeGreaterThan(0);
            // The cells tile the strip: each begins where the one before it ends.
            if (i > 0) expect(c.left).toBeCloseTo(cells[i - 1].left + cells[i - 1].width, 3);
          }
          // One colour per label, and a legend entry for each of the model's labels.
          const colourOf = new Map(cells.map((c) => [c.label, c.colour]));
          expect(new Set(colourOf.values()).size).toBe(colourOf.size);
          const legend = await page.evaluate(
            `[...document.querySelectorAll('.result .legend .item')].map((e) => e.dataset.label).sort()`,
          );
          expect(legend).toEqual(labels);
          // Hovering a cell shows its window's span and every label's probability.
          await page.hover('.result .timeline.file .cell >> nth=3');
          const info = (await page.textContent('.result .strip-info')) ?? '';
          const w3 = timeline.windows[3];
          expect(info.startsWith(`${w3.start.toFixed(2)}–${w3.end.toFixed(2)} s: `)).toBe(true);
          for (const s of w3.top) {
            const shown = new RegExp(`${s.label} (\\d+\\.\\d)%`).exec(info);
            // Shown to 0.1 %.
            expect(Math.abs(Number(shown?.[1]) - 100 * s.probability)).toBeLessThanOrEqual(0.0501);
          }

          // Listen: Chromium's fake microphone (a beep) classified window by window until Stop.
          await page.click('#listen');
          await page.waitForFunction(`Number(document.getElementById('listening').dataset.updates) >= 5`, null, {
            timeout: 120_000,
          });
          expect(await page.textContent('#status')).toMatch(/^Listening to the microphone \(\d+ Hz via AudioWorklet/);
          const current = await page.getAttribute('#listen-label', 'data-label');
          expect(labels).toContain(current);
          await page.click('#listen');
          await page.waitForFunction(`document.getElementById('listening').dataset.state === 'stopped'`);
          const updates = Number(await page.getAttribute('#listening', 'data-updates'));
          const live = (await page.evaluate(
            `[...document.querySelectorAll('#listen-strip .cell')].map((c) => ({ label: c.dataset.label, start: Number(c.dataset.start), end: Number(c.dataset.end) }))`,
          )) as { label: string; start: number; end: number }[];
          expect(updates).toBeGreaterThanOrEqual(5);
          expect(live).toHaveLength(Math.min(updates, 60));
          // Windows of a segment every hop from the start (as the file's), each labelled by the model; the strip keeps
          // the latest.
          const [first, second] = timeline.windows;
          const skipped = updates - live.length;
          for (const [i, w] of live.entries()) {
            expect(labels).toContain(w.label);
            expect(w.start).toBeCloseTo((skipped + i) * (second.start - first.start), 6);
            expect(w.end - w.start).toBeCloseTo(first.end - first.start, 6);
          }
          // Stopped means stopped: no update after Stop.
          await page.waitForTimeout(1500);
          expect(Number(await page.getAttribute('#listening', 'data-updates'))).toBe(updates);
          await page.screenshot({ path: path.join(SHOTS, `${name}-timeline.png`), fullPage: true });
          expect(outside).toEqual([]);
        } finally {
          await close();
        }
      });
    },
  );
});
