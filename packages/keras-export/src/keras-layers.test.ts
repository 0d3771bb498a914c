import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ModelMeta } from '@audio-dl/genre-model';
import { toolAvailable } from '@audio-dl/optional-tool';
import { fastBatchNorm, fastLstm } from '@audio-dl/tfjs-kernels';
import { initBackend } from '@audio-dl/tfjs-kernels/node';
import * as tf from '@tensorflow/tfjs';
import { kerasPredict, kerasPython } from './__fixtures__/keras-python';
import { readNpy, writeNpy } from './__fixtures__/npy';
import { kerasArchive, kerasGraph, kerasWeightPaths, snakeCase, tfjsLayers } from './keras';
import { type JsonObject, type TfjsLayer, translateLayer } from './keras-layers';

jest.setTimeout(300_000);

beforeAll(async () => {
  await initBackend('cpu');
});

const layer = (className: string, config: JsonObject): TfjsLayer => ({
  className,
  config: { name: 'x', trainable: true, ...config },
  weights: new Map(),
  inputShape: [null, 4],
  outputShape: [null, 4],
});

describe('tfjs → Keras layer translation', () => {
  it("names weight groups as Keras' to_snake_case does", () => {
    const names = [
      'Dense',
      'Conv2D',
      'MaxPooling2D',
      'BatchNormalization',
      'GlobalAveragePooling2D',
      'LSTM',
      'LeakyReLU',
    ];
    expect(names.map(snakeCase)).toEqual([
      'dense',
      'conv2d',
      'max_pooling2d',
      'batch_normalization',
      'global_average_pooling2d',
      'lstm',
      'leaky_re_lu',
    ]);
    const model = {
      name: 'm',
      layers: ['InputLayer', 'Dense', 'Dropout', 'Mean', 'Dense', 'Dense'].map((className) => ({
        className,
        config: {},
        vars: [],
        inputs: [],
        outputShape: [],
        op: className === 'Mean',
      })),
    };
    expect(kerasWeightPaths(model)).toEqual([
      'layers/input_layer',
      'layers/dense',
      'layers/dropout',
      null,
      'layers/dense_1',
      'layers/dense_2',
    ]);
  });

  it('refuses an unsupported layer in one line naming it and what is supported', () => {
    expect(() => translateLayer(layer('BandStats', {}), 'in')).toThrow(
      /^layer "x" \(BandStats\) has no Keras export \(supported: Dense, Conv1D, Conv2D, .*LSTM, SummaryStats\)$/,
    );
  });

  it.each([
    [
      'Conv2D',
      { filters: 2, kernel_size: [3, 3], data_format: 'channels_first' },
      /data_format "channels_first" has no Keras equivalent/,
    ],
    ['LSTM', { units: 2, stateful: true }, /stateful true has no Keras equivalent here \(supported: false\)/],
    ['Dense', { units: 2, activation: 'hard_sigmoid' }, /activation "hard_sigmoid" has no exact Keras equivalent/],
    [
      'Dense',
      { units: 2, kernel_regularizer: { class_name: 'Custom', config: {} } },
      /kernel_regularizer Custom has no Keras export/,
    ],
    ['Dense', { units: 2, something_new: 3 }, /option something_new=3 cannot be exported to Keras/],
    ['Dense', { units: 2, dtype: 'int32' }, /dtype "int32" has no Keras equivalent/],
  ])('refuses %s with %j', (className, config, message) => {
    expect(() => translateLayer(layer(className, config), 'in')).toThrow(message);
  });

  it('keeps L1L2 regularizers and maps initializers to their Keras classes', () => {
    const [dense] = translateLayer(
      {
        className: 'Dense',
        config: {
          name: 'd',
          units: 1,
          kernel_initializer: {
            class_name: 'VarianceScaling',
            config: { scale: 1, mode: 'fan_avg', distribution: 'normal', seed: null },
          },
          kernel_regularizer: { class_name: 'L1L2', config: { l1: 0, l2: 0.001 } },
        },
        weights: new Map([
          ['kernel', { shape: [1, 1], data: new Float32Array([2]) }],
          ['bias', { shape: [1], data: new Float32Array([3]) }],
        ]),
        inputShape: [null, 1],
        outputShape: [null, 1],
      },
      'in',
    );
    expect(dense.config).toMatchObject({
      name: 'd',
      activation: 'linear',
      kernel_initializer: {
        class_name: 'VarianceScaling',
        config: { distribution: 'truncated_normal', mode: 'fan_avg' },
      },
      kernel_regularizer: { module: 'keras.regularizers', class_name: 'L1L2', config: { l1: 0, l2: 0.001 } },
    });
    expect(dense.vars.map((v) => Array.from(v.data))).toEqual([[2], [3]]);
  });
});

