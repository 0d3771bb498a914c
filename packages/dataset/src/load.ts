import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { readDatasetArrow } from './arrow';
import { checkDataset, type Dataset } from './dataset';
import { readJsonDocument } from './json-read';
import { featureBands, featureParamsSchema, segmentLayout } from './params';

/**
 * The seed's JSON (§09.2) as the course's `extract_data.py` writes it, plus the optional keys
 * `writeDatasetJson` adds. The MFCC rows are checked while they are read (a zod pass over
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

/**
 * Parses dataset JSON bytes (see `datasetJsonSchema`) into a `Dataset`; errors name `where`. Works on files of any
 * size that fits in memory, including the course's ~640 MB `data_10.json` for all of GTZAN, which is longer than
 * any JavaScript string (see `json-read.ts`).
 */
export function parseDatasetJsonBytes(bytes: Buffer, where: string): Dataset {
  const { fields, mfcc } = readJsonDocument(bytes, where);
  // mfcc was read and checked on its own; the schema sees an empty list in its place.
  const result = datasetJsonSchema.safeParse({ ...fields, mfcc: mfcc ? [] : undefined });
  if (!result.success || !mfcc) {
    const problems = result.success ? '✖ mfcc: missing' : z.prettifyError(result.error);
    throw new Error(`${where}: not a dataset file:\n${problems}`);
  }
  const doc = result.data;
  const n = mfcc.n;
  const layout = doc.params ? segmentLayout(doc.params) : null;
  const frames = n > 0 ? mfcc.frames : (layout?.expectedVectors ?? 0);
  const bands = doc.params ? featureBands(doc.params) : 0;
  const nMfcc = n > 0 && mfcc.frames > 0 ? mfcc.nMfcc : bands;
  if (doc.params && layout && (frames !== layout.expectedVectors || nMfcc !== bands)) {
    throw new Error(`${where}: mfcc rows are ${frames} × ${nMfcc}, params say ${layout.expectedVectors} × ${bands}`);
  }
  const data: Dataset = {
    mapping: doc.mapping,
    labels: Int32Array.from(doc.labels),
    features: mfcc.values,
    shape: [n, frames, nMfcc],
    tracks: doc.tracks ?? new Array<string>(n).fill(''),
    segments: doc.segments ? Int32Array.from(doc.segments) : new Int32Array(n).fill(-1),
    params: doc.params ?? null,
    meta: doc.meta ?? {},
  };
  checkDataset(data, where);
  return data;
}

/** Parses dataset JSON text (see `datasetJsonSchema`) into a `Dataset`; errors name `where`. */
export function parseDatasetJson(text: string, where: string): Dataset {
  return parseDatasetJsonBytes(Buffer.from(text, 'utf8'), where);
}

const ARROW_MAGIC = 'ARROW1';

/**
 * Reads a dataset written by `preprocess` (Arrow IPC or JSON) or by the course's Python script
 * (`data_10.json`). Arrow MFCC values are a view of the file's buffer, never copied per row.
 */
export async function loadDataset(path: string): Promise<Dataset> {
  const bytes = await fs.readFile(path).catch((err: NodeJS.ErrnoException) => {
    throw new Error(err.code === 'ENOENT' ? `${path}: not found` : `${path}: cannot read (${err.code ?? err.message})`);
  });
  if (bytes.subarray(0, ARROW_MAGIC.length).toString('latin1') === ARROW_MAGIC) return readDatasetArrow(bytes, path);
  // Neither Arrow nor a JSON object (an audio file, say): say what was expected rather than a JSON syntax error.
  const first = bytes.find((b) => b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d);
  if (first !== undefined && first !== 0x7b) {
    throw new Error(
      `${path}: not a dataset file (expected an Arrow IPC file or the course's JSON, as preprocess writes)`,
    );
  }
  return parseDatasetJsonBytes(bytes, path);
}
