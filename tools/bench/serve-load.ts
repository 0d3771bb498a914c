// Load on `audio-dl serve` (issue 22): autocannon posts a 30-s clip (44.1 kHz stereo 16-bit WAV, generated) from
// 8 concurrent clients for 30 s against a server started by this script on 127.0.0.1 only, then prints
// throughput, p50/p99 latency, errors and the server's peak RSS (VmHWM of its process, all threads). The model is
// a small MLP trained once on a 2-genre demo set with the default features (3-s windows). Needs a build
// (`npm run build`). Usage:
//   npx tsx tools/bench/serve-load.ts [--duration 30] [--connections 8] [--clip 30] [--concurrency N]
//     [--cli packages/pipeline/bin/audio-dl.cjs]
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { z } from 'zod';

const ROOT = path.resolve(__dirname, '../..');
const flags = z
  .object({
    duration: z.coerce.number().int().min(1).max(300).default(30),
    connections: z.coerce.number().int().min(1).max(64).default(8),
    clip: z.coerce.number().positive().max(120).default(30),
    concurrency: z.coerce.number().int().positive().optional(),
    cli: z.string().default(path.join(ROOT, 'packages/pipeline/bin/audio-dl.cjs')),
  })
  .parse(
    parseArgs({
      options: {
        duration: { type: 'string' },
        connections: { type: 'string' },
        clip: { type: 'string' },
        concurrency: { type: 'string' },
        cli: { type: 'string' },
      },
    }).values,
  );

const BASE = path.join(ROOT, 'tmp', 'bench-serve-load');
const SR = 44100;

/** A deterministic stereo 16-bit WAV: two gliding tones and noise. */
function clip(seconds: number): Buffer {
  const n = Math.round(SR * seconds);
  const buf = Buffer.alloc(44 + n * 4);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + n * 4, 4);
  buf.write('WAVEfmt ', 8, 'ascii');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(2, 22);
  buf.writeUInt32LE(SR, 24);
  buf.writeUInt32LE(SR * 4, 28);
  buf.writeUInt16LE(4, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(n * 4, 40);
  let state = 7;
  const noise = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
  for (let i = 0; i < n; i++) {
    const t = i / SR;
    const a = 0.3 * Math.sin(2 * Math.PI * 330 * t) + 0.2 * Math.sin(2 * Math.PI * (440 + 100 * Math.sin(t)) * t);
    buf.writeInt16LE(Math.round((a + 0.05 * noise()) * 29000), 44 + i * 4);
    buf.writeInt16LE(Math.round((0.8 * a + 0.05 * noise()) * 29000), 46 + i * 4);
  }
  return buf;
}

function run(...args: string[]): void {
  const r = spawnSync(process.execPath, [flags.cli, ...args], { stdio: ['ignore', 'ignore', 'pipe'], cwd: BASE });
  if (r.status !== 0) throw new Error(`audio-dl ${args.join(' ')}: ${r.stderr?.toString()}`);
}

function model(): string {
  const dir = path.join(BASE, 'model');
  if (existsSync(path.join(dir, 'audio-dl.json'))) return dir;
  const demo = path.join(BASE, 'demo');
  if (!existsSync(demo)) run('demo-data', '--out', demo, '--genres', '2', '--tracks', '2');
  run('preprocess', demo, '--out', path.join(BASE, 'demo.arrow'));
  run('train', '--data', path.join(BASE, 'demo.arrow'), '--model', 'mlp', '--out', dir, '--epochs', '1', '--no-record');
  return dir;
}

/** Starts the server on 127.0.0.1 (a free port) and resolves with its URL once it listens. */
function startServer(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const args = [flags.cli, 'serve', '--model', dir, '--host', '127.0.0.1', '--port', '0', '--max-queue', '64'];
  if (flags.concurrency) args.push('--concurrency', String(flags.concurrency));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (d) => {
      stderr += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (m) resolve({ child, url: m[1] });
    });
    child.on('exit', (code) => reject(new Error(`the server exited ${code}: ${stderr}`)));
  });
}

/** Peak resident memory of a process so far (VmHWM), MB. */
function peakRssMb(pid: number): number {
  const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1]) / 1024;
}

async function main(): Promise<void> {
  await mkdir(BASE, { recursive: true });
  const dir = model();
  const body = clip(flags.clip);
  const { child, url } = await startServer(dir);
  try {
    const pid = child.pid ?? 0;
    const idleRss = peakRssMb(pid);
    // One request first, so the figures are of a warm server.
    const warm = await fetch(`${url}/v1/predict`, { method: 'POST', body });
    if (warm.status !== 200) throw new Error(`warm-up request: ${warm.status} ${await warm.text()}`);
    const load0 = loadavg();
    const result = await autocannon({
      url: `${url}/v1/predict`,
      method: 'POST',
      body,
      headers: { 'content-type': 'application/octet-stream' },
      connections: flags.connections,
      duration: flags.duration,
      timeout: 30,
    });
    const load1 = loadavg();
    const peak = peakRssMb(pid);
    console.log(`machine: ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, Node ${process.version}`);
    console.log(
      `load average before ${load0.map((l) => l.toFixed(2)).join(' ')}, after ${load1.map((l) => l.toFixed(2)).join(' ')}`,
    );
    console.log(
      `${flags.connections} clients posting a ${flags.clip}-s 44.1 kHz stereo WAV (${(body.length / 2 ** 20).toFixed(1)} MB) for ${flags.duration} s`,
    );
    console.log(
      '\n| requests | throughput req/s | p50 ms | p99 ms | max ms | errors | non-2xx | timeouts | peak RSS MB (idle) |',
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    console.log(
      `| ${result.requests.total} | ${result.requests.average.toFixed(2)} | ${result.latency.p50} | ${result.latency.p99} | ${result.latency.max} | ${result.errors} | ${result.non2xx} | ${result.timeouts} | ${peak.toFixed(0)} (${idleRss.toFixed(0)}) |`,
    );
  } finally {
    child.kill('SIGTERM');
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
