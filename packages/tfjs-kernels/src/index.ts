// @audio-dl/tfjs-kernels, the browser entry: our kernels for tfjs' wasm backend, the fused layers and the optimiser
// they serve. No Node import here; starting a backend and the native kernels are in the Node entry (node.ts).
export { BACKENDS, type BackendName } from './backend-names';
export { FastBatchNorm, type FastBatchNormArgs, fastBatchNorm } from './layers/fast-batch-norm';
export { FastLstm, type FastLstmArgs, fastLstm, lstmRecurrence } from './layers/fast-lstm';
export { SummaryStats, summaryStats } from './layers/summary-stats';
export { FastAdam, fastAdam } from './optimizers/fast-adam';
export { registerWasmKernels } from './register-kernels';
