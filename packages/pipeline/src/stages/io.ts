import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { z } from 'zod';
import type { LoadedConfig } from '../config';

export const STAGES = ['data', 'decode', 'segment', 'mfcc', 'dataset', 'train', 'evaluate', 'report'] as const;
export type StageName = (typeof STAGES)[number];

/** A stage failure that says which stage, which file and why. */
export class StageError extends Error {
  override name = 'StageError';
  readonly reason: string;
  constructor(
    readonly stage: StageName,
    readonly file: string,
    reason: string,
  ) {
    // Library errors often start with the file already; say it once.
    const own = reason.startsWith(`${file}: `) ? reason.slice(file.length + 2) : reason;
    super(`stage ${stage} failed: ${file}: ${own}`);
    this.reason = own;
  }
}

/** What a stage's function receives. */
export interface StageContext {
  loaded: LoadedConfig;
  /** Experiment name for train/evaluate/report (`default` otherwise). */
  experiment: string;
  log: (line: string) => void;
}

/** `<config dir>/artifacts/<stage>` (train, evaluate and report add `/<experiment>`). */
export function stageDir(loaded: LoadedConfig, stage: StageName, experiment?: string): string {
  const base = path.join(loaded.dir, 'artifacts', stage);
  return experiment === undefined ? base : path.join(base, experiment);
}

export async function writeJson(file: string, value: unknown): Promise<void> {
  // Loaded here, not at the top: commands that import this module start without dataset's Arrow and Parquet.
  const { writeFileAtomic } = await import('@audio-dl/dataset');
  await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Reads an upstream stage's JSON file and validates it against `schema`; a missing, unparsable or
 * unexpected file fails as a StageError naming the stage, the file and why.
 */
export async function readJson<S extends z.ZodType>(file: string, stage: StageName, schema: S): Promise<z.infer<S>> {
  let raw: unknown;
  try {
    raw = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new StageError(stage, file, code === 'ENOENT' ? 'missing; run its upstream stage first' : String(err));
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new StageError(stage, file, `unexpected content (${issues.join('; ')}); rerun the stage that wrote it`);
  }
  return parsed.data;
}

/** Fails with the stage's name and the missing file when an upstream output is absent. */
export async function requireFile(file: string, stage: StageName): Promise<string> {
  const stat = await fs.stat(file).catch(() => null);
  if (!stat?.isFile()) throw new StageError(stage, file, 'missing; run its upstream stage first');
  return file;
}
