import { fromRows, type Matrix } from './matrix';
import type { Mlp } from './mlp';

/** A data set as a matrix (one sample per row) or as nested rows. */
export type Samples = Matrix | readonly (readonly number[])[];

/** Called after each epoch with its 1-based number and mean MSE. */
export type EpochCallback = (epoch: number, meanError: number) => void;

function asMatrix(samples: Samples): Matrix {
  return 'shape' in samples ? samples : fromRows(samples);
}

/**
 * §05 training: for each epoch, each (input, target) pair in order gets a forward pass, the error y − a,
 * backpropagation and a gradient-descent step. The sample's MSE (mean over outputs, measured before its
 * update) is summed and divided by the number of samples. Returns that mean MSE per epoch.
 */
export function train(
  mlp: Mlp,
  inputs: Samples,
  targets: Samples,
  epochs: number,
  learningRate: number,
  onEpoch?: EpochCallback,
): number[] {
  if (!Number.isInteger(epochs) || epochs < 0)
    throw new RangeError(`train: epochs must be an integer ≥ 0, got ${epochs}`);
  if (!Number.isFinite(learningRate))
    throw new RangeError(`train: learningRate must be a finite number, got ${learningRate}`);
  const x = asMatrix(inputs);
  const y = asMatrix(targets);
  const [n, nIn] = x.shape;
  if (nIn !== mlp.numInputs)
    throw new RangeError(`train: inputs have ${nIn} columns, the network takes ${mlp.numInputs}`);
  if (y.shape[1] !== mlp.numOutputs)
    throw new RangeError(`train: targets have ${y.shape[1]} columns, the network gives ${mlp.numOutputs}`);
  if (y.shape[0] !== n) throw new RangeError(`train: ${n} inputs but ${y.shape[0]} targets`);
  if (n === 0) throw new RangeError('train: no samples');

  const nOut = mlp.numOutputs;
  const error = mlp.errors[mlp.errors.length - 1]; // written in place: backPropagate reads it without copying
  const history: number[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    let sumErrors = 0;
    for (let s = 0; s < n; s++) {
      const output = mlp.forward(x.data, s * nIn);
      let squared = 0;
      for (let k = 0; k < nOut; k++) {
        const e = y.data[s * nOut + k] - output[k];
        error[k] = e;
        squared += e * e;
      }
      mlp.backPropagate(error);
      mlp.gradientDescent(learningRate);
      sumErrors += squared / nOut;
    }
    const mean = sumErrors / n;
    history.push(mean);
    onEpoch?.(epoch, mean);
  }
  return history;
}
