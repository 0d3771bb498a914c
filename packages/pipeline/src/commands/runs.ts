import * as path from 'node:path';
import { z } from 'zod';
import { type CommandModule, parseFlags, UsageError } from '../command';
import { formatRuns, listRuns } from '../runs';

const schema = z.object({
  dir: z.string().min(1).default('runs'),
  json: z.boolean().default(false),
  limit: z.coerce.number().int().positive().optional(),
});

/** `audio-dl runs`: the recorded training runs, newest first, with their key metrics. */
export const runs: CommandModule = {
  async run(argv) {
    const { flags, positionals } = parseFlags(
      argv,
      { dir: { type: 'string' }, json: { type: 'boolean' }, limit: { type: 'string' } },
      schema,
    );
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const dir = path.resolve(flags.dir);
    const { runs: all, problems } = await listRuns(dir);
    for (const p of problems) process.stderr.write(`audio-dl runs: skipped ${p}\n`);
    const shown = flags.limit === undefined ? all : all.slice(0, flags.limit);
    if (flags.json) process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
    else if (shown.length === 0)
      process.stdout.write(`no runs recorded in ${dir} yet; run \`npx nx run pipeline:train\`\n`);
    else process.stdout.write(formatRuns(shown));
    return 0;
  },
};
