// Bounded decoding (issue 11): a 10-minute 44.1 kHz stereo 16-bit WAV of which only the first 30 s are used.
// Whole processes under `/usr/bin/time` (wall from spawn to exit, peak RSS from the kernel): `audio-dl preprocess`
// on a one-track tree with `--duration 30` (default workers, and `--workers 0`), `audio-dl features --end 30`,
// `audio-dl predict` with a small MLP trained on 30 s demo tracks (made once, 1 epoch; it reads 30 s too), the
// same preprocess on a tree whose track is only those 30 s (memory must not grow with the track's length), and
// `node -e 0`. Cases alternate round by round; medians. Then, in this process, the MFCC of the first 30 s through
// `loadAudio` against the old path (decode the whole file, cut, downmix, resample), which must be identical.
// Needs a build (`npm run build`). Usage:
//   npx tsx tools/bench/bounded-decode.ts [--runs 5] [--cli packages/pipeline/bin/audio-dl.cjs]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { decodeWav, encodeWav, mfcc, resample, toMono } from '@audio-dl/dsp';
import { loadAudio } from '@audio-dl/dsp/node';
import { z } from 'zod';

const ROOT = path.resolve(__dirname, '../..');
const flags = z
  .object({
    runs: z.coerce.number().int().min(3).default(5),
    cli: z.string().default(path.join(ROOT, 'packages/pipeline/bin/audio-dl.cjs')),
  })
  .parse(parseArgs({ options: { runs: { type: 'string' }, cli: { type: 'string' } } }).values);

const BASE = path.join(ROOT, 'tmp', 'bench-long');
const SR = 44100;

/** Deterministic stereo 16-bit WAV: two gliding tones and noise, different per channel, peaking near 29000 / 32767. */
function wav(seconds: number): Uint8Array {
  const n = SR * seconds;
  const left = new Float32Array(n);
  const right = new Float32Array(n);
  let state = 12345;
  const noise = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
  const scale = 29000 / 32767;
  for (let i = 0; i < n; i++) {
    const t = i / SR;
    const a = 0.3 * Math.sin(2 * Math.PI * 220 * t) + 0.2 * Math.sin(2 * Math.PI * (440 + 100 * Math.sin(t)) * t);
    left[i] = (a + 0.05 * noise()) * scale;
    right[i] = (0.8 * a + 0.05 * noise()) * scale;
  }
  return encodeWav([left, right], SR);
}

/** A model trained once on a tiny 30 s demo set (22050 Hz, 30 s, 10 segments: the defaults), for `predict`. */
function model(): string {
  // One per CLI build: another build (an older commit's, say) may not read this one's model files.
  const key = createHash('sha256').update(path.resolve(flags.cli)).digest('hex').slice(0, 8);
  const dir = path.join(BASE, `model-${key}`);
  if (existsSync(path.join(dir, 'audio-dl.json'))) return dir;
  // Run in BASE: a build that records training runs records them in BASE/runs.
  const run = (...args: string[]) => {
    const r = spawnSync(process.execPath, [flags.cli, ...args], { stdio: ['ignore', 'ignore', 'pipe'], cwd: BASE });
    if (r.status !== 0) throw new Error(`audio-dl ${args.join(' ')}: ${r.stderr?.toString()}`);
  };
  const demo = path.join(BASE, 'demo');
  const data = path.join(BASE, `demo-${key}.arrow`);
  if (!existsSync(demo)) run('demo-data', '--out', demo, '--genres', '2', '--tracks', '2');
  run('preprocess', demo, '--out', data);
  run('train', '--data', data, '--model', 'mlp', '--out', dir, '--epochs', '1');
  return dir;
}

async function tree(name: string, seconds: number): Promise<{ root: string; file: string }> {
  const root = path.join(BASE, name);
  const file = path.join(root, 'long', `track-${seconds}s.wav`);
  if (!existsSync(file)) {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, wav(seconds));
  }
  return { root, file };
}

interface Case {
  name: string;
  args: string[];
}

function measure(c: Case): { wall: number; cpu: number; rssMb: number } {
  const report = path.join(BASE, 'time.txt');
  const started = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', '-o', report, process.execPath, ...c.args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    cwd: ROOT,
  });
  const wall = performance.now() - started;
  if (r.status !== 0) throw new Error(`${c.name} exited ${r.status}: ${r.stderr?.toString().slice(0, 400)}`);
  // The last line of time's report: peak resident set size (KiB), user and system CPU seconds.
  const [kb, user, sys] = (readFileSync(report, 'utf8').trim().split('\n').pop() ?? '').split(' ').map(Number);
  return { wall, cpu: user + sys, rssMb: kb / 1024 };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

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
    { name: 'predict 10-min file', args: [flags.cli, 'predict', '--model', model(), long.file] },
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
