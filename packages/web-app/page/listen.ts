// Listen: the microphone classified continuously in the page. Its samples are resampled to the model's rate by the
// streaming resampler files go through, cut into windows of the model's segment length every half segment (as
// `audio-dl predict` cuts a file) and each window predicted as soon as it is complete. Nothing leaves the page.
import { createStreamResampler } from '@audio-dl/dsp';
import { argmaxRow, type WindowResult } from '@audio-dl/genre-model/portable';
import { byId } from './dom';
import { openMicrophone } from './microphone';
import type { Predictor } from './predictor';
import { liveStrip } from './timeline-strip';

/** Windows the scrolling strip keeps. */
const KEEP = 60;

/** Pieces pushed by the audio callbacks, read in order as an async iterable that finishes after `end`. */
function pieceQueue(): AsyncIterable<Float32Array> & { push(x: Float32Array): void; end(): void } {
  const queued: Float32Array[] = [];
  let ended = false;
  let wake: (() => void) | null = null;
  const poke = (): void => {
    wake?.();
    wake = null;
  };
  return {
    push(x) {
      if (ended) return;
      queued.push(x);
      poke();
    },
    end() {
      ended = true;
      poke();
    },
    async *[Symbol.asyncIterator]() {
      for (;;) {
        const next = queued.shift();
        if (next) yield next;
        else if (ended) return;
        else
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
      }
    },
  };
}

interface Listening {
  /** What the status line says about the microphone. */
  describe: string;
  stop(): Promise<void>;
}

/** Opens the microphone and predicts it window by window: `onWindow` gets each (seconds since the start). */
async function startListening(
  predictor: Predictor,
  onWindow: (w: WindowResult) => void,
  onError: (err: Error) => void,
): Promise<Listening> {
  const queue = pieceQueue();
  const mic = await openMicrophone((x) => queue.push(x));
  const { sr } = predictor.params;
  const resampler = await createStreamResampler(mic.sampleRate, sr).catch(async (err: unknown) => {
    await mic.stop();
    throw err;
  });
  async function* resampled(): AsyncGenerator<Float32Array> {
    for await (const x of queue) {
      const y = resampler.push(x);
      if (y.length > 0) yield y;
    }
  }
  const running = predictor.listen(resampled(), onWindow).catch(onError);
  const { size, hop } = predictor.plan;
  return {
    describe: `Listening to the microphone (${mic.sampleRate} Hz via ${mic.tap}, resampled to ${sr} Hz): a ${(size / sr).toFixed(2)}-s window every ${(hop / sr).toFixed(2)} s. Nothing leaves this page.`,
    async stop() {
      await mic.stop();
      queue.end();
      await running;
    },
  };
}

/** The Listen button: starts listening, shows the current label and the scrolling strip, and stops. */
export function wireListen(predictor: Predictor): void {
  const button = byId<HTMLButtonElement>('listen');
  const view = byId('listening');
  const current = byId('listen-label');
  const status = byId('status');
  const ready = status.textContent ?? '';
  const labels = predictor.meta.mapping;
  let listening: Listening | null = null;
  const stopped = (note: string): void => {
    listening = null;
    view.dataset.state = 'stopped';
    button.textContent = 'Listen';
    status.textContent = note;
  };
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      if (listening) {
        await listening.stop();
        stopped(ready);
        return;
      }
      const strip = liveStrip(labels, KEEP);
      let updates = 0;
      const onWindow = (w: WindowResult): void => {
        const k = argmaxRow(w.probabilities, labels.length, 0);
        current.textContent = `${labels[k]} ${(100 * w.probabilities[k]).toFixed(1)}% (${w.start.toFixed(2)}–${w.end.toFixed(2)} s)`;
        current.dataset.label = labels[k];
        strip.add(w);
        view.dataset.updates = String(++updates);
      };
      const onError = (err: Error): void => {
        void listening?.stop();
        stopped(`Listening stopped: ${err.message}`);
      };
      current.textContent = 'waiting for the first window…';
      delete current.dataset.label;
      byId('listen-strip').replaceChildren(strip.element);
      view.dataset.updates = '0';
      view.hidden = false;
      listening = await startListening(predictor, onWindow, onError);
      view.dataset.state = 'listening';
      button.textContent = 'Stop';
      status.textContent = listening.describe;
    } catch (err) {
      stopped(`Microphone: ${(err as Error).message}`);
    } finally {
      button.disabled = false;
    }
  });
}
