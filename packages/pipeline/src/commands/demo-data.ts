import { z } from 'zod';
import { type CommandModule, parseFlags, UsageError } from '../command';
import { checkOutputFolder } from '../paths';

const flagsSchema = z.object({
  out: z.string().min(1).default('data/demo'),
  tracks: z.coerce.number().int().positive().default(20),
  genres: z.coerce.number().int().min(1).max(10).default(6),
  seconds: z.coerce.number().positive().default(30),
  seed: z.coerce.number().int().default(1),
});

/** `audio-dl demo-data`: the deterministic synthetic genre set in GTZAN layout. */
export const demoData: CommandModule = {
  async run(argv) {
    const { flags, positionals } = parseFlags(
      argv,
      {
        out: { type: 'string' },
        tracks: { type: 'string' },
        genres: { type: 'string' },
        seconds: { type: 'string' },
        seed: { type: 'string' },
      },
      flagsSchema,
    );
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    await checkOutputFolder(flags.out);
    const started = performance.now();
    const { generateDemoData } = await import('@audio-dl/demo-data');
    const summary = await generateDemoData({
      root: flags.out,
      genres: flags.genres,
      tracksPerGenre: flags.tracks,
      seconds: flags.seconds,
      seed: flags.seed,
    });
    process.stdout.write(
      `${summary.root}: ${summary.files} tracks in ${summary.genres.length} genres (${summary.genres.join(', ')}), ` +
        `${(summary.bytes / 2 ** 20).toFixed(1)} MiB in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
    return 0;
  },
};
