// What the benchmarks share: medians, in-process timing, whole processes under /usr/bin/time, the generated stereo
// test recording and the small model the CLI benchmarks classify with. One implementation of each, so every
// benchmark measures the same way.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { encodeWav, mulberry32 } from '@audio-dl/dsp';

export const ROOT = path.resolve(__dirname, '../..');
export const DEFAULT_CLI = path.join(ROOT, 'packages/pipeline/bin/audio-dl.cjs');

/** The arithmetic mean. */
export const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The sample standard deviation (n − 1); 0 for fewer than two values. */
export const sd = (xs: readonly number[]): number =>
  xs.length < 2 ? 0 : Math.sqrt(xs.reduce((a, b) => a + (b - mean(xs)) ** 2, 0) / (xs.length - 1));

/** The median (the mean of the two middle values for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Wall-clock and process CPU (user + system, all threads) ms of each of `runs` calls, after `warmup` untimed ones
 * (V8 tiering). CPU stays meaningful on a shared machine, where the wall clock also counts waiting. */
export async function timeRuns(
  fn: () => unknown,
  runs: number,
  warmup: number,
): Promise<{ wall: number[]; cpu: number[] }> {
  for (let i = 0; i < warmup; i++) await fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall, cpu };
}

/** One whole process under /usr/bin/time: wall ms from spawn to exit, CPU s, peak RSS MB (from the kernel). */
export function timeProcess(
  args: string[],
  report: string,
  cwd = ROOT,
): { wallMs: number; cpu: number; rssMb: number; stdout: string } {
  const started = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', '-o', report, process.execPath, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd,
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = performance.now() - started;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr?.toString().slice(0, 400)}`);
  // The last line of time's report: peak resident set size (KiB), user and system CPU seconds.
  const [kb, user, sys] = (readFileSync(report, 'utf8').trim().split('\n').pop() ?? '').split(' ').map(Number);
  return { wallMs, cpu: user + sys, rssMb: kb / 1024, stdout: r.stdout.toString() };
}

/**
 * A deterministic stereo 16-bit WAV of `seconds` at `sr`: a tone and a gliding tone with noise, different per
 * channel, peaking near 29000 / 32767. With `stepSeconds` the tone's pitch steps (220, 440, 880, 1760 Hz) every
 * that many seconds, so the windows of a long file do not all agree.
 */
export function stereoTestWav(seconds: number, sr: number, opts: { seed?: number; stepSeconds?: number } = {}) {
  const n = Math.round(sr * seconds);
  const left = new Float32Array(n);
  const right = new Float32Array(n);
  const rand = mulberry32(opts.seed ?? 12345);
  const step = opts.stepSeconds ?? Number.POSITIVE_INFINITY;
  const scale = 29000 / 32767;
  for (let i = 0; i < n; i++) {
    const t = i / sr;
    const f = 220 * 2 ** (Math.floor(t / step) % 4);
    const a = 0.3 * Math.sin(2 * Math.PI * f * t) + 0.2 * Math.sin(2 * Math.PI * (440 + 100 * Math.sin(t)) * t);
    left[i] = (a + 0.05 * (rand() - 0.5)) * scale;
    right[i] = (0.8 * a + 0.05 * (rand() - 0.5)) * scale;
  }
  return encodeWav([left, right], sr);
}

/**
 * A small MLP trained once per CLI build on a 2-genre demo set with the default features (22 050 Hz, 3-s
 * segments, 13 MFCC), under `base`; another build (an older commit's, say) may not read this one's model files.
 */
export function benchModel(base: string, cli: string): string {
  const key = createHash('sha256').update(path.resolve(cli)).digest('hex').slice(0, 8);
  const dir = path.join(base, `model-${key}`);
  if (existsSync(path.join(dir, 'audio-dl.json'))) return dir;
  // Run in `base`: a build that records training runs records them in base/runs.
  const run = (...args: string[]) => {
    const r = spawnSync(process.execPath, [cli, ...args], { stdio: ['ignore', 'ignore', 'pipe'], cwd: base });
    if (r.status !== 0) throw new Error(`audio-dl ${args.join(' ')}: ${r.stderr?.toString()}`);
  };
  const demo = path.join(base, 'demo');
  const data = path.join(base, `demo-${key}.arrow`);
  if (!existsSync(demo)) run('demo-data', '--out', demo, '--genres', '2', '--tracks', '2');
  run('preprocess', demo, '--out', data);
  run('train', '--data', data, '--model', 'mlp', '--out', dir, '--epochs', '1', '--no-record');
  return dir;
}
