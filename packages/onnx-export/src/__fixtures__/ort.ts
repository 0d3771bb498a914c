import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface OrtResult {
  output: Float32Array;
  inputs: string[];
  outputs: string[];
  dims: number[];
}

/** `model` (bytes or a file) run on `input` of `dims` in onnxruntime-node, in a child process (see ort-run.cjs). */
export async function runOrt(model: Uint8Array | string, input: Float32Array, dims: number[]): Promise<OrtResult> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ort-'));
  try {
    const file = typeof model === 'string' ? model : path.join(dir, 'model.onnx');
    if (typeof model !== 'string') await fs.writeFile(file, model);
    await fs.writeFile(path.join(dir, 'in.f32'), Buffer.from(input.buffer, input.byteOffset, input.byteLength));
    const run = spawnSync(
      process.execPath,
      [path.join(__dirname, 'ort-run.cjs'), file, path.join(dir, 'in.f32'), dims.join(','), path.join(dir, 'out.f32')],
      { encoding: 'utf8' },
    );
    if (run.status !== 0) throw new Error(`onnxruntime-node: ${run.stderr.trim()}`);
    const bytes = await fs.readFile(path.join(dir, 'out.f32'));
    const output = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    return { output, ...JSON.parse(run.stdout) };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
