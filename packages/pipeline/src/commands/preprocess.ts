import { type FeatureParams, melRangeText, sourceOptionsSchema } from '@audio-dl/dataset/portable';
import { z } from 'zod';
import { type CommandModule, parseFlags, UsageError } from '../command';
import { checkOutputFile, requireInput } from '../paths';
import { type Progress, progress } from '../progress';

const count = z.coerce.number().int().positive();
// `@audio-dl/dataset`'s waveformAugmentKinds, listed here so flags are checked before the package loads.
const WAVEFORM_AUGMENT_KINDS = ['stretch', 'pitch', 'gain', 'noise'] as const;

const flagsSchema = z.object({
  out: z.string().regex(/\.(arrow|parquet|json)$/i, 'must end in .arrow, .parquet or .json'),
  // Checked fully by `parseShard` once the dataset package is loaded (K below N).
  shard: z
    .string()
    .regex(/^\d+\/\d+$/, 'expected K/N (e.g. 0/4 for the first of four shards)')
    .optional(),
  segments: count.optional(),
  duration: z.coerce.number().positive().optional(),
  offset: z.coerce.number().min(0).optional(),
  sr: count.optional(),
  nMfcc: count.optional(),
  nFft: count.optional(),
  hopLength: count.optional(),
  nMels: count.optional(),
  // The mel filters' range in Hz (librosa's fmin, fmax; absent: 0 and sr / 2).
  fmin: z.coerce.number().min(0).optional(),
  fmax: z.coerce.number().positive().optional(),
  // Absent: MFCC for the course's segments, 64-band log-mel for clip-length ones (dataset's `withDefaultFeatures`).
  features: z.enum(['mfcc', 'logmel'], { error: 'must be mfcc or logmel' }).optional(),
  augment: z
    .string()
    .transform((v) => v.split(','))
    .pipe(
      z.array(z.enum(WAVEFORM_AUGMENT_KINDS, { error: `each must be one of ${WAVEFORM_AUGMENT_KINDS.join(', ')}` })),
    )
    .optional(),
  copies: count.optional(),
  augmentSeed: z.coerce.number().int().optional(),
  workers: z.coerce.number().int().min(0).optional(),
  strict: z.boolean().default(false),
  indent: z.coerce.number().int().min(0).max(16).optional(),
  segmentSeconds: z.coerce.number().positive().optional(),
  minSeconds: z.coerce.number().min(0).optional(),
  // How the clips are described (a manifest or a label pattern): the schema the library and the config share.
  ...sourceOptionsSchema.shape,
  noRegions: z.boolean().default(false),
  manifest: z.string().min(1).optional(),
});

const options = {
  out: { type: 'string' },
  shard: { type: 'string' },
  segments: { type: 'string' },
  duration: { type: 'string' },
  offset: { type: 'string' },
  sr: { type: 'string' },
  'n-mfcc': { type: 'string' },
  'n-fft': { type: 'string' },
  'hop-length': { type: 'string' },
  'n-mels': { type: 'string' },
  fmin: { type: 'string' },
  fmax: { type: 'string' },
  features: { type: 'string' },
  augment: { type: 'string' },
  copies: { type: 'string' },
  'augment-seed': { type: 'string' },
  workers: { type: 'string' },
  strict: { type: 'boolean' },
  indent: { type: 'string' },
  nested: { type: 'string' },
  'segment-seconds': { type: 'string' },
  'min-seconds': { type: 'string' },
  manifest: { type: 'string' },
  'file-column': { type: 'string' },
  'label-column': { type: 'string' },
  'group-column': { type: 'string' },
  'fold-column': { type: 'string' },
  'no-regions': { type: 'boolean' },
  missing: { type: 'string' },
  'label-pattern': { type: 'string' },
} as const;

/** What each frame holds, e.g. `logmel (64 bands), hop 512 at 22050 Hz`: clip data gets log-mel unless told. */
function featureLine(p: FeatureParams): string {
  const range = melRangeText(p);
  const bands = p.features === 'logmel' ? `${p.nMels} bands${range}` : `${p.nMfcc} coefficients${range}`;
  return `${p.features} (${bands}), hop ${p.hopLength} at ${p.sr} Hz`;
}

