// GTZAN-sized preprocessing benchmark (issue 5): generates 10 genres × 100 tracks × 30 s of demo data once
// (cached under tmp/data), then times `preprocess` to Arrow (10 segments, course defaults) several times.
// Usage: npx tsx tools/bench/dataset-preprocess.ts [--runs 3] [--workers 2] [--tracks 100] [--genres 10]
import { promises as fs } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { preprocess, trackFeatures, walkTree } from '@audio-dl/dataset';
import { generateDemoData } from '@audio-dl/demo-data';
import { loadAudio } from '@audio-dl/dsp/node';
import { z } from 'zod';

const flags = z
  .object({
    runs: z.coerce.number().int().positive().default(3),
    workers: z.coerce.number().int().min(0).default(availableParallelism()),
    tracks: z.coerce.number().int().positive().default(100),
    genres: z.coerce.number().int().min(1).max(10).default(10),
  })
  .parse(
    parseArgs({
      options: {
        runs: { type: 'string' },
        workers: { type: 'string' },
        tracks: { type: 'string' },
        genres: { type: 'string' },
      },
    }).values,
  );

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  const base = path.resolve(__dirname, '../../tmp/data');
  const root = path.join(base, `bench-${flags.genres}x${flags.tracks}`);
  const marker = path.join(root, '.complete');
  if (!(await fs.stat(marker).catch(() => null))) {
    const started = performance.now();
    await fs.rm(root, { recursive: true, force: true });
    await generateDemoData({ root, genres: flags.genres, tracksPerGenre: flags.tracks, seed: 1 }, (_f, done, total) => {
      if (done % 100 === 0) process.stderr.write(`generate: ${done}/${total}\n`);
    });
    await fs.writeFile(marker, '');
    console.log(
      `generated ${flags.genres * flags.tracks} tracks in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }

  // One-thread cost per track, split into decode and ten-segment MFCC (the course: ≈ 85 ms + 30 ms).
  const tree = await walkTree(root);
  const sample = tree.tracks.filter((_, i) => i % Math.ceil(tree.tracks.length / 20) === 0);
  const params = {
    sr: 22050,
    duration: 30,
    offset: 0,
    segments: 10,
    nMfcc: 13,
    nFft: 2048,
    hopLength: 512,
    nMels: 128,
    features: 'mfcc' as const,
  };
  // CPU time (process.cpuUsage, all threads; the pool is idle here) is less disturbed by a shared machine than wall.
  const cpuMs = (since?: NodeJS.CpuUsage): number => {
    const u = process.cpuUsage(since);
    return (u.user + u.system) / 1000;
  };
  const decodeMs: number[] = [];
  const mfccMs: number[] = [];
  for (const t of [sample[0], ...sample]) {
    let c0 = process.cpuUsage();
    const audio = await loadAudio(t.path, { sr: 22050, mono: true, duration: 30 });
    decodeMs.push(cpuMs(c0));
    c0 = process.cpuUsage();
    trackFeatures(audio.signal, params);
    mfccMs.push(cpuMs(c0));
  }
  decodeMs.shift(); // warm-up
  mfccMs.shift();

  const out = path.join(base, 'bench.arrow');
  const walls: number[] = [];
  const cpu: number[] = [];
  let last: Awaited<ReturnType<typeof preprocess>> | undefined;
  for (let r = 0; r < flags.runs; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    last = await preprocess(root, { out, workers: flags.workers });
    walls.push((performance.now() - t0) / 1000);
    cpu.push(cpuMs(c0) / 1000);
    console.log(`run ${r + 1}: ${walls[r].toFixed(2)} s wall, ${cpu[r].toFixed(2)} s CPU (all threads)`);
  }
  const wall = median(walls);
  const n = tree.tracks.length;
  console.log(
    [
      `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average now ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (shared machine: other work competes for the cores)`,
      `tracks ${n}, segments ${last?.segments}, workers ${last?.workers}, output ${((await fs.stat(out)).size / 2 ** 20).toFixed(1)} MiB`,
      `wall: median ${wall.toFixed(2)} s of ${flags.runs} runs [${walls.map((w) => w.toFixed(2)).join(', ')}]`,
      `per track: ${((wall * 1000) / n).toFixed(1)} ms wall, ${((median(cpu) * 1000) / n).toFixed(1)} ms CPU (median run CPU ${median(cpu).toFixed(2)} s)`,
      `CPU time / ${last?.workers} workers = ${(median(cpu) / (last?.workers || 1)).toFixed(1)} s: the wall time on idle cores`,
      `one thread, CPU per track, median of ${decodeMs.length} tracks: decode ${median(decodeMs).toFixed(1)} ms, 10-segment MFCC ${median(mfccMs).toFixed(1)} ms`,
      `vs course script ≈ 115 s on one core: ${(115 / wall).toFixed(1)}× faster; goal ≤ 20 s: ${wall <= 20 ? 'met' : 'NOT met'}`,
    ].join('\n'),
  );
}

main().catch((err: Error) => {
  console.error(`bench: ${err.message}`);
  process.exitCode = 1;
});
