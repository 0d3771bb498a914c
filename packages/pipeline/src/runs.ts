import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';

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

/**
 * Every readable run under `runsDir`, newest first; unreadable ones are reported in `problems`. Hidden
 * entries (a run being written, `.<id>.tmp-…`) are not runs.
 */
export async function listRuns(runsDir: string): Promise<{ runs: RunRecord[]; problems: string[] }> {
  const entries = await fs.readdir(runsDir, { withFileTypes: true }).catch(() => []);
  const runs: RunRecord[] = [];
  const problems: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const file = path.join(runsDir, entry.name, 'run.json');
    try {
      runs.push(runRecordSchema.parse(JSON.parse(await fs.readFile(file, 'utf8'))));
    } catch (err) {
      problems.push(`${file}: ${err instanceof z.ZodError ? z.prettifyError(err) : (err as Error).message}`);
    }
  }
  runs.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1));
  return { runs, problems };
}

const pct = (x: number | null): string => (x === null ? '-' : `${(100 * x).toFixed(1)}%`);

/** The table `audio-dl runs` prints. */
export function formatRuns(runs: RunRecord[]): string {
  const header = ['id', 'model', 'epochs', 'backend', 'val acc', 'test acc', 'track acc', 'test loss', 'time'];
  const rows = runs.map((r) => [
    r.id,
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
