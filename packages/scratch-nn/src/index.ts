export { sigmoid, sigmoidDerivative } from './activation';
export { type AdditionOptions, type AdditionResult, additionData, additionDefaults, additionTask } from './addition';
export { backpropExample, type ExampleStep } from './backprop-example';
export {
  addScaled,
  dot,
  fromRows,
  hadamard,
  type Matrix,
  matrix,
  outer,
  toRows,
  transpose,
  vecMat,
  vecMatT,
} from './matrix';
export { Mlp, type MlpOptions, type WeightInit } from './mlp';
export { neuron, weightedSum } from './neuron';
export { createRng, type Rng } from './random';
export { type EpochCallback, type Samples, train } from './train';
