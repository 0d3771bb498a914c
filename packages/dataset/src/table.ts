/**
 * The columns and metadata every Arrow and Parquet data file shares, and the conversions between a `Dataset` and
 * Arrow record batches (Parquet goes through Arrow: see parquet.ts).
 */
import {
  type Data,
  Dictionary,
  Field,
  FixedSizeList,
  Float32,
  Float64,
  Int32,
  makeData,
  Precision,
  RecordBatch,
  Schema,
  Struct,
  Table,
  Type,
  Utf8,
  type Vector,
  vectorFromArray,
} from 'apache-arrow';
import { z } from 'zod';
import {
  checkDataset,
  type Dataset,
  ROW_COLUMNS,
  type RowColumns,
  type RowValues,
  rowColumnsOf,
  sliceRowValues,
} from './dataset';
import { type FeatureParams, featureBands, featureParamsSchema } from './params';

/** Schema (Arrow) and key-value (Parquet) metadata key prefix; `audio-dl.format` says which layout a file follows. */
export const PREFIX = 'audio-dl.';
/** Nested `features` column: FixedSizeList[frames]<FixedSizeList[bands]<Float32>>. */
export const DATASET_FORMAT = 'audio-dl-dataset/2';
/** Older files: a flat `mfcc` column, FixedSizeList[frames · nMfcc]<Float32>; still read. */
export const FLAT_FORMAT = 'audio-dl-dataset/1';
/** Metadata keys that are not `meta` entries. */
const RESERVED = ['format', 'params', 'mapping', 'shape'];
/** Rows per record batch (Arrow) and row group (Parquet): about this many bytes of features, so readers stream. */
export const TARGET_BATCH_BYTES = 16 << 20;

/** Everything a data file says about itself besides its rows. */
export interface DatasetHeader {
  mapping: string[];
  params: FeatureParams | null;
  /** The shape of one sample: [frames, bands]. */
  sample: [number, number];
  meta: Record<string, unknown>;
  /** `features` nested as the sample shape, or the older flat `mfcc`. */
  layout: 'nested' | 'flat';
}

/** Rows of one record batch as typed arrays; `features` is null when the reader skipped that column. */
export interface ColumnBatch {
  length: number;
  labels: Int32Array;
  features: Float32Array | null;
  columns: RowColumns;
}

export const headerOf = (data: Dataset): DatasetHeader => ({
  mapping: data.mapping,
  params: data.params,
  sample: [data.shape[1], data.shape[2]],
  meta: data.meta,
  layout: 'nested',
});

/** Rows per batch for samples of `sample` shape: about `TARGET_BATCH_BYTES` of features, at least one. */
export function batchRowsFor(sample: readonly number[]): number {
  return Math.max(1, Math.floor(TARGET_BATCH_BYTES / (4 * sample.reduce((a, b) => a * b, 1))));
}

/** The key-value metadata of a file: format, params, mapping and sample shape, then every `meta` entry (JSON). */
export function headerMetadata(h: DatasetHeader): Map<string, string> {
  const metadata = new Map<string, string>([
    [`${PREFIX}format`, DATASET_FORMAT],
    [`${PREFIX}params`, JSON.stringify(h.params)],
    [`${PREFIX}mapping`, JSON.stringify(h.mapping)],
    [`${PREFIX}shape`, JSON.stringify(h.sample)],
  ]);
  for (const [key, value] of Object.entries(h.meta)) {
    if (!RESERVED.includes(key)) metadata.set(`${PREFIX}${key}`, JSON.stringify(value));
  }
  return metadata;
}

const labelType = (): Dictionary<Utf8, Int32> => new Dictionary(new Utf8(), new Int32(), 0, false);

/** The features type: fixed-size lists nested as the sample shape, outermost first, float32 inside. */
function featuresType(sample: readonly number[]): FixedSizeList {
  let type: FixedSizeList | Float32 = new Float32();
  for (let d = sample.length - 1; d >= 0; d--) type = new FixedSizeList(sample[d], new Field('item', type, false));
  return type as FixedSizeList;
}

const rowColumnType = (kind: RowValues['kind']): Utf8 | Int32 | Float64 =>
  kind === 'utf8' ? new Utf8() : kind === 'int32' ? new Int32() : new Float64();

/** The schema of a data file: `label`, the per-row columns, then `features`. */
export function datasetSchema(h: DatasetHeader): Schema {
  const fields = [
    new Field('label', labelType(), false),
    ...Object.entries(ROW_COLUMNS).map(([name, kind]) => new Field(name, rowColumnType(kind), false)),
    new Field('features', featuresType(h.sample), false),
  ];
  return new Schema(fields, headerMetadata(h));
}

function rowColumnData(v: RowValues): Data {
  if (v.kind === 'utf8') return vectorFromArray(v.values, new Utf8()).data[0];
  return v.kind === 'int32'
    ? makeData({ type: new Int32(), length: v.values.length, nullCount: 0, data: v.values })
    : makeData({ type: new Float64(), length: v.values.length, nullCount: 0, data: v.values });
}

