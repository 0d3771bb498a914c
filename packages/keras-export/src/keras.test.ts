import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { featureParamsSchema, trackFeatures } from '@audio-dl/dataset';
import { encodeWav } from '@audio-dl/dsp';
import { loadAudio } from '@audio-dl/dsp/node';
import {
  applyStandardization,
  disposeModel,
  loadModel,
  type ModelName,
  type Pooling,
  predictFiles,
} from '@audio-dl/genre-model';
import { toolAvailable } from '@audio-dl/optional-tool';
import { initBackend } from '@audio-dl/tfjs-kernels/node';
import * as tf from '@tensorflow/tfjs';
import { unzipSync } from 'fflate';
import {
  TREE_PARAMS as MODEL_PARAMS,
  toneTrack,
  trainToFolder,
  writeToneData,
} from '../../genre-model/src/__fixtures__/tone-tree';
import { kerasPredict, kerasPython } from './__fixtures__/keras-python';
import { readNpy, writeNpy } from './__fixtures__/npy';
import { exportKeras } from './keras';

// Training five models and starting TensorFlow in Python take a while on a loaded, shared machine.
jest.setTimeout(600_000);

const MODELS = ['mlp', 'cnn', 'lstm', 'stats', 'mel-cnn', 'mel-cnn-max', 'mel-cnn-max-time'] as const;
type Name = (typeof MODELS)[number];
/**
 * How each is trained: mel-cnn also with the recipe's pooling and width for padded clips, and with max over frames
 * only.
 */
const TRAIN: Record<Name, { model: ModelName; epochs: number; pooling?: Pooling; width?: number }> = {
  mlp: { model: 'mlp', epochs: 6 },
  cnn: { model: 'cnn', epochs: 3 },
  lstm: { model: 'lstm', epochs: 2 },
  stats: { model: 'stats', epochs: 6 },
  'mel-cnn': { model: 'mel-cnn', epochs: 2 },
  'mel-cnn-max': { model: 'mel-cnn', epochs: 2, pooling: 'max', width: 24 },
  'mel-cnn-max-time': { model: 'mel-cnn', epochs: 2, pooling: 'max-time' },
};
/** mel-cnn learns from log-mel features, the others from MFCC. */
const PARAMS = {
  mfcc: featureParamsSchema.parse(MODEL_PARAMS),
  logmel: featureParamsSchema.parse({ ...MODEL_PARAMS, features: 'logmel' }),
};
const kind = (name: Name) => (name.startsWith('mel-cnn') ? 'logmel' : 'mfcc');
const { python, reason } = kerasPython();

let dir: string;
const modelDir = (name: string) => path.join(dir, name);
const archive = (name: string) => path.join(dir, `${name}.keras`);

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'keras-export-'));
  const { data } = await writeToneData(dir);
  const { data: logmel } = await writeToneData(dir, 'logmel.json', undefined, undefined, PARAMS.logmel);
  await initBackend('wasm');
  for (const name of MODELS) {
    const options = { ...TRAIN[name], learningRate: 0.001 };
    await trainToFolder(kind(name) === 'logmel' ? logmel : data, modelDir(name), options, 'wasm');
  }
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

/** The archive's entries; the weights file is also written out so h5wasm can open it. */
async function openArchive(file: string) {
  const entries = unzipSync(await fs.readFile(file));
  const h5file = `${file}.weights.h5`;
  await fs.writeFile(h5file, entries['model.weights.h5']);
  const h5 = await import('h5wasm/node');
  await h5.ready;
  const weights = new h5.File(h5file, 'r');
  const json = (name: string) => JSON.parse(Buffer.from(entries[name]).toString('utf8'));
  return { names: Object.keys(entries).sort(), config: json('config.json'), metadata: json('metadata.json'), weights };
}

type H5Dataset = { shape: number[]; value: Float32Array };

