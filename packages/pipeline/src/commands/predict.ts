import { z } from 'zod';
import { type CommandModule, parseFlags, UsageError } from '../command';
import { BACKEND_NAMES } from '../config';
import { requireInput } from '../paths';

const flagsSchema = z.object({
  model: z.string({ error: 'is required (a folder written by `audio-dl train`)' }),
  json: z.boolean().default(false),
  top: z.coerce.number().int().positive().default(3),
  backend: z.enum(BACKEND_NAMES).optional(),
});

const options = {
  model: { type: 'string' },
  json: { type: 'boolean' },
  top: { type: 'string' },
  backend: { type: 'string' },
} as const;

/** `audio-dl predict`: the top genres of new audio files, featurised exactly as the model's training data. */
export const predict: CommandModule = {
  async run(argv) {
    const { flags, positionals } = parseFlags(argv, options, flagsSchema);
    if (positionals.length === 0) throw new UsageError('expected at least one audio file');
    await requireInput(flags.model, 'folder');
    const [{ disposeModel, loadModel, predictFiles }, { initBackend }] = await Promise.all([
      import('@audio-dl/genre-model/inference'),
      import('@audio-dl/tfjs-kernels/node'),
    ]);
    const backend = await initBackend(flags.backend);
    process.stderr.write(`backend: ${backend}\n`);
    const { model, meta } = await loadModel(flags.model);
    const results = await predictFiles(model, meta, positionals, { top: flags.top });
    disposeModel(model);
    if (flags.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    for (const r of results) {
      if (!r.ok) process.stderr.write(`audio-dl predict: ${r.error}\n`);
      else if (!flags.json) {
        const top = r.top.map((g) => `${g.genre} ${(100 * g.probability).toFixed(1)}%`).join(', ');
        process.stdout.write(`${r.file}: ${top} (${r.segments} segments)\n`);
      }
    }
    return results.every((r) => r.ok) ? 0 : 1;
  },
};
