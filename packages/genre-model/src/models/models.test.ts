import { featureParamsSchema } from '@audio-dl/dataset/portable';
import { initBackend } from '@audio-dl/tfjs-kernels/node';
import * as tf from '@tensorflow/tfjs';
import { buildModel, defaultEpochs, defaultWidth, modelNames, modelSpec } from '.';
import { FastOrthogonal } from './orthogonal';

beforeAll(async () => {
  await initBackend('cpu');
});

const withModel = (build: () => tf.LayersModel, check: (m: tf.LayersModel) => void) => {
  const model = build();
  try {
    check(model);
  } finally {
    model.dispose();
  }
};

describe('model registry', () => {
  it("gives the recipe more epochs for clip-length segments, the model's own for the course's", () => {
    const clips = featureParamsSchema.parse({ segmentSeconds: 0.5, features: 'logmel', nMels: 64 });
    const course = featureParamsSchema.parse({});
    expect([defaultEpochs('mel-cnn', clips), defaultEpochs('mel-cnn', course), defaultEpochs('mel-cnn', null)]).toEqual(
      [100, 40, 40],
    );
    // Models without clip epochs keep theirs.
    expect([defaultEpochs('cnn', clips), defaultEpochs('stats', clips)]).toEqual([30, 60]);
  });

  it('builds the recipe 1.5× wider for clip-length segments; models of one width have none', () => {
    const clips = featureParamsSchema.parse({ segmentSeconds: 0.5, features: 'logmel', nMels: 64 });
    const course = featureParamsSchema.parse({});
    expect([defaultWidth('mel-cnn', clips), defaultWidth('mel-cnn', course), defaultWidth('mel-cnn', null)]).toEqual([
      24, 16, 16,
    ]);
    expect([defaultWidth('cnn', clips), defaultWidth('stats', clips)]).toEqual([undefined, undefined]);
  });

  it('builds every model by name', () => {
    expect(modelNames).toEqual(['addition', 'mlp', 'mlp-regularized', 'cnn', 'lstm', 'stats', 'mel-cnn']);
    expect(modelNames.map((n) => modelSpec(n).defaults.epochs)).toEqual([100, 50, 100, 30, 30, 60, 40]);
    // The course's models train as the course does: no recipe beyond Adam.
    expect(['mlp', 'mlp-regularized', 'cnn', 'lstm'].map((n) => modelSpec(n as 'mlp').defaults.recipe)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('addition is the §07 2-5-1 network', () => {
    withModel(
      () => buildModel('addition', [2], 1),
      (m) => {
        expect(m.countParams()).toBe(2 * 5 + 5 + 5 + 1);
        expect(m.outputs[0].shape).toEqual([null, 1]);
      },
    );
  });

  it('mlp has exactly 1,014,218 parameters for 130 × 13 input (§10.1)', () => {
    withModel(
      () => buildModel('mlp', [130, 13], 10),
      (m) => {
        expect(m.countParams()).toBe(1014218);
        // Keras' glorot_uniform, not tfjs' glorotNormal default.
        expect(m.getLayer('dense').getConfig().kernelInitializer).toMatchObject({
          config: { scale: 1, mode: 'fanAvg', distribution: 'uniform' },
        });
      },
    );
  });

  it('mlp-regularized adds L2 on the hidden kernels and dropout 0.3 after each hidden layer', () => {
    withModel(
      () => buildModel('mlp-regularized', [130, 13], 10),
      (m) => {
        expect(m.countParams()).toBe(1014218);
        const types = m.layers.map((l) => l.getClassName());
        expect(types).toEqual(['Flatten', 'Dense', 'Dropout', 'Dense', 'Dropout', 'Dense', 'Dropout', 'Dense']);
        const configs = m.layers.map((l) => l.getConfig());
        expect(configs.filter((c) => c.rate === 0.3)).toHaveLength(3);
        const l2 = configs.filter((c) => JSON.stringify(c.kernelRegularizer ?? null).includes('"l2":0.001'));
        expect(l2).toHaveLength(3);
      },
    );
  });

  it('cnn takes [frames, nMfcc, 1] and shrinks 130 × 13 to 15 × 1 × 32', () => {
    withModel(
      () => buildModel('cnn', [130, 13], 10),
      (m) => {
        expect(m.inputs[0].shape).toEqual([null, 130, 13, 1]);
        expect(m.getLayer('batch_normalization_2').outputShape).toEqual([null, 15, 1, 32]);
        expect(m.getLayer('dense').outputShape).toEqual([null, 64]);
        expect(m.outputs[0].shape).toEqual([null, 10]);
        // conv 320 + 9,248 + 4,128; batch norm 3 × 128; dense 480 × 64 + 64; output 650.
        expect(m.countParams()).toBe(45514);
      },
    );
    expect(() => buildModel('cnn', [130, 10], 10)).toThrow(/at least \[11, 11\].*not \[130, 10\]/);
  });

  it('lstm stacks two LSTM 64 layers', () => {
    withModel(
      () => buildModel('lstm', [130, 13], 10),
      (m) => {
        // 4 gates × (64 × (13 + 64) + 64), 4 × (64 × 128 + 64), dense 64 × 64 + 64, output 64 × 10 + 10.
        expect(m.countParams()).toBe(19968 + 33024 + 4160 + 650);
        expect(m.getLayer('lstm').outputShape).toEqual([null, 130, 64]);
        // Keras' sigmoid gates, not tfjs' hard-sigmoid default.
        const gates = m.layers.filter((l) => l.getClassName() === 'LSTM').map((l) => l.getConfig().recurrentActivation);
        expect(gates).toEqual(['sigmoid', 'sigmoid']);
      },
    );
  });

  it("stats is softmax regression on each band's mean and std: 2 · 13 inputs", () => {
    withModel(
      () => buildModel('stats', [130, 13], 9),
      (m) => {
        expect(m.getLayer('summary_stats').outputShape).toEqual([null, 26]);
        // batch norm 4 × 26, dense 26 × 9 + 9.
        expect(m.countParams()).toBe(104 + 243);
        const x = tf.tensor3d([
          [
            [1, 10],
            [3, 10],
          ],
        ]);
        const stats = m.getLayer('summary_stats').apply(x) as tf.Tensor;
        expect(Array.from(stats.dataSync()).map((v) => Number(v.toFixed(3)))).toEqual([2, 10, 1, 0.001]);
        tf.dispose([x, stats]);
      },
    );
  });

  it('mel-cnn has four conv blocks 16-32-64-128 and global average pooling (98.5 k parameters for 9 classes)', () => {
    withModel(
      () => buildModel('mel-cnn', [130, 64], 9),
      (m) => {
        expect(m.inputs[0].shape).toEqual([null, 130, 64, 1]);
        expect(m.getLayer('max_pooling2d_3').outputShape).toEqual([null, 9, 4, 128]);
        expect(m.getLayer('global_average_pooling2d').outputShape).toEqual([null, 128]);
        // conv 144 + 4,608 + 18,432 + 73,728 (no bias); batch norm 4 × (16 + 32 + 64 + 128); dense 128 × 9 + 9.
        expect(m.countParams()).toBe(96912 + 960 + 1161);
      },
    );
    // Width 24: conv 216 + 10,368 + 41,472 + 165,888; batch norm 4 × (24 + 48 + 96 + 192); dense 192 × 9 + 9.
    withModel(
      () => buildModel('mel-cnn', [130, 64], 9, { width: 24 }),
      (m) => {
        expect(m.getLayer('max_pooling2d_3').outputShape).toEqual([null, 9, 4, 192]);
        expect(m.countParams()).toBe(217944 + 1440 + 1737);
      },
    );
    // Global pooling takes MFCC-sized input as well.
    withModel(
      () => buildModel('mel-cnn', [130, 13], 9),
      (m) => expect(m.outputs[0].shape).toEqual([null, 9]),
    );
  });

  it('refuses sample shapes a model cannot take, naming them', () => {
    expect(() => buildModel('addition', [130, 13], 10)).toThrow(/shape \[2\].*not \[130, 13\]/);
    expect(() => buildModel('mlp', [1690], 10)).toThrow(/\[frames, nMfcc\], not \[1690\]/);
  });
});

describe('FastOrthogonal', () => {
  it('gives orthonormal columns (and rows for wide shapes) like tfjs Orthogonal, in milliseconds', () => {
    for (const shape of [
      [64, 256],
      [256, 64],
    ]) {
      const start = performance.now();
      const w = new FastOrthogonal({ seed: 3 }).apply(shape);
      expect(performance.now() - start).toBeLessThan(1000);
      const gram = (
        shape[0] >= shape[1] ? tf.matMul(w, w, true, false) : tf.matMul(w, w, false, true)
      ).arraySync() as number[][];
      const n = Math.min(shape[0], shape[1]);
      let maxDev = 0;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) maxDev = Math.max(maxDev, Math.abs(gram[i][j] - (i === j ? 1 : 0)));
      expect(maxDev).toBeLessThan(1e-5);
      w.dispose();
    }
  });

  it('is what deserialising an Orthogonal config now builds', () => {
    const init = tf.serialization.SerializationMap.getMap().classNameMap.Orthogonal[0];
    expect(init).toBe(FastOrthogonal);
  });
});