function featuresData(type: FixedSizeList, n: number, values: Float32Array): Data {
  if (type.valueType instanceof FixedSizeList) {
    const child = featuresData(type.valueType, n * type.listSize, values);
    return makeData({ type, length: n, nullCount: 0, child });
  }
  return makeData({
    type,
    length: n,
    nullCount: 0,
    child: makeData({ type: new Float32(), length: values.length, nullCount: 0, data: values }),
  });
}

/**
 * `data` as an Arrow table (`datasetSchema`), in record batches of `batchRows` rows that view its arrays (no copy).
 * Every batch shares one dictionary, so IPC files carry it once (pyarrow refuses replaced dictionaries in files).
 */
export function datasetTable(data: Dataset, batchRows = batchRowsFor(data.shape.slice(1))): Table {
  checkDataset(data, 'datasetTable');
  const schema = datasetSchema(headerOf(data));
  const [n, frames, bands] = data.shape;
  const size = frames * bands;
  const dictionary = vectorFromArray(data.mapping, new Utf8());
  const columns = rowColumnsOf(data);
  const type = schema.fields[schema.fields.length - 1].type as FixedSizeList;
  const batches: RecordBatch[] = [];
  for (let start = 0; start < n || (n === 0 && batches.length === 0); start += batchRows) {
    const end = Math.min(n, start + batchRows);
    const rows = end - start;
    const children: Data[] = [
      makeData({ type: labelType(), length: rows, nullCount: 0, data: data.labels.subarray(start, end), dictionary }),
      ...Object.keys(ROW_COLUMNS).map((name) => rowColumnData(sliceRowValues(columns[name], start, end))),
      featuresData(type, rows, data.features.subarray(start * size, end * size)),
    ];
    batches.push(
      new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: rows, nullCount: 0, children })),
    );
  }
  return new Table(schema, batches);
}

const mappingSchema = z.array(z.string());
const sampleSchema = z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]);

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

/** The sample shape a features type holds: the sizes of its nested fixed-size lists, which must end in float32. */
function sampleShapeOf(type: FixedSizeList, column: string, where: string): number[] {
  const dims: number[] = [];
  let t: FixedSizeList['valueType'] = type;
  while (t instanceof FixedSizeList || t?.typeId === Type.FixedSizeList) {
    const list = t as FixedSizeList;
    dims.push(list.listSize);
    t = list.valueType;
  }
  if (t?.typeId !== Type.Float || (t as Float32).precision !== Precision.SINGLE) {
    throw new Error(`${where}: column "${column}" holds ${t}, expected float32 values`);
  }
  return dims;
}

/** Reads and checks the header of a data file from its Arrow schema (Parquet files carry one too). */
export function readHeader(schema: Schema, where: string): DatasetHeader {
  const md = schema.metadata;
  const format = md.get(`${PREFIX}format`);
  if (format !== DATASET_FORMAT && format !== FLAT_FORMAT) {
    throw new Error(
      `${where}: schema metadata "${PREFIX}format" is ${JSON.stringify(format)}, expected "${DATASET_FORMAT}" (or the older "${FLAT_FORMAT}")`,
    );
  }
  const params = parseMeta(md.get(`${PREFIX}params`), 'params', featureParamsSchema.nullable(), where);
  const mapping = parseMeta(md.get(`${PREFIX}mapping`), 'mapping', mappingSchema, where);
  const meta: Record<string, unknown> = {};
  for (const [key, raw] of md) {
    if (!key.startsWith(PREFIX) || RESERVED.includes(key.slice(PREFIX.length))) continue;
    meta[key.slice(PREFIX.length)] = parseMeta(raw, key.slice(PREFIX.length), z.unknown(), where);
  }
  const fieldOf = (name: string): Field => {
    const field = schema.fields.find((f) => f.name === name);
    if (!field) throw new Error(`${where}: no "${name}" column`);
    return field;
  };
  const label = fieldOf('label').type;
  const labelValues = label.typeId === Type.Dictionary ? (label as Dictionary).dictionary : label;
  if (labelValues.typeId !== Type.Utf8 && labelValues.typeId !== Type.LargeUtf8) {
    throw new Error(`${where}: column "label" has type ${label}, expected label names (dictionary-encoded strings)`);
  }
  for (const [name, kind] of Object.entries(ROW_COLUMNS)) {
    const field = schema.fields.find((f) => f.name === name);
    const ok = kind === 'utf8' ? [Type.Utf8, Type.LargeUtf8] : kind === 'int32' ? [Type.Int] : [Type.Float];
    if (field && !ok.includes(field.type.typeId)) throw new Error(`${where}: column "${name}" has type ${field.type}`);
  }

  if (format === FLAT_FORMAT) {
    const type = fieldOf('mfcc').type;
    if (type.typeId !== Type.FixedSizeList) throw new Error(`${where}: column "mfcc" has type ${type}`);
    const [size] = sampleShapeOf(type as FixedSizeList, 'mfcc', where);
    if (!params) throw new Error(`${where}: a flat "mfcc" column needs "${PREFIX}params" to give its shape`);
    const bands = featureBands(params);
    const frames = size / bands;
    if (!Number.isInteger(frames))
      throw new Error(`${where}: "mfcc" list size ${size} is not a multiple of ${bands} (values per frame)`);
    return { mapping, params, sample: [frames, bands], meta, layout: 'flat' };
  }
  const type = fieldOf('features').type;
  if (type.typeId !== Type.FixedSizeList) throw new Error(`${where}: column "features" has type ${type}`);
  const dims = sampleShapeOf(type as FixedSizeList, 'features', where);
  if (dims.length !== 2) {
    throw new Error(`${where}: column "features" nests ${dims.length} fixed-size lists, expected 2 ([frames][bands])`);
  }
  const sample: [number, number] = [dims[0], dims[1]];
  const recorded = md.get(`${PREFIX}shape`);
  if (recorded !== undefined) {
    const shape = parseMeta(recorded, 'shape', sampleSchema, where);
    if (shape[0] !== sample[0] || shape[1] !== sample[1]) {
      throw new Error(
        `${where}: "features" is [${sample.join(', ')}] per row, the metadata says [${shape.join(', ')}]`,
      );
    }
  }
  return { mapping, params, sample, meta, layout: 'nested' };
}

