// Writes the deterministic synthetic genre set: `npx tsx tools/demo-data/generate.ts [--out data/demo]
// [--tracks 20] [--genres 6] [--seconds 30] [--seed 1]`. The generator itself is @audio-dl/dataset's
// generateDemoData (also `audio-dl demo-data`); this is only its command line.
import { parseArgs } from 'node:util';
import { generateDemoData } from '@audio-dl/dataset';
import { z } from 'zod';

const flags = z
  .object({
    out: z.string().min(1).default('data/demo'),
    tracks: z.coerce.number().int().positive().default(20),
    genres: z.coerce.number().int().min(1).max(10).default(6),
    seconds: z.coerce.number().positive().default(30),
    seed: z.coerce.number().int().default(1),
  })
  .parse(
    parseArgs({
      options: {
        out: { type: 'string' },
        tracks: { type: 'string' },
        genres: { type: 'string' },
        seconds: { type: 'string' },
        seed: { type: 'string' },
      },
    }).values,
  );

async function main(): Promise<void> {
  const started = performance.now();
  const summary = await generateDemoData(
    { root: flags.out, genres: flags.genres, tracksPerGenre: flags.tracks, seconds: flags.seconds, seed: flags.seed },
    (_file, done, total) => {
      if (done % 100 === 0 || done === total) process.stderr.write(`demo-data: ${done}/${total} tracks\n`);
    },
  );
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `${summary.root}: ${summary.files} tracks, ${summary.genres.join(', ')}; ` +
      `${(summary.bytes / 2 ** 20).toFixed(1)} MiB in ${seconds.toFixed(1)} s\n`,
  );
}

main().catch((err: Error) => {
  process.stderr.write(`demo-data: ${err.message}\n`);
  process.exitCode = 1;
});
