import { featureShape } from '@audio-dl/dataset/portable';
import type * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { formatShape, modelSpec } from './models';

/** Size and SHA-256 of a saved file, as `audio-dl.json` records them. */
export const fileRecordSchema = z.object({
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits'),
});
export type FileRecord = z.infer<typeof fileRecordSchema>;

/** A saved model that fails its checks: one line per failure, each naming the file, the field, found and expected. */
export class ModelCheckError extends Error {
  override name = 'ModelCheckError';
  constructor(readonly failures: string[]) {
    super(failures.join('\n'));
  }
}

const BYTES_PER_DTYPE: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

/** One entry of a tfjs weights manifest (quantised weights take their quantisation's width on disk). */
export const manifestWeightSchema = z.object({
  name: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  dtype: z.enum(['float32', 'int32', 'bool']),
  quantization: z
    .object({ dtype: z.enum(['uint8', 'uint16', 'float16']) })
    .passthrough()
    .optional(),
});

/** Bytes the weights of a manifest occupy on disk. */
export function manifestBytes(weights: readonly z.infer<typeof manifestWeightSchema>[]): number {
  let total = 0;
  for (const w of weights)
    total += w.shape.reduce((a, b) => a * b, 1) * BYTES_PER_DTYPE[w.quantization?.dtype ?? w.dtype];
  return total;
}

/** "N bytes, the manifest needs M (truncated?)" — or null when they agree. */
export function weightSizeProblem(found: number, needed: number): string | null {
  if (found === needed) return null;
  const hint = found < needed ? 'truncated?' : `${found - needed} bytes too many`;
  return `${found} bytes, the manifest in model.json needs ${needed} (${hint})`;
}

/** Compares a file's bytes with what `audio-dl.json` recorded at save time; a failure line or null. */
export function recordProblem(path: string, bytes: Uint8Array, sha256: string, record: FileRecord): string | null {
  if (bytes.length !== record.bytes)
    return `${path}: ${bytes.length} bytes, audio-dl.json records ${record.bytes} (changed since it was saved)`;
  if (sha256 !== record.sha256)
    return `${path}: sha256 ${sha256.slice(0, 12)}…, audio-dl.json records ${record.sha256.slice(0, 12)}… (changed since it was saved)`;
  return null;
}

/** The parts of `audio-dl.json` that must agree with each other and with the model. */
export interface ConsistencyMeta {
  model: Parameters<typeof modelSpec>[0];
  sampleShape: number[];
  inputShape: number[];
  mapping: string[];
  featureParams: Parameters<typeof featureShape>[0] | null;
  standardization: { mean: number[]; std: number[] } | null;
}

const same = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Checks that `audio-dl.json` (`metaPath`) agrees with itself and with the built model: output units
 * vs the genres of `mapping`, the model's input vs `inputShape`, `sampleShape` vs `inputShape` (through
 * the model's builder), vs the feature parameters and vs the standardisation statistics. Returns one
 * line per failure.
 */
export function consistencyProblems(meta: ConsistencyMeta, model: tf.LayersModel, metaPath: string): string[] {
  const problems: string[] = [];
  const spec = modelSpec(meta.model);
  const outputShape = model.outputs[0].shape;
  const units = outputShape[outputShape.length - 1];
  if (spec.kind === 'classifier' && units !== meta.mapping.length)
    problems.push(
      `${metaPath}: mapping: ${meta.mapping.length} label${meta.mapping.length === 1 ? '' : 's'}, the model in model.json outputs ${units} (one per label)`,
    );
  const modelInput = model.inputs[0].shape.slice(1);
  if (!same(modelInput, meta.inputShape))
    problems.push(
      `${metaPath}: inputShape: ${formatShape(meta.inputShape)}, the model in model.json takes ${formatShape(modelInput as number[])}`,
    );
  let fromSample: number[] | null = null;
  try {
    fromSample = spec.inputShape(meta.sampleShape);
  } catch (err) {
    problems.push(`${metaPath}: sampleShape: ${formatShape(meta.sampleShape)}, ${(err as Error).message}`);
  }
  if (fromSample && !same(fromSample, meta.inputShape))
    problems.push(
      `${metaPath}: sampleShape: ${formatShape(meta.sampleShape)} gives model ${meta.model} the input ${formatShape(fromSample)}, inputShape says ${formatShape(meta.inputShape)}`,
    );
  if (meta.featureParams) {
    let expected: number[] | null = null;
    try {
      expected = featureShape(meta.featureParams);
    } catch (err) {
      problems.push(`${metaPath}: featureParams: ${(err as Error).message}`);
    }
    if (expected && !same(expected, meta.sampleShape))
      problems.push(
        `${metaPath}: sampleShape: ${formatShape(meta.sampleShape)}, featureParams give ${formatShape(expected)}`,
      );
  }
  if (meta.standardization) {
    const { mean, std } = meta.standardization;
    const width = meta.sampleShape[meta.sampleShape.length - 1];
    if (mean.length !== width)
      problems.push(
        `${metaPath}: standardization.mean: ${mean.length} values, sampleShape ${formatShape(meta.sampleShape)} needs ${width}`,
      );
    if (std.length !== width)
      problems.push(
        `${metaPath}: standardization.std: ${std.length} values, sampleShape ${formatShape(meta.sampleShape)} needs ${width}`,
      );
    const bad = std.findIndex((s) => !(s > 0));
    if (bad >= 0) problems.push(`${metaPath}: standardization.std[${bad}]: ${std[bad]}, expected a positive number`);
  }
  return problems;
}
