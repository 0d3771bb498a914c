// The exported page: choose, drop or record audio; each file's top genres as bars, its waveform and the image of
// the features the model saw. Everything runs here; nothing is uploaded. `window.audioDl` lets another page use it.
import type { FilePrediction } from '@audio-dl/genre-model/portable';
import { drawHeatmap, drawWaveform, featuresOf } from './draw';
import { createPredictor, type Predictor } from './predictor';
import { record } from './record';

interface AudioDl {
  /** Resolves once the model is loaded (rejects with the reason it could not be). */
  ready: Promise<void>;
  /** What `audio-dl predict --json` prints for one file, from the file's bytes. */
  predict(input: ArrayBuffer | Uint8Array, opts?: { top?: number; name?: string }): Promise<FilePrediction>;
}

declare global {
  interface Window {
    audioDl: AudioDl;
  }
}

const byId = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page lacks #${id}`);
  return el as T;
};

function element<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, text = ''): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  el.className = cls;
  el.textContent = text;
  return el;
}

/** One card per file: bars for the top genres, the waveform, the feature image; or the error line. */
async function show(predictor: Predictor, bytes: Uint8Array, name: string): Promise<void> {
  const card = element('article', 'result pending');
  card.append(element('h2', 'name', name), element('p', 'note', 'decoding and predicting…'));
  byId('results').prepend(card);
  const top = Number(byId<HTMLInputElement>('top').value) || 3;
  const { result, audio } = await predictor.predict(bytes, name, top);
  card.replaceChildren(element('h2', 'name', name));
  card.classList.remove('pending');
  card.dataset.prediction = JSON.stringify(result);
  if (!result.ok) {
    card.classList.add('failed');
    card.append(element('p', 'error', result.error));
    return;
  }
  const bars = element('div', 'bars');
  for (const g of result.top) {
    const row = element('div', 'bar');
    const fill = element('span', 'fill');
    fill.style.width = `${(100 * g.probability).toFixed(2)}%`;
    row.append(element('span', 'genre', g.genre), element('span', 'track'), element('span', 'value'));
    row.children[1].append(fill);
    row.children[2].textContent = `${(100 * g.probability).toFixed(1)}%`;
    bars.append(row);
  }
  const params = predictor.meta.featureParams;
  const kind = params?.features === 'logmel' ? 'log-mel spectrogram' : 'MFCC';
  const note = `${result.segments} segment${result.segments === 1 ? '' : 's'} averaged`;
  card.append(bars, element('p', 'note', note));
  if (audio && params) {
    const wave = Object.assign(element('canvas', 'waveform'), { width: 640, height: 80 });
    const image = Object.assign(element('canvas', 'features'), { width: 640, height: 160 });
    wave.setAttribute('aria-label', `waveform of ${name}`);
    image.setAttribute('aria-label', `${kind} of ${name}`);
    card.append(
      element('h3', 'caption', `What the model heard: ${audio.duration.toFixed(2)} s at ${audio.sr} Hz`),
      wave,
      element('h3', 'caption', kind),
      image,
    );
    drawWaveform(wave, audio.signal);
    drawHeatmap(image, featuresOf(audio.signal, params));
  }
}

async function showFiles(predictor: Predictor, files: Iterable<File>): Promise<void> {
  for (const file of files) await show(predictor, new Uint8Array(await file.arrayBuffer()), file.name);
}

function wire(predictor: Predictor): void {
  const input = byId<HTMLInputElement>('files');
  input.addEventListener('change', () => {
    if (input.files) void showFiles(predictor, Array.from(input.files)).then(() => (input.value = ''));
  });
  const drop = byId('drop');
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    if (e.dataTransfer) void showFiles(predictor, Array.from(e.dataTransfer.files));
  });
  const button = byId<HTMLButtonElement>('record');
  let count = 0;
  button.addEventListener('click', async () => {
    const seconds = Number(byId<HTMLInputElement>('seconds').value) || 5;
    button.disabled = true;
    button.textContent = `Recording ${seconds} s…`;
    try {
      await show(predictor, await record(seconds), `recording-${++count}.wav`);
    } catch (err) {
      byId('status').textContent = `Microphone: ${(err as Error).message}`;
    } finally {
      button.disabled = false;
      button.textContent = 'Record';
    }
  });
}

function describe(predictor: Predictor): string {
  const { meta } = predictor;
  const p = meta.featureParams;
  const features = p
    ? `${p.features === 'logmel' ? 'log-mel' : 'MFCC'} of ${
        p.segmentSeconds === undefined
          ? `${p.segments} segments of ${p.duration} s`
          : `segments of ${p.segmentSeconds} s (a shorter clip centred in silence)`
      }`
    : '';
  const kernels = predictor.patchedKernels.length > 0 ? ` + ${predictor.patchedKernels.length} audio-dl kernels` : '';
  return `Model: ${meta.model}, ${meta.mapping.length} genres (${meta.mapping.join(', ')}); ${features} at ${p?.sr} Hz; backend ${predictor.backend}${kernels}. Ready.`;
}

const started = createPredictor();
window.audioDl = {
  ready: started.then(() => undefined),
  async predict(input, opts = {}) {
    const predictor = await started;
    const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
    return (await predictor.predict(bytes, opts.name ?? 'input', opts.top ?? 3)).result;
  },
};
started.then(
  (predictor) => {
    byId('status').textContent = describe(predictor);
    document.body.dataset.ready = 'true';
    wire(predictor);
  },
  (err: Error) => {
    byId('status').textContent = `The model could not be loaded: ${err.message}`;
    document.body.dataset.ready = 'failed';
  },
);
