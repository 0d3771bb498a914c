import { z } from 'zod';
import { type CommandModule, parseFlags, UsageError } from '../command';
import { BACKEND_NAMES } from '../config';
import { memorySchema } from '../memory';
import { requireInput } from '../paths';

const flagsSchema = z.object({
  model: z.string({ error: 'is required (a folder written by `audio-dl train`)' }),
  data: z.string({ error: 'is required (a .arrow, .parquet or .json data file or a folder of parts)' }),
  json: z.boolean().default(false),
  backend: z.enum(BACKEND_NAMES).optional(),
  memory: memorySchema.optional(),
});

const options = {
  model: { type: 'string' },
  data: { type: 'string' },
  json: { type: 'boolean' },
  backend: { type: 'string' },
  memory: { type: 'string' },
} as const;

/** `audio-dl evaluate`: scores a saved model on its held-out test split (or on all of another data file). */
export const evaluate: CommandModule = {
  async run(argv) {
    const { flags, positionals } = parseFlags(argv, options, flagsSchema);
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    await requireInput(flags.model, 'folder');
    await requireInput(flags.data, 'file or folder'); // a folder of parts is a data set too
    const [{ evaluateModel, formatMetrics }, { initBackend }] = await Promise.all([
      import('@audio-dl/genre-model'),
      import('@audio-dl/tfjs-kernels/node'),
    ]);
    const backend = await initBackend(flags.backend);
    process.stderr.write(`backend: ${backend}\n`);
    const ev = await evaluateModel(flags.model, flags.data, undefined, { memory: flags.memory });
    process.stderr.write(
      `reading: ${ev.reading === 'stream' ? 'streamed from the files (over the memory budget)' : 'in memory'}\n`,
    );
    if (flags.json) process.stdout.write(`${JSON.stringify(ev, null, 2)}\n`);
    else process.stdout.write(`${ev.note}\n${formatMetrics(ev.metrics)}\n`);
    return 0;
  },
};
