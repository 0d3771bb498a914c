// Sharded preprocessing on Ray (issue 14): the demo set (6 genres × 20 tracks × 30 s, generated once under tmp/data)
// preprocessed by tools/scale/ray_preprocess.py with 1, 2 and 4 shards on a local Ray instance (127.0.0.1, --cpus
// CPUs; each task reserves max(1, cpus / shards) CPUs and runs as many worker threads), against the anchor: one
// `audio-dl preprocess --workers <cpus>` process, no Ray. Each run checks that the parts equal the anchor's output.
// Usage: npm run build && npx tsx tools/bench/ray-shards.ts [--runs 3] [--cpus 2] [--shards 1,2,4]
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { loadavg } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { loadDataset } from '@audio-dl/dataset';
import { generateDemoData } from '@audio-dl/demo-data';
import { z } from 'zod';
import { median } from './harness';

const flags = z
  .object({
    runs: z.coerce.number().int().positive().default(3),
    cpus: z.coerce.number().int().positive().default(2),
    shards: z
      .string()
      .default('1,2,4')
      .transform((s) => s.split(',').map(Number)),
  })
  .parse(
    parseArgs({ options: { runs: { type: 'string' }, cpus: { type: 'string' }, shards: { type: 'string' } } }).values,
  );

const repo = path.resolve(__dirname, '../..');
const python = process.env.AUDIO_DL_PYTHON ?? path.join(repo, '.venv-data', 'bin', 'python');
const bin = path.join(repo, 'packages', 'pipeline', 'bin', 'audio-dl.cjs');
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const sameBytes = (a: Float32Array, b: Float32Array): boolean =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

async function main(): Promise<void> {
  const base = path.join(repo, 'tmp', 'data');
  const root = path.join(base, 'demo-6x20');
  if (!(await fs.stat(path.join(root, '.complete')).catch(() => null))) {
    await fs.rm(root, { recursive: true, force: true });
    await generateDemoData({ root });
    await fs.writeFile(path.join(root, '.complete'), '');
  }
  const out = path.join(base, 'ray-shards');
  await fs.rm(out, { recursive: true, force: true });
  await fs.mkdir(out, { recursive: true });
  console.log(`load before: ${load()}`);

  const anchorFile = path.join(out, 'single.parquet');
  const anchor: number[] = [];
  for (let r = 0; r < flags.runs; r++) {
    const started = performance.now();
    execFileSync('node', [bin, 'preprocess', root, '--out', anchorFile, '--workers', String(flags.cpus)]);
    anchor.push((performance.now() - started) / 1000);
  }
  const single = await loadDataset(anchorFile);
  console.log(
    `anchor, one process, ${flags.cpus} threads: median ${median(anchor).toFixed(2)} s [${anchor.map((s) => s.toFixed(2)).join(', ')}]`,
  );

  for (const shards of flags.shards) {
    const walls: number[] = [];
    const tasks: number[] = [];
    for (let r = 0; r < flags.runs; r++) {
      const parts = path.join(out, `parts-${shards}-${r}`);
      const perTask = Math.max(1, Math.floor(flags.cpus / shards));
      const started = performance.now();
      const stdout = execFileSync(
        python,
        [
          path.join(repo, 'tools', 'scale', 'ray_preprocess.py'),
          root,
          '--out',
          parts,
          '--shards',
          String(shards),
          '--num-cpus',
          String(flags.cpus),
          '--cpus-per-task',
          String(perTask),
          '--cli',
          `node ${bin}`,
        ],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
      );
      walls.push((performance.now() - started) / 1000);
      const m = /(\d+) shard\(s\) in ([\d.]+) s/.exec(stdout);
      if (!m) throw new Error(`unexpected driver output:\n${stdout}`);
      tasks.push(Number(m[2]));
      const joined = await loadDataset(parts);
      if (!sameBytes(joined.features, single.features) || joined.tracks.join() !== single.tracks.join())
        throw new Error(`${parts}: the parts differ from ${anchorFile}`);
    }
    const t = median(tasks);
    console.log(
      `${shards} shard(s): tasks median ${t.toFixed(2)} s [${tasks.map((s) => s.toFixed(2)).join(', ')}] ` +
        `(${(t / median(anchor)).toFixed(2)}× the anchor); with Ray start and read-back median ${median(walls).toFixed(2)} s ` +
        `[${walls.map((s) => s.toFixed(2)).join(', ')}]; parts equal the anchor byte for byte`,
    );
  }
  console.log(`load after: ${load()}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
