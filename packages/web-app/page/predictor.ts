// The model in the page: tfjs' wasm backend with this project's kernels (as `audio-dl predict` runs it), the saved
// model fetched from ./model/ and checked, and the same prediction path as the command.

import { type DecodedAudio, decodeAudio } from '@audio-dl/dsp';
import {
  decodeOptionsFor,
  type FilePrediction,
  failedPrediction,
  loadSavedModel,
  type ModelMeta,
  predictBytes,
  predictionParams,
  webSha256,
} from '@audio-dl/genre-model/portable';
import { registerWasmKernels } from '@audio-dl/tfjs-kernels';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export interface Predictor {
  meta: ModelMeta;
  backend: string;
  patchedKernels: string[];
  /** One file's bytes → what `audio-dl predict --json` prints for it, and the decoded audio (null on failure). */
  predict(
    bytes: Uint8Array,
    file: string,
    top: number,
  ): Promise<{ result: FilePrediction; audio: DecodedAudio | null }>;
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
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
  // One prediction at a time: the backend is single-threaded and a queue keeps results in order.
  let queue: Promise<unknown> = Promise.resolve();
  const predict: Predictor['predict'] = (bytes, file, top) => {
    const run = async () => {
      let audio: DecodedAudio | null = null;
      try {
        // The answer covers the whole file in windows, as `audio-dl predict` does; the figures show the span the
        // model was trained on.
        const result = await predictBytes(model, meta, bytes, file, { top });
        if (result.ok) audio = await decodeAudio(bytes, file, decodeOptionsFor(params));
        return { result, audio };
      } catch (err) {
        return { result: failedPrediction(file, err), audio };
      }
    };
    const next = queue.then(run, run);
    queue = next;
    return next;
  };
  return { meta, backend: tf.getBackend(), patchedKernels, predict };
}
