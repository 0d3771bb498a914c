import type { FeatureParams } from './params';

/** One row per segment; the in-memory form every writer takes and `loadDataset` returns. */
export interface Dataset extends RowFields {
  /** Genre names; the index is the label. */
  mapping: string[];
  /** Label of each segment. */
  labels: Int32Array;
  /** Features of every segment, row-major [n, frames, bands] (bands: MFCC coefficients for MFCC). */
  features: Float32Array;
  shape: [number, number, number];
  /** Feature parameters, or null for a file that does not record them (the course's data_10.json). */
  params: FeatureParams | null;
  /** Everything else the file records: version, skipped files with reasons, dropped segment count… */
  meta: Record<string, unknown>;
}

/** The per-row fields besides labels and features; each is one column of an Arrow or Parquet file. */
export interface RowFields {
  /** Source track of each segment, relative to ROOT (empty strings when the file does not say). */
  tracks: string[];
  /** Segment index of each row within its track (-1 when the file does not say). */
  segments: Int32Array;
  /** What must never be split (speaker, instrument, session); '' when the data does not say. */
  groups?: string[];
  /** Predefined fold of each row; '' when the data does not say. */
  folds?: string[];
  /** Seconds into the source file where the audio of each row starts and ends (-1 when the file does not say). */
  starts?: Float64Array;
  ends?: Float64Array;
  /** A manifest's other columns for the row's clip, as a JSON object ('' when there are none). */
  metadata?: string[];
}

/** One per-row column as the Arrow and Parquet code handles it, whatever Dataset field it holds. */
export type RowValues =
  | { kind: 'utf8'; values: string[] }
  | { kind: 'int32'; values: Int32Array }
  | { kind: 'float64'; values: Float64Array };
export type RowColumns = Record<string, RowValues>;

/**
 * The per-row columns of a data file (name → kind), in file order after `label`. A new per-row Dataset field is
 * one entry here plus one line in `rowColumnsOf` and `rowFieldsOf`; the writers, readers and streams carry it.
 */
export const ROW_COLUMNS: Readonly<Record<string, RowValues['kind']>> = {
  track: 'utf8',
  segment: 'int32',
  group: 'utf8',
  fold: 'utf8',
  start: 'float64',
  end: 'float64',
  metadata: 'utf8',
};

const utf8 = (values: string[] | undefined, n: number): RowValues => ({
  kind: 'utf8',
  values: values ?? new Array<string>(n).fill(''),
});
const float64 = (values: Float64Array | undefined, n: number): RowValues => ({
  kind: 'float64',
  values: values ?? new Float64Array(n).fill(-1),
});

/** The per-row fields as columns (views, no copies); an optional field that is absent is filled with "unknown". */
export function rowColumnsOf(fields: RowFields): RowColumns {
  const n = fields.tracks.length;
  return {
    track: { kind: 'utf8', values: fields.tracks },
    segment: { kind: 'int32', values: fields.segments },
    group: utf8(fields.groups, n),
    fold: utf8(fields.folds, n),
    start: float64(fields.starts, n),
    end: float64(fields.ends, n),
    metadata: utf8(fields.metadata, n),
  };
}

/** The per-row fields from columns read from a file; a column the file lacks is filled with "unknown". */
export function rowFieldsOf(columns: RowColumns, n: number): Required<RowFields> {
  const text = (name: string): string[] => {
    const c = columns[name];
    return c?.kind === 'utf8' ? c.values : new Array<string>(n).fill('');
  };
  const real = (name: string): Float64Array => {
    const c = columns[name];
    return c?.kind === 'float64' ? c.values : new Float64Array(n).fill(-1);
  };
  const segment = columns.segment;
  return {
    tracks: text('track'),
    segments: segment?.kind === 'int32' ? segment.values : new Int32Array(n).fill(-1),
    groups: text('group'),
    folds: text('fold'),
    starts: real('start'),
    ends: real('end'),
    metadata: text('metadata'),
  };
}

export function emptyRowValues(kind: RowValues['kind'], n: number): RowValues {
  if (kind === 'utf8') return { kind, values: new Array<string>(n) };
  return kind === 'int32' ? { kind, values: new Int32Array(n) } : { kind, values: new Float64Array(n) };
}

/** Copies `src` into `dst` from row `at` (same kind). */
export function setRowValues(dst: RowValues, src: RowValues, at: number): void {
  if (dst.kind === 'int32' && src.kind === 'int32') dst.values.set(src.values, at);
  else if (dst.kind === 'float64' && src.kind === 'float64') dst.values.set(src.values, at);
  else if (dst.kind === 'utf8' && src.kind === 'utf8')
    for (let i = 0; i < src.values.length; i++) dst.values[at + i] = src.values[i];
  else throw new TypeError(`cannot copy ${src.kind} rows into ${dst.kind} rows`);
}

/** Rows [start, end) of `v` (a view for typed arrays). */
export function sliceRowValues(v: RowValues, start: number, end: number): RowValues {
  if (v.kind === 'utf8') return { kind: v.kind, values: v.values.slice(start, end) };
  return v.kind === 'int32'
    ? { kind: v.kind, values: v.values.subarray(start, end) }
    : { kind: v.kind, values: v.values.subarray(start, end) };
}

/** Throws unless the arrays of `data` agree with its shape. */
export function checkDataset(data: Dataset, where: string): void {
  const [n, frames, bands] = data.shape;
  const problems: string[] = [];
  if (data.features.length !== n * frames * bands) {
    problems.push(
      `features holds ${data.features.length} numbers, shape [${data.shape.join(', ')}] needs ${n * frames * bands}`,
    );
  }
  if (data.labels.length !== n) problems.push(`${data.labels.length} labels for ${n} rows`);
  for (const [name, column] of Object.entries(rowColumnsOf(data))) {
    if (column.values.length !== n) problems.push(`${column.values.length} ${name} values for ${n} rows`);
  }
  const bad = data.labels.findIndex((l) => l < 0 || l >= data.mapping.length);
  if (bad >= 0)
    problems.push(`label ${data.labels[bad]} at row ${bad} is outside mapping (${data.mapping.length} labels)`);
  if (problems.length > 0) throw new Error(`${where}: ${problems.join('; ')}`);
}
