import * as tf from '@tensorflow/tfjs';
import { LearningRateSchedule } from './learning-rate-schedule';
import { decayedWeights, WeightDecay } from './weight-decay';

describe('WeightDecay', () => {
  it('shrinks by the learning rate the schedule set just before it (AdamW)', () => {
    const settings = { learningRate: 1, decay: 1 };
    new LearningRateSchedule('constant', 0.01).onBatchBegin(0, 10, settings);
    new WeightDecay(0.5).onBatchBegin(0, 10, settings);
    expect(settings).toEqual({ learningRate: 0.01, decay: 1 - 0.01 * 0.5 });
  });

  it('decays the kernels of every model, not their biases, whatever tfjs suffixed their names with', () => {
    const build = () =>
      tf.sequential({
        layers: [
          tf.layers.dense({ name: 'hidden', inputShape: [2], units: 3 }),
          tf.layers.dense({ name: 'out', units: 1 }),
        ],
      });
    const first = build();
    const second = build();
    expect(second.trainableWeights[0].name).not.toBe(second.trainableWeights[0].originalName);
    const decayed = decayedWeights(second);
    expect(decayed).toEqual([second.trainableWeights[0], second.trainableWeights[2]]);
    expect(decayed.map((w) => w.originalName.endsWith('kernel'))).toEqual([true, true]);
    first.dispose();
    second.dispose();
  });
});
