import * as path from 'node:path';
import { z } from 'zod';
import { type CommandModule, parseFlags, UsageError } from '../command';
import { formatRuns, listRuns } from '../runs';

const schema = z.object({
  dir: z.string().min(1).default('runs'),
  json: z.boolean().default(false),
  limit: z.coerce.number().int().positive().optional(),
  verbose: z.boolean().default(false),
});

/** `audio-dl runs`: the recorded training runs (the pipeline's and `audio-dl train`'s), newest first. */
export const runs: CommandModule = {
  async run(argv) {
    const { flags, positionals } = parseFlags(
      argv,
      { dir: { type: 'string' }, json: { type: 'boolean' }, limit: { type: 'string' }, verbose: { type: 'boolean' } },
      schema,
    );
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const dir = path.resolve(flags.dir);
    const { runs: all, problems, others } = await listRuns(dir);
    for (const p of problems) process.stderr.write(`audio-dl runs: skipped ${p}\n`);
    if (flags.verbose) for (const o of others) process.stderr.write(`audio-dl runs: not a run (no run.json): ${o}\n`);
    const shown = flags.limit === undefined ? all : all.slice(0, flags.limit);
    if (flags.json) process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
    else if (shown.length === 0)
      process.stdout.write(
        `no runs recorded in ${dir} yet; \`audio-dl train\` and \`npx nx run pipeline:train\` record them\n`,
      );
    else process.stdout.write(formatRuns(shown));
    return 0;
  },
};
