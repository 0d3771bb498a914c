// The model in the page: tfjs' wasm backend with this project's kernels (as `audio-dl predict` runs it), the saved
// model fetched from ./model/ and checked, and the same prediction path as the command.

import type { FeatureParams } from '@audio-dl/dataset/portable';
import { bytesSource, monoSignalStream } from '@audio-dl/dsp';
import {
  type FilePrediction,
  failedPrediction,
  loadSavedModel,
  type ModelMeta,
  predictionParams,
  predictWindows,
  streamWindows,
  type TimelineOptions,
  timelineOptionsSchema,
  type WindowPlan,
  type WindowResult,
  webSha256,
  windowPlan,
} from '@audio-dl/genre-model/portable';
import { registerWasmKernels } from '@audio-dl/tfjs-kernels';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** One file's answer, its windows and the signal they were cut from. */
export interface FileTimeline {
  /** What `audio-dl predict --json` prints for the file (with `windows` when the options ask for the timeline). */
  result: FilePrediction;
  /** Every window with every class's probability (empty on failure). */
  windows: WindowResult[];
  /** The covered signal, mono at the model's rate, starting `start` seconds into the file; null on failure. */
  audio: { signal: Float32Array; sr: number; start: number } | null;
}

export interface Predictor {
  meta: ModelMeta;
  params: FeatureParams;
  /** The default windows: the model's segment length every half segment, as `audio-dl predict` cuts a file. */
  plan: WindowPlan;
  backend: string;
  patchedKernels: string[];
  /** One file's bytes predicted window by window, as `audio-dl predict` does with the same options. */
  predict(bytes: Uint8Array, file: string, opts: TimelineOptions): Promise<FileTimeline>;
  /** A live signal (mono at the model's rate) predicted window by window as it arrives, until it ends. */
  listen(pieces: AsyncIterable<Float32Array>, onWindow: (w: WindowResult) => void): Promise<void>;
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Starts the wasm backend from the page's own folder (never a CDN) and loads the model in `./model/`. */
export async function createPredictor(): Promise<Predictor> {
  setWasmPaths(new URL('./', document.baseURI).href);
  if (!(await tf.setBackend('wasm'))) throw new Error('the WebAssembly backend of TensorFlow.js did not start');
  await tf.ready();
  const patchedKernels = registerWasmKernels();
  const base = new URL('./model/', document.baseURI).href;
  const { model, meta } = await loadSavedModel({
    dir: base,
    path: (name) => `model/${name}`,
    read: (name) => fetchBytes(new URL(name, base).href),
    // Web Crypto exists only in secure contexts (https, localhost, 127.0.0.1): elsewhere sizes alone are checked.
    ...(globalThis.crypto?.subtle ? { sha256: webSha256 } : {}),
  });
  const params = predictionParams(model, meta);
  const plan = windowPlan(params, timelineOptionsSchema.parse({}));
  // One file at a time: the backend is single-threaded and a queue keeps results in order.
  let queue: Promise<unknown> = Promise.resolve();
  const predict: Predictor['predict'] = (bytes, file, opts) => {
    const run = async (): Promise<FileTimeline> => {
      try {
        // `predictSource`'s steps (the CLI's and the server's), keeping the decoded pieces for the waveform.
        const filePlan = windowPlan(params, opts);
        const kept: Float32Array[] = [];
        const pieces = async function* (): AsyncGenerator<Float32Array> {
          for await (const p of monoSignalStream(bytesSource(bytes), file, { sr: params.sr, span: filePlan.span })) {
            kept.push(p);
            yield p;
          }
        };
        const { prediction, windows } = await predictWindows(model, meta, params, pieces(), filePlan, opts, file);
        const audio = { signal: concat(kept), sr: params.sr, start: filePlan.span.offset };
        return { result: prediction, windows, audio };
      } catch (err) {
        return { result: failedPrediction(file, err), windows: [], audio: null };
      }
    };
    const next = queue.then(run, run);
    queue = next;
    return next;
  };
  const listen: Predictor['listen'] = async (pieces, onWindow) => {
    const seconds = (sample: number): number => sample / params.sr;
    // Batch 1: each window is shown as soon as its last sample is in.
    for await (const w of streamWindows(model, meta, params, pieces, plan, 1)) {
      onWindow({ start: seconds(w.start), end: seconds(w.start + plan.size), probabilities: w.probabilities });
    }
  };
  return { meta, params, plan, backend: tf.getBackend(), patchedKernels, predict, listen };
}