describe('exportKeras', () => {
  it.each(MODELS)('writes %s as a Keras 3 archive (config.json, metadata.json, model.weights.h5)', async (name) => {
    const result = await exportKeras(modelDir(name), archive(name), '0.1.0');
    const line = `${result.out}: Keras 3 archive, ${result.layers.length} layers (${result.layers.join(', ')}), ${result.params} parameters, ${result.bytes} bytes`;
    expect(result.bytes).toBe((await fs.stat(archive(name))).size);
    expect(line).toMatch(
      new RegExp(`${name}\\.keras: Keras 3 archive, \\d+ layers \\(Normalization, .*\\), \\d+ parameters, \\d+ bytes`),
    );
    expect((await fs.stat(archive(name))).mode & 0o777).toBe(0o644 & ~process.umask(0o022) & 0o777);
    const { names, config, metadata, weights } = await openArchive(archive(name));
    try {
      expect(names).toEqual(['config.json', 'metadata.json', 'model.weights.h5']);
      expect(config).toMatchObject({ class_name: 'Functional', compile_config: null });
      const layers = config.config.layers as { class_name: string; config: Record<string, unknown> }[];
      const bands = kind(name) === 'logmel' ? 40 : 13;
      // Features in as the extractor gives them ([frames, nMfcc] or [frames, nMels]), standardised by the first layer.
      expect(layers[0]).toMatchObject({ class_name: 'InputLayer', config: { batch_shape: [null, 87, bands] } });
      expect(layers[1]).toMatchObject({ class_name: 'Normalization', config: { axis: -1 } });
      const meta = JSON.parse(await fs.readFile(path.join(modelDir(name), 'audio-dl.json'), 'utf8'));
      expect(layers[1].config.mean).toEqual(meta.standardization.mean);
      expect(metadata).toMatchObject({
        keras_version: expect.stringMatching(/^3\./),
        audio_dl: {
          model: TRAIN[name].model,
          mapping: ['blues', 'jazz'],
          feature_params: PARAMS[kind(name)],
          input_shape: [87, bands],
        },
      });
      const classes = layers.map((l) => l.class_name);
      const dataset = (p: string) => weights.get(p) as unknown as H5Dataset;
      // The convolutional models' first layers: input, standardisation, the image's channel axis.
      const imageStem = ['InputLayer', 'Normalization', 'Reshape'];
      if (name === 'mlp') {
        expect(classes).toEqual(['InputLayer', 'Normalization', 'Flatten', 'Dense', 'Dense', 'Dense', 'Dense']);
        // Keras finds variables by class (dense, dense_1, …), not by layer name.
        expect(dataset('layers/dense/vars/0').shape).toEqual([87 * 13, 512]);
        expect(dataset('layers/dense_3/vars/1').shape).toEqual([2]);
      }
      if (name === 'cnn') {
        const block = ['Conv2D', 'MaxPooling2D', 'BatchNormalization'];
        expect(classes).toEqual([...imageStem, ...block, ...block, ...block, 'Flatten', 'Dense', 'Dropout', 'Dense']);
        expect(layers[2].config.target_shape).toEqual([87, 13, 1]);
        expect(dataset('layers/conv2d/vars/0').shape).toEqual([3, 3, 1, 32]);
        expect(dataset('layers/batch_normalization_2/vars/3').shape).toEqual([32]);
      }
      if (name === 'lstm') {
        expect(classes).toEqual(['InputLayer', 'Normalization', 'LSTM', 'LSTM', 'Dense', 'Dropout', 'Dense']);
        expect(dataset('layers/lstm/cell/vars/0').shape).toEqual([13, 256]);
        expect(dataset('layers/lstm_1/cell/vars/1').shape).toEqual([64, 256]);
      }
      if (name === 'stats') {
        // genre-model's SummaryStats as keras.ops: per-band mean, and sqrt(var + 1e-6), side by side.
        expect(classes).toEqual([
          'InputLayer',
          'Normalization',
          'Mean',
          'Var',
          'Add',
          'Sqrt',
          'Concatenate',
          'BatchNormalization',
          'Dense',
        ]);
        expect(dataset('layers/batch_normalization/vars/0').shape).toEqual([26]);
      }
      if (name.startsWith('mel-cnn')) {
        const block = ['Conv2D', 'BatchNormalization', 'Activation', 'MaxPooling2D'];
        const pooling = {
          'mel-cnn': ['GlobalAveragePooling2D'],
          'mel-cnn-max': ['GlobalMaxPooling2D'],
          'mel-cnn-max-time': ['MaxPooling2D', 'Flatten'],
        }[name as 'mel-cnn' | 'mel-cnn-max' | 'mel-cnn-max-time'];
        expect(classes).toEqual([...imageStem, ...block, ...block, ...block, ...block, ...pooling, 'Dropout', 'Dense']);
        // The last block's kernel: 4× the width in, 8× out (mel-cnn-max at the clips' width 24, the others 16).
        const width = TRAIN[name].width ?? 16;
        expect(dataset('layers/conv2d_3/vars/0').shape).toEqual([3, 3, 4 * width, 8 * width]);
        // max-time: 87 frames pooled to 6, then all 6; the 40 bands (3 after four pools) × 128 channels stay.
        if (name === 'mel-cnn-max-time') expect(dataset('layers/dense/vars/0').shape).toEqual([3 * 128, 2]);
      }
    } finally {
      weights.close();
    }
  });

  it('writes the weights tfjs holds, bit for bit', async () => {
    await initBackend('cpu');
    const { model } = await loadModel(modelDir('cnn'));
    const { weights } = await openArchive(archive('cnn'));
    try {
      const kernel = (weights.get('layers/conv2d_1/vars/0') as unknown as H5Dataset).value;
      expect(Array.from(kernel)).toEqual(Array.from(model.getLayer('conv2d_1').getWeights()[0].dataSync()));
      const variance = (weights.get('layers/batch_normalization/vars/3') as unknown as H5Dataset).value;
      expect(Array.from(variance)).toEqual(
        Array.from(model.getLayer('batch_normalization').getWeights()[3].dataSync()),
      );
    } finally {
      weights.close();
      disposeModel(model);
    }
  });

  it('refuses a broken model folder with its check line, writing nothing', async () => {
    const broken = path.join(dir, 'broken');
    await fs.cp(modelDir('mlp'), broken, { recursive: true });
    await fs.truncate(path.join(broken, 'weights.bin'), 1000);
    const out = path.join(dir, 'broken.keras');
    await expect(exportKeras(broken, out, '0.1.0')).rejects.toThrow(
      /^.*broken\/weights\.bin: 1000 bytes, the manifest in model\.json needs \d+ \(truncated\?\)$/,
    );
    await expect(fs.stat(out)).rejects.toThrow(/ENOENT/);
  });
});

