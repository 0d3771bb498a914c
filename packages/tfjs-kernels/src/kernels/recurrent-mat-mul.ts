import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapF32, type TensorInfo } from './kernel-utils';

type WasmMatMul = (
  aId: number,
  aShape: Uint8Array,
  aRank: number,
  bId: number,
  bShape: Uint8Array,
  bRank: number,
  transposeA: number,
  transposeB: number,
  outId: number,
) => void;

interface Cwrap {
  cwrap(name: string, ret: null, args: string[]): WasmMatMul;
}

const wrapped = new WeakMap<object, WasmMatMul>();

function wasmMatMul(backend: BackendWasm): WasmMatMul {
  let fn = wrapped.get(backend.wasm);
  if (fn === undefined) {
    const args = ['number', 'array', 'number', 'number', 'array', 'number', 'number', 'number', 'number'];
    fn = (backend.wasm as unknown as Cwrap).cwrap('BatchMatMul', null, args);
    wrapped.set(backend.wasm, fn);
  }
  return fn;
}

function shapeBytes(shape: number[]): Uint8Array {
  return new Uint8Array(new Int32Array(shape).buffer);
}

/**
 * One small product per time step, out = in · W with W fixed for a whole sequence, straight on the
 * backend's XNNPACK matmul (XNNPACK packs W once and caches it by tensor id, so W must not change while
 * this lives). `input()` and `output()` return fresh heap views: a matmul may grow the heap.
 */
export class RecurrentMatMul {
  private readonly a: TensorInfo;
  private readonly out: TensorInfo;
  private readonly call: WasmMatMul;
  private readonly aShape: Uint8Array;
  private readonly wShape: Uint8Array;
  private readonly wId: number;
  private readonly aId: number;
  private readonly outId: number;

  constructor(
    private readonly backend: BackendWasm,
    weights: TensorInfo,
    rows: number,
  ) {
    const [k, n] = weights.shape;
    this.a = backend.makeOutput([1, rows, k], 'float32');
    this.out = backend.makeOutput([1, rows, n], 'float32');
    this.call = wasmMatMul(backend);
    this.aShape = shapeBytes([1, rows, k]);
    this.wShape = shapeBytes([1, k, n]);
    this.wId = backend.dataIdMap.get(weights.dataId)!.id;
    this.aId = backend.dataIdMap.get(this.a.dataId)!.id;
    this.outId = backend.dataIdMap.get(this.out.dataId)!.id;
  }

  input(): Float32Array {
    return heapF32(this.backend, this.a);
  }

  output(): Float32Array {
    return heapF32(this.backend, this.out);
  }

  run(): void {
    this.call(this.aId, this.aShape, 3, this.wId, this.wShape, 3, 0, 0, this.outId);
  }

  dispose(): void {
    this.backend.disposeData(this.a.dataId);
    this.backend.disposeData(this.out.dataId);
  }
}
