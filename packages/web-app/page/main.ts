// The exported page: choose, drop or record audio; each file's top labels as bars, its waveform with the timeline
// of its windows underneath, and the image of the features the model saw; Listen classifies the microphone
// continuously. Everything runs here; nothing is uploaded. `window.audioDl` lets another page use it.
import { type FilePrediction, type TimelineOptionsInput, timelineOptionsSchema } from '@audio-dl/genre-model/portable';
import { describeFeatures } from '../src/feature-text';
import { byId, element } from './dom';
import { drawHeatmap, drawWaveform, featuresOf } from './draw';
import { wireListen } from './listen';
import { createPredictor, type Predictor } from './predictor';
import { record } from './record';
import { fileStrip, labelColour } from './timeline-strip';

interface AudioDl {
  /** Resolves once the model is loaded (rejects with the reason it could not be). */
  ready: Promise<void>;
  /**
   * What `audio-dl predict --json` prints for one file, from the file's bytes; the options are `predict`'s
   * (`timeline: true` adds each window's top labels, as `--timeline` does).
   */
  predict(input: ArrayBuffer | Uint8Array, opts?: TimelineOptionsInput & { name?: string }): Promise<FilePrediction>;
}

declare global {
  interface Window {
    audioDl: AudioDl;
  }
}

/** One card per file: bars for the top labels, the waveform over the timeline strip, the feature image. */
async function show(predictor: Predictor, bytes: Uint8Array, name: string): Promise<void> {
  const card = element('article', 'result pending');
  card.append(element('h2', 'name', name), element('p', 'note', 'decoding and predicting…'));
  byId('results').prepend(card);
  const top = Number(byId<HTMLInputElement>('top').value) || 3;
  const { result, windows, audio } = await predictor.predict(
    bytes,
    name,
    timelineOptionsSchema.parse({ top, timeline: true }),
  );
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
    fill.style.background = labelColour(predictor.meta.mapping.indexOf(g.genre));
    row.append(element('span', 'genre', g.genre), element('span', 'track'), element('span', 'value'));
    row.children[1].append(fill);
    row.children[2].textContent = `${(100 * g.probability).toFixed(1)}%`;
    bars.append(row);
  }
  const { params, plan, meta } = predictor;
  const kind = params.features === 'logmel' ? 'log-mel spectrogram' : 'MFCC';
  const s = (samples: number): string => (samples / params.sr).toFixed(2);
  const note = `the mean of ${result.segments} window${result.segments === 1 ? '' : 's'} of ${s(plan.size)} s, one every ${s(plan.hop)} s`;
  card.append(bars, element('p', 'note', note));
  if (!audio) return;
  const from = audio.start;
  const to = from + audio.signal.length / audio.sr;
  const wave = Object.assign(element('canvas', 'waveform'), { width: 640, height: 80 });
  wave.setAttribute('aria-label', `waveform of ${name}`);
  // The features' image shows the span the training tracks were cut from (all of a shorter file).
  const first = Math.max(0, Math.round((params.offset - from) * audio.sr));
  const heard = audio.signal.subarray(first, first + Math.round(params.duration * audio.sr));
  const shown = heard.length >= params.nFft ? heard : audio.signal;
  const image = Object.assign(element('canvas', 'features'), { width: 640, height: 160 });
  image.setAttribute('aria-label', `${kind} of ${name}`);
  const shownFrom = shown === heard ? from + first / audio.sr : from;
  card.append(
    element(
      'h3',
      'caption',
      `The file as the model hears it: ${(to - from).toFixed(2)} s at ${audio.sr} Hz, and its timeline`,
    ),
    wave,
    fileStrip(windows, meta.mapping, from, to),
    element('h3', 'caption', `${kind}, ${shownFrom.toFixed(2)}–${(shownFrom + shown.length / audio.sr).toFixed(2)} s`),
    image,
  );
  drawWaveform(wave, audio.signal);
  drawHeatmap(image, featuresOf(shown, params));
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
  wireListen(predictor);
}

function describe(predictor: Predictor): string {
  const { meta } = predictor;
  const features = describeFeatures(predictor.params);
  const kernels = predictor.patchedKernels.length > 0 ? ` + ${predictor.patchedKernels.length} audio-dl kernels` : '';
  return `Model: ${meta.model}, ${meta.mapping.length} labels (${meta.mapping.join(', ')}); ${features}; backend ${predictor.backend}${kernels}. Ready.`;
}

const started = createPredictor();
window.audioDl = {
  ready: started.then(() => undefined),
  async predict(input, opts = {}) {
    const predictor = await started;
    const { name = 'input', ...rest } = opts;
    const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
    return (await predictor.predict(bytes, name, timelineOptionsSchema.parse(rest))).result;
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
