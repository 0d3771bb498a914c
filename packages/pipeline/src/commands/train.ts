import * as path from 'node:path';
import { trainSettingsShape } from '@audio-dl/genre-model/schemas';
import { z } from 'zod';
import { type CommandModule, parseFlags, UsageError } from '../command';
import { runSettingsShape } from '../config';
import { flagsFor, switchValue } from '../flags';
import { checkOutputFolder, requireInput } from '../paths';
import { runTraining, sayBackend } from '../run-training';

/** The train options and the run settings, as flags (`--batch-size`, `--[no-]crop`, …): declared once, in genre-model. */
const settingFlags = flagsFor({ ...trainSettingsShape, ...runSettingsShape });

export const flagsSchema = z.object({
  data: z.string({
    error: 'is required (a .arrow, .parquet or .json file or a folder of parts from `audio-dl preprocess`)',
  }),
  out: z.string({ error: 'is required (the folder to save the model in)' }),
  ...settingFlags.shape,
  augmented: z.string().optional(),
  ensemble: z.coerce.number().int().min(2, { error: 'must be a whole number ≥ 2 (models averaged)' }).optional(),
  runsDir: z.string().min(1).default('runs'),
  noRecord: z.boolean().default(false),
});

export const options = {
  data: { type: 'string' },
  out: { type: 'string' },
  ...settingFlags.options,
  augmented: { type: 'string' },
  ensemble: { type: 'string' },
  'runs-dir': { type: 'string' },
  'no-record': { type: 'boolean' },
} as const;

/** The train settings' on/off switches as the flags give them (`--crop` / `--no-crop`; neither: the recipe's). */
export function trainSwitches(flags: z.infer<typeof flagsSchema>) {
  return {
    standardize: switchValue(flags, 'standardize'),
    crop: switchValue(flags, 'crop'),
    specAugment: switchValue(flags, 'specAugment'),
  };
}

/**
 * `audio-dl train`: trains a classifier on a preprocessed data file, saves it with its metrics and records the
 * run in `runs/` as the pipeline does (`runTraining`). Every path is checked before the backend starts.
 */
export const train: CommandModule = {
  async run(argv) {
    const { flags, positionals } = parseFlags(argv, options, flagsSchema);
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const switches = trainSwitches(flags); // contradicting switches are a usage error, before any file is touched
    await requireInput(flags.data, 'file or folder'); // a folder of parts is a data set too
    if (flags.augmented) await requireInput(flags.augmented, 'file');
    await checkOutputFolder(flags.out);
    if (!flags.noRecord) await checkOutputFolder(flags.runsDir);
    const { checkModelDir, formatMetrics } = await import('@audio-dl/genre-model');
    await checkModelDir(flags.out);
    const { data, out, backend, memory, augmented, ensemble, runsDir } = flags;
    const say = (line: string) => process.stderr.write(`${line}\n`);
    const { result, split, recorded } = await runTraining({
      data,
      out,
      train: { ...flags, ...switches },
      backend,
      memory,
      augmented,
      ensemble,
      record: flags.noRecord
        ? null
        : {
            runsDir,
            source: 'cli',
            config: (sha256) => ({ command: ['audio-dl', 'train', ...argv], data: { path: data, sha256 }, flags }),
          },
      on: {
        backend: sayBackend,
        data: (info) =>
          say(
            `data: ${data}: ${info.summary}\n${info.opened}` +
              (info.recommended ? `\nmodel: ${info.model} (the recommended recipe for ${info.kind} features)` : ''),
          ),
        model: say,
        member: (j, of, seed) => say(`ensemble member ${j}/${of} (seed ${seed})`),
      },
    });
    const parts = result.split;
    process.stdout.write(
      `split (${split.kind}${split.testFold ? `, test fold ${split.testFold}` : ''}, seed ${split.seed}): train ${parts.train.length}, validation ${parts.val.length}, test ${parts.test.length} segments\n`,
    );
    if (result.metrics) process.stdout.write(`test split:\n${formatMetrics(result.metrics)}\n`);
    process.stdout.write(`saved to ${out}\n`);
    if (recorded)
      process.stdout.write(
        `recorded run ${path.relative('.', recorded.dir) || recorded.dir} (\`audio-dl runs --dir ${runsDir}\`)\n`,
      );
    return 0;
  },
};
