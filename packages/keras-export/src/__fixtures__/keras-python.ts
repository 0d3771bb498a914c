import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';

/** Where .ci/run creates the venv with TensorFlow and Keras (git-ignored). */
export const DEFAULT_KERAS_VENV = path.resolve(__dirname, '..', '..', '..', '..', '.venv-keras');

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

/** Runs keras-predict.py on `jobs` (each archive's predictions of a .npy of features into `out`); its JSON report. */
export async function kerasPredict(
  python: string,
  jobs: { archive: string; features: string; out: string }[],
  scratch: string,
): Promise<{ keras: string; models: { archive: string; layers: string[]; params: number }[] }> {
  const list = path.join(scratch, 'keras-jobs.json');
  await writeFile(list, JSON.stringify(jobs));
  const { stdout } = await promisify(execFile)(python, [path.join(__dirname, 'keras-predict.py'), list], {
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' },
  });
  return JSON.parse(stdout.trim().split('\n').pop() as string);
}
