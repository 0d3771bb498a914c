import { z } from 'zod';
import { checkDataset, type Dataset } from './dataset';
import { featureBands, featureParamsSchema, segmentLayout } from './params';

/**
 * Reads dataset JSON straight from its bytes. The course's `data_10.json` for all of GTZAN (`json.dump(…, indent=4)`,
 * ~17 million numbers) is about 640 MB: more than one JavaScript string holds (2^29 − 24 characters), so neither
 * `buffer.toString()` nor `JSON.parse` can take it. The `mfcc` value is scanned number by number into a
 * `Float32Array` (each number parsed by `Number`, so exactly as `JSON.parse` rounds it); every other value is
 * small and goes through `JSON.parse` on its own slice.
 */

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/** Bytes a JSON number can be made of. */
function isNumberByte(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45;
}

export interface JsonMfcc {
  /** Row-major [n, frames, nMfcc]. */
  values: Float32Array;
  n: number;
  /** Vectors per segment and values per vector, from `mfcc[0]` and `mfcc[0][0]`; -1 when there is none. */
  frames: number;
  nMfcc: number;
}

export interface JsonDocument {
  /** Every top-level key but `mfcc`, parsed by `JSON.parse`. */
  fields: Record<string, unknown>;
  /** The `mfcc` value, or null when the document has no such key. */
  mfcc: JsonMfcc | null;
}

class Reader {
  private p = 0;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  constructor(
    private readonly b: Buffer,
    private readonly where: string,
  ) {}

  private invalid(what: string): Error {
    const at = this.p < this.b.length ? `at byte ${this.p}` : 'at the end of the file';
    return new Error(`${this.where}: not valid JSON (${what} ${at})`);
  }

  private ws(): number {
    const b = this.b;
    let p = this.p;
    while (p < b.length) {
      const c = b[p];
      if (c !== SPACE && c !== LF && c !== CR && c !== TAB) break;
      p++;
    }
    this.p = p;
    return p < b.length ? b[p] : -1;
  }

  private expect(c: number, what: string): void {
    if (this.ws() !== c) throw this.invalid(`expected ${what}`);
    this.p++;
  }

