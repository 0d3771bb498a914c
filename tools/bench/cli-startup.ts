// Start-up of the `audio-dl` command (issue 11), measured as a user meets it: whole processes, from spawn to exit.
// Every round runs each case once (the order rotates from round to round), so a busy neighbour slows all cases
// alike; the figures are medians over the rounds, and the ratios are against `node -e 0` measured in the same rounds.
// Cases: bare Node, `audio-dl --help`, `audio-dl <command> --help` for every command, `audio-dl scratch addition`
// (§06: 50 epochs of the hand-written network) and the course's numpy script for the same task.
// Needs a build (`npm run build`). Usage:
//   npx tsx tools/bench/cli-startup.ts [--runs 9] [--cli packages/pipeline/bin/audio-dl.cjs] [--python python3]
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { median } from './harness';

const ROOT = path.resolve(__dirname, '../..');
const flags = z
  .object({
    runs: z.coerce.number().int().min(3).default(9),
    cli: z.string().default(path.join(ROOT, 'packages/pipeline/bin/audio-dl.cjs')),
    python: z.string().default('python3'),
  })
  .parse(
    parseArgs({ options: { runs: { type: 'string' }, cli: { type: 'string' }, python: { type: 'string' } } }).values,
  );

const COMMANDS = [
  'scratch',
  'inspect',
  'features',
  'demo-data',
  'preprocess',
  'tf',
  'train',
  'evaluate',
  'predict',
  'runs',
];

interface Case {
  name: string;
  command: string;
  args: string[];
}
const node = (name: string, args: string[]): Case => ({ name, command: process.execPath, args });
const cli = (...args: string[]): Case => node(`audio-dl ${args.join(' ')}`, [flags.cli, ...args]);
const cases: Case[] = [
  node('node -e 0', ['-e', '0']),
  cli('--help'),
  ...COMMANDS.map((c) => cli(c, '--help')),
  cli('scratch', 'addition'),
  { name: 'course_addition.py (numpy)', command: flags.python, args: [path.join(__dirname, 'course_addition.py')] },
];

function time(c: Case): number {
  const started = performance.now();
  const r = spawnSync(c.command, c.args, { stdio: ['ignore', 'ignore', 'pipe'], cwd: ROOT });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`${c.name} exited ${r.status}: ${r.stderr?.toString().slice(0, 300)}`);
  return ms;
}

const load0 = loadavg();
const times = new Map<string, number[]>(cases.map((c) => [c.name, []]));
for (let round = 0; round < flags.runs; round++) {
  for (let i = 0; i < cases.length; i++) {
    const c = cases[(i + round) % cases.length];
    times.get(c.name)?.push(time(c));
  }
  process.stderr.write(`round ${round + 1}/${flags.runs}\n`);
}
const load1 = loadavg();

const anchor = median(times.get('node -e 0') ?? []);
console.log(`machine: ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, Node ${process.version}`);
console.log(`cli: ${path.relative(ROOT, flags.cli) || flags.cli}; ${flags.runs} rounds`);
console.log(
  `load average before ${load0.map((l) => l.toFixed(2)).join(' ')}, after ${load1.map((l) => l.toFixed(2)).join(' ')}`,
);
console.log('\n| case | median ms | min ms | max ms | × node -e 0 |\n| --- | --- | --- | --- | --- |');
for (const c of cases) {
  const t = times.get(c.name) ?? [];
  const m = median(t);
  console.log(
    `| \`${c.name}\` | ${m.toFixed(0)} | ${Math.min(...t).toFixed(0)} | ${Math.max(...t).toFixed(0)} | ${(m / anchor).toFixed(2)} |`,
  );
}
const helps = cases.filter((c) => c.name.endsWith('--help')).map((c) => median(times.get(c.name) ?? []) / anchor);
const scratch = median(times.get('audio-dl scratch addition') ?? []);
const numpy = median(times.get('course_addition.py (numpy)') ?? []);
console.log(`\nslowest help: ${Math.max(...helps).toFixed(2)} × node -e 0 (goal ≤ 2.5)`);
console.log(`course script / audio-dl scratch addition: ${(numpy / scratch).toFixed(2)} × (goal ≥ 3)`);
