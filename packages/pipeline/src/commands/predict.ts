import type { FilePrediction } from '@audio-dl/genre-model/inference';
import { z } from 'zod';
import { type CommandModule, parseFlags, UsageError } from '../command';
import { BACKEND_NAMES } from '../config';
import { requireInput } from '../paths';
import { progress } from '../progress';

const seconds = z.coerce.number().positive();

const flagsSchema = z
  .object({
    model: z.string({ error: 'is required (a folder written by `audio-dl train`)' }),
    json: z.boolean().default(false),
    top: z.coerce.number().int().positive().default(3),
    backend: z.enum(BACKEND_NAMES).optional(),
    hop: seconds.optional(),
    span: z.string().optional(),
    first: seconds.optional(),
    timeline: z.boolean().default(false),
    timelineCsv: z.string().optional(),
    smooth: z.coerce.number().int().positive().default(1),
    smoothMethod: z.enum(['median', 'mean']).default('median'),
    segmentsOut: z.string().optional(),
  })
  .refine((f) => f.first === undefined || (f.span === undefined && f.hop === undefined), {
    path: ['first'],
    message: 'cannot be combined with --span or --hop',
  });

const options = {
  model: { type: 'string' },
  json: { type: 'boolean' },
  top: { type: 'string' },
  backend: { type: 'string' },
  hop: { type: 'string' },
  span: { type: 'string' },
  first: { type: 'string' },
  timeline: { type: 'boolean' },
  'timeline-csv': { type: 'string' },
  smooth: { type: 'string' },
  'smooth-method': { type: 'string' },
  'segments-out': { type: 'string' },
} as const;

/** Writes `text` to `out` whole or not at all (an earlier file there survives a failure). */
async function writeOutput(out: string, text: string): Promise<void> {
  const [{ writeAtomic }, fs] = await Promise.all([import('@audio-dl/dataset'), import('node:fs/promises')]);
  await writeAtomic(out, (tmp) => fs.writeFile(tmp, text));
  process.stderr.write(`wrote ${out}\n`);
}

/**
 * `audio-dl predict`: the top labels of new audio files, each covered window by window (the model's segment length,
 * a hop of half a segment by default) and featurised exactly as the model's training data; `--timeline` adds every
 * window's result, `--timeline-csv` and `--segments-out` write them to files.
 */
export const predict: CommandModule = {
  async run(argv) {
    const { flags, positionals } = parseFlags(argv, options, flagsSchema);
    if (positionals.length === 0) throw new UsageError('expected at least one audio file');
    const writesFiles = flags.timelineCsv !== undefined || flags.segmentsOut !== undefined;
    if (writesFiles && positionals.length > 1)
      throw new UsageError('--timeline-csv and --segments-out take one audio file at a time');
    const lib = await import('@audio-dl/genre-model/inference');
    let span: ReturnType<typeof lib.parseSpan> | undefined;
    try {
      span = flags.span === undefined ? undefined : lib.parseSpan(flags.span);
    } catch (err) {
      throw new UsageError(`--span: ${(err as Error).message.split('\n')[0]}`);
    }
    const opts = lib.timelineOptionsSchema.parse({
      top: flags.top,
      hop: flags.hop,
      span,
      first: flags.first,
      timeline: flags.timeline,
      smooth: flags.smooth,
      smoothMethod: flags.smoothMethod,
    });
    await requireInput(flags.model, 'folder');
    const { initBackend } = await import('@audio-dl/tfjs-kernels/node');
    const backend = await initBackend(flags.backend);
    process.stderr.write(`backend: ${backend}\n`);
    const { model, meta } = await lib.loadModel(flags.model);
    const results: FilePrediction[] = [];
    try {
      for (const file of positionals) {
        // A long file's share done, on a terminal only (pipes and logs stay clean).
        const bar = progress(file, 1000, { unit: '%', plain: false, summary: false });
        try {
          const onProgress = (fraction: number) => bar.set(Math.round(1000 * Math.min(1, fraction)));
          const { prediction, windows } = await lib.predictFile(model, meta, file, opts, onProgress);
          bar.done();
          results.push(prediction);
          if (flags.timelineCsv) await writeOutput(flags.timelineCsv, lib.timelineCsv(windows, meta.mapping));
          if (flags.segmentsOut) {
            const regions = lib.mergeSegments(lib.windowLabels(windows, meta.mapping));
            // A .txt file is an Audacity label track (tab-separated, no header); anything else CSV.
            const text = flags.segmentsOut.endsWith('.txt') ? lib.audacityLabels(regions) : lib.regionsCsv(regions);
            await writeOutput(flags.segmentsOut, text);
          }
        } catch (err) {
          bar.done();
          results.push(lib.failedPrediction(file, err));
        }
      }
    } finally {
      lib.disposeModel(model);
    }
    if (flags.json || flags.timeline) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    for (const r of results) {
      if (!r.ok) process.stderr.write(`audio-dl predict: ${r.error}\n`);
      else if (!flags.json && !flags.timeline) {
        const top = r.top.map((g) => `${g.genre} ${(100 * g.probability).toFixed(1)}%`).join(', ');
        process.stdout.write(`${r.file}: ${top} (${r.segments} window${r.segments === 1 ? '' : 's'})\n`);
      }
    }
    return results.every((r) => r.ok) ? 0 : 1;
  },
};
