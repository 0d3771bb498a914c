import { FastBatchNorm, FastLstm, fastBatchNorm, fastLstm } from '@audio-dl/tfjs-kernels';
import * as tf from '@tensorflow/tfjs';
import { asRegisteredClasses } from './replica-topology';

/** An LSTM and a batch norm, both fused, between plain layers: the shapes of the lstm and mel-cnn models. */
function fusedModel(): tf.Sequential {
  const model = tf.sequential();
  model.add(fastLstm({ units: 4, returnSequences: true, inputShape: [6, 3] }));
  model.add(fastBatchNorm({}));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 2, activation: 'softmax' }));
  return model;
}

describe('asRegisteredClasses', () => {
  it('names the fused layers by their own classes, so a replica rebuilds them and not the slower equivalents', async () => {
    const model = fusedModel();
    const saved = model.toJSON(null, false) as { config: { layers: { class_name: string }[] } };
    // As saved (and as Keras reads it): the tfjs equivalents.
    expect(saved.config.layers.map((l) => l.class_name)).toEqual(['LSTM', 'BatchNormalization', 'Flatten', 'Dense']);
    const topology = asRegisteredClasses(saved, model) as typeof saved;
    expect(topology.config.layers.map((l) => l.class_name)).toEqual([
      'FastLSTM',
      'FastBatchNormalization',
      'Flatten',
      'Dense',
    ]);
    // As a replica rebuilds it: the rewritten topology with the model's weights.
    let artifacts: tf.io.ModelArtifacts | null = null;
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) };
      }),
    );
    const rebuilt = await tf.loadLayersModel(tf.io.fromMemory({ ...(artifacts ?? {}), modelTopology: topology }));
    expect(rebuilt.layers[0]).toBeInstanceOf(FastLstm);
    expect(rebuilt.layers[1]).toBeInstanceOf(FastBatchNorm);
    expect(rebuilt.layers.map((l) => l.outputShape)).toEqual(model.layers.map((l) => l.outputShape));
    model.dispose();
    rebuilt.dispose();
  });

  it('refuses a topology that lists no layers', () => {
    expect(() => asRegisteredClasses({ class_name: 'Sequential' }, fusedModel())).toThrow(
      /serialised topology lists no layers/,
    );
  });
});
