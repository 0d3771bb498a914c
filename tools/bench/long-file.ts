// A long recording classified in full (issue 22): a generated 20-minute 44.1 kHz stereo 16-bit WAV through
// `audio-dl predict` (every window of the model's 3-s segment, a hop of 1.5 s), the whole process under
// `/usr/bin/time` (wall from spawn to exit, peak RSS from the kernel). Goals: peak RSS under 300 MB and at least
// 100× faster than real time (real-time factor = audio seconds / wall seconds). Also `node -e 0` for the floor.
// The model is a small MLP trained once on a 2-genre demo set with the default features (22 050 Hz, 30 s, 10
// segments). Needs a build (`npm run build`). Usage:
//   npx tsx tools/bench/long-file.ts [--runs 3] [--minutes 20] [--cli packages/pipeline/bin/audio-dl.cjs]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';

const ROOT = path.resolve(__dirname, '../..');
const flags = z
  .object({
    runs: z.coerce.number().int().min(1).default(3),
    minutes: z.coerce.number().positive().default(20),
    cli: z.string().default(path.join(ROOT, 'packages/pipeline/bin/audio-dl.cjs')),
  })
  .parse(
    parseArgs({ options: { runs: { type: 'string' }, minutes: { type: 'string' }, cli: { type: 'string' } } }).values,
  );

const BASE = path.join(ROOT, 'tmp', 'bench-long-file');
const SR = 44100;

/** Writes a deterministic stereo 16-bit WAV of `seconds` (gliding tones and noise) a second at a time. */
function writeWav(file: string, seconds: number): void {
  const n = Math.round(SR * seconds);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + n * 4, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(2, 22);
  header.writeUInt32LE(SR, 24);
  header.writeUInt32LE(SR * 4, 28);
  header.writeUInt16LE(4, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(n * 4, 40);
  const fd = openSync(`${file}.part`, 'w');
  writeSync(fd, header);
  let state = 12345;
  const noise = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
  const block = Buffer.alloc(SR * 4);
  for (let at = 0; at < n; at += SR) {
    const m = Math.min(SR, n - at);
    for (let j = 0; j < m; j++) {
      const t = (at + j) / SR;
      // The pitch steps every 20 s, so the windows do not all agree.
      const f = 220 * 2 ** (Math.floor(t / 20) % 4);
      const a = 0.3 * Math.sin(2 * Math.PI * f * t) + 0.2 * Math.sin(2 * Math.PI * (440 + 100 * Math.sin(t)) * t);
      block.writeInt16LE(Math.round((a + 0.05 * noise()) * 29000), j * 4);
      block.writeInt16LE(Math.round((0.8 * a + 0.05 * noise()) * 29000), j * 4 + 2);
    }
    writeSync(fd, block, 0, m * 4);
  }
  closeSync(fd);
}

function run(...args: string[]): void {
  const r = spawnSync(process.execPath, [flags.cli, ...args], { stdio: ['ignore', 'ignore', 'pipe'], cwd: BASE });
  if (r.status !== 0) throw new Error(`audio-dl ${args.join(' ')}: ${r.stderr?.toString()}`);
}

/** A model trained once per CLI build on a tiny demo set with the default features. */
function model(): string {
  const key = createHash('sha256').update(path.resolve(flags.cli)).digest('hex').slice(0, 8);
  const dir = path.join(BASE, `model-${key}`);
  if (existsSync(path.join(dir, 'audio-dl.json'))) return dir;
  const demo = path.join(BASE, 'demo');
  const data = path.join(BASE, `demo-${key}.arrow`);
  if (!existsSync(demo)) run('demo-data', '--out', demo, '--genres', '2', '--tracks', '2');
  run('preprocess', demo, '--out', data);
  run('train', '--data', data, '--model', 'mlp', '--out', dir, '--epochs', '1', '--no-record');
  return dir;
}

function measure(args: string[]): { wall: number; cpu: number; rssMb: number; stdout: string } {
  const report = path.join(BASE, 'time.txt');
  const started = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', '-o', report, process.execPath, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  const wall = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr?.toString().slice(0, 400)}`);
  const [kb, user, sys] = (readFileSync(report, 'utf8').trim().split('\n').pop() ?? '').split(' ').map(Number);
  return { wall, cpu: user + sys, rssMb: kb / 1024, stdout: r.stdout.toString() };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  await mkdir(BASE, { recursive: true });
  const seconds = flags.minutes * 60;
  const file = path.join(BASE, `long-${flags.minutes}min-44k-stereo.wav`);
  if (!existsSync(file)) {
    writeWav(file, seconds);
    await rename(`${file}.part`, file);
  }
  const dir = model();
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
      const m = measure(c.args);
      const r = results.get(c.name);
      r?.wall.push(m.wall);
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
