// A long recording classified in full (issue 22): a generated 20-minute 44.1 kHz stereo 16-bit WAV through
// `audio-dl predict` (every window of the model's 3-s segment, a hop of 1.5 s), the whole process under
// `/usr/bin/time` (wall from spawn to exit, peak RSS from the kernel). Goals: peak RSS under 300 MB and at least
// 100× faster than real time (real-time factor = audio seconds / wall seconds). Also `node -e 0` for the floor.
// The model is a small MLP trained once on a 2-genre demo set with the default features (22 050 Hz, 30 s, 10
// segments). Needs a build (`npm run build`). Usage:
//   npx tsx tools/bench/long-file.ts [--runs 3] [--minutes 20] [--cli packages/pipeline/bin/audio-dl.cjs]
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { benchModel, DEFAULT_CLI, median, ROOT, stereoTestWav, timeProcess } from './harness';

const flags = z
  .object({
    runs: z.coerce.number().int().min(1).default(3),
    minutes: z.coerce.number().positive().default(20),
    cli: z.string().default(DEFAULT_CLI),
  })
  .parse(
    parseArgs({ options: { runs: { type: 'string' }, minutes: { type: 'string' }, cli: { type: 'string' } } }).values,
  );

const BASE = path.join(ROOT, 'tmp', 'bench-long-file');
const SR = 44100;

async function main(): Promise<void> {
  await mkdir(BASE, { recursive: true });
  const seconds = flags.minutes * 60;
  const file = path.join(BASE, `long-${flags.minutes}min-44k-stereo.wav`);
  if (!existsSync(file)) {
    // The pitch steps every 20 s, so the windows do not all agree.
    await writeFile(`${file}.part`, stereoTestWav(seconds, SR, { stepSeconds: 20 }));
    await rename(`${file}.part`, file);
  }
  const dir = benchModel(BASE, flags.cli);
  const cases = [
    { name: 'node -e 0', args: ['-e', '0'] },
    {
      name: `predict ${flags.minutes}-min WAV, all windows`,
      args: [flags.cli, 'predict', '--model', dir, file, '--json'],
    },
  ];
  const load0 = loadavg();
  const results = new Map(
    cases.map((c) => [c.name, { wall: [] as number[], cpu: [] as number[], rss: [] as number[] }]),
  );
  let windows = 0;
  for (let round = 0; round < flags.runs; round++) {
    for (let i = 0; i < cases.length; i++) {
      const c = cases[(i + round) % cases.length];
      const m = timeProcess(c.args, path.join(BASE, 'time.txt'));
      const r = results.get(c.name);
      r?.wall.push(m.wallMs / 1000);
      r?.cpu.push(m.cpu);
      r?.rss.push(m.rssMb);
      if (c.args[1] === 'predict') windows = JSON.parse(m.stdout)[0].segments;
    }
    process.stderr.write(`round ${round + 1}/${flags.runs}\n`);
  }
  const load1 = loadavg();
  console.log(`machine: ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, Node ${process.version}`);
  console.log(
    `cli: ${path.relative(ROOT, flags.cli) || flags.cli}; ${flags.runs} rounds; ${seconds} s of audio, ${windows} windows`,
  );
  console.log(
    `load average before ${load0.map((l) => l.toFixed(2)).join(' ')}, after ${load1.map((l) => l.toFixed(2)).join(' ')}`,
  );
  console.log(
    '\n| case | median wall s | runs (s) | median CPU s | median peak RSS MB | real-time factor |\n| --- | --- | --- | --- | --- | --- |',
  );
  for (const c of cases) {
    const r = results.get(c.name) ?? { wall: [], cpu: [], rss: [] };
    const w = median(r.wall);
    const rtf = c.args[1] === 'predict' ? `${(seconds / w).toFixed(0)}×` : '';
    console.log(
      `| \`${c.name}\` | ${w.toFixed(2)} | ${r.wall.map((x) => x.toFixed(2)).join(', ')} | ${median(r.cpu).toFixed(2)} | ${median(r.rss).toFixed(0)} | ${rtf} |`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
