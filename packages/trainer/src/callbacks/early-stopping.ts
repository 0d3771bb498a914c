import * as tf from '@tensorflow/tfjs';
import type { History } from '../history';
import type { Logs, TrainingCallback } from './callback';

/**
 * Stops training when the monitored loss (`val_loss`, else `loss`) has not improved for `patience` epochs, and
 * gives the model back the weights of its best epoch (§11.4; Keras' EarlyStopping with restore_best_weights).
 */
export class EarlyStopping implements TrainingCallback {
  private best = Number.POSITIVE_INFINITY;
  private bestEpoch = 0;
  private bestWeights: tf.Tensor[] | null = null;
  private wait = 0;

  constructor(
    private readonly model: tf.LayersModel,
    readonly patience: number,
  ) {}

  onEpochEnd(epoch: number, _batches: number, logs: Logs): string | undefined {
    const monitored = logs.val_loss ?? logs.loss;
    if (monitored < this.best) {
      this.best = monitored;
      this.bestEpoch = epoch + 1;
      this.wait = 0;
      tf.dispose(this.bestWeights ?? []);
      this.bestWeights = this.model.getWeights().map((w) => w.clone());
      return undefined;
    }
    if (++this.wait < this.patience) return undefined;
    return `Early stopping after epoch ${epoch + 1}: ${logs.val_loss !== undefined ? 'val_loss' : 'loss'} has not improved for ${this.patience} epochs; restoring the weights of epoch ${this.bestEpoch}.`;
  }

  onTrainEnd(history: History): void {
    if (this.bestWeights === null) return;
    this.model.setWeights(this.bestWeights);
    history.bestEpoch = this.bestEpoch;
  }

  dispose(): void {
    tf.dispose(this.bestWeights ?? []);
    this.bestWeights = null;
  }
}