/** Per-batch label translation: the file's dictionary (or strings) to indices into `mapping`. */
function readLabels(vector: Vector, mapping: string[], where: string): Int32Array {
  const index = new Map(mapping.map((g, i) => [g, i]));
  const lookup = (name: unknown): number => {
    const i = index.get(String(name));
    if (i === undefined) {
      throw new Error(`${where}: label "${String(name)}" is not in the mapping [${mapping.join(', ')}]`);
    }
    return i;
  };
  const out = new Int32Array(vector.length);
  let at = 0;
  for (const d of vector.data) {
    if (d.type.typeId === Type.Dictionary && d.dictionary) {
      // The file's dictionary may hold the genres in another order, or only those of this batch (Parquet).
      const translate = Array.from(d.dictionary, lookup);
      const keys = d.values as ArrayLike<number>;
      for (let i = 0; i < d.length; i++) out[at + i] = translate[Number(keys[i])];
    } else {
      for (let i = 0; i < d.length; i++) out[at + i] = lookup(vector.get(at + i));
    }
    at += d.length;
  }
  return out;
}

function readRowColumn(vector: Vector, kind: RowValues['kind']): RowValues {
  if (kind === 'utf8') {
    const values = new Array<string>(vector.length);
    let i = 0;
    for (const v of vector) values[i++] = String(v);
    return { kind, values };
  }
  if (kind === 'float64') return { kind, values: Float64Array.from(vector, Number) };
  const d = vector.data;
  if (d.length === 1 && d[0].type.typeId === Type.Int && d[0].values instanceof Int32Array) {
    return { kind, values: d[0].values.subarray(0, d[0].length) };
  }
  return { kind, values: Int32Array.from(vector, Number) };
}

/** The float32 values of a features chunk (nested or flat fixed-size lists), viewed in place. */
function featureValues(d: Data, size: number): Float32Array {
  let leaf = d;
  while (leaf.type.typeId === Type.FixedSizeList) {
    if (leaf.children[0].nullCount > 0) throw new Error(`has null values inside its lists`);
    leaf = leaf.children[0];
  }
  // Arrow slices a chunk's buffers and children on read, so each `values` starts at the chunk's first row.
  return (leaf.values as Float32Array).subarray(0, d.length * size);
}

/**
 * The rows of one record batch: labels mapped onto `h.mapping`, features viewed in place (one chunk, as every
 * batch read from a file has), per-row columns read or filled as `rowFieldsOf` does.
 */
export function readBatch(batch: RecordBatch, h: DatasetHeader, where: string, withFeatures = true): ColumnBatch {
  const n = batch.numRows;
  const column = (name: string): Vector | null => {
    const vector = batch.getChild(name);
    if (vector && vector.nullCount > 0) throw new Error(`${where}: column "${name}" has ${vector.nullCount} nulls`);
    return vector;
  };
  const labelVector = column('label');
  if (!labelVector) throw new Error(`${where}: no "label" column`);
  const labels = readLabels(labelVector, h.mapping, where);
  const columns: RowColumns = {};
  for (const [name, kind] of Object.entries(ROW_COLUMNS)) {
    const vector = column(name);
    if (vector) columns[name] = readRowColumn(vector, kind);
  }
  let features: Float32Array | null = null;
  if (withFeatures) {
    const name = h.layout === 'flat' ? 'mfcc' : 'features';
    const vector = column(name);
    if (!vector) throw new Error(`${where}: no "${name}" column`);
    const size = h.sample[0] * h.sample[1];
    try {
      features =
        vector.data.length === 1
          ? featureValues(vector.data[0], size)
          : joinFloat32(vector.data.map((d) => featureValues(d, size)));
    } catch (err) {
      throw new Error(`${where}: column "${name}" ${(err as Error).message}`);
    }
  }
  return { length: n, labels, features, columns };
}

function joinFloat32(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
