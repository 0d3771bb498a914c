import * as tf from '@tensorflow/tfjs';
import type { History } from '../history';
import { EarlyStopping } from './early-stopping';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const history = (): History => ({ epoch: [1, 2, 3, 4], loss: [], seconds: [], bestEpoch: 4, stoppedEarly: false });

describe('EarlyStopping', () => {
  it('stops after `patience` epochs without a lower val_loss and restores the weights of the best epoch', () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1 })] });
    const weightsAt: number[][] = [];
    const stopper = new EarlyStopping(model, 2);
    const valLosses = [1, 0.5, 0.7, 0.8];
    const said = valLosses.map((val_loss, epoch) => {
      model.setWeights(model.getWeights().map((w) => tf.fill(w.shape, epoch)));
      weightsAt.push(Array.from(model.getWeights()[0].dataSync()));
      return stopper.onEpochEnd(epoch, 3, { loss: 9, val_loss });
    });
    expect(said.slice(0, 3)).toEqual([undefined, undefined, undefined]);
    expect(said[3]).toBe(
      'Early stopping after epoch 4: val_loss has not improved for 2 epochs; restoring the weights of epoch 2.',
    );
    const h = history();
    stopper.onTrainEnd(h);
    expect(h.bestEpoch).toBe(2);
    expect(Array.from(model.getWeights()[0].dataSync())).toEqual(weightsAt[1]);
    stopper.dispose();
    model.dispose();
  });

  it('monitors the training loss where there is no validation part', () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1 })] });
    const stopper = new EarlyStopping(model, 1);
    expect(stopper.onEpochEnd(0, 1, { loss: 1 })).toBeUndefined();
    expect(stopper.onEpochEnd(1, 1, { loss: 2 })).toMatch(
      /^Early stopping after epoch 2: loss has not improved for 1 epochs/,
    );
    stopper.dispose();
    model.dispose();
  });
});
