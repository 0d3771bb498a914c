import { z } from 'zod';
import { type CommandModule, parseFlags } from '../command';
import { BACKEND_NAMES } from '../config';

const count = z.coerce.number().int().positive();

const additionFlags = z.object({
  samples: count.default(5000),
  epochs: count.default(100),
  batchSize: count.default(32),
  lr: z.coerce.number().positive().default(0.1),
  seed: z.coerce.number().int().default(42),
  backend: z.enum(BACKEND_NAMES).optional(),
});

const additionOptions = {
  samples: { type: 'string' },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  lr: { type: 'string' },
  seed: { type: 'string' },
  backend: { type: 'string' },
} as const;

// §07 asks the trained network to add unseen pairs to within this much.
const TOLERANCE = 0.05;

/** `audio-dl tf addition`: §07, the 2-5-1 network in TensorFlow.js learning x1 + x2. */
export const additionCommand: CommandModule = {
  async run(argv) {
    const { flags } = parseFlags(argv, additionOptions, additionFlags);
    const [{ disposeModel, modelSummary, runAddition }, { initBackend }, { KerasProgress }] = await Promise.all([
      import('@audio-dl/genre-model'),
      import('@audio-dl/tfjs-kernels/node'),
      import('@audio-dl/trainer'),
    ]);
    const backend = await initBackend(flags.backend);
    process.stderr.write(`backend: ${backend}\n`);
    const nTest = Math.ceil(flags.samples * 0.3);
    process.stderr.write(
      `data: ${flags.samples} pairs of random()/2 → train ${flags.samples - nTest}, test ${nTest} (70/30)\n`,
    );
    const result = await runAddition({
      samples: flags.samples,
      epochs: flags.epochs,
      batchSize: flags.batchSize,
      learningRate: flags.lr,
      seed: flags.seed,
      progress: new KerasProgress(process.stderr, flags.epochs),
      onModel: (model) => process.stderr.write(`${modelSummary(model)}\n`),
    });
    process.stdout.write(`test loss (MSE on ${nTest} pairs): ${result.testLoss.toFixed(6)}\n`);
    result.inputs.forEach(([a, b], i) => {
      process.stdout.write(
        `${a} + ${b} = ${result.predictions[i].toFixed(4)} (target ${result.targets[i].toFixed(1)})\n`,
      );
    });
    const ok = result.maxError <= TOLERANCE;
    process.stdout.write(
      ok
        ? `all within ${TOLERANCE} of the target (max error ${result.maxError.toFixed(4)})\n`
        : `max error ${result.maxError.toFixed(4)} exceeds ${TOLERANCE}: train longer (--epochs) or on more samples\n`,
    );
    disposeModel(result.model);
    return 0;
  },
};