  /** End (exclusive) of the string whose opening quote is at `p`. */
  private stringEnd(p: number): number {
    const b = this.b;
    for (let i = p + 1; i < b.length; i++) {
      const c = b[i];
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) return i + 1;
    }
    this.p = b.length;
    throw this.invalid('unterminated string');
  }

  /** End (exclusive) of the value starting at `p` (after white space), found without building it. */
  private valueEnd(p: number): number {
    const b = this.b;
    const c = b[p];
    if (c === QUOTE) return this.stringEnd(p);
    if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      let depth = 0;
      for (let i = p; i < b.length; i++) {
        const d = b[i];
        if (d === QUOTE) i = this.stringEnd(i) - 1;
        else if (d === OPEN_BRACKET || d === OPEN_BRACE) depth++;
        else if (d === CLOSE_BRACKET || d === CLOSE_BRACE) {
          depth--;
          if (depth === 0) return i + 1;
        }
      }
      this.p = b.length;
      throw this.invalid('unterminated list or object');
    }
    let i = p;
    while (i < b.length) {
      const d = b[i];
      if (d === COMMA || d === CLOSE_BRACKET || d === CLOSE_BRACE || d === SPACE || d === LF || d === CR || d === TAB)
        break;
      i++;
    }
    if (i === p) throw this.invalid('expected a value');
    return i;
  }

  /** `JSON.parse` of the bytes [start, end). */
  private parseSlice(start: number, end: number): unknown {
    try {
      return JSON.parse(this.decoder.decode(this.b.subarray(start, end)));
    } catch (err) {
      this.p = start;
      throw this.invalid((err as Error).message.replace(/\.$/, ''));
    }
  }

  private value(): unknown {
    this.ws();
    const start = this.p;
    if (start >= this.b.length) throw this.invalid('expected a value');
    const end = this.valueEnd(start);
    this.p = end;
    return this.parseSlice(start, end);
  }

  /** After an item: true on `,` (another follows), false on `close`. */
  private next(close: number, what: string): boolean {
    const c = this.ws();
    this.p++;
    if (c === COMMA) return true;
    if (c === close) return false;
    this.p--;
    throw this.invalid(`expected , or ${String.fromCharCode(close)} in ${what}`);
  }

  /** `[` then true, or `[]` then false. */
  private open(what: string): boolean {
    if (this.ws() !== OPEN_BRACKET) throw new Error(`${this.where}: ${what} is not a list`);
    this.p++;
    if (this.ws() === CLOSE_BRACKET) {
      this.p++;
      return false;
    }
    return true;
  }

  private mfcc(): JsonMfcc {
    const b = this.b;
    let values = new Float32Array(1 << 16);
    let at = 0;
    let n = 0;
    let frames = -1;
    let nMfcc = -1;
    if (this.open('mfcc')) {
      do {
        let t = 0;
        if (this.open(`mfcc[${n}]`)) {
          do {
            let c = 0;
            if (this.open(`mfcc[${n}][${t}]`)) {
              do {
                this.ws();
                const start = this.p;
                let end = start;
                while (end < b.length && isNumberByte(b[end])) end++;
                const first = b[start];
                const v = end > start ? Number(b.toString('latin1', start, end)) : Number.NaN;
                if (Number.isNaN(v) || !(first === 0x2d || (first >= 0x30 && first <= 0x39))) {
                  throw new Error(`${this.where}: mfcc[${n}][${t}][${c}] is not a number`);
                }
                this.p = end;
                if (at === values.length) {
                  const grown = new Float32Array(values.length * 2);
                  grown.set(values);
                  values = grown;
                }
                values[at++] = v;
                c++;
              } while (this.next(CLOSE_BRACKET, `mfcc[${n}][${t}]`));
            }
            if (nMfcc < 0) nMfcc = c;
            else if (c !== nMfcc) throw new Error(`${this.where}: mfcc[${n}][${t}] has ${c} values, expected ${nMfcc}`);
            t++;
          } while (this.next(CLOSE_BRACKET, `mfcc[${n}]`));
        }
        if (frames < 0) frames = t;
        else if (t !== frames) throw new Error(`${this.where}: mfcc[${n}] has ${t} vectors, mfcc[0] has ${frames}`);
        n++;
      } while (this.next(CLOSE_BRACKET, 'mfcc'));
    }
    // mfcc[0] = [] leaves the vector length unknown: no vector has any value.
    if (frames === 0) nMfcc = 0;
    return { values: at === values.length ? values : values.slice(0, at), n, frames, nMfcc };
  }

  document(): JsonDocument {
    const fields: Record<string, unknown> = {};
    let mfcc: JsonMfcc | null = null;
    this.expect(OPEN_BRACE, '{');
    if (this.ws() === CLOSE_BRACE) this.p++;
    else {
      do {
        if (this.ws() !== QUOTE) throw this.invalid('expected a key');
        const start = this.p;
        const end = this.stringEnd(start);
        this.p = end;
        const key = this.parseSlice(start, end) as string;
        this.expect(COLON, ':');
        if (key === 'mfcc') mfcc = this.mfcc();
        else fields[key] = this.value();
      } while (this.next(CLOSE_BRACE, 'the top-level object'));
    }
    if (this.ws() !== -1) throw this.invalid('unexpected data after the top-level object');
    return { fields, mfcc };
  }
}

/** Splits dataset JSON bytes into its `mfcc` numbers and its other top-level fields; errors name `where`. */
export function readJsonDocument(bytes: Buffer, where: string): JsonDocument {
  return new Reader(bytes, where).document();
}

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
  groups: z.array(z.string()).optional(),
  folds: z.array(z.string()).optional(),
  starts: z.array(z.number()).optional(),
  ends: z.array(z.number()).optional(),
  metadata: z.array(z.string()).optional(),
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
    groups: doc.groups ?? new Array<string>(n).fill(''),
    folds: doc.folds ?? new Array<string>(n).fill(''),
    starts: doc.starts ? Float64Array.from(doc.starts) : new Float64Array(n).fill(-1),
    ends: doc.ends ? Float64Array.from(doc.ends) : new Float64Array(n).fill(-1),
    metadata: doc.metadata ?? new Array<string>(n).fill(''),
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
