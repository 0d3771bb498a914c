import type { Dataset } from '../dataset';
import { defaultFeatureParams } from '../params';

/** A small data set of `n` rows of 130 × 13: labels cycle over three genres, two segments per track. */
export function sampleDataset(n = 5, seed = 0): Dataset {
  const size = 130 * 13;
  return {
    mapping: ['blues', 'classical', 'metal'],
    labels: Int32Array.from({ length: n }, (_, i) => i % 3),
    features: Float32Array.from({ length: n * size }, (_, i) => Math.fround(Math.cos(i + seed) * 50)),
    shape: [n, 130, 13],
    tracks: Array.from({ length: n }, (_, i) => `g/t${seed}-${Math.floor(i / 2)}.wav`),
    segments: Int32Array.from({ length: n }, (_, i) => i % 2),
    params: defaultFeatureParams,
    meta: { version: '0.1.0', skipped: [{ path: 'g/bad.wav', reason: 'truncated' }], droppedSegments: 2 },
  };
}

/** Rows [start, end) of `data` as a data set of their own. */
export function rowsOf(data: Dataset, start: number, end: number): Dataset {
  const size = data.shape[1] * data.shape[2];
  return {
    ...data,
    labels: data.labels.slice(start, end),
    features: data.features.slice(start * size, end * size),
    shape: [end - start, data.shape[1], data.shape[2]],
    tracks: data.tracks.slice(start, end),
    segments: data.segments.slice(start, end),
  };
}

/** The Arrow schema (`name:type`) other readers see for a data set of 130 × 13 samples. */
export const SAMPLE_SCHEMA_FIELDS = [
  'label:Dictionary<Int32, Utf8>',
  'track:Utf8',
  'segment:Int32',
  'group:Utf8',
  'fold:Utf8',
  'start:Float64',
  'end:Float64',
  'metadata:Utf8',
  'features:FixedSizeList[130]<FixedSizeList[13]<Float32>>',
];

/** Asserts that `back`, read from a file, holds every column, the params and the metadata of `data`. */
export function expectSameDataset(back: Dataset, data: Dataset): void {
  expect(back.mapping).toEqual(data.mapping);
  expect(back.shape).toEqual(data.shape);
  expect(Array.from(back.labels)).toEqual(Array.from(data.labels));
  expect(Array.from(back.segments)).toEqual(Array.from(data.segments));
  expect(back.tracks).toEqual(data.tracks);
  expect(back.features).toEqual(data.features);
  expect(back.params).toEqual(data.params);
  expect(back.meta).toEqual(data.meta);
}
