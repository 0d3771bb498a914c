// Load on `audio-dl serve` (issue 22): autocannon posts a 30-s clip (44.1 kHz stereo 16-bit WAV, generated) from
// 8 concurrent clients for 30 s against a server started by this script on 127.0.0.1 only, then prints
// throughput, p50/p99 latency, errors and the server's peak RSS (VmHWM of its process, all threads). The model is
// a small MLP trained once on a 2-genre demo set with the default features (3-s windows). Needs a build
// (`npm run build`). Usage:
//   npx tsx tools/bench/serve-load.ts [--duration 30] [--connections 8] [--clip 30] [--concurrency N]
//     [--cli packages/pipeline/bin/audio-dl.cjs]
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { z } from 'zod';
import { benchModel, DEFAULT_CLI, ROOT, stereoTestWav } from './harness';

const flags = z
  .object({
    duration: z.coerce.number().int().min(1).max(300).default(30),
    connections: z.coerce.number().int().min(1).max(64).default(8),
    clip: z.coerce.number().positive().max(120).default(30),
    concurrency: z.coerce.number().int().positive().optional(),
    cli: z.string().default(DEFAULT_CLI),
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
  const dir = benchModel(BASE, flags.cli);
  const body = Buffer.from(stereoTestWav(flags.clip, SR, { seed: 7 }));
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
