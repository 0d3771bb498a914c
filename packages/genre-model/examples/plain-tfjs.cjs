// Loads a model saved by `audio-dl train` with plain @tensorflow/tfjs on Node: no tfjs-node, no audio-dl.
// `tf.loadLayersModel('file://…')` needs tfjs-node's file handler; `tf.io.fromMemory` needs none.
// Usage: node plain-tfjs.cjs MODEL_DIR  → prints the class probabilities of one seeded random input.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const tf = require('@tensorflow/tfjs');

async function loadSavedModel(dir) {
  const { modelTopology, weightsManifest } = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  const weights = readFileSync(join(dir, 'weights.bin'));
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology,
      weightSpecs: weightsManifest[0].weights,
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    }),
  );
}

async function main(dir) {
  await tf.setBackend('cpu');
  const model = await loadSavedModel(dir);
  const { inputShape } = JSON.parse(readFileSync(join(dir, 'audio-dl.json'), 'utf8'));
  const x = tf.randomNormal([1, ...inputShape], 0, 1, 'float32', 42);
  console.log(JSON.stringify(Array.from(model.predict(x).dataSync())));
}

main(process.argv[2]);
