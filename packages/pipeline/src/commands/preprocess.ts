import { createProgress, preprocess as runPreprocess } from '@audio-dl/dataset';
import { z } from 'zod';
import { type Command, parseFlags, UsageError } from '../command';

const count = z.coerce.number().int().positive();

const flagsSchema = z.object({
  out: z.string().regex(/\.(arrow|json)$/i, 'must end in .arrow or .json'),
  segments: count.optional(),
  duration: z.coerce.number().positive().optional(),
  sr: count.optional(),
  nMfcc: count.optional(),
  nFft: count.optional(),
  hopLength: count.optional(),
  nMels: count.optional(),
  features: z.enum(['mfcc', 'logmel'], { error: 'must be mfcc or logmel' }).default('mfcc'),
  workers: z.coerce.number().int().min(0).optional(),
  strict: z.boolean().default(false),
  indent: z.coerce.number().int().min(0).max(16).optional(),
  nested: z.enum(['error', 'parent']).default('error'),
});

const options = {
  out: { type: 'string' },
  segments: { type: 'string' },
  duration: { type: 'string' },
  sr: { type: 'string' },
  'n-mfcc': { type: 'string' },
  'n-fft': { type: 'string' },
  'hop-length': { type: 'string' },
  'n-mels': { type: 'string' },
  features: { type: 'string' },
  workers: { type: 'string' },
  strict: { type: 'boolean' },
  indent: { type: 'string' },
  nested: { type: 'string' },
} as const;

/** `audio-dl preprocess`: GTZAN-style tree → MFCC segments in Arrow or the course's JSON (§09). */
export const preprocess: Command = {
  name: 'preprocess',
  summary: '§09: MFCC (or log-mel) of every track segment under ROOT/<genre>/ to data.arrow or the course data.json',
  usage:
    'preprocess <ROOT> --out data.arrow|data.json [--segments 10] [--duration 30] [--sr 22050] [--n-mfcc 13] ' +
    '[--n-fft 2048] [--hop-length 512] [--features mfcc|logmel] [--n-mels 128 (mfcc) | 64 (logmel)] [--workers N] [--strict] [--indent 4] [--nested error|parent]',
  async run(argv) {
    const { flags, positionals } = parseFlags(argv, options, flagsSchema);
    if (positionals.length !== 1) throw new UsageError('expected exactly one ROOT folder');
    const { out, workers, strict, indent, nested, ...rest } = flags;
    const params = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
    // 64 bands is the usual CNN input; MFCC keeps the course's 128-band mel stage.
    if (flags.features === 'logmel' && flags.nMels === undefined) params.nMels = 64;
    const progress = createProgress('preprocess');
    let summary: Awaited<ReturnType<typeof runPreprocess>>;
    try {
      summary = await runPreprocess(positionals[0], {
        out,
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
      `${summary.out}: ${summary.format}, ${summary.genres.length} genres (${summary.genres.join(', ')})\n` +
        `  tracks ${summary.tracks}, segments ${summary.segments}, dropped short segments ${summary.droppedSegments}\n` +
        `  skipped files ${summary.failed.length} failed to decode, ${summary.ignored.length} hidden or not audio\n` +
        `  ${summary.seconds.toFixed(1)} s with ${summary.workers} worker thread(s)\n`,
    );
    return 0;
  },
};
