// Bounded decoding (issue 11): a 10-minute 44.1 kHz stereo 16-bit WAV of which only the first 30 s are used.
// Whole processes under `/usr/bin/time` (wall from spawn to exit, peak RSS from the kernel): `audio-dl preprocess`
// on a one-track tree with `--duration 30` (default workers, and `--workers 0`), `audio-dl features --end 30`,
// `audio-dl predict --first 30` with a small MLP trained on 30 s demo tracks (made once, 1 epoch; since issue 22 predict
// covers the whole file by default, and `--first 30` reads 30 s as the training data did), the
// same preprocess on a tree whose track is only those 30 s (memory must not grow with the track's length), and
// `node -e 0`. Cases alternate round by round; medians. Then, in this process, the MFCC of the first 30 s through
// `loadAudio` against the old path (decode the whole file, cut, downmix, resample), which must be identical.
// Needs a build (`npm run build`). Usage:
//   npx tsx tools/bench/bounded-decode.ts [--runs 5] [--cli packages/pipeline/bin/audio-dl.cjs]
import { existsSync, promises as fs } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { decodeWav, mfcc, resample, toMono } from '@audio-dl/dsp';
import { loadAudio } from '@audio-dl/dsp/node';
import { z } from 'zod';
import { benchModel, DEFAULT_CLI, median, ROOT, stereoTestWav, timeProcess } from './harness';

const flags = z
  .object({
    runs: z.coerce.number().int().min(3).default(5),
    cli: z.string().default(DEFAULT_CLI),
  })
  .parse(parseArgs({ options: { runs: { type: 'string' }, cli: { type: 'string' } } }).values);

const BASE = path.join(ROOT, 'tmp', 'bench-long');
const SR = 44100;

async function tree(name: string, seconds: number): Promise<{ root: string; file: string }> {
  const root = path.join(BASE, name);
  const file = path.join(root, 'long', `track-${seconds}s.wav`);
  if (!existsSync(file)) {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, stereoTestWav(seconds, SR));
  }
  return { root, file };
}

interface Case {
  name: string;
  args: string[];
}

function measure(c: Case): { wall: number; cpu: number; rssMb: number } {
  const m = timeProcess(c.args, path.join(BASE, 'time.txt'));
  return { wall: m.wallMs, cpu: m.cpu, rssMb: m.rssMb };
}

async function main(): Promise<void> {
  const long = await tree('tree-10min', 600);
  const short = await tree('tree-30s', 30);
  const out = path.join(BASE, 'out.arrow');
  const pre = (root: string, ...extra: string[]) => [
    flags.cli,
    'preprocess',
    root,
    '--out',
    out,
    '--duration',
    '30',
    ...extra,
  ];
  const cases: Case[] = [
    { name: 'node -e 0', args: ['-e', '0'] },
    { name: 'preprocess 10-min tree --duration 30', args: pre(long.root) },
    { name: 'preprocess 10-min tree --duration 30 --workers 0', args: pre(long.root, '--workers', '0') },
    { name: 'preprocess 30-s tree --duration 30 --workers 0', args: pre(short.root, '--workers', '0') },
    { name: 'features 10-min file --end 30', args: [flags.cli, 'features', long.file, '--end', '30'] },
    {
      name: 'predict 10-min file --first 30',
      args: [flags.cli, 'predict', '--model', benchModel(BASE, flags.cli), long.file, '--first', '30'],
    },
  ];
  const load0 = loadavg();
  const results = new Map<string, { wall: number[]; cpu: number[]; rss: number[] }>(
    cases.map((c) => [c.name, { wall: [], cpu: [], rss: [] }]),
  );
  for (let round = 0; round < flags.runs; round++) {
    for (let i = 0; i < cases.length; i++) {
      const c = cases[(i + round) % cases.length];
      const m = measure(c);
      results.get(c.name)?.wall.push(m.wall);
      results.get(c.name)?.cpu.push(m.cpu);
      results.get(c.name)?.rss.push(m.rssMb);
    }
    process.stderr.write(`round ${round + 1}/${flags.runs}\n`);
  }
  const load1 = loadavg();

  // Same MFCCs as before bounded decoding: the old path decoded the whole file, then cut, downmixed, resampled.
  const bytes = await fs.readFile(long.file);
  const whole = decodeWav(bytes, long.file);
  const span = whole.channelData.map((c) => c.subarray(0, 30 * SR));
  const old = mfcc(await resample(toMono(span), SR, 22050));
  const now = mfcc((await loadAudio(long.file, { duration: 30 })).signal);
  let diff = old.data.length === now.data.length ? 0 : Number.POSITIVE_INFINITY;
  for (let i = 0; i < old.data.length && diff < Number.POSITIVE_INFINITY; i++)
    diff = Math.max(diff, Math.abs(old.data[i] - now.data[i]));

  console.log(`machine: ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, Node ${process.version}`);
  console.log(`cli: ${path.relative(ROOT, flags.cli) || flags.cli}; ${flags.runs} rounds`);
  console.log(
    `load average before ${load0.map((l) => l.toFixed(2)).join(' ')}, after ${load1.map((l) => l.toFixed(2)).join(' ')}`,
  );
  console.log(
    '\n| case | median wall s | runs (s) | median CPU s (user + sys) | median peak RSS MB |\n| --- | --- | --- | --- | --- |',
  );
  for (const c of cases) {
    const r = results.get(c.name) ?? { wall: [], cpu: [], rss: [] };
    const runs = r.wall.map((w) => (w / 1000).toFixed(2)).join(', ');
    console.log(
      `| \`${c.name}\` | ${(median(r.wall) / 1000).toFixed(2)} | ${runs} | ${median(r.cpu).toFixed(2)} | ${median(r.rss).toFixed(0)} |`,
    );
  }
  console.log(
    `\nMFCC of the first 30 s (${now.shape.join(' × ')}), loadAudio against whole-file decode: max |Δ| = ${diff}`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
