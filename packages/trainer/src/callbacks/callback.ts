import type { History } from '../history';

/** Running figures of one epoch, Keras' names (`loss`, `accuracy`, `val_loss`, `val_accuracy`). */
export type Logs = Record<string, number>;

/** What the next optimiser step uses; callbacks may change it before the step (`onBatchBegin`). */
export interface StepSettings {
  learningRate: number;
  /** Factor the decayed weights (the kernels) are multiplied by before the step; 1 leaves them as they are. */
  decay: number;
}

/**
 * A hook into the training loop (`fit`), as tfjs-layers' callbacks are. Every method is optional; callbacks run in
 * the order they are given, so a learning-rate schedule goes before the weight decay that reads its rate.
 */
export interface TrainingCallback {
  onEpochBegin?(epoch: number): void;
  /** Before step `step` (0-based, over the whole run) of `totalSteps`; may change `settings`. */
  onBatchBegin?(step: number, totalSteps: number, settings: StepSettings): void;
  onBatchEnd?(batch: number, batches: number, logs: Logs, elapsedSeconds: number): void;
  /** After the epoch's validation; a returned text stops training, and every callback's `message` gets it. */
  // biome-ignore lint/suspicious/noConfusingVoidType: a callback that never stops training returns nothing.
  onEpochEnd?(epoch: number, batches: number, logs: Logs, elapsedSeconds: number): string | undefined | void;
  /** After the last epoch, on success; may amend the history (the epoch whose weights the model keeps). */
  onTrainEnd?(history: History): void;
  /** Frees what the callback holds, whether training succeeded or not. */
  dispose?(): void;
  message?(text: string): void;
}
