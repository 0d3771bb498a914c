import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { toolAvailable } from '@audio-dl/optional-tool';

/** Where .ci/run installs tools/scale/requirements.txt; AUDIO_DL_PYTHON names another interpreter. */
export const VENV_PYTHON = path.join(__dirname, '..', '..', '..', '..', '.venv-data', 'bin', 'python');
const INSTALL = 'python3 -m venv .venv-data && .venv-data/bin/pip install -r tools/scale/requirements.txt';

/**
 * A Python that imports `modules`, or null with the reason, printed once so a skipped test says why and how to
 * install what it needs; under CI a missing one throws (toolAvailable).
 */
export function pythonWith(modules: string[]): string | null {
  const python = process.env.AUDIO_DL_PYTHON ?? VENV_PYTHON;
  const probe = existsSync(python)
    ? spawnSync(python, ['-c', `import ${modules.join(', ')}`], { encoding: 'utf8' })
    : null;
  if (probe?.status === 0) return python;
  const why = probe ? probe.stderr.trim().split('\n').pop() : `${python} not found`;
  toolAvailable(modules.join('/'), `${why}. Install with: ${INSTALL} (.ci/run does)`);
  return null;
}
