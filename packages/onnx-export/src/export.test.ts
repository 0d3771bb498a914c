import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type FeatureParams, segmentLayout, trackFeatures } from '@audio-dl/dataset';
import { disposeModel, type ModelMeta, predictData } from '@audio-dl/genre-model';
import { predictSignal } from '@audio-dl/genre-model/portable';
import { initBackend } from '@audio-dl/tfjs-kernels/node';
import * as tf from '@tensorflow/tfjs';
import { LABELS, type TrainedKind, tinyParams, toneClip, toneData, trainedModel } from './__fixtures__/models';
import { runOrt } from './__fixtures__/ort';
import { exportOnnx, infoPath, onnxModel, onnxModelInfoSchema } from './export';
import { OnnxExportError } from './layers';

beforeAll(async () => {
  await initBackend('wasm');
});

const run = async (bytes: Uint8Array, input: Float32Array, dims: number[]): Promise<Float32Array> =>
  (await runOrt(bytes, input, dims)).output;

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

/** Clips the models never saw, one of each label. */
const clips = (params: FeatureParams) => LABELS.map((_, label) => toneClip(label, 11, params.sr));

const cases: [TrainedKind, 'mfcc' | 'logmel'][] = [
  ['mlp', 'mfcc'],
  ['mlp-regularized', 'mfcc'],
  ['cnn', 'mfcc'],
  ['lstm', 'mfcc'],
  ['stats', 'mfcc'],
  ['ensemble', 'mfcc'],
  ['mel-cnn', 'logmel'],
  ['mel-cnn, max pooling, width 24', 'mfcc'],
  ['mel-cnn, max-time pooling', 'logmel'],
  ['stats', 'logmel'],
  ['cnn', 'logmel'],
];

describe.each(cases)('ONNX export of %s on %s', (kind, features) => {
  const params = tinyParams(features);
  let model: tf.LayersModel;
  let meta: ModelMeta;
  beforeAll(async () => {
    ({ model, meta } = await trainedModel(kind, params));
  }, 120_000);
  afterAll(() => disposeModel(model));

  it('takes features and gives the probabilities audio-dl computes for them (1e-4)', async () => {
    const data = toneData(params);
    const { bytes, info } = onnxModel(model, meta, { frontEnd: 'none' });
    expect(info.input).toMatchObject({ name: 'features', kind: 'features', shape: ['batch', ...meta.sampleShape] });
    const expected = predictData(model, meta, data, null);
    const got = await run(bytes, data.features, data.shape);
    expect(maxDiff(got, expected)).toBeLessThan(1e-4);
    // A model that learnt something: its answers are not uniform.
    expect(Math.max(...expected) - Math.min(...expected)).toBeGreaterThan(0.05);
  });

  it('takes the waveform and gives the answer of audio-dl predict (1e-3)', async () => {
    const { bytes, info } = onnxModel(model, meta);
    const { samplesPerSegment } = segmentLayout(params);
    expect(info.input.shape).toEqual(['batch', samplesPerSegment]);
    expect(info.labels).toEqual(LABELS);
    // Every clip's segments in one batch; each clip's answer is the mean of its segments'.
    const segments = params.segments;
    const all = clips(params);
    const batch = new Float32Array(all.length * segments * samplesPerSegment);
    all.forEach((clip, i) => {
      batch.set(clip.subarray(0, segments * samplesPerSegment), i * segments * samplesPerSegment);
    });
    const probs = await run(bytes, batch, [all.length * segments, samplesPerSegment]);
    const k = LABELS.length;
    all.forEach((clip, i) => {
      const expected = predictSignal(
        model,
        meta,
        params,
        { signal: clip, sr: params.sr, duration: 1 } as never,
        'clip',
      );
      if (!expected.ok) throw new Error(expected.error);
      const mean = LABELS.map((_, c) => {
        let s = 0;
        for (let j = 0; j < segments; j++) s += probs[(i * segments + j) * k + c];
        return s / segments;
      });
      expect(
        maxDiff(
          mean,
          expected.probabilities.map((p) => p.probability),
        ),
      ).toBeLessThan(1e-3);
    });
  });

  it('computes the features audio-dl computes, segment by segment', async () => {
    // The network alone on features from the ONNX front end equals the network on audio-dl's features.
    const { bytes } = onnxModel(model, meta);
    const net = onnxModel(model, meta, { frontEnd: 'none' }).bytes;
    const clip = clips(params)[1];
    const { samplesPerSegment } = segmentLayout(params);
    const { features, kept } = trackFeatures(clip, params);
    const viaFeatures = await run(net, features, [kept.length, ...meta.sampleShape]);
    const viaWaveform = await run(bytes, clip.slice(0, kept.length * samplesPerSegment), [
      kept.length,
      samplesPerSegment,
    ]);
    expect(maxDiff(viaWaveform, viaFeatures)).toBeLessThan(1e-3);
  });
});

describe('exportOnnx', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'onnx-export-'));
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  it('writes the model and its description, the same as the metadata properties', async () => {
    const { saveModel } = await import('@audio-dl/genre-model');
    const { model, meta } = await trainedModel('mlp', tinyParams('mfcc'));
    await fs.mkdir(path.join(dir, 'model'));
    await saveModel(path.join(dir, 'model'), model, meta);
    disposeModel(model);
    const out = path.join(dir, 'model.onnx');
    const result = await exportOnnx(path.join(dir, 'model'), out);
    const info = onnxModelInfoSchema.parse(JSON.parse(await fs.readFile(infoPath(out), 'utf8')));
    expect(info).toEqual(result.info);
    expect(info).toMatchObject({ model: 'mlp', sampleRate: 8000, segmentSamples: 4000, labels: LABELS });
    expect(info.features).toMatchObject({ fmin: 0, fmax: 4000 });
    const ran = await runOrt(out, new Float32Array(2 * 4000), [2, 4000]);
    expect(ran).toMatchObject({ inputs: ['waveform'], outputs: ['probabilities'], dims: [2, LABELS.length] });
    expect((await fs.stat(out)).size).toBe(result.bytes);
    // Nothing but the two files is left in the folder.
    expect((await fs.readdir(dir)).sort()).toEqual(['model', 'model.onnx', 'model.onnx.json']);
  });

  it('refuses a layer without an ONNX equivalent in one line naming it', async () => {
    const { model, meta } = await trainedModel('mlp', tinyParams('mfcc'));
    const odd = tf.sequential({
      layers: [
        tf.layers.flatten({ inputShape: meta.inputShape, name: 'flatten' }),
        tf.layers.gaussianNoise({ stddev: 0.1, name: 'noise' }),
        tf.layers.dense({ units: LABELS.length, activation: 'softmax', name: 'dense' }),
      ],
    });
    expect(() => onnxModel(odd, meta)).toThrow(OnnxExportError);
    expect(() => onnxModel(odd, meta)).toThrow(/^layer "noise" \(GaussianNoise\) has no ONNX export/);
    disposeModel(odd);
    disposeModel(model);
  });
});
