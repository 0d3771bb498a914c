import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

// The librosa fixtures copied into dsp's tests (see packages/dsp/src/__fixtures__/librosa/README.md).
const FIXTURES = resolve(__dirname, '../../../dsp/src/__fixtures__/librosa');

/** Path of a librosa fixture file; fails clearly when it is missing. */
export function librosaFixture(name: string): string {
  const file = join(FIXTURES, name);
  if (!existsSync(file)) throw new Error(`librosa fixture missing: ${file}`);
  return file;
}
