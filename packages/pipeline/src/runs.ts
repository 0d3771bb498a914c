import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { TrainResult } from '@audio-dl/genre-model';
import { z } from 'zod';
import { writeJson } from './stages/io';

/** `runs/<id>/run.json`: one recorded training run (the model, config and metrics sit beside it). */
export const runRecordSchema = z.object({
  id: z.string(),
  experiment: z.string(),
  createdAt: z.string(),
  model: z.string(),
  epochs: z.number().int(),
  epochsRun: z.number().int(),
  backend: z.string(),
  seconds: z.number(),
  /** Held-out test split: segment accuracy, track accuracy (null when tracks are unnamed), loss. */
  accuracy: z.number().nullable(),
  trackAccuracy: z.number().nullable(),
  loss: z.number().nullable(),
  valAccuracy: z.number().nullable(),
  /** What trained it: the Nx pipeline's train stage, or `audio-dl train` (records older than this field: the pipeline). */
  source: z.enum(['pipeline', 'cli']).default('pipeline'),
});
export type RunRecord = z.infer<typeof runRecordSchema>;

/** `20261125-171203-cnn`: sortable by time, readable, unique per second and experiment (a suffix otherwise). */
export async function newRunId(runsDir: string, experiment: string, now = new Date()): Promise<string> {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  await fs.mkdir(runsDir, { recursive: true });
  for (let i = 0; ; i++) {
    const id = `${stamp}-${experiment}${i === 0 ? '' : `-${i}`}`;
    const created = await fs
      .mkdir(path.join(runsDir, id))
      .then(() => true)
      .catch(() => false);
    if (created) return id;
  }
}

/** A folder that lists no runs: `--dir` absent, a file, or unreadable. */
async function readRunsDir(runsDir: string) {
  try {
    return await fs.readdir(runsDir, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`${runsDir}: not found`);
    if (code === 'ENOTDIR') throw new Error(`${runsDir}: not a folder`);
    throw new Error(`${runsDir}: cannot read (${code ?? (err as Error).message})`);
  }
}

/**
 * Every run under `runsDir`, newest first. A folder holding a `run.json` that cannot be read or is not a run
 * record is reported in `problems`; folders without one are not runs and are only named in `others`; hidden
 * entries (a run being written, `.<id>.tmp-…`) are neither. A missing or unreadable `runsDir` throws.
 */
export async function listRuns(runsDir: string): Promise<{ runs: RunRecord[]; problems: string[]; others: string[] }> {
  const entries = await readRunsDir(runsDir);
  const runs: RunRecord[] = [];
  const problems: string[] = [];
  const others: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const file = path.join(runsDir, entry.name, 'run.json');
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') others.push(path.join(runsDir, entry.name));
      else problems.push(`${file}: ${(err as Error).message}`);
      continue;
    }
    try {
      runs.push(runRecordSchema.parse(JSON.parse(text)));
    } catch (err) {
      problems.push(`${file}: ${err instanceof z.ZodError ? z.prettifyError(err) : (err as Error).message}`);
    }
  }
  runs.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1));
  return { runs, problems, others };
}

/** The run record's figures of a finished training: epochs run, the test split's metrics, the kept epoch's val accuracy. */
export function runFigures(
  result: Pick<TrainResult, 'history' | 'metrics'>,
): Pick<RunRecord, 'epochsRun' | 'accuracy' | 'trackAccuracy' | 'loss' | 'valAccuracy'> {
  const { history, metrics } = result;
  const val = history.val_accuracy;
  return {
    epochsRun: history.epoch.length,
    accuracy: metrics?.accuracy ?? null,
    trackAccuracy: metrics?.trackAccuracy ?? null,
    loss: metrics?.loss ?? null,
    valAccuracy: val && val.length > 0 ? (val[history.bestEpoch - 1] ?? val[val.length - 1]) : null,
  };
}

/**
 * Records a finished training run as `runsDir/<id>/` (`run.json`, `config.json`, `metrics.json` and a copy of
 * the saved model in `model/`), named `<time>-<name>`. Written beside the reserved folder and swapped in
 * whole: an interrupted run leaves no half-recorded run.
 */
export async function recordRun(
  runsDir: string,
  name: string,
  fields: Omit<RunRecord, 'id' | 'createdAt'>,
  files: { modelDir: string; config: unknown; metrics: unknown },
): Promise<{ record: RunRecord; dir: string }> {
  const id = await newRunId(runsDir, name);
  const record: RunRecord = { id, createdAt: new Date().toISOString(), ...fields };
  const dir = path.join(runsDir, id);
  // Loaded here: `audio-dl runs` lists runs without loading dataset's Arrow and Parquet.
  const { writeDirAtomic } = await import('@audio-dl/dataset');
  await writeDirAtomic(dir, async (tmp) => {
    await fs.cp(files.modelDir, path.join(tmp, 'model'), { recursive: true });
    await writeJson(path.join(tmp, 'config.json'), files.config);
    await writeJson(path.join(tmp, 'metrics.json'), files.metrics);
    await writeJson(path.join(tmp, 'run.json'), record);
  });
  return { record, dir };
}

const pct = (x: number | null): string => (x === null ? '-' : `${(100 * x).toFixed(1)}%`);

/** The table `audio-dl runs` prints. */
export function formatRuns(runs: RunRecord[]): string {
  const header = [
    'id',
    'source',
    'model',
    'epochs',
    'backend',
    'val acc',
    'test acc',
    'track acc',
    'test loss',
    'time',
  ];
  const rows = runs.map((r) => [
    r.id,
    r.source === 'cli' ? 'audio-dl train' : 'pipeline',
    r.model,
    `${r.epochsRun}/${r.epochs}`,
    r.backend,
    pct(r.valAccuracy),
    pct(r.accuracy),
    pct(r.trackAccuracy),
    r.loss === null ? '-' : r.loss.toFixed(3),
    `${r.seconds.toFixed(1)} s`,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => cell.padEnd(widths[c]))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}
