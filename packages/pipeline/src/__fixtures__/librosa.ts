import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const FIXTURES = resolve(__dirname, '../../../../../shared/fixtures/librosa');

/** Path of a shared librosa fixture file; fails clearly when the shared folder is not beside the repository. */
export function librosaFixture(name: string): string {
  const file = join(FIXTURES, name);
  if (!existsSync(file))
    throw new Error(`librosa fixture missing: ${file} (expected ../shared/fixtures beside the repo)`);
  return file;
}
