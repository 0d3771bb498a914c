import { createProgress, parseShard, preprocess as runPreprocess } from '@audio-dl/dataset';
import { z } from 'zod';
import { type Command, parseFlags, UsageError } from '../command';

const count = z.coerce.number().int().positive();

const flagsSchema = z.object({
  out: z.string().regex(/\.(arrow|parquet|json)$/i, 'must end in .arrow, .parquet or .json'),
  shard: z
    .string()
    .transform((text, ctx) => {
      try {
        return parseShard(text);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    })
    .optional(),
  segments: count.optional(),
  duration: z.coerce.number().positive().optional(),
  sr: count.optional(),
  nMfcc: count.optional(),
  nFft: count.optional(),
  hopLength: count.optional(),
  nMels: count.optional(),
  workers: z.coerce.number().int().min(0).optional(),
  strict: z.boolean().default(false),
  indent: z.coerce.number().int().min(0).max(16).optional(),
  nested: z.enum(['error', 'parent']).default('error'),
});

const options = {
  out: { type: 'string' },
  shard: { type: 'string' },
  segments: { type: 'string' },
  duration: { type: 'string' },
  sr: { type: 'string' },
  'n-mfcc': { type: 'string' },
  'n-fft': { type: 'string' },
  'hop-length': { type: 'string' },
  'n-mels': { type: 'string' },
  workers: { type: 'string' },
  strict: { type: 'boolean' },
  indent: { type: 'string' },
  nested: { type: 'string' },
} as const;

/** `audio-dl preprocess`: GTZAN-style tree → MFCC segments in Arrow or the course's JSON (§09). */
export const preprocess: Command = {
  name: 'preprocess',
  summary: '§09: MFCC of every track segment under ROOT/<genre>/ to data.arrow, data.parquet or the course data.json',
  usage:
    'preprocess <ROOT> --out data.arrow|data.parquet|data.json [--shard K/N] [--segments 10] [--duration 30] [--sr 22050] [--n-mfcc 13] ' +
    '[--n-fft 2048] [--hop-length 512] [--n-mels 128] [--workers N] [--strict] [--indent 4] [--nested error|parent]',
  async run(argv) {
    const { flags, positionals } = parseFlags(argv, options, flagsSchema);
    if (positionals.length !== 1) throw new UsageError('expected exactly one ROOT folder');
    const { out, shard, workers, strict, indent, nested, ...rest } = flags;
    const params = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
    const progress = createProgress('preprocess');
    let summary: Awaited<ReturnType<typeof runPreprocess>>;
    try {
      summary = await runPreprocess(positionals[0], {
        out,
        shard,
        params,
        workers,
        strict,
        indent,
        nested,
        onProgress: (e) => progress.update(e),
      });
    } finally {
      progress.stop();
    }
    for (const warning of summary.warnings) process.stderr.write(`warning: ${warning}\n`);
    process.stdout.write(
      `${summary.out}: ${summary.format}${summary.shard ? `, shard ${summary.shard.index}/${summary.shard.count}` : ''}, ${summary.genres.length} genres (${summary.genres.join(', ')})\n` +
        `  tracks ${summary.tracks}, segments ${summary.segments}, dropped short segments ${summary.droppedSegments}\n` +
        `  skipped files ${summary.failed.length} failed to decode, ${summary.ignored.length} hidden or not audio\n` +
        `  ${summary.seconds.toFixed(1)} s with ${summary.workers} worker thread(s)\n`,
    );
    return 0;
  },
};
