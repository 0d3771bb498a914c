import { basename, extname, join, resolve } from 'node:path';
import { z } from 'zod';
import { type CommandModule, parseFlags, UsageError } from '../command';
import { checkOutputFolder } from '../paths';

const flagsSchema = z.object({
  out: z.string().min(1).optional(),
  sr: z.coerce.number().int().positive().default(22050),
});

/** `audio-dl inspect`: the five §08 figures and a summary of one audio file. */
export const inspect: CommandModule = {
  async run(argv) {
    const { flags, positionals } = parseFlags(argv, { out: { type: 'string' }, sr: { type: 'string' } }, flagsSchema);
    if (positionals.length !== 1) throw new UsageError('expected exactly one audio file');
    const file = positionals[0];
    const dir = resolve(flags.out ?? `${basename(file, extname(file))}-inspect`);
    await checkOutputFolder(dir);
    const { AudioDecodeError, summarize } = await import('@audio-dl/dsp');
    const { loadAudio } = await import('@audio-dl/dsp/node');
    const { inspectionFigures } = await import('@audio-dl/plot');
    const { writeFileAtomic } = await import('@audio-dl/dataset');
    let audio: Awaited<ReturnType<typeof loadAudio>>;
    try {
      audio = await loadAudio(file, { sr: flags.sr });
    } catch (err) {
      if (!(err instanceof AudioDecodeError)) throw err;
      process.stderr.write(`audio-dl inspect: ${err.message}\n`);
      return 1;
    }
    const name = basename(file);
    const figures = inspectionFigures(audio.signal, audio.sr, name);
    for (const [fig, png] of Object.entries(figures)) await writeFileAtomic(join(dir, fig), png);
    const summary = { file: resolve(file), ...summarize(audio), figures: Object.keys(figures) };
    await writeFileAtomic(join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    const s = summary;
    process.stdout.write(
      `${name}: ${s.duration.toFixed(3)} s, ${s.originalSampleRate} Hz × ${s.channels} ch (analysed at ${s.sampleRate} Hz mono), ` +
        `peak ${s.peak.toFixed(4)}, RMS ${s.rms.toFixed(4)}\n` +
        `wrote ${[...Object.keys(figures), 'summary.json'].join(', ')}\n  to ${dir}\n`,
    );
    return 0;
  },
};
