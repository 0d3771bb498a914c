import { promises as fs } from 'node:fs';
import {
  type Data,
  Dictionary,
  Field,
  FixedSizeList,
  Float32,
  Int32,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  Type,
  tableFromIPC,
  tableToIPC,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { z } from 'zod';
import { writeAtomic } from './atomic';
import { checkDataset, type Dataset } from './dataset';
import { featureBands, featureParamsSchema } from './params';

/** Schema metadata key prefix; `audio-dl.format` says which layout the file follows. */
const PREFIX = 'audio-dl.';
export const ARROW_FORMAT = 'audio-dl-dataset/1';

/**
 * Writes one row per segment: `label` (dictionary-encoded genre), `track`, `segment`, and `mfcc`
 * (fixed-size list of float32, frames · nMfcc). The params, mapping and every `meta` entry go to the
 * schema metadata as JSON. One record batch, so readers can view the MFCC values without copying.
 */
export async function writeDatasetArrow(outPath: string, data: Dataset): Promise<void> {
  checkDataset(data, outPath);
  await writeAtomic(outPath, (tmp) => fs.writeFile(tmp, tableToIPC(datasetTable(data), 'file')));
}

/** The Arrow table `writeDatasetArrow` writes. */
export function datasetTable(data: Dataset): Table {
  const [n, frames, nMfcc] = data.shape;
  const size = frames * nMfcc;
  const labelType = new Dictionary(new Utf8(), new Int32(), 0, false);
  const mfccType = new FixedSizeList(size, new Field('item', new Float32(), false));
  const fields = [
    new Field('label', labelType, false),
    new Field('track', new Utf8(), false),
    new Field('segment', new Int32(), false),
    new Field('mfcc', mfccType, false),
  ];
  const metadata = new Map<string, string>([
    [`${PREFIX}format`, ARROW_FORMAT],
    [`${PREFIX}params`, JSON.stringify(data.params)],
    [`${PREFIX}mapping`, JSON.stringify(data.mapping)],
  ]);
  for (const [key, value] of Object.entries(data.meta)) metadata.set(`${PREFIX}${key}`, JSON.stringify(value));
  const schema = new Schema(fields, metadata);

  const children: Data[] = [
    makeData({
      type: labelType,
      length: n,
      nullCount: 0,
      data: data.labels,
      dictionary: vectorFromArray(data.mapping, new Utf8()),
    }),
    vectorFromArray(data.tracks, new Utf8()).data[0],
    makeData({ type: new Int32(), length: n, nullCount: 0, data: data.segments }),
    makeData({
      type: mfccType,
      length: n,
      nullCount: 0,
      child: makeData({ type: new Float32(), length: n * size, nullCount: 0, data: data.features }),
    }),
  ];
  const batch = new RecordBatch(schema, makeData({ type: new Struct(fields), length: n, nullCount: 0, children }));
  return new Table([batch]);
}

const mappingSchema = z.array(z.string());

function parseMeta<T>(raw: string | undefined, key: string, schema: z.ZodType<T>, where: string): T {
  if (raw === undefined) throw new Error(`${where}: schema metadata lacks "${PREFIX}${key}"`);
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new Error(`${where}: schema metadata "${PREFIX}${key}" is not JSON`);
  }
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`${where}: schema metadata "${PREFIX}${key}": ${z.prettifyError(result.error)}`);
  return result.data;
}