// Architectures beyond today's registry, built as genre-model builds its models (fast layers, logits
// then a softmax layer), so the export is checked on them before they land.
function logmelCnn(): tf.Sequential {
  const m = tf.sequential({ name: 'logmel_cnn' });
  m.add(
    tf.layers.conv2d({
      name: 'conv2d',
      inputShape: [24, 16, 1],
      filters: 6,
      kernelSize: 3,
      padding: 'same',
      useBias: false,
    }),
  );
  m.add(fastBatchNorm({ name: 'batch_normalization' }));
  m.add(tf.layers.activation({ name: 'activation', activation: 'relu' }));
  m.add(tf.layers.maxPooling2d({ name: 'max_pooling2d', poolSize: 2 }));
  m.add(tf.layers.conv2d({ name: 'conv2d_1', filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' }));
  m.add(fastBatchNorm({ name: 'batch_normalization_1' }));
  m.add(tf.layers.maxPooling2d({ name: 'max_pooling2d_1', poolSize: 2, padding: 'same' }));
  m.add(tf.layers.globalAveragePooling2d({ name: 'global_average_pooling2d' }));
  m.add(tf.layers.dropout({ name: 'dropout', rate: 0.3 }));
  m.add(tf.layers.dense({ name: 'dense', units: 3 }));
  m.add(tf.layers.activation({ name: 'softmax', activation: 'softmax' }));
  return m;
}

function sequenceModel(): tf.Sequential {
  const m = tf.sequential({ name: 'sequence' });
  m.add(
    tf.layers.conv1d({
      name: 'conv1d',
      inputShape: [24, 16],
      filters: 8,
      kernelSize: 3,
      padding: 'same',
      activation: 'elu',
    }),
  );
  m.add(fastLstm({ name: 'lstm', units: 8, returnSequences: true, recurrentActivation: 'sigmoid' }));
  m.add(tf.layers.globalAveragePooling1d({ name: 'global_average_pooling1d' }));
  m.add(tf.layers.reshape({ name: 'reshape', targetShape: [2, 4] }));
  m.add(tf.layers.flatten({ name: 'flatten' }));
  m.add(
    tf.layers.dense({
      name: 'dense',
      units: 3,
      kernelRegularizer: tf.regularizers.l2({ l2: 0.001 }),
    }),
  );
  m.add(tf.layers.activation({ name: 'softmax', activation: 'softmax' }));
  return m;
}

/** Random weights everywhere (positive variances), so any misplaced weight shows in the outputs. */
function randomize(model: tf.LayersModel, seed: number): void {
  const weights = model.weights.map((w, i) =>
    w.originalName.endsWith('moving_variance')
      ? tf.randomUniform(w.shape as number[], 0.5, 2, 'float32', seed + i)
      : tf.randomNormal(w.shape as number[], 0, 0.5, 'float32', seed + i),
  );
  model.setWeights(weights);
  tf.dispose(weights);
}

function metaFor(model: tf.LayersModel, standardize: boolean): ModelMeta {
  const inputShape = model.inputs[0].shape.slice(1) as number[];
  const sampleShape = [24, 16];
  return {
    format: 'audio-dl-model',
    version: 1,
    model: 'cnn',
    sampleShape,
    inputShape,
    mapping: ['a', 'b', 'c'],
    featureParams: null,
    standardization: standardize
      ? {
          mean: Array.from({ length: 16 }, (_, i) => i / 4 - 2),
          std: Array.from({ length: 16 }, (_, i) => 0.5 + i / 8),
        }
      : null,
    split: { kind: 'track', testSize: 0.25, valSize: 0.2, seed: 1 },
    seed: 1,
    training: {
      epochs: 1,
      batchSize: 32,
      learningRate: 1e-3,
      patience: null,
      epochsRun: 1,
      bestEpoch: 1,
      stoppedEarly: false,
    },
    data: { path: 'x', sha256: '0', samples: 1 },
    backend: 'cpu',
    versions: { tfjs: tf.version.tfjs, genreModel: '0', node: process.version },
    createdAt: new Date().toISOString(),
  };
}

const { python, reason } = kerasPython();
const inKeras = toolAvailable('Keras', python ? null : reason) ? describe : describe.skip;

inKeras('coming architectures in Keras 3 (TensorFlow 2.21)', () => {
  it('a log-mel CNN (same padding, batch norm, ReLU layers, global pooling, logits + softmax) and a Conv1D/LSTM model agree with tfjs within 1e-5', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'keras-arch-'));
    try {
      const n = 5;
      const x = tf.tidy(() => tf.randomNormal([n, 24, 16], 0, 2, 'float32', 7).dataSync() as Float32Array);
      const features = path.join(dir, 'x.npy');
      await writeNpy(features, x, [n, 24, 16]);
      const cases = [
        { name: 'logmel-cnn', model: logmelCnn(), standardize: true },
        { name: 'sequence', model: sequenceModel(), standardize: false },
      ];
      const ours: Float32Array[] = [];
      for (const [i, c] of cases.entries()) {
        randomize(c.model, 100 * i);
        const meta = metaFor(c.model, c.standardize);
        const { archive, layers } = await kerasArchive(c.model, meta, c.name, '0');
        if (c.name === 'logmel-cnn') expect(layers.slice(0, 2)).toEqual(['Normalization', 'Reshape']);
        await fs.writeFile(path.join(dir, `${c.name}.keras`), archive);
        const input = meta.standardization
          ? x.map((v, j) => (v - (meta.standardization?.mean[j % 16] ?? 0)) / (meta.standardization?.std[j % 16] ?? 1))
          : x;
        ours.push(
          tf.tidy(
            () => (c.model.predict(tf.tensor(input, [n, ...meta.inputShape])) as tf.Tensor).dataSync() as Float32Array,
          ),
        );
      }
      const report = await kerasPredict(
        python as string,
        cases.map((c) => ({
          archive: path.join(dir, `${c.name}.keras`),
          features,
          out: path.join(dir, `${c.name}.npy`),
        })),
        dir,
      );
      expect(report.models[0].layers).toContain('GlobalAveragePooling2D');
      for (const [i, c] of cases.entries()) {
        const theirs = await readNpy(path.join(dir, `${c.name}.npy`));
        expect(theirs.shape).toEqual([n, 3]);
        const worst = Math.max(...Array.from(ours[i], (p, j) => Math.abs(p - theirs.data[j])));
        expect([c.name, worst < 1e-5]).toEqual([c.name, true]);
        // Random weights give confident, varied outputs, so a misplaced weight could not hide.
        expect(Math.max(...ours[i]) - Math.min(...ours[i])).toBeGreaterThan(0.3);
        c.model.dispose();
      }
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('tfjsLayers', () => {
  it('reads a Sequential model and refuses another kind in one line', () => {
    const model = sequenceModel();
    const layers = tfjsLayers(model);
    expect(layers.map((l) => l.className)).toEqual([
      'Conv1D',
      'LSTM',
      'GlobalAveragePooling1D',
      'Reshape',
      'Flatten',
      'Dense',
      'Activation',
    ]);
    expect([...layers[1].weights.keys()]).toEqual(['kernel', 'recurrent_kernel', 'bias']);
    expect(layers[1]).toMatchObject({ inputShape: [null, 24, 8], outputShape: [null, 24, 8] });
    const keras = kerasGraph(layers, metaFor(model, false), 'sequence');
    expect(keras.layers[0]).toMatchObject({ className: 'InputLayer', inputs: [], outputShape: [null, 24, 16] });
    expect(keras.layers[2]).toMatchObject({
      className: 'LSTM',
      cell: 'lstm_cell',
      inputs: ['conv1d'],
      outputShape: [null, 24, 8],
    });
    model.dispose();
    const input = tf.input({ shape: [2] });
    const functional = tf.model({
      inputs: input,
      outputs: tf.layers.dense({ units: 1 }).apply(input) as tf.SymbolicTensor,
    });
    expect(() => tfjsLayers(functional)).toThrow(/^the Keras export takes Sequential models, not Model /);
    functional.dispose();
  });
});
