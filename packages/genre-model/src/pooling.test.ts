import { defaultFeatureParams, featureParamsSchema } from '@audio-dl/dataset/portable';
import { initBackend } from '@audio-dl/tfjs-kernels/node';
import * as tf from '@tensorflow/tfjs';
import { TINY_PARAMS, toneDataset } from './__fixtures__/tones';
import { buildModel, disposeModel } from './models';
import { type Pooling, recipePooling } from './pooling';
import { trainGenreModel } from './train';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('recipePooling', () => {
  it('pools by max when segments are cut to fit clips (padding), by average for the course segments', () => {
    expect(recipePooling(defaultFeatureParams)).toBe('average');
    expect(recipePooling(null)).toBe('average');
    expect(recipePooling(undefined)).toBe('average');
    expect(recipePooling(featureParamsSchema.parse({ segmentSeconds: 1.7 }))).toBe('max');
    expect(recipePooling(featureParamsSchema.parse({ segmentSeconds: 3 }))).toBe('max');
  });
});

describe("mel-cnn's global pooling of a clip padded with silence", () => {
  const bands = 13;
  // A clip of 16 frames after 64 frames of padding, then `right` frames of padding: the same clip in a longer
  // segment. Frame counts are multiples of 16 (four 2× max-pools), so the clip meets the same pooling windows, and
  // 64 frames of padding exceed the network's receptive field (46 frames), so some outputs see padding alone.
  const padded = (right: number): tf.Tensor4D => {
    const frames = 64 + 16 + right;
    const x = new Float32Array(frames * bands).fill(-1.5); // padding: one value in every frame, as silence gives
    for (let t = 64; t < 80; t++)
      for (let b = 0; b < bands; b++) x[t * bands + b] = Math.sin(0.7 * t + 1.3 * b) + 0.1 * b;
    return tf.tensor4d(x, [1, frames, bands, 1]);
  };
  const layerName = (pooling: Pooling) => (pooling === 'max' ? 'global_max_pooling2d' : 'global_average_pooling2d');

  /** The pooled vectors of the clip in segments of 144 and 208 frames, through one set of weights. */
  function pooledPair(pooling: Pooling): [Float32Array, Float32Array] {
    const short = buildModel('mel-cnn', [144, bands], 9, { pooling });
    const long = buildModel('mel-cnn', [208, bands], 9, { pooling });
    long.setWeights(short.getWeights()); // convolutional up to the pooling: the weights fit any frame count
    const read = (model: tf.LayersModel, right: number) =>
      tf.tidy(() => {
        const sub = tf.model({ inputs: model.inputs, outputs: model.getLayer(layerName(pooling)).output });
        return (sub.predict(padded(right)) as tf.Tensor).dataSync() as Float32Array;
      });
    const out: [Float32Array, Float32Array] = [read(short, 64), read(long, 128)];
    short.dispose();
    long.dispose();
    return out;
  }

  it('max: the same vector however much padding follows the clip; average: the padding dilutes it', () => {
    const [maxShort, maxLong] = pooledPair('max');
    expect(maxShort).toHaveLength(128);
    const maxGap = Math.max(...maxShort.map((v, i) => Math.abs(v - maxLong[i])));
    expect(maxGap).toBeLessThan(1e-5);
    const [avgShort, avgLong] = pooledPair('average');
    const avgGap = Math.max(...avgShort.map((v, i) => Math.abs(v - avgLong[i])));
    expect(avgGap).toBeGreaterThan(1e-3);
  });

  it('builds the max-pooling mel-cnn with the same parameters as the average one', () => {
    const max = buildModel('mel-cnn', [74, bands], 9, { pooling: 'max' });
    const avg = buildModel('mel-cnn', [74, bands], 9);
    expect(max.getLayer('global_max_pooling2d').outputShape).toEqual([null, 128]);
    expect(avg.layers.map((l) => l.name)).toContain('global_average_pooling2d');
    expect(max.countParams()).toBe(avg.countParams());
    max.dispose();
    avg.dispose();
  });

  it('max-time pools the frames only: the bands stay (64 bands → 4 after four 2× pools), flattened for the logits', () => {
    const model = buildModel('mel-cnn', [74, 64], 9, { pooling: 'max-time' });
    const avg = buildModel('mel-cnn', [74, 64], 9);
    const [pool, flat] = model.layers.slice(-4, -2);
    expect(pool.outputShape).toEqual([null, 1, 4, 128]); // 74 frames → 5 after four pools, all 5 pooled
    expect(flat.outputShape).toEqual([null, 512]);
    // Only the logits grow: 512 inputs instead of 128.
    expect(model.countParams() - avg.countParams()).toBe((512 - 128) * 9);
    model.dispose();
    avg.dispose();
  });
});

describe("trainGenreModel: the recipe's pooling and width", () => {
  const ctx = { source: 'tones.json', sha256: 'abc', backend: 'cpu' };
  const course = toneDataset(4);
  const clips = { ...course, params: { ...TINY_PARAMS, segmentSeconds: 0.5 } };
  type Options = { model?: 'mel-cnn' | 'stats'; pooling?: Pooling; width?: number };
  const run = async (data: typeof course, options: Options = {}) => {
    const r = await trainGenreModel(data, { epochs: 1, batchSize: 8, split: { seed: 1 }, ...options }, ctx);
    const layers = r.model.layers.map((l) => l.name).filter((n) => n.startsWith('global_'));
    const channels = r.model.layers.filter((l) => l.name.startsWith('conv2d')).map((l) => l.getConfig().filters);
    disposeModel(r.model);
    return { pooling: r.meta.training.pooling, layers, width: r.meta.training.width, channels };
  };

  it('follow the data unless named, and are recorded; a model without them records neither', async () => {
    expect(await run(clips)).toEqual({
      pooling: 'max',
      layers: ['global_max_pooling2d'],
      width: 24,
      channels: [24, 48, 96, 192],
    });
    expect(await run(course)).toEqual({
      pooling: 'average',
      layers: ['global_average_pooling2d'],
      width: 16,
      channels: [16, 32, 64, 128],
    });
    expect(await run(clips, { pooling: 'average', width: 8 })).toEqual({
      pooling: 'average',
      layers: ['global_average_pooling2d'],
      width: 8,
      channels: [8, 16, 32, 64],
    });
    const stats = await run(clips, { model: 'stats' });
    expect([stats.pooling, stats.width]).toEqual([undefined, undefined]);
    // Named for a model that has neither: refused, not ignored.
    await expect(run(clips, { model: 'stats', width: 24 })).rejects.toThrow(
      'width: stats is built in one width (mel-cnn takes one)',
    );
    await expect(run(clips, { model: 'stats', pooling: 'max' })).rejects.toThrow(
      'pooling: stats has no global pooling to choose (mel-cnn has)',
    );
  }, 120_000);
});
