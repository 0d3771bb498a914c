// Test-only access to the shared librosa golden fixtures (read-only, outside the repo).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const FIXTURES = resolve(__dirname, '../../../../../shared/fixtures/librosa');

export function fixturePath(file: string): string {
  const p = join(FIXTURES, file);
  if (!existsSync(p)) {
    throw new Error(`librosa fixture missing: ${p} (expected the shared fixtures at ../shared/fixtures/librosa)`);
  }
  return p;
}

// biome-ignore lint/suspicious/noExplicitAny: fixture JSON is free-form; tests index it with known keys
export type Fixture = any;

export function fixture(name: string): Fixture {
  return JSON.parse(readFileSync(fixturePath(`${name}.json`), 'utf8'));
}

/** Max |a − b| between a row-major Float32Array and a golden [rows][cols] list. */
export function maxAbsDiff(data: Float32Array, cols: number, golden: number[][]): number {
  let d = 0;
  for (let r = 0; r < golden.length; r++) {
    for (let c = 0; c < golden[r].length; c++) d = Math.max(d, Math.abs(data[r * cols + c] - golden[r][c]));
  }
  return d;
}
