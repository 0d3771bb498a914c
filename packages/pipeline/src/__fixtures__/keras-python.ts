import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './temp-workspace';

/** Where .ci/run creates the venv with TensorFlow and Keras (git-ignored). */
export const DEFAULT_KERAS_VENV = path.join(REPO_ROOT, '.venv-keras');

/**
 * A Python with `keras` importable: $AUDIO_DL_KERAS_PYTHON, else `.venv-keras/bin/python` at the repository
 * root; `{ python: null, reason }` when neither works, so a test can say why it skipped.
 */
export function kerasPython(): { python: string | null; reason: string } {
  const python = process.env.AUDIO_DL_KERAS_PYTHON ?? path.join(DEFAULT_KERAS_VENV, 'bin', 'python');
  const how =
    'create it with `python3 -m venv .venv-keras && .venv-keras/bin/pip install tensorflow_cpu==2.21.0 keras` (as .ci/run does) or set AUDIO_DL_KERAS_PYTHON';
  if (!existsSync(python)) return { python: null, reason: `${python} is missing: ${how}` };
  try {
    execFileSync(python, ['-c', 'import keras'], { stdio: 'pipe', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' } });
  } catch (err) {
    return { python: null, reason: `${python} cannot import keras (${(err as Error).message.split('\n')[0]}): ${how}` };
  }
  return { python, reason: '' };
}
