import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend';
import { LSTM_FORWARD } from '../kernels/lstm-forward';
import { FastLstm } from './fast-lstm';

type Gate = 'sigmoid' | 'hardSigmoid';

/** Output and weight gradients of a one-layer model, with fixed weights and inputs. */
async function run(
  fast: boolean,
  backend: 'wasm' | 'cpu',
  recurrentActivation: Gate,
  returnSequences: boolean,
): Promise<Float32Array[]> {
  await initBackend(backend);
  const args = { units: 5, returnSequences, inputShape: [7, 3], recurrentActivation, name: 'lstm' };
  const model = tf.sequential();
  model.add(fast ? new FastLstm(args) : tf.layers.lstm(args));
  model.setWeights(
    model.getWeights().map((w, k) =>
      tf.tensor(
        Array.from({ length: w.size }, (_, i) => Math.sin(i * 1.3 + k) * 0.6),
        w.shape,
      ),
    ),
  );
  const x = tf.tensor3d(
    Array.from({ length: 2 * 7 * 3 }, (_, i) => Math.cos(i * 0.7) * 2),
    [2, 7, 3],
  );
  const vars = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
  const out = model.predict(x) as tf.Tensor;
  const { grads } = tf.variableGrads(
    () => tf.sum(tf.square(model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar,
    vars,
  );
  return [out.dataSync() as Float32Array, ...vars.map((v) => grads[v.name].dataSync() as Float32Array)];
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

describe('FastLstm matches tf.layers.lstm (outputs and kernel, recurrent kernel, bias gradients)', () => {
  const cases: [Gate, boolean][] = [
    ['sigmoid', true],
    ['sigmoid', false],
    ['hardSigmoid', true],
    ['hardSigmoid', false],
  ];
  test.each(cases)('gates %s, returnSequences %s', async (gate, sequences) => {
    const reference = await run(false, 'cpu', gate, sequences);
    for (const backend of ['wasm', 'cpu'] as const) {
      const fast = await run(true, backend, gate, sequences);
      expect(fast).toHaveLength(4);
      // float32 rounding of the same arithmetic in another order: well under 1e-5 for values of order 1.
      for (let k = 0; k < fast.length; k++) expect(maxAbsDiff(fast[k], reference[k])).toBeLessThan(1e-5);
    }
  });

  test('uses the fused kernels on wasm', async () => {
    await initBackend('wasm');
    expect(tf.getKernel(LSTM_FORWARD, 'wasm')).toBeDefined();
    expect(tf.getKernel(LSTM_FORWARD, 'cpu')).toBeUndefined();
  });
});

describe('FastLstm serialisation', () => {
  test('saves as a plain LSTM that loads back with identical predictions', async () => {
    await initBackend('wasm');
    const model = tf.sequential();
    model.add(new FastLstm({ units: 4, returnSequences: true, inputShape: [6, 3], name: 'lstm' }));
    model.add(new FastLstm({ units: 3, name: 'lstm_1' }));
    let saved: tf.io.ModelArtifacts | null = null;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    expect(saved).not.toBeNull();
    const artifacts = saved as unknown as tf.io.ModelArtifacts;
    const layers = (artifacts.modelTopology as { config: { layers: { class_name: string }[] } }).config.layers;
    expect(layers.map((l) => l.class_name)).toEqual(['LSTM', 'LSTM']);
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    const x = tf.randomNormal([2, 6, 3], 0, 1, 'float32', 3);
    const a = (model.predict(x) as tf.Tensor).dataSync() as Float32Array;
    const b = (loaded.predict(x) as tf.Tensor).dataSync() as Float32Array;
    expect(maxAbsDiff(a, b)).toBeLessThan(1e-6);
  });

  test('refuses options the fused recurrence does not implement', () => {
    expect(() => new FastLstm({ units: 4, dropout: 0.2 })).toThrow(/does not support: dropout/);
    expect(() => new FastLstm({ units: 4, returnState: true })).toThrow(/returnState/);
    expect(() => new FastLstm({ units: 4, activation: 'relu' })).toThrow(/only the tanh activation/);
  });
});
