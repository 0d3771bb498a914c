import * as path from 'node:path';
import { Piscina } from 'piscina';
import type { InferenceResult, InferenceTask, WorkerSetup } from './inference-worker';

/** Thrown by `submit` when the queue is full (the route answers 503 with Retry-After). */
export class QueueFull extends Error {}

export interface InferencePool {
  submit(task: InferenceTask): Promise<InferenceResult>;
  /** Resolves once every worker has loaded the model. */
  warm(): Promise<void>;
  stats(): { waiting: number; running: number; workers: number };
  close(): Promise<void>;
}

/**
 * `threads` workers (`inference-worker.js` from the build, or the `.ts` source through tsx's require hook under Jest
 * and tsx), each loading the model once; at most `maxQueue` predictions wait for one.
 */
export function createInferencePool(setup: WorkerSetup, threads: number, maxQueue: number): InferencePool {
  const ext = path.extname(__filename);
  const pool = new Piscina<InferenceTask, InferenceResult>({
    filename: path.join(__dirname, `inference-worker${ext}`),
    execArgv: ext === '.ts' ? ['--require', require.resolve('tsx/cjs')] : [],
    workerData: setup,
    minThreads: threads,
    maxThreads: threads,
    // One prediction per worker at a time: a model's predictions run one after another anyway.
    concurrentTasksPerWorker: 1,
    maxQueue,
    idleTimeout: Number.POSITIVE_INFINITY,
  });
  let running = 0;
  return {
    async submit(task) {
      if (pool.queueSize >= maxQueue && running >= threads) throw new QueueFull();
      running++;
      try {
        return await pool.run(task);
      } catch (err) {
        if (/queue is at limit/i.test((err as Error).message)) throw new QueueFull();
        throw err;
      } finally {
        running--;
      }
    },
    async warm() {
      await Promise.all(Array.from({ length: threads }, () => pool.run({ kind: 'warm' })));
    },
    stats: () => ({ waiting: pool.queueSize, running: Math.min(running, threads), workers: pool.threads.length }),
    close: () => pool.close(),
  };
}
