import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { readDatasetArrow } from './arrow';
import { checkDataset, type Dataset } from './dataset';
import { featureParamsSchema, segmentLayout } from './params';

// V8's longest string (2^29 - 24 UTF-16 units): a bigger JSON file cannot go through JSON.parse.
const MAX_JSON_BYTES = 2 ** 29 - 24;

/**
 * The seed's JSON (§09.2) as the course's `extract_data.py` writes it, plus the optional keys
 * `writeDatasetJson` adds. The MFCC rows are checked while they are copied (a zod pass over
 * millions of numbers would cost more than the parse).
 */
export const datasetJsonSchema = z.looseObject({
  mapping: z.array(z.string()),
  labels: z.array(z.number().int().nonnegative()),
  mfcc: z.array(z.array(z.array(z.unknown()))),
  tracks: z.array(z.string()).optional(),
  segments: z.array(z.number().int()).optional(),
  params: featureParamsSchema.nullable().optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
});

/** Parses dataset JSON text (see `datasetJsonSchema`) into a `Dataset`; errors name `where`. */
export function parseDatasetJson(text: string, where: string): Dataset {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`${where}: not valid JSON (${(err as Error).message})`);
  }
  const result = datasetJsonSchema.safeParse(raw);
  if (!result.success) throw new Error(`${where}: not a dataset file:\n${z.prettifyError(result.error)}`);
  const doc = result.data;
  const n = doc.mfcc.length;
  const frames = doc.mfcc[0]?.length ?? (doc.params ? segmentLayout(doc.params).expectedVectors : 0);
  const nMfcc = doc.mfcc[0]?.[0]?.length ?? doc.params?.nMfcc ?? 0;
  if (doc.params && (frames !== segmentLayout(doc.params).expectedVectors || nMfcc !== doc.params.nMfcc)) {
    throw new Error(
      `${where}: mfcc rows are ${frames} × ${nMfcc}, params say ${segmentLayout(doc.params).expectedVectors} × ${doc.params.nMfcc}`,
    );
  }
  const features = new Float32Array(n * frames * nMfcc);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const segment = doc.mfcc[i];
    if (segment.length !== frames)
      throw new Error(`${where}: mfcc[${i}] has ${segment.length} vectors, mfcc[0] has ${frames}`);
    for (let t = 0; t < frames; t++) {
      const vector = segment[t];
      if (vector.length !== nMfcc)
        throw new Error(`${where}: mfcc[${i}][${t}] has ${vector.length} values, expected ${nMfcc}`);
      for (let c = 0; c < nMfcc; c++) {
        const v = vector[c];
        if (typeof v !== 'number') throw new Error(`${where}: mfcc[${i}][${t}][${c}] is not a number`);
        features[at++] = v;
      }
    }
  }
  const data: Dataset = {
    mapping: doc.mapping,
    labels: Int32Array.from(doc.labels),
    features,
    shape: [n, frames, nMfcc],
    tracks: doc.tracks ?? new Array<string>(n).fill(''),
    segments: doc.segments ? Int32Array.from(doc.segments) : new Int32Array(n).fill(-1),
    params: doc.params ?? null,
    meta: doc.meta ?? {},
  };
  checkDataset(data, where);
  return data;
}

const ARROW_MAGIC = 'ARROW1';

/**
 * Reads a dataset written by `preprocess` (Arrow IPC or JSON) or by the course's Python script
 * (`data_10.json`). Arrow MFCC values are a view of the file's buffer, never copied per row.
 */
export async function loadDataset(path: string): Promise<Dataset> {
  const bytes = await fs.readFile(path).catch((err: NodeJS.ErrnoException) => {
    throw new Error(`${path}: cannot read (${err.code ?? err.message})`);
  });
  if (bytes.subarray(0, ARROW_MAGIC.length).toString('latin1') === ARROW_MAGIC) return readDatasetArrow(bytes, path);
  if (bytes.length > MAX_JSON_BYTES) {
    throw new Error(
      `${path}: ${bytes.length} bytes is more JSON than one string can hold; preprocess to .arrow instead`,
    );
  }
  return parseDatasetJson(bytes.toString('utf8'), path);
}
