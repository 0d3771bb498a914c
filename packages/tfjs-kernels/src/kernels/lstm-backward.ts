import type { NativeKernels } from '@audio-dl/native-kernels';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { callKernel, heapF32, type KernelFunc, type TensorInfo } from './kernel-utils';
import type { LstmAttrs } from './lstm-forward';
import { RecurrentMatMul } from './recurrent-mat-mul';

/** Kernel name of the fused LSTM recurrence's gradient (ours). */
export const LSTM_BACKWARD = 'AudioDlLstmBackward';

/** The inputs, attribute and sizes both tiers of `AudioDlLstmBackward` read. */
function lstmBackwardArgs({ inputs, backend, attrs }: Parameters<KernelFunc>[0]) {
  const { dhs, cs, tanhCs, gates, recurrent } = inputs as Record<
    'dhs' | 'cs' | 'tanhCs' | 'gates' | 'recurrent',
    TensorInfo
  >;
  const { hardSigmoid } = attrs as unknown as LstmAttrs;
  const [batch, steps, four] = gates.shape as [number, number, number];
  return { dhs, cs, tanhCs, gates, recurrent, hardSigmoid, wasm: backend as BackendWasm, batch, steps, four };
}

/**
 * Backpropagation through time for `AudioDlLstmForward`. Inputs: `dhs` [B, T, H] (gradient of every
 * output), the forward's `cs`, `gates` and `tanhCs`, and `recurrent` U. Output: dZ [B, T, 4H], the
 * gradient of the gates' pre-activations, which is also the gradient of `xw`; the caller gets
 * dU = Σ_t h_{t-1}ᵀ·dz_t from it with one matmul. The only per-step product is dh_{t-1} = dz_t·Uᵀ (XNNPACK).
 */
export function makeLstmBackward(transpose: KernelFunc): KernelFunc {
  return (args) => {
    const { dhs, cs, tanhCs, gates, recurrent, hardSigmoid, wasm, batch, steps, four } = lstmBackwardArgs(args);
    const units = four / 4;
    const dzInfo = wasm.makeOutput([batch, steps, four], 'float32');
    const ut = callKernel(transpose, wasm, { x: recurrent }, { perm: [1, 0] });
    const mm = new RecurrentMatMul(wasm, ut, batch);
    const dcNext = new Float32Array(batch * units);
    // Derivative of the gate activation from its output y.
    const act = hardSigmoid ? (y: number) => (y > 0 && y < 1 ? 0.2 : 0) : (y: number) => y * (1 - y);
    try {
      for (let t = steps - 1; t >= 0; t--) {
        const recurrentGrad = t < steps - 1;
        const dhRec = mm.output();
        const dzNext = mm.input();
        const dh = heapF32(wasm, dhs);
        const c = heapF32(wasm, cs);
        const tcs = heapF32(wasm, tanhCs);
        const gv = heapF32(wasm, gates);
        const dz = heapF32(wasm, dzInfo);
        for (let b = 0; b < batch; b++) {
          const gb = (b * steps + t) * four;
          const sb = (b * steps + t) * units;
          for (let j = 0; j < units; j++) {
            const dhj = dh[sb + j] + (recurrentGrad ? dhRec[b * units + j] : 0);
            const i = gv[gb + j];
            const f = gv[gb + units + j];
            const g = gv[gb + 2 * units + j];
            const o = gv[gb + 3 * units + j];
            const tc = tcs[sb + j];
            const dc = dcNext[b * units + j] + dhj * o * (1 - tc * tc);
            const cPrev = t > 0 ? c[sb - units + j] : 0;
            dcNext[b * units + j] = dc * f;
            const dzi = dc * g * act(i);
            const dzf = dc * cPrev * act(f);
            const dzg = dc * i * (1 - g * g);
            const dzo = dhj * tc * act(o);
            dz[gb + j] = dzi;
            dz[gb + units + j] = dzf;
            dz[gb + 2 * units + j] = dzg;
            dz[gb + 3 * units + j] = dzo;
            const nb = b * four;
            dzNext[nb + j] = dzi;
            dzNext[nb + units + j] = dzf;
            dzNext[nb + 2 * units + j] = dzg;
            dzNext[nb + 3 * units + j] = dzo;
          }
        }
        if (t > 0) mm.run();
      }
    } finally {
      mm.dispose();
      wasm.disposeData(ut.dataId);
    }
    return dzInfo;
  };
}

/** `AudioDlLstmBackward` natively: the same inputs, attributes and output as the WebAssembly kernel. */
export function makeNativeLstmBackward(native: NativeKernels): KernelFunc {
  return (args) => {
    const { dhs, cs, tanhCs, gates, recurrent, hardSigmoid, wasm, batch, steps, four } = lstmBackwardArgs(args);
    const dz = wasm.makeOutput([batch, steps, four], 'float32');
    const view = (t: TensorInfo) => heapF32(wasm, t);
    native.lstmBackward(
      batch,
      steps,
      four / 4,
      hardSigmoid,
      view(dhs),
      view(cs),
      view(tanhCs),
      view(gates),
      view(recurrent),
      view(dz),
    );
    return dz;
  };
}