/** `audio-dl preprocess`: GTZAN-style tree → MFCC segments in Arrow or the course's JSON (§09). */
export const preprocess: CommandModule = {
  async run(argv) {
    const { flags, positionals } = parseFlags(argv, options, flagsSchema);
    const { manifest, fileColumn, labelColumn, groupColumn, foldColumn, regions, noRegions, missing } = flags;
    const { labelPattern, ...layout } = flags;
    if (manifest && positionals.length > 0)
      throw new UsageError('--manifest names the clips: give no ROOT folder (files are relative to the manifest)');
    if (!manifest && positionals.length !== 1)
      throw new UsageError('expected exactly one ROOT folder (or --manifest FILE)');
    if (manifest && labelPattern) throw new UsageError('--manifest and --label-pattern contradict each other');
    const columnFlags = [fileColumn, labelColumn, groupColumn, foldColumn, noRegions || undefined];
    if (!manifest && columnFlags.some((v) => v !== undefined))
      throw new UsageError(
        '--file-column, --label-column, --group-column, --fold-column and --no-regions need --manifest',
      );
    const source = {
      ...(manifest
        ? { manifest, fileColumn, labelColumn, groupColumn, foldColumn, regions: regions && !noRegions, missing }
        : {}),
      ...(labelPattern ? { labelPattern } : {}),
    };
    const { out, shard, workers, strict, indent, nested, augment, copies, augmentSeed } = layout;
    const { segments, duration, offset, sr, nMfcc, nFft, hopLength, nMels, fmin, fmax, features } = layout;
    const { segmentSeconds, minSeconds } = layout;
    const rest = {
      segments,
      duration,
      offset,
      sr,
      nMfcc,
      nFft,
      hopLength,
      nMels,
      fmin,
      fmax,
      features,
      segmentSeconds,
      minSeconds,
    };
    if (minSeconds !== undefined && segmentSeconds === undefined && (duration !== undefined || segments !== undefined))
      throw new UsageError(
        '--min-seconds applies to clips of any length: it needs --segment-seconds, not --duration/--segments',
      );
    if (!augment && (copies !== undefined || augmentSeed !== undefined))
      throw new UsageError('--copies and --augment-seed need --augment');
    const params = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
    if (manifest) await requireInput(manifest, 'file');
    else await requireInput(positionals[0], 'folder');
    await checkOutputFile(out);
    const { parseShard, preprocess: runPreprocess } = await import('@audio-dl/dataset');
    let parsedShard: ReturnType<typeof parseShard> | undefined;
    try {
      parsedShard = shard === undefined ? undefined : parseShard(shard);
    } catch (err) {
      throw new UsageError(`--shard: ${(err as Error).message}`);
    }
    let bar: Progress | undefined;
    let summary: Awaited<ReturnType<typeof runPreprocess>>;
    try {
      summary = await runPreprocess(positionals[0], {
        source,
        // No segment layout given: one that suits the clips' lengths (the course's, when every clip holds a segment).
        segmentLength:
          duration === undefined && segments === undefined && segmentSeconds === undefined ? 'auto' : 'course',
        out,
        shard: parsedShard,
        params,
        workers,
        strict,
        indent,
        nested,
        ...(augment ? { augment: { kinds: augment, copies, seed: augmentSeed } } : {}),
        onProgress: (e) => {
          bar ??= progress('preprocess', e.total, { unit: 'files' });
          if (e.failed) bar.note(`skipped ${e.failed.path}: ${e.failed.reason}`);
          bar.set(e.done);
        },
      });
    } finally {
      bar?.done();
    }
    for (const warning of summary.warnings) process.stderr.write(`warning: ${warning}\n`);
    for (const d of summary.droppedClips) process.stderr.write(`${d.path}: ${d.reason}\n`);
    if (summary.segmentChoice) process.stdout.write(`${summary.segmentChoice.reason}\n`);
    process.stdout.write(
      `${summary.out}: ${summary.format}${summary.shard ? `, shard ${summary.shard.index}/${summary.shard.count}` : ''}, ${summary.genres.length} labels (${summary.genres.join(', ')})\n` +
        `  tracks ${summary.tracks}, segments ${summary.segments}, short tracks ${summary.shortTracks.length}, ` +
        `dropped short segments ${summary.droppedSegments}\n` +
        `  features ${featureLine(summary.params)}\n` +
        `  skipped files ${summary.failed.length} failed to decode, ${summary.droppedClips.length} dropped (too short or silent), ${summary.ignored.length} not clips (hidden, not audio, unmatched)\n` +
        `  ${summary.seconds.toFixed(1)} s with ${summary.workers} worker thread(s)\n`,
    );
    return 0;
  },
};
