import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { type CommandModule, parseFlags, UsageError } from '../command';
import { checkOutputFolder, requireInput } from '../paths';
import { defaultSplit, prepareTraining, sayBackend, trainOptions } from '../run-training';
import { options as trainFlagOptions, flagsSchema as trainFlagsSchema, trainSwitches } from './train';

const foldList = z
  .string()
  .transform((v) => v.split(',').map((f) => f.trim()))
  .pipe(z.array(z.string().min(1, 'empty fold name')));

const flagsSchema = trainFlagsSchema.extend({
  k: z.coerce.number().int().min(2, { error: 'must be a whole number ≥ 2 (folds)' }).optional(),
  leaveOneGroupOut: z.boolean().default(false),
  folds: foldList.optional(),
  merge: foldList.optional(),
});

const options = {
  ...trainFlagOptions,
  k: { type: 'string' },
  'leave-one-group-out': { type: 'boolean' },
  folds: { type: 'string' },
  merge: { type: 'string' },
} as const;

/**
 * `audio-dl cv`: cross-validation with the train flags. Leave-one-fold-out over the data's folds, `--k K` folds of
 * whole groups, or `--leave-one-group-out` (a fold per group); writes DIR/cv.json and prints the table. `--folds`
 * runs a subset (each fold's result is the same wherever it runs); `--merge` joins the cv.json files of such runs.
 */
export const cv: CommandModule = {
  async run(argv) {
    const { flags, positionals } = parseFlags(argv, options, flagsSchema);
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const switches = trainSwitches(flags); // contradicting switches are a usage error, before any file is touched
    for (const [flag, given] of [
      ['--augmented', flags.augmented],
      ['--test-fold', flags.testFold],
    ] as const)
      if (given !== undefined) throw new UsageError(`${flag} is not for cv (every fold is a test fold in turn)`);
    if (flags.leaveOneGroupOut && flags.k !== undefined)
      throw new UsageError('--k and --leave-one-group-out are two ways of making folds; give one');
    await checkOutputFolder(flags.out);
    const gm = await import('@audio-dl/genre-model');
    const { writeAtomic } = await import('@audio-dl/dataset');
    const save = async (result: Parameters<typeof gm.formatCrossValidation>[0]): Promise<void> => {
      await fs.mkdir(flags.out, { recursive: true });
      const file = path.join(flags.out, 'cv.json');
      await writeAtomic(file, (tmp) => fs.writeFile(tmp, `${JSON.stringify(result, null, 2)}\n`));
      process.stdout.write(`${gm.formatCrossValidation(result)}\nwrote ${file}\n`);
    };
    if (flags.merge) {
      const parts = await Promise.all(
        flags.merge.map(async (file) => {
          const parsed = gm.cvResultSchema.safeParse(JSON.parse(await fs.readFile(file, 'utf8')));
          if (!parsed.success) throw new Error(`${file}: not a cv.json (${z.prettifyError(parsed.error)})`);
          return parsed.data;
        }),
      );
      // Folds of different runs (another model, epochs or ensemble, or protocol) do not make one cross-validation.
      const run = (p: (typeof parts)[number]) => {
        const t = p.training;
        const what = t
          ? `${t.model}, ${t.epochs} epochs${t.members > 1 ? `, ${t.members} models averaged` : ''}`
          : 'training not recorded';
        return `${what}, ${p.protocol} folds`;
      };
      parts.forEach((p, i) => {
        if (run(p) !== run(parts[0]))
          throw new Error(
            `${flags.merge?.[i]}: ${run(p)}, but ${flags.merge?.[0]}: ${run(parts[0])}; only folds of one run are merged`,
          );
      });
      const { training } = parts[0];
      await save({
        ...gm.summarizeFolds(
          parts[0].protocol,
          parts.flatMap((p) => p.folds),
        ),
        ...(training ? { training } : {}),
      });
      return 0;
    }
    await requireInput(flags.data, 'file or folder');
    const { hashDataset } = await import('@audio-dl/dataset');
    const prepared = await prepareTraining({
      data: flags.data,
      train: { ...flags, ...switches },
      backend: flags.backend,
      memory: flags.memory,
      ensemble: flags.ensemble,
      on: { backend: sayBackend },
    });
    const { settings, backend, threads, opened, data, model, epochs } = prepared;
    const kind = settings.split ?? defaultSplit(data, gm.hasGroups);
    const fold = trainOptions(settings, { model, epochs, threads, splitKind: kind });
    // The test part of each fold is the held-out fold itself: nothing else is set aside.
    const train = { ...fold, split: { ...fold.split, testSize: 0 } };
    const ctx = { source: flags.data, sha256: await hashDataset(flags.data), backend };
    const members = flags.ensemble ? `, an average of ${flags.ensemble} models` : '';
    process.stderr.write(`cv: ${model}${members}, ${epochs} epochs per fold, validation split by ${kind}\n`);
    const result = await gm.crossValidate(opened.data, train, ctx, {
      k: flags.k,
      leaveOneGroupOut: flags.leaveOneGroupOut,
      only: flags.folds,
      members: flags.ensemble,
      onFoldStart: (fold, i, of) => process.stderr.write(`fold ${fold} (${i + 1}/${of}) …\n`),
      onFold: (f) =>
        process.stderr.write(
          `fold ${f.fold}: clip accuracy ${f.clipAccuracy === null ? 'n/a' : f.clipAccuracy.toFixed(3)}, macro-F1 ${f.macroF1.toFixed(3)}, ${f.seconds.toFixed(0)} s\n`,
        ),
    });
    await save(result);
    return 0;
  },
};
