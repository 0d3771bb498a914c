import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { type Dataset, featureParamsSchema, segmentLayout, trackFeatures, writeDatasetArrow } from '@audio-dl/dataset';
import { tableFromIPC } from 'apache-arrow';
import type { TrackIndex } from './decode';
import { readJson, requireFile, type StageContext, StageError, stageDir } from './io';
import { progress } from './progress';
import { SEGMENTS_FORMAT } from './segment';
import { readSignals } from './signals';

interface Layout {
  sr: number;
  duration: number;
  segments: number;
}

/** Reads the segment plan: its layout and how many segments each track was planned to give. */
async function readPlan(file: string): Promise<{ layout: Layout; planned: Map<string, number> }> {
  const table = tableFromIPC(await readFile(file));
  const md = table.schema.metadata;
  if (md.get('audio-dl.format') !== SEGMENTS_FORMAT) throw new StageError('mfcc', file, 'not a segment-stage plan');
  const layout = JSON.parse(md.get('audio-dl.layout') ?? 'null') as Layout;
  const planned = new Map<string, number>();
  const tracks = table.getChild('track');
  if (!tracks) throw new StageError('mfcc', file, 'no "track" column');
  for (let i = 0; i < table.numRows; i++) {
    const t = String(tracks.get(i));
    planned.set(t, (planned.get(t) ?? 0) + 1);
  }
  return { layout, planned };
}

/** MFCC of every planned segment (the course's rule: a segment with fewer vectors than expected is dropped). */
export async function mfcc(ctx: StageContext, out: string): Promise<Record<string, unknown>> {
  const decodeDir = stageDir(ctx.loaded, 'decode');
  const index = (await readJson(path.join(decodeDir, 'tracks.json'), 'mfcc')) as TrackIndex;
  const planFile = await requireFile(path.join(stageDir(ctx.loaded, 'segment'), 'segments.arrow'), 'mfcc');
  const signalsFile = await requireFile(path.join(decodeDir, 'signals.arrow'), 'mfcc');
  const { layout, planned } = await readPlan(planFile);
  const { sr, duration, segments: count } = layout;
  const params = featureParamsSchema.parse({ sr, duration, segments: count, ...ctx.loaded.config.mfcc });
  const { expectedVectors } = segmentLayout(params);
  const rowSize = expectedVectors * params.nMfcc;

  const chunks: Float32Array[] = [];
  const labels: number[] = [];
  const tracks: string[] = [];
  const segments: number[] = [];
  let dropped = 0;
  const bar = progress('mfcc', index.tracks.length);
  for await (const row of readSignals(signalsFile)) {
    const plannedCount = planned.get(row.track) ?? 0;
    let features: ReturnType<typeof trackFeatures>;
    try {
      features = trackFeatures(row.signal, params);
    } catch (err) {
      throw new StageError('mfcc', path.join(index.root, row.track), (err as Error).message);
    }
    const kept = features.kept.filter((s) => s < plannedCount);
    dropped += plannedCount - kept.length;
    chunks.push(features.features.subarray(0, kept.length * rowSize));
    for (const s of kept) {
      labels.push(row.genre);
      tracks.push(row.track);
      segments.push(s);
    }
    bar.tick();
  }
  bar.done();
  if (labels.length === 0) {
    throw new StageError(
      'mfcc',
      signalsFile,
      `no segment holds ${expectedVectors} MFCC vectors; are the tracks shorter than one segment?`,
    );
  }
  const featuresAll = new Float32Array(labels.length * rowSize);
  let at = 0;
  for (const c of chunks) {
    featuresAll.set(c, at);
    at += c.length;
  }
  const data: Dataset = {
    mapping: index.mapping,
    labels: Int32Array.from(labels),
    features: featuresAll,
    shape: [labels.length, expectedVectors, params.nMfcc],
    tracks,
    segments: Int32Array.from(segments),
    params,
    meta: { skipped: index.skipped, droppedSegments: dropped, root: index.root },
  };
  await writeDatasetArrow(path.join(out, 'mfcc.arrow'), data);
  return { segments: labels.length, droppedSegments: dropped, shape: data.shape };
}
