import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** Where .ci/run installs the Python test tools; AUDIO_DL_PYTHON names another interpreter. */
const VENV_PYTHON = path.join(__dirname, '..', '..', '..', '..', '.venv-data', 'bin', 'python');
const INSTALL =
  'python3 -m venv .venv-data && .venv-data/bin/pip install -r packages/onnx-export/requirements.txt (.ci/run does)';

/**
 * A Python that imports onnx, onnxruntime and soundfile; null (the tests skip, saying why) where there is none —
 * except under CI, where a missing tool fails the run instead of skipping it.
 */
export function onnxPython(): string | null {
  const python = process.env.AUDIO_DL_PYTHON ?? VENV_PYTHON;
  const probe = existsSync(python)
    ? spawnSync(python, ['-c', 'import onnx, onnxruntime, soundfile'], { encoding: 'utf8' })
    : null;
  if (probe?.status === 0) return python;
  const why = probe ? probe.stderr.trim().split('\n').pop() : `${python} not found`;
  if (process.env.CI)
    throw new Error(`the ONNX Runtime checks need Python's onnx/onnxruntime/soundfile: ${why}. ${INSTALL}`);
  console.warn(`skipping the Python ONNX Runtime checks: ${why}. Install with: ${INSTALL}`);
  return null;
}
