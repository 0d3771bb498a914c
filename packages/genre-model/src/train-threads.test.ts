import { initBackend } from '@audio-dl/tfjs-kernels/node';
import { augmentSchema, withSeededMathRandom } from '@audio-dl/trainer';
import { fitRecipe, type RecipeFitOptions } from './__fixtures__/fit-recipe';
import { toneDataset } from './__fixtures__/tones';
import { disposeModel, type ModelName, modelSpec } from './models';

jest.setTimeout(300_000);

beforeAll(async () => {
  await initBackend('wasm');
});

// 2 genres × 8 tracks × 2 segments of 44 × 13 MFCCs, scaled to unit size.
const data = toneDataset(8);
const [n, frames, bands] = data.shape;
const features = data.features.map((v) => v / 100);
const rows = Int32Array.from({ length: n }, (_, i) => i);
const opts: RecipeFitOptions = {
  epochs: 2,
  batchSize: 8,
  learningRate: 1e-3,
  schedule: 'constant',
  weightDecay: 0,
  labelSmoothing: 0,
  augment: augmentSchema.parse({}),
  runs: [],
  seed: 3,
};

/** Trains `name` on the tones with `threads` threads; returns the history and every weight's values. */
async function train(name: ModelName, threads: number, extra: Partial<RecipeFitOptions> = {}) {
  return withSeededMathRandom(7, async () => {
    const spec = modelSpec(name);
    const inputShape = spec.inputShape([frames, bands]);
    const model = spec.build(inputShape, 2, { learningRate: 1e-3 });
    const before = model.getWeights().map((w) => Float32Array.from(w.dataSync()));
    const s = { features, frames, bands, labels: data.labels, numClasses: 2, inputShape };
    // The trainer rebuilds the model in each thread from its serialised form; the spec picks how threads are used.
    const history = await fitRecipe(model, s, rows, rows.subarray(0, 8), {
      threading: spec.threading,
      ...opts,
      ...extra,
      threads,
    });
    const after = model.getWeights().map((w) => Float32Array.from(w.dataSync()));
    disposeModel(model);
    return { history, before, after };
  });
}

const maxDiff = (a: Float32Array[], b: Float32Array[]) =>
  Math.max(...a.map((w, i) => w.reduce((m, v, e) => Math.max(m, Math.abs(v - b[i][e])), 0)));

describe('data-parallel training (worker threads)', () => {
  it('the same seed and thread count give bit-identical weights and metrics (cnn: batch norm and dropout)', async () => {
    const a = await train('cnn', 2);
    const b = await train('cnn', 2);
    expect(b.history.loss).toEqual(a.history.loss);
    expect(b.history.val_loss).toEqual(a.history.val_loss);
    expect(maxDiff(a.after, b.after)).toBe(0);
    expect(maxDiff(a.before, a.after)).toBeGreaterThan(1e-4);
  });

  it('2 and 3 threads train the mlp (no batch norm, no dropout) as 1 does, within float rounding', async () => {
    // Tolerance: only the order of the sums over the batch differs, which Adam's g/√v step can magnify where
    // gradients are near zero; after 2 epochs × 4 steps every weight agrees to 1 % of the largest change training
    // made (and to 5e-5 absolute), the epoch losses to 1e-3 relative.
    // AdamW decay and a one-cycle schedule, which the replicas apply as the main thread does.
    const recipe = { weightDecay: 1e-2, schedule: 'one-cycle' as const, threading: 'data' as const };
    const one = await train('mlp', 1, recipe);
    for (const threads of [2, 3]) {
      const many = await train('mlp', threads, recipe);
      expect(maxDiff(one.before, many.before)).toBe(0);
      const moved = maxDiff(one.before, one.after);
      expect(moved).toBeGreaterThan(1e-3);
      expect(maxDiff(one.after, many.after)).toBeLessThan(Math.min(0.01 * moved, 5e-5));
      many.history.loss.forEach((l, i) => {
        expect(Math.abs(l - one.history.loss[i])).toBeLessThan(1e-3 * Math.abs(one.history.loss[i]));
      });
    }
  });

  it.each(['mlp-regularized', 'cnn', 'lstm', 'stats', 'mel-cnn'] as const)(
    '%s trains on 2 threads: finite losses, weights move, the loss falls',
    async (name) => {
      const { history, before, after } = await train(name, 2, { epochs: 3 });
      expect(history.loss).toHaveLength(3);
      for (const l of history.loss) expect(Number.isFinite(l)).toBe(true);
      expect(after.every((w) => w.every(Number.isFinite))).toBe(true);
      expect(maxDiff(before, after)).toBeGreaterThan(1e-5);
      expect(history.loss[2]).toBeLessThan(history.loss[0]);
    },
  );

  it('a batch smaller than the thread count leaves the idle threads out', async () => {
    const { history } = await train('mlp', 4, { batchSize: 3, threading: 'data' });
    expect(history.loss.every(Number.isFinite)).toBe(true);
  });

  it('the mlp splits its products and Adam across 2 and 3 threads instead, with the same bits as 1 thread', async () => {
    // threading: 'operations' (the mlp's default where the native kernels run): one replica, each product and
    // Adam step cut into column or row ranges, every sum over the same blocks in the same order.
    const recipe = { weightDecay: 1e-2, schedule: 'one-cycle' as const };
    const one = await train('mlp', 1, recipe);
    expect(maxDiff(one.before, one.after)).toBeGreaterThan(1e-3);
    for (const threads of [2, 3]) {
      const many = await train('mlp', threads, recipe);
      expect(maxDiff(one.after, many.after)).toBe(0);
      expect(many.history.loss).toEqual(one.history.loss);
    }
  });

  it('runs on the cpu backend too (its tensors keep their arrays: the shared buffers are copied first)', async () => {
    await initBackend('cpu');
    try {
      const one = await train('mlp', 1, { epochs: 1 });
      const two = await train('mlp', 2, { epochs: 1 });
      const again = await train('mlp', 2, { epochs: 1 });
      expect(maxDiff(two.after, again.after)).toBe(0);
      expect(maxDiff(one.after, two.after)).toBeLessThan(Math.min(0.01 * maxDiff(one.before, one.after), 5e-5));
    } finally {
      await initBackend('wasm');
    }
  });

  it('refuses a thread count that is not a whole number', async () => {
    const model = modelSpec('mlp').build([frames, bands], 2);
    const s = { features, frames, bands, labels: data.labels, numClasses: 2, inputShape: [frames, bands] };
    await expect(fitRecipe(model, s, rows, rows, { ...opts, threads: 1.5 })).rejects.toThrow(
      'threads must be an integer ≥ 1, got 1.5',
    );
    disposeModel(model);
  });
});
