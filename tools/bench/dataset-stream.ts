// Streaming reader benchmark (issue 14): writes a folder of Parquet parts holding --gb GB of 130 × 13 features once
// (cached under tmp/data), then, each in a fresh process, streams it with streamDataset, scans it with scanDataset,
// and loads one part whole with loadDataset, printing rows/s and the process's peak RSS for each.
// Usage: npx tsx tools/bench/dataset-stream.ts [--gb 2] [--runs 3] [--batch-rows 1024]
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { loadavg } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  type Dataset,
  defaultFeatureParams,
  loadDataset,
  scanDataset,
  streamDataset,
  writeDatasetParquet,
} from '@audio-dl/dataset';
import { z } from 'zod';
import { median } from './harness';

const { values } = parseArgs({
  options: {
    gb: { type: 'string' },
    runs: { type: 'string' },
    'batch-rows': { type: 'string' },
    child: { type: 'string' },
    dir: { type: 'string' },
  },
});
const flags = z
  .object({
    gb: z.coerce.number().positive().default(2),
    runs: z.coerce.number().int().positive().default(3),
    'batch-rows': z.coerce.number().int().positive().default(1024),
    child: z.enum(['stream', 'scan', 'load']).optional(),
    dir: z.string().optional(),
  })
  .parse(values);

const ROW = 130 * 13;
const PART_ROWS = 20_000; // 135 MB of features a part
const peakMiB = (): number => process.resourceUsage().maxRSS / 1024;

/** One part of synthetic rows: cheap, deterministic values that differ per row. */
function part(k: number, rows: number, count: number): Dataset {
  const features = new Float32Array(rows * ROW);
  for (let i = 0; i < features.length; i++) features[i] = ((i * 7919 + k * 104729) % 2000) / 10 - 100;
  return {
    mapping: ['blues', 'classical', 'country', 'disco', 'hiphop', 'jazz', 'metal', 'pop', 'reggae', 'rock'],
    labels: Int32Array.from({ length: rows }, (_, i) => (i + k) % 10),
    features,
    shape: [rows, 130, 13],
    tracks: Array.from({ length: rows }, (_, i) => `g/track-${k}-${Math.floor(i / 10)}.wav`),
    segments: Int32Array.from({ length: rows }, (_, i) => i % 10),
    params: defaultFeatureParams,
    meta: { shard: { index: k, count } },
  };
}

async function child(kind: 'stream' | 'scan' | 'load', dir: string): Promise<void> {
  const started = performance.now();
  let rows = 0;
  let checksum = 0;
  if (kind === 'stream') {
    for await (const b of streamDataset(dir, { batchRows: flags['batch-rows'] })) {
      rows += b.shape[0];
      checksum += b.features[0] + b.labels[0];
    }
  } else if (kind === 'scan') {
    rows = (await scanDataset(dir)).labels.length;
  } else {
    const data = await loadDataset(path.join(dir, 'part-00000.parquet'));
    rows = data.shape[0];
    checksum = data.features[ROW];
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ rows, seconds, peakMiB: peakMiB(), checksum }));
}

async function main(): Promise<void> {
  if (flags.child && flags.dir) return child(flags.child, flags.dir);
  const totalRows = Math.ceil((flags.gb * 1e9) / (ROW * 4));
  const parts = Math.ceil(totalRows / PART_ROWS);
  const dir = path.resolve(__dirname, `../../tmp/data/stream-${flags.gb}gb`);
  const marker = path.join(dir, '.complete');
  if (!(await fs.stat(marker).catch(() => null))) {
    await fs.rm(dir, { recursive: true, force: true });
    const started = performance.now();
    for (let k = 0; k < parts; k++) {
      const rows = Math.min(PART_ROWS, totalRows - k * PART_ROWS);
      await writeDatasetParquet(path.join(dir, `part-${String(k).padStart(5, '0')}.parquet`), part(k, rows, parts), {
        compression: 'none',
      });
    }
    await fs.writeFile(marker, '');
    console.log(`wrote ${parts} parts, ${totalRows} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  let bytes = 0;
  for (const f of await fs.readdir(dir)) bytes += (await fs.stat(path.join(dir, f))).size;
  console.log(
    `${dir}: ${totalRows} rows of 130 × 13, ${(bytes / 2 ** 30).toFixed(2)} GiB in ${parts} parts; load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  for (const kind of ['stream', 'scan', 'load'] as const) {
    const results = [];
    for (let r = 0; r < flags.runs; r++) {
      const out = execFileSync(
        process.execPath,
        [...process.execArgv, __filename, '--child', kind, '--dir', dir, '--batch-rows', String(flags['batch-rows'])],
        { encoding: 'utf8' },
      );
      results.push(
        JSON.parse(out.trim().split('\n').pop() as string) as { rows: number; seconds: number; peakMiB: number },
      );
    }
    const s = median(results.map((x) => x.seconds));
    console.log(
      `${kind}: ${results[0].rows} rows, median ${s.toFixed(2)} s [${results.map((x) => x.seconds.toFixed(2)).join(', ')}], ` +
        `${Math.round(results[0].rows / s)} rows/s, ${((results[0].rows * ROW * 4) / 2 ** 20 / s).toFixed(0)} MiB/s of features, ` +
        `peak RSS ${Math.max(...results.map((x) => x.peakMiB)).toFixed(0)} MiB`,
    );
  }
  console.log(
    `load afterwards ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
