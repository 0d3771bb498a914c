import * as path from 'node:path';
import { featureParamsSchema, segmentLayout, writeFileAtomic } from '@audio-dl/dataset';
import {
  Field,
  Int32,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableToIPC,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { readJson, type StageContext, StageError, stageDir } from './io';
import { trackIndexSchema } from './records';

export const SEGMENTS_FORMAT = 'audio-dl-segments/1';

/**
 * Plans the cut (§09.3): `samplesPerSegment = floor(sr · duration / segments)` over the first `duration`
 * seconds; one row per segment with its sample range (`length` below `samplesPerSegment` marks a track
 * that ends early). Light on purpose: the samples stay in decode's Arrow file, so GTZAN is stored once.
 */
export async function segment(ctx: StageContext, out: string): Promise<Record<string, unknown>> {
  const indexFile = path.join(stageDir(ctx.loaded, 'decode'), 'tracks.json');
  const index = await readJson(indexFile, 'segment', trackIndexSchema);
  const { duration, segments } = ctx.loaded.config.segment;
  const params = featureParamsSchema.parse({ sr: index.sr, duration, segments });
  let samplesPerSegment: number;
  try {
    ({ samplesPerSegment } = segmentLayout(params));
  } catch (err) {
    throw new StageError('segment', ctx.loaded.file, (err as Error).message);
  }
  const tracks: string[] = [];
  const genres: number[] = [];
  const indices: number[] = [];
  const starts: number[] = [];
  const lengths: number[] = [];
  let partial = 0;
  for (const t of index.tracks) {
    const used = Math.min(t.samples, Math.floor(index.sr * duration));
    for (let s = 0; s < segments; s++) {
      const start = s * samplesPerSegment;
      if (start >= used) break;
      const length = Math.min(samplesPerSegment, used - start);
      if (length < samplesPerSegment) partial++;
      tracks.push(t.track);
      genres.push(t.genre);
      indices.push(s);
      starts.push(start);
      lengths.push(length);
    }
  }
  const fields = ['genre', 'segment', 'start', 'length'].map((name) => new Field(name, new Int32(), false));
  const allFields = [new Field('track', new Utf8(), false), ...fields];
  const n = tracks.length;
  const children = [
    vectorFromArray(tracks, new Utf8()).data[0],
    ...[genres, indices, starts, lengths].map((col) =>
      makeData({ type: new Int32(), length: n, nullCount: 0, data: Int32Array.from(col) }),
    ),
  ];
  const metadata = new Map([
    ['audio-dl.format', SEGMENTS_FORMAT],
    ['audio-dl.layout', JSON.stringify({ sr: index.sr, duration, segments, samplesPerSegment })],
    ['audio-dl.mapping', JSON.stringify(index.mapping)],
    // The plan's bytes must change when any decoded sample does: mfcc's Nx hash sees only this file.
    ['audio-dl.signals', JSON.stringify(index.tracks.map((t) => t.sha256))],
  ]);
  const schema = new Schema(allFields, metadata);
  const batch = new RecordBatch(schema, makeData({ type: new Struct(allFields), length: n, nullCount: 0, children }));
  await writeFileAtomic(path.join(out, 'segments.arrow'), tableToIPC(new Table([batch]), 'file'));
  return { tracks: index.tracks.length, segments: n, partialSegments: partial, samplesPerSegment };
}
