import type { NativeKernels } from '@audio-dl/native-kernels';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapF32, type KernelFunc, type TensorInfo } from './kernel-utils';
import { RecurrentMatMul } from './recurrent-mat-mul';

/**
 * tanh through one exp: V8's Math.tanh costs several times Math.exp, and this recurrence evaluates
 * 2·B·T·H of them. |error| < 1e-15 in doubles; saturates exactly beyond ±20 (where exp would overflow).
 */
export function tanh(x: number): number {
  if (x > 20) return 1;
  if (x < -20) return -1;
  const e = Math.exp(2 * x);
  return (e - 1) / (e + 1);
}

/** Kernel name of the fused LSTM recurrence (ours; no tfjs op has it). */
export const LSTM_FORWARD = 'AudioDlLstmForward';

export interface LstmAttrs {
  /** Gate activation: tfjs's default hard sigmoid (clip(0.2x + 0.5, 0, 1)) or the logistic sigmoid. */
  hardSigmoid: boolean;
}

/**
 * The whole LSTM recurrence in one kernel. Inputs: `xw` [B, T, 4H], the input projection x·W + b of
 * every step (one big matmul done before), and `recurrent` U [H, 4H]. Per step, z = xw_t + h_{t-1}·U
 * (XNNPACK), gates i, f, g, o in the tfjs order, c = f·c + i·g, h = o·tanh(c), zero initial state.
 * Outputs: hs [B, T, H], and for the backward kernel cs [B, T, H], the activated gates [B, T, 4H] and
 * tanh(cs) [B, T, H] (transcendentals dominate this kernel's time; the backward pass reuses them).
 */
export const lstmForward: KernelFunc = ({ inputs, backend, attrs }) => {
  const { xw, recurrent } = inputs as { xw: TensorInfo; recurrent: TensorInfo };
  const { hardSigmoid } = attrs as unknown as LstmAttrs;
  const wasm = backend as BackendWasm;
  const [batch, steps, four] = xw.shape;
  const units = four / 4;
  const hsInfo = wasm.makeOutput([batch, steps, units], 'float32');
  const csInfo = wasm.makeOutput([batch, steps, units], 'float32');
  const gatesInfo = wasm.makeOutput([batch, steps, four], 'float32');
  const tanhInfo = wasm.makeOutput([batch, steps, units], 'float32');
  const mm = new RecurrentMatMul(wasm, recurrent, batch);
  try {
    for (let t = 0; t < steps; t++) {
      if (t > 0) mm.run();
      // Fresh views every step: the matmul may have grown (and so detached) the heap.
      const z = mm.output();
      const hNext = mm.input();
      const x = heapF32(wasm, xw);
      const hs = heapF32(wasm, hsInfo);
      const cs = heapF32(wasm, csInfo);
      const gates = heapF32(wasm, gatesInfo);
      const tanhCs = heapF32(wasm, tanhInfo);
      for (let b = 0; b < batch; b++) {
        const zb = b * four;
        const xb = (b * steps + t) * four;
        const sb = (b * steps + t) * units;
        for (let j = 0; j < units; j++) {
          // No recurrent term at t = 0 (zero state); the matmul output is not yet written then.
          const first = t === 0;
          const zi = first ? x[xb + j] : x[xb + j] + z[zb + j];
          const zf = first ? x[xb + units + j] : x[xb + units + j] + z[zb + units + j];
          const zg = first ? x[xb + 2 * units + j] : x[xb + 2 * units + j] + z[zb + 2 * units + j];
          const zo = first ? x[xb + 3 * units + j] : x[xb + 3 * units + j] + z[zb + 3 * units + j];
          const i = hardSigmoid ? Math.min(1, Math.max(0, 0.2 * zi + 0.5)) : 1 / (1 + Math.exp(-zi));
          const f = hardSigmoid ? Math.min(1, Math.max(0, 0.2 * zf + 0.5)) : 1 / (1 + Math.exp(-zf));
          const o = hardSigmoid ? Math.min(1, Math.max(0, 0.2 * zo + 0.5)) : 1 / (1 + Math.exp(-zo));
          const g = tanh(zg);
          const cPrev = t > 0 ? cs[sb - units + j] : 0;
          const c = f * cPrev + i * g;
          const tc = tanh(c);
          const h = o * tc;
          cs[sb + j] = c;
          tanhCs[sb + j] = tc;
          hs[sb + j] = h;
          hNext[b * units + j] = h;
          gates[xb + j] = i;
          gates[xb + units + j] = f;
          gates[xb + 2 * units + j] = g;
          gates[xb + 3 * units + j] = o;
        }
      }
    }
  } finally {
    mm.dispose();
  }
  return [hsInfo, csInfo, gatesInfo, tanhInfo];
};

/** `AudioDlLstmForward` natively: the same inputs, attributes and outputs as the WebAssembly kernel. */
export function makeNativeLstmForward(native: NativeKernels): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { xw, recurrent } = inputs as { xw: TensorInfo; recurrent: TensorInfo };
    const { hardSigmoid } = attrs as unknown as LstmAttrs;
    const wasm = backend as BackendWasm;
    const [batch, steps, four] = xw.shape as [number, number, number];
    const units = four / 4;
    const outputs = [units, units, four, units].map((width) => wasm.makeOutput([batch, steps, width], 'float32'));
    const [hs, cs, gates, tanhCs] = outputs.map((t) => heapF32(wasm, t));
    native.lstmForward(
      batch,
      steps,
      units,
      hardSigmoid,
      heapF32(wasm, xw),
      heapF32(wasm, recurrent),
      hs,
      cs,
      gates,
      tanhCs,
    );
    return outputs;
  };
}
