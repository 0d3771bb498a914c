// A worker thread of `audio-dl serve`: loads the model once, then predicts request bodies, so inference never blocks
// the server's event loop. Piscina runs the default export per task.
import { workerData } from 'node:worker_threads';
import { bytesSource, monoSignalStream, sniffFormat } from '@audio-dl/dsp';
import * as lib from '@audio-dl/genre-model/inference';
import { initBackend } from '@audio-dl/tfjs-kernels/node';
import { timelineQuery } from './query';

export interface WorkerSetup {
  model: string;
  backend?: 'tensorflow' | 'wasm' | 'cpu';
  maxSeconds: number;
}

export type InferenceTask = { kind: 'warm' } | { kind: 'predict'; bytes: Uint8Array; query: unknown };

/** An HTTP status and its JSON body. */
export interface InferenceResult {
  status: number;
  body: unknown;
}

const setup = workerData as WorkerSetup;

const loaded = (async () => {
  await initBackend(setup.backend);
  const { model, meta } = await lib.loadModel(setup.model);
  return { model, meta, params: lib.predictionParams(model, meta) };
})();

class TooLong extends Error {}

/** A zod error's issues as one line (`top: must be…; span: …`), any other error's message. */
function queryError(err: unknown): string {
  const issues = (err as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
  if (!issues) return (err as Error).message;
  return issues.map((i) => `${i.path.map(String).join('.') || 'query'}: ${i.message}`).join('; ');
}

/** The pieces, refused once they pass `maxSamples` (a long upload is stopped as soon as it is known to be too long). */
async function* limited(pieces: AsyncIterable<Float32Array>, maxSamples: number): AsyncGenerator<Float32Array> {
  let n = 0;
  for await (const p of pieces) {
    n += p.length;
    if (n > maxSamples) throw new TooLong();
    yield p;
  }
}

export default async function run(task: InferenceTask): Promise<InferenceResult> {
  const { model, meta, params } = await loaded;
  if (task.kind === 'warm') return { status: 200, body: { ready: true } };
  let name: string;
  let opts: ReturnType<typeof lib.timelineOptionsSchema.parse>;
  try {
    const q = timelineQuery(task.query);
    name = q.name;
    opts = lib.timelineOptionsSchema.parse(q.opts);
  } catch (err) {
    return { status: 400, body: { error: `query: ${queryError(err)}` } };
  }
  const { bytes } = task;
  if (bytes.length === 0) return { status: 422, body: { error: `${name}: empty body (0 bytes of audio)` } };
  if (sniffFormat(bytes.subarray(0, 64)) === null) {
    return {
      status: 415,
      body: { error: `${name}: unrecognised audio format (not WAV, AU, MP3, FLAC or Ogg Vorbis)` },
    };
  }
  try {
    const plan = lib.windowPlan(params, opts);
    const pieces = monoSignalStream(bytesSource(bytes), name, { sr: params.sr, span: plan.span });
    const { prediction } = await lib.predictWindows(
      model,
      meta,
      params,
      limited(pieces, Math.floor(setup.maxSeconds * params.sr)),
      plan,
      opts,
      name,
    );
    return { status: 200, body: prediction };
  } catch (err) {
    if (err instanceof TooLong) {
      return { status: 422, body: { error: `${name}: longer than the server's limit of ${setup.maxSeconds} s` } };
    }
    const failed = lib.failedPrediction(name, err);
    return { status: 422, body: { error: failed.ok ? 'failed' : failed.error.replace(/\s+/g, ' ') } };
  }
}
