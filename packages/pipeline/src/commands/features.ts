import { z } from 'zod';
import { type CommandModule, parseFlags, UsageError } from '../command';

const count = z.coerce.number().int().positive();

const flagsSchema = z
  .object({
    sr: count.default(22050),
    nMfcc: count.default(13),
    nFft: count.refine((n) => (n & (n - 1)) === 0 && n >= 4, 'must be a power of two ≥ 4').default(2048),
    hopLength: count.default(512),
    nMels: count.default(128),
    start: z.coerce.number().min(0).default(0),
    end: z.coerce.number().positive().optional(),
  })
  .refine((f) => f.nMfcc <= f.nMels, { path: ['nMfcc'], error: 'cannot exceed --n-mels' })
  .refine((f) => f.end === undefined || f.end > f.start, { path: ['end'], error: 'must be after --start' });

const options = {
  sr: { type: 'string' },
  'n-mfcc': { type: 'string' },
  'n-fft': { type: 'string' },
  'hop-length': { type: 'string' },
  'n-mels': { type: 'string' },
  start: { type: 'string' },
  end: { type: 'string' },
} as const;

/** float32 values printed with 9 significant digits: enough to round-trip, short enough to read. */
const f32 = (v: number): number => Number(v.toPrecision(9));

/** `audio-dl features`: librosa-identical MFCC of one file (or a time range of it) as JSON on stdout. */
export const features: CommandModule = {
  async run(argv) {
    const { flags, positionals } = parseFlags(argv, options, flagsSchema);
    if (positionals.length !== 1) throw new UsageError('expected exactly one audio file');
    const file = positionals[0];
    const { AudioDecodeError, mfcc, toRows } = await import('@audio-dl/dsp');
    const { loadAudio } = await import('@audio-dl/dsp/node');
    let signal: Float32Array;
    try {
      const duration = flags.end === undefined ? null : flags.end - flags.start;
      ({ signal } = await loadAudio(file, { sr: flags.sr, offset: flags.start, duration }));
    } catch (err) {
      if (!(err instanceof AudioDecodeError)) throw err;
      process.stderr.write(`audio-dl features: ${err.message}\n`);
      return 1;
    }
    const m = mfcc(signal, {
      sr: flags.sr,
      nMfcc: flags.nMfcc,
      nFft: flags.nFft,
      hopLength: flags.hopLength,
      nMels: flags.nMels,
    });
    const rows = toRows(m).map((r) => r.map(f32));
    process.stdout.write(`${JSON.stringify({ sr: flags.sr, nMfcc: flags.nMfcc, frames: m.shape[1], mfcc: rows })}\n`);
    return 0;
  },
};
