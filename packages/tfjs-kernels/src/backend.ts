import * as path from 'node:path';
import { loadNativeKernels, type NativeKernels } from '@audio-dl/native-kernels';
import * as tf from '@tensorflow/tfjs';
import * as tfWasm from '@tensorflow/tfjs-backend-wasm';
import { BACKENDS, type BackendName } from './backend-names';
import { registerWasmKernels } from './register-kernels';

export interface BackendInfo {
  /** The tfjs backend in use (`tf.getBackend()`), or null before `initBackend`. */
  backend: string | null;
  tfjsVersion: string;
  wasmVersion: string;
  /** Only known once the wasm backend has been started. */
  wasmSimd: boolean | null;
  wasmThreads: boolean | null;
  /** Kernels this package registered on the wasm backend (empty unless wasm is in use). */
  patchedKernels: string[];
  /** The native micro-kernel behind products and convolutions on wasm ('avx2-fma', 'portable'), or null. */
  nativeKernels: string | null;
  /** Why the native kernels are not in use (null when they are, or before wasm started). */
  nativeSkipped: string | null;
  /** Why each backend tried before the one in use did not start. */
  skipped: { backend: BackendName; reason: string }[];
}

// Native TensorFlow bindings, tried in this order: the CUDA build where someone installed it, then the CPU one.
const TFJS_NODE = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

let skipped: BackendInfo['skipped'] = [];
let wasmSimd: boolean | null = null;
let wasmThreads: boolean | null = null;
let patchedKernels: string[] = [];
let native: NativeKernels | null = null;
let nativeSkipped: string | null = null;
let pending: Promise<string> | null = null;

function errorText(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0] ?? text;
}

// tfjs-node is an optional dependency (tfjs-node-gpu one a user adds): a dynamic require keeps TypeScript from
// needing their types, and any failure (missing module, missing libtensorflow or CUDA, ABI mismatch) is reported.
function loadTfjsNode(): void {
  const load = require as (id: string) => unknown;
  const failures: string[] = [];
  for (const id of TFJS_NODE) {
    try {
      load(id);
      return;
    } catch (err) {
      failures.push(`${id} could not be loaded: ${errorText(err)}`);
    }
  }
  throw new Error(failures.join('; '));
}

async function startTensorflow(): Promise<void> {
  loadTfjsNode();
  if (!(await tf.setBackend('tensorflow'))) throw new Error('tf.setBackend("tensorflow") returned false');
}

async function startWasm(): Promise<void> {
  // The binaries ship in the package's dist folder; load them from disk, never from the network.
  const dist = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  tfWasm.setWasmPaths(`${dist}${path.sep}`);
  const beforeException = new Set(process.listeners('uncaughtException'));
  const beforeRejection = new Set(process.listeners('unhandledRejection'));
  let ok: boolean;
  try {
    ok = await tf.setBackend('wasm');
  } finally {
    // The Emscripten runtime installs process-wide handlers that turn any error into an abort;
    // the CLI keeps its own error handling, so remove exactly the ones it added.
    for (const listener of process.listeners('uncaughtException')) {
      if (!beforeException.has(listener)) process.removeListener('uncaughtException', listener);
    }
    for (const listener of process.listeners('unhandledRejection')) {
      if (!beforeRejection.has(listener)) process.removeListener('unhandledRejection', listener);
    }
  }
  if (!ok) throw new Error('tf.setBackend("wasm") returned false (the WebAssembly module did not start)');
  wasmSimd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  wasmThreads = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
  const load = loadNativeKernels();
  native = load.kernels;
  nativeSkipped = load.reason;
  patchedKernels = registerWasmKernels(native);
}

async function startCpu(): Promise<void> {
  if (!(await tf.setBackend('cpu'))) throw new Error('tf.setBackend("cpu") returned false');
  // The cpu backend's first write advises installing tfjs-node, which cannot install here: write once quietly.
  const quiet = tf.env().getBool('IS_TEST');
  tf.env().set('IS_TEST', true);
  tf.scalar(0).dispose();
  tf.env().set('IS_TEST', quiet);
}

const starters: Record<BackendName, () => Promise<void>> = {
  tensorflow: startTensorflow,
  wasm: startWasm,
  cpu: startCpu,
};

async function start(choice: BackendName | undefined): Promise<string> {
  if (choice !== undefined) {
    if (!BACKENDS.includes(choice)) {
      throw new Error(`unknown backend '${String(choice)}' (expected one of: ${BACKENDS.join(', ')})`);
    }
    // engine().backendName, not tf.getBackend(): that would start the highest-priority backend itself.
    if (tf.engine().backendName !== choice) {
      try {
        await starters[choice]();
      } catch (err) {
        throw new Error(`backend '${choice}' could not be started: ${errorText(err)}`);
      }
    }
    skipped = [];
    return tf.getBackend();
  }
  const tried: BackendInfo['skipped'] = [];
  for (const name of BACKENDS) {
    try {
      await starters[name]();
      skipped = tried;
      return tf.getBackend();
    } catch (err) {
      tried.push({ backend: name, reason: errorText(err) });
    }
  }
  throw new Error(
    `no TensorFlow.js backend could be started: ${tried.map((t) => `${t.backend}: ${t.reason}`).join('; ')}`,
  );
}

/**
 * Starts a TensorFlow.js backend and returns its name. Without a choice: `tensorflow` when
 * `@tensorflow/tfjs-node-gpu` or `@tensorflow/tfjs-node` loads, else `wasm` (with this package's training kernels), else `cpu`.
 * A forced choice that cannot start throws. Calling again with the same choice does nothing.
 */
export function initBackend(choice?: BackendName): Promise<string> {
  const previous = pending ?? Promise.resolve('');
  const next = previous
    .catch(() => '')
    .then((current) => {
      if (current !== '' && (choice === undefined || choice === current) && tf.engine().backendName === current) {
        return current;
      }
      return start(choice);
    });
  // A failed start must not poison later calls.
  pending = next.catch(() => {
    pending = null;
    return '';
  });
  return next;
}

/** What is running, for printing and for recording with a trained model. */
export function backendInfo(): BackendInfo {
  const current = tf.engine().backendName ?? null;
  return {
    backend: current,
    tfjsVersion: tf.version.tfjs,
    wasmVersion: tfWasm.version_wasm,
    wasmSimd,
    wasmThreads,
    patchedKernels: current === 'wasm' ? [...patchedKernels] : [],
    nativeKernels: current === 'wasm' ? (native?.kernel ?? null) : null,
    nativeSkipped: current === 'wasm' ? nativeSkipped : null,
    skipped: [...skipped],
  };
}

/** The backend in a few words for a log line: `wasm (native kernels: avx2-fma)`, `wasm (WebAssembly kernels: why)`. */
export function describeBackend(): string {
  const info = backendInfo();
  if (info.backend !== 'wasm') return String(info.backend);
  if (info.nativeKernels !== null) return `wasm (native kernels: ${info.nativeKernels})`;
  return `wasm (WebAssembly kernels${info.nativeSkipped === null ? '' : `; native: ${info.nativeSkipped}`})`;
}

/**
 * Lets this thread's native products use `threads` threads (operation-level parallelism, for models whose steps
 * are weight-bound). Returns false, changing nothing, where the native kernels are not in use.
 */
export function setOperationThreads(threads: number): boolean {
  if (native === null || tf.engine().backendName !== 'wasm') return false;
  native.setThreads(threads);
  return true;
}
