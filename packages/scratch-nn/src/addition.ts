import { type Matrix, matrix } from './matrix';
import { Mlp, type WeightInit } from './mlp';
import { createRng, type Rng } from './random';
import { type EpochCallback, train } from './train';

/** §06 as the course runs it: 1000 samples, a 2-5-1 network, 50 epochs, η = 0.1. */
export const additionDefaults = { samples: 1000, hidden: [5], epochs: 50, learningRate: 0.1, seed: 1 } as const;

export interface AdditionOptions {
  samples?: number;
  hidden?: readonly number[];
  epochs?: number;
  learningRate?: number;
  seed?: number;
  init?: WeightInit;
  onEpoch?: EpochCallback;
}

export interface AdditionResult {
  mlp: Mlp;
  /** Mean MSE of each epoch. */
  history: number[];
  /** The trained network's answer to 0.3 + 0.1. */
  answer: number;
}

/** `samples` pairs (x1, x2) of `random()/2` each (so x1 + x2 < 1, within the sigmoid's range), target x1 + x2. */
export function additionData(samples: number, rng: Rng): { inputs: Matrix; targets: Matrix } {
  const inputs = matrix(samples, 2);
  const targets = matrix(samples, 1);
  for (let s = 0; s < samples; s++) {
    const a = rng.random() / 2;
    const b = rng.random() / 2;
    inputs.data[2 * s] = a;
    inputs.data[2 * s + 1] = b;
    targets.data[s] = a + b;
  }
  return { inputs, targets };
}

/**
 * Trains a network to add two numbers. One seeded stream draws the data first, then the weights,
 * in the course's order, so a seed fixes the whole run.
 */
export function additionTask(options: AdditionOptions = {}): AdditionResult {
  const o = { ...additionDefaults, ...options };
  const rng = createRng(o.seed);
  const { inputs, targets } = additionData(o.samples, rng);
  const mlp = new Mlp(2, o.hidden, 1, { rng, init: o.init });
  const history = train(mlp, inputs, targets, o.epochs, o.learningRate, o.onEpoch);
  return { mlp, history, answer: mlp.forward([0.3, 0.1])[0] };
}