const inKeras = toolAvailable('Keras', python ? null : reason) ? describe : describe.skip;

inKeras('the exported models in Keras 3 (TensorFlow 2.21)', () => {
  it('give the probabilities tfjs gives, per segment and per file, within 1e-4', async () => {
    await initBackend('cpu');
    const sr = MODEL_PARAMS.sr;
    // New songs, never trained on.
    const tracks = [
      [0, 21],
      [1, 22],
      [0, 23],
    ];
    const songs = tracks.map(([genre, index]) => path.join(dir, `song-${genre}-${index}.wav`));
    for (const [i, song] of songs.entries())
      await fs.writeFile(song, encodeWav(toneTrack(tracks[i][0], tracks[i][1], 3, sr), sr));
    // Each kind's features of every song, computed by dsp as training did: [segments, 87, bands] and segments per song.
    const computed = {
      mfcc: { x: new Float32Array(0), perSong: [] as number[] },
      logmel: { x: new Float32Array(0), perSong: [] as number[] },
    };
    for (const k of ['mfcc', 'logmel'] as const) {
      const parts: Float32Array[] = [];
      for (const song of songs) {
        const audio = await loadAudio(song, { sr, mono: true, duration: MODEL_PARAMS.duration });
        const { features, kept } = trackFeatures(audio.signal, PARAMS[k]);
        parts.push(features);
        computed[k].perSong.push(kept.length);
      }
      const x = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
      let at = 0;
      for (const p of parts) {
        x.set(p, at);
        at += p.length;
      }
      computed[k].x = x;
      const bands = k === 'logmel' ? PARAMS.logmel.nMels : PARAMS.mfcc.nMfcc;
      await writeNpy(path.join(dir, `${k}.npy`), x, [x.length / (87 * bands), 87, bands]);
    }
    const jobs = MODELS.map((name) => ({
      archive: archive(name),
      features: path.join(dir, `${kind(name)}.npy`),
      out: path.join(dir, `${name}-keras.npy`),
    }));
    const report = await kerasPredict(python as string, jobs, dir);
    expect(report.keras).toMatch(/^3\./);
    for (const name of MODELS) {
      const { x, perSong } = computed[kind(name)];
      const n = perSong.reduce((a, b) => a + b, 0);
      const { model, meta } = await loadModel(modelDir(name));
      const input = applyStandardization(x, meta.standardization as NonNullable<typeof meta.standardization>);
      const ours = tf.tidy(() => (model.predict(tf.tensor(input, [n, ...meta.inputShape])) as tf.Tensor).dataSync());
      const theirs = await readNpy(path.join(dir, `${name}-keras.npy`));
      expect([name, theirs.shape]).toEqual([name, [n, 2]]);
      const worst = Math.max(...Array.from(ours, (p, i) => Math.abs(p - theirs.data[i])));
      expect([name, worst < 1e-4]).toEqual([name, true]);
      // The same numbers `audio-dl predict --first` prints: the mean of each song's segments as training cut them.
      const results = (await predictFiles(model, meta, songs, { first: MODEL_PARAMS.duration })) as {
        probabilities: { genre: string; probability: number }[];
      }[];
      disposeModel(model);
      let row = 0;
      results.forEach((r, s) => {
        const mean = [0, 0];
        for (let k = 0; k < perSong[s]; k++, row++)
          for (let g = 0; g < 2; g++) mean[g] += theirs.data[row * 2 + g] / perSong[s];
        for (const [g, p] of r.probabilities.entries()) expect(Math.abs(p.probability - mean[g])).toBeLessThan(1e-4);
      });
    }
  });
});
