import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { featureParamsSchema, segmentLayout } from '@audio-dl/dataset/portable';
import { z } from 'zod';

/** The parts of `audio-dl.json` that `GET /v1/model` reports (the workers load and check the model itself). */
const metaSchema = z.object({
  model: z.string(),
  mapping: z.array(z.string()),
  featureParams: z.record(z.string(), z.unknown()).nullable(),
  inputShape: z.array(z.number()),
  createdAt: z.string().optional(),
});

export interface ModelInfo {
  model: string;
  labels: string[];
  features: Record<string, unknown> | null;
  /** Seconds of audio per window (the model's segment). */
  segmentSeconds: number | null;
  inputShape: number[];
  /** SHA-256 of model.json, weights.bin and audio-dl.json, read in that order. */
  sha256: string;
  createdAt?: string;
}

/** What the model folder `dir` holds, for `GET /v1/model`, without loading TensorFlow.js in the server's thread. */
export async function readModelInfo(dir: string): Promise<ModelInfo> {
  const hash = createHash('sha256');
  const files = ['model.json', 'weights.bin', 'audio-dl.json'];
  const bytes = await Promise.all(files.map((f) => readFile(path.join(dir, f))));
  for (const b of bytes) hash.update(b);
  const meta = metaSchema.parse(JSON.parse(bytes[2].toString('utf8')));
  // The window predict cuts: the course's segment, or the clip-length one of a model trained on clips.
  const f = meta.featureParams === null ? null : featureParamsSchema.safeParse(meta.featureParams);
  const segmentSeconds = f?.success ? segmentLayout(f.data).samplesPerSegment / f.data.sr : null;
  return {
    model: meta.model,
    labels: meta.mapping,
    features: meta.featureParams,
    segmentSeconds,
    inputShape: meta.inputShape,
    sha256: hash.digest('hex'),
    ...(meta.createdAt ? { createdAt: meta.createdAt } : {}),
  };
}
