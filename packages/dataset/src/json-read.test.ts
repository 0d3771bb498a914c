import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Dataset } from './dataset';
import { writeDatasetJson } from './json';
import { parseDatasetJson, readJsonDocument } from './json-read';
import { defaultFeatureParams } from './params';

const read = (text: string) => readJsonDocument(Buffer.from(text, 'utf8'), 'd.json');

/** What JSON.parse makes of the same text, flattened as the reader stores it. */
function viaJsonParse(text: string): { fields: Record<string, unknown>; values: number[] } {
  const { mfcc, ...fields } = JSON.parse(text) as { mfcc: number[][][] } & Record<string, unknown>;
  return { fields, values: mfcc.flat(2).map((v) => Math.fround(v)) };
}

describe('readJsonDocument (dataset JSON read from bytes, no string of the whole file)', () => {
  it('reads what JSON.parse reads: numbers rounded alike, escaped and non-ASCII strings, any white space', () => {
    // Written out as text: digits beyond double precision, -0.0, subnormals, float32 overflow, 1E+2 forms.
    const mfcc =
      '[[[-412.5, 1e-7, 5e-324], [-0.0, 123456789.123456789012, 3.4028234663852886e38]],\n' +
      ' [[1.7976931348623157e308, -1.5e-45, 0.1], [2, -3E+2, 4.0e-2]]]';
    const rest = {
      mapping: ['hip"hop', 'música', 'tab\there', '\u00e9\\'],
      labels: [0, 3],
      tracks: ['hip"hop/a.wav', 'é/b.wav'],
      meta: { nested: { list: [1, [2, { x: '[}' }]] }, n: null, ok: true },
    };
    for (const indent of [0, 4, '\t'] as const) {
      const head = JSON.stringify(rest, null, indent);
      const text = `${head.slice(0, -1)}, "mfcc" :${mfcc}}`;
      for (const t of [text, text.replace(/\n/g, '\r\n'), ` \n${text}\n\n`]) {
        const got = read(t);
        const want = viaJsonParse(t);
        expect(got.fields).toEqual(want.fields);
        expect(Array.from(got.mfcc?.values ?? [])).toEqual(want.values);
        expect([got.mfcc?.n, got.mfcc?.frames, got.mfcc?.nMfcc]).toEqual([2, 2, 3]);
      }
    }
    const values = read(`{"mfcc": ${mfcc}}`).mfcc?.values ?? new Float32Array(0);
    expect(Object.is(values[3], -0)).toBe(true);
    expect(values[2]).toBe(0); // 5e-324 is below float32's range
    expect(values[5]).toBe(Math.fround(3.4028234663852886e38));
    expect(values[6]).toBe(Number.POSITIVE_INFINITY);
    expect(values[10]).toBe(-300);
  });

  it('reads empty lists and a document without mfcc', () => {
    expect(read('{"mfcc": []}').mfcc).toEqual({ values: new Float32Array(0), n: 0, frames: -1, nMfcc: -1 });
    expect(read('{"mfcc": [[], []]}').mfcc).toEqual({ values: new Float32Array(0), n: 2, frames: 0, nMfcc: 0 });
    expect(read('{}')).toEqual({ fields: {}, mfcc: null });
    expect(read('{"mapping": ["a"]}')).toEqual({ fields: { mapping: ['a'] }, mfcc: null });
  });

  it.each([
    ['{"mfcc": [[[1, 2], [3]]]}', 'd.json: mfcc[0][1] has 1 values, expected 2'],
    ['{"mfcc": [[[1]], [[1], [2]]]}', 'd.json: mfcc[1] has 2 vectors, mfcc[0] has 1'],
    ['{"mfcc": [[[1, NaN]]]}', 'd.json: mfcc[0][0][1] is not a number'],
    ['{"mfcc": [[[1, "2"]]]}', 'd.json: mfcc[0][0][1] is not a number'],
    ['{"mfcc": [[[1, null]]]}', 'd.json: mfcc[0][0][1] is not a number'],
    ['{"mfcc": [[[+1]]]}', 'd.json: mfcc[0][0][0] is not a number'],
    ['{"mfcc": [[[1e]]]}', 'd.json: mfcc[0][0][0] is not a number'],
    ['{"mfcc": [[[[1]]]]}', 'd.json: mfcc[0][0][0] is not a number'],
    ['{"mfcc": {"a": 1}}', 'd.json: mfcc is not a list'],
    ['{"mfcc": [[1, 2]]}', 'd.json: mfcc[0][0] is not a list'],
  ])('names the bad MFCC entry in %s', (text, message) => {
    expect(() => read(text)).toThrow(message);
  });

  it.each([
    ['garbage', /^d\.json: not valid JSON \(expected \{ at byte 0\)$/],
    ['', /^d\.json: not valid JSON \(expected \{ at the end of the file\)$/],
    ['{"mfcc": [[[1, 2]], [[3, 4', /^d\.json: not valid JSON \(expected , or \] in mfcc\[1\]\[0\] at the end/],
    ['{"mapping": ["a", "b"', /^d\.json: not valid JSON \(unterminated list or object at the end/],
    ['{"mapping": "a}', /^d\.json: not valid JSON \(unterminated string at the end/],
    ['{"labels": [1, 2,]}', /^d\.json: not valid JSON \(.* at byte 11\)$/],
    ['{"labels": [1] "mfcc": []}', /^d\.json: not valid JSON \(expected , or \} in the top-level object at byte 15\)$/],
    ['{mapping: []}', /^d\.json: not valid JSON \(expected a key at byte 1\)$/],
    ['{"mfcc": []} {}', /^d\.json: not valid JSON \(unexpected data after the top-level object at byte 13\)$/],
  ])('reports malformed JSON %j with where it is', (text, message) => {
    expect(() => read(text)).toThrow(message);
  });
});

describe('parseDatasetJson on the reader', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'json-read-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('round-trips writeDatasetJson output, compact and indent 4, to the same Float32 values', async () => {
    const n = 3;
    const data: Dataset = {
      mapping: ['blues', 'jazz'],
      labels: Int32Array.from([0, 1, 1]),
      features: Float32Array.from({ length: n * 130 * 13 }, (_, i) => Math.fround(Math.sin(i * 0.7) * 10 ** (i % 9))),
      shape: [n, 130, 13],
      tracks: ['blues/a.wav', 'jazz/b.wav', 'jazz/b.wav'],
      segments: Int32Array.from([0, 0, 1]),
      params: defaultFeatureParams,
      meta: { version: '0.1.0', skipped: [] },
    };
    for (const indent of [0, 4]) {
      const out = path.join(dir, `d${indent}.json`);
      await writeDatasetJson(out, data, { indent });
      const back = parseDatasetJson(await fs.readFile(out, 'utf8'), out);
      expect(back.shape).toEqual([3, 130, 13]);
      expect(back.features).toEqual(data.features);
      expect(back.tracks).toEqual(data.tracks);
      expect(Array.from(back.segments)).toEqual([0, 0, 1]);
      expect(back.params).toEqual(data.params);
    }
  });
});