/** Concatenates chunk views only when a column spans several record batches (one copy per batch, never per row). */
function joined<A extends Float32Array | Int32Array>(parts: A[], make: (n: number) => A): A {
  if (parts.length === 1) return parts[0];
  const out = make(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const ARROW_MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // "ARROW1"

/**
 * Why an Arrow IPC file that starts right is cut short, or null: the file format ends with its footer, the
 * footer's length and the magic again, so a partial copy or an interrupted write lacks them.
 */
function truncation(bytes: Uint8Array): string | null {
  const n = bytes.length;
  const endsWithMagic = n >= 14 && ARROW_MAGIC.every((b, i) => bytes[n - 6 + i] === b);
  if (!endsWithMagic) return `truncated: ${n} bytes, and no Arrow footer at the end (the file was cut short)`;
  const footer = new DataView(bytes.buffer, bytes.byteOffset + n - 10, 4).getInt32(0, true);
  if (footer <= 0 || footer > n - 18) return `truncated: ${n} bytes, too few for its ${footer}-byte Arrow footer`;
  return null;
}

/** Reads a file written by `writeDatasetArrow`, checking its schema and metadata; MFCC values are viewed in place. */
export function readDatasetArrow(bytes: Uint8Array, where: string): Dataset {
  const cut = ARROW_MAGIC.every((b, i) => bytes[i] === b) ? truncation(bytes) : null;
  if (cut) throw new Error(`${where}: ${cut}`);
  let table: Table;
  try {
    table = tableFromIPC(bytes);
  } catch (err) {
    throw new Error(`${where}: not an Arrow IPC file (${(err as Error).message})`);
  }
  const md = table.schema.metadata;
  const format = md.get(`${PREFIX}format`);
  if (format !== ARROW_FORMAT) {
    throw new Error(
      `${where}: schema metadata "${PREFIX}format" is ${JSON.stringify(format)}, expected "${ARROW_FORMAT}"`,
    );
  }
  const params = parseMeta(md.get(`${PREFIX}params`), 'params', featureParamsSchema, where);
  const mapping = parseMeta(md.get(`${PREFIX}mapping`), 'mapping', mappingSchema, where);
  const meta: Record<string, unknown> = {};
  for (const [key, raw] of md) {
    if (!key.startsWith(PREFIX) || ['format', 'params', 'mapping'].includes(key.slice(PREFIX.length))) continue;
    meta[key.slice(PREFIX.length)] = parseMeta(raw, key.slice(PREFIX.length), z.unknown(), where);
  }

  const column = (name: string, typeId: Type): readonly Data[] => {
    const field = table.schema.fields.find((f) => f.name === name);
    const vector = table.getChild(name);
    if (!field || !vector) throw new Error(`${where}: no "${name}" column`);
    if (field.type.typeId !== typeId) throw new Error(`${where}: column "${name}" has type ${field.type}`);
    if (vector.nullCount > 0) throw new Error(`${where}: column "${name}" has ${vector.nullCount} nulls`);
    return vector.data;
  };
  const n = table.numRows;
  const labelChunks = column('label', Type.Dictionary);
  column('track', Type.Utf8);
  const segmentChunks = column('segment', Type.Int);
  const mfccChunks = column('mfcc', Type.FixedSizeList);

  const mfccType = mfccChunks[0]?.type as FixedSizeList | undefined;
  const size = mfccType?.listSize ?? 0;
  if (mfccType && mfccType.valueType.typeId !== Type.Float) throw new Error(`${where}: "mfcc" items are not float32`);
  const bands = featureBands(params);
  const frames = size / bands;
  if (!Number.isInteger(frames))
    throw new Error(
      `${where}: "mfcc" list size ${size} is not a multiple of ${params.features === 'logmel' ? 'nMels' : 'nMfcc'}=${bands}`,
    );

  for (const d of labelChunks) {
    const dict = d.dictionary ? Array.from(d.dictionary, String) : [];
    if (dict.length !== mapping.length || dict.some((g, i) => g !== mapping[i])) {
      throw new Error(
        `${where}: "label" dictionary [${dict.join(', ')}] differs from the mapping [${mapping.join(', ')}]`,
      );
    }
  }
  const labels = joined(
    labelChunks.map((d) => (d.values as Int32Array).subarray(0, d.length)),
    (k) => new Int32Array(k),
  );
  const segments = joined(
    segmentChunks.map((d) => (d.values as Int32Array).subarray(0, d.length)),
    (k) => new Int32Array(k),
  );
  const features = joined(
    // Arrow slices a chunk's buffers and children on read, so each `values` starts at the chunk's first row.
    mfccChunks.map((d) => (d.children[0].values as Float32Array).subarray(0, d.length * size)),
    (k) => new Float32Array(k),
  );
  const tracks: string[] = [];
  for (const vector of table.getChild('track') ?? []) tracks.push(String(vector));

  const data: Dataset = { mapping, labels, features, shape: [n, frames, bands], tracks, segments, params, meta };
  checkDataset(data, where);
  return data;
}
