import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import {
  VERSION as DATASET_VERSION,
  featureParamsSchema,
  withDefaultFeatures,
  writeDirAtomic,
  writeFileAtomic,
} from '@audio-dl/dataset';
import { metricsSchema } from '@audio-dl/genre-model';
import { BACKENDS } from '@audio-dl/tfjs-kernels/names';
import { backendInfo, initBackend } from '@audio-dl/tfjs-kernels/node';
import { historySchema } from '@audio-dl/trainer';
import { z } from 'zod';
import { mfccSectionSchema, segmentSectionSchema, trainSettings } from '../config';
import { runRecordSchema } from '../runs';
import { readJson, type StageContext, StageError, stageDir } from '../stages/io';
import {
  decodeSummarySchema,
  type StageRecord,
  skippedFileSchema,
  stageRecordSchema,
  type TrackIndex,
  trackIndexSchema,
} from '../stages/records';
import { fromInt16, readSignals } from '../stages/signals';
import { trackFigures } from './figures';
import { type Figure, type ReportModel, renderReport } from './html';

export const REPORT_HTML = 'report.html';
/** The model's web page, beside the report. */
export const REPORT_WEB = 'web';

/** The trained model exported as a web page into `out/web` (a report still renders when that fails). */
async function exportPage(trainDir: string, out: string): Promise<ReportModel['web']> {
  try {
    // The page's bundler (esbuild) loads only here, as the report renders.
    const { exportWeb } = await import('@audio-dl/web-app');
    const site = await exportWeb(
      path.join(trainDir, 'model'),
      path.join(out, REPORT_WEB),
      require('../../package.json').version,
      writeDirAtomic,
    );
    const bytes = site.files.reduce((sum, f) => sum + f.bytes, 0);
    return { href: `${REPORT_WEB}/index.html`, megabytes: bytes / 1e6 };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

const evaluationSchema = metricsSchema.extend({ scope: z.string(), note: z.string() });
const mfccSummarySchema = z.object({
  droppedSegments: z.number().int().nonnegative(),
  /** Absent in an mfcc stage run before tracks were named: rerun mfcc to list them. */
  shortTracks: z
    .array(z.object({ path: z.string(), seconds: z.number(), segments: z.number().int().nonnegative() }))
    .default([]),
  /** The mel bands used, where the stage resolved them (clip-length segments: log-mel's 64 unless set). */
  nMels: z.number().int().positive().optional(),
  /** Clip-length segments: the features resolved, and the silent clips dropped. */
  features: z.enum(['mfcc', 'logmel']).optional(),
  droppedClips: z.array(skippedFileSchema).default([]),
});
/** Clip-length segments only: their length, why it was chosen, and the clips too short to keep. */
const segmentSummarySchema = z.object({
  segmentSeconds: z.number().positive().optional(),
  segmentChoice: z.string().optional(),
  droppedClips: z.array(skippedFileSchema).default([]),
});
const datasetSummarySchema = z.object({
  segmentsPerGenre: z.array(z.number().int().nonnegative()),
  shape: z.array(z.number().int()),
  segments: z.number().int().nonnegative(),
});
/** The figures the evaluate stage drew, listed in its `stage.json` summary. */
const evaluateSummarySchema = z.object({ figures: z.array(z.object({ file: z.string(), title: z.string() })) });

/** A stage record's `summary`, validated; a mismatch names the stage.json it came from. */
function summaryOf<S extends z.ZodType>(record: StageRecord, dir: string, schema: S): z.infer<S> {
  const parsed = schema.safeParse(record.summary);
  if (parsed.success) return parsed.data;
  const file = path.join(dir, 'stage.json');
  throw new StageError('report', file, `unexpected summary (${z.prettifyError(parsed.error)}); rerun ${record.stage}`);
}

/** The first `perGenre` tracks of each genre, with their decoded signal (read back from decode's Arrow file). */
async function exampleSignals(signalsFile: string, index: TrackIndex, perGenre: number) {
  const wanted = new Set<string>();
  index.mapping.forEach((_, g) => {
    for (const t of index.tracks.filter((x) => x.genre === g).slice(0, perGenre)) wanted.add(t.track);
  });
  const found: { genre: number; track: string; signal: Float32Array }[] = [];
  if (wanted.size === 0) return found;
  for await (const row of readSignals(signalsFile)) {
    if (wanted.has(row.track)) found.push({ genre: row.genre, track: row.track, signal: fromInt16(row.pcm) });
    if (found.length === wanted.size) break;
  }
  return found.sort((a, b) => a.genre - b.genre || (a.track < b.track ? -1 : 1));
}

const missingFile = (file: string): never => {
  throw new StageError('report', file, 'missing; run the evaluate stage again');
};

const record = (dir: string): Promise<StageRecord> =>
  readJson(path.join(dir, 'stage.json'), 'report', stageRecordSchema);

/** Gathers every upstream output into `report.html` (self-contained) and the PNGs beside it. */
export async function report(ctx: StageContext, out: string): Promise<Record<string, unknown>> {
  const { loaded, experiment } = ctx;
  const started = new Date();
  const dirs = {
    decode: stageDir(loaded, 'decode'),
    segment: stageDir(loaded, 'segment'),
    mfcc: stageDir(loaded, 'mfcc'),
    dataset: stageDir(loaded, 'dataset'),
    train: stageDir(loaded, 'train', experiment),
    evaluate: stageDir(loaded, 'evaluate', experiment),
  };
  const records: StageRecord[] = [];
  for (const dir of Object.values(dirs)) records.push(await record(dir));
  const index = await readJson(path.join(dirs.decode, 'tracks.json'), 'report', trackIndexSchema);
  const decodeSummary = summaryOf(records[0], dirs.decode, decodeSummarySchema);
  const mfccSummary = summaryOf(records[2], dirs.mfcc, mfccSummarySchema);
  const segmentSummary = summaryOf(records[1], dirs.segment, segmentSummarySchema);
  // The MFCC settings the data set was computed with (the figures use the same).
  // Segments asked of each track, as the segment stage cut them.
  const segmentSection = segmentSectionSchema.safeParse(records[1].config.segment);
  const layoutSegments = segmentSection.success ? segmentSection.data.segments : loaded.config.segment.segments;
  const section = mfccSectionSchema.safeParse(records[2].config.mfcc);
  if (!section.success) {
    throw new StageError('report', path.join(dirs.mfcc, 'stage.json'), 'no valid "mfcc" config section; rerun mfcc');
  }
  // The course's layout resolves as the mfcc stage did; clip-length segments recorded their bands in its summary.
  const resolved = featureParamsSchema.parse(withDefaultFeatures(section.data));
  const features = { ...section.data, nMels: mfccSummary.nMels ?? resolved.nMels };
  const datasetSummary = summaryOf(records[3], dirs.dataset, datasetSummarySchema);
  const evaluation = await readJson(path.join(dirs.evaluate, 'metrics.json'), 'report', evaluationSchema);
  const history = await readJson(path.join(dirs.train, 'model', 'history.json'), 'report', historySchema);
  const run = await readJson(path.join(dirs.train, 'run.json'), 'report', runRecordSchema);
  // Each experiment's latest train-stage run, where there is one (rendering does not train anything).
  const experiments = await Promise.all(
    ['default', ...Object.keys(loaded.config.experiments)].map(async (name) => {
      const file = path.join(stageDir(loaded, 'train', name), 'run.json');
      const other = await fs
        .readFile(file, 'utf8')
        .then((text) => runRecordSchema.safeParse(JSON.parse(text)))
        .catch(() => null);
      return { name, run: other?.success ? other.data : null };
    }),
  );

  const figures: Figure[] = [];
  const examples: ReportModel['examples'] = [];
  const perGenre = loaded.config.report.examplesPerGenre;
  for (const ex of await exampleSignals(path.join(dirs.decode, 'signals.arrow'), index, perGenre)) {
    const genre = index.mapping[ex.genre];
    let figs: Figure[];
    try {
      figs = trackFigures(ex.signal, index.sr, genre, ex.track, features);
    } catch (err) {
      throw new StageError('report', path.join(index.root, ex.track), `figures: ${(err as Error).message}`);
    }
    figures.push(...figs);
    const entry = index.tracks.find((t) => t.track === ex.track);
    examples.push({
      genre,
      track: ex.track,
      figures: figs,
      seconds: ex.signal.length / index.sr,
      originalSr: entry?.originalSr ?? index.sr,
      channels: entry?.channels ?? 1,
    });
  }
  // The training curves and the confusion matrix were drawn by the evaluate stage.
  const drawn = summaryOf(records[5], dirs.evaluate, evaluateSummarySchema).figures;
  const evaluateFigures: Figure[] = [];
  for (const f of drawn) {
    const file = path.join(dirs.evaluate, f.file);
    evaluateFigures.push({ ...f, png: await fs.readFile(file).catch(() => missingFile(file)) });
  }
  const curves = evaluateFigures.filter((f) => f.file.startsWith('history_'));
  const confusion = evaluateFigures.find((f) => f.file.startsWith('confusion')) ?? null;
  figures.push(...evaluateFigures);

  const tracksPerGenre = index.mapping.map((_, g) => index.tracks.filter((t) => t.genre === g).length);
  // Versions of the backend the model was trained on (a report can be rendered where it is absent).
  const backend = BACKENDS.find((b) => b === run.backend);
  if (backend) await initBackend(backend).catch(() => null);
  const info = backendInfo();
  const config: Record<string, unknown> = {};
  for (const r of records) Object.assign(config, r.config);
  config.report = loaded.config.report;
  // The train section as this experiment ran it (its overlay applied).
  config.train = trainSettings(loaded.config, experiment);

  const model: Omit<ReportModel, 'web'> = {
    title: loaded.config.report.title,
    experiment,
    generatedAt: new Date().toISOString(),
    data: {
      root: index.root,
      demo: decodeSummary.demo,
      sr: index.sr,
      genres: index.mapping.map((name, g) => ({
        name,
        tracks: tracksPerGenre[g],
        segments: datasetSummary.segmentsPerGenre[g] ?? 0,
      })),
      tracks: index.tracks.length,
      segments: datasetSummary.segments,
      droppedSegments: mfccSummary.droppedSegments,
      segmentsPerTrack: layoutSegments,
      clips:
        segmentSummary.segmentSeconds === undefined
          ? null
          : {
              segmentSeconds: segmentSummary.segmentSeconds,
              choice: segmentSummary.segmentChoice ?? null,
              dropped: [...segmentSummary.droppedClips, ...mfccSummary.droppedClips],
            },
      featureKind: mfccSummary.features ?? resolved.features,
      shortTracks: mfccSummary.shortTracks,
      shape: datasetSummary.shape,
      skipped: index.skipped,
      warnings: index.warnings,
    },
    examples,
    features,
    training: {
      model: run.model,
      epochs: run.epochs,
      epochsRun: history.epoch.length,
      bestEpoch: history.bestEpoch,
      stoppedEarly: history.stoppedEarly,
      backend: run.backend,
      run: run.id,
      curves,
    },
    evaluation: {
      note: evaluation.note,
      accuracy: evaluation.accuracy,
      trackAccuracy: evaluation.trackAccuracy,
      loss: evaluation.loss,
      segments: evaluation.segments,
      tracks: evaluation.tracks,
      perGenre: evaluation.perGenre,
      confusion,
    },
    experiments,
    stages: [
      ...(decodeSummary.demo?.generationSeconds !== undefined
        ? [
            {
              stage: 'data (demo set generated)',
              seconds: decodeSummary.demo.generationSeconds,
              startedAt: decodeSummary.demo.generatedAt ?? '',
            },
          ]
        : []),
      ...records.map((r) => ({ stage: r.stage, seconds: r.seconds, startedAt: r.startedAt })),
      // This stage up to writing the page (reading the inputs and drawing the figures).
      { stage: 'report', seconds: (Date.now() - started.getTime()) / 1000, startedAt: started.toISOString() },
    ],
    config,
    versions: {
      'audio-dl': require('../../package.json').version,
      '@audio-dl/dataset': DATASET_VERSION,
      '@tensorflow/tfjs': info.tfjsVersion,
      'tfjs backend': `${run.backend}${run.backend === 'wasm' ? ` ${info.wasmVersion}${info.wasmSimd ? ', SIMD' : ''}${info.wasmThreads ? ', threads' : ''}, ${info.patchedKernels.length} project kernels${info.nativeKernels === null ? '' : `, native ${info.nativeKernels}`}` : ''}`,
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
    },
  };
  for (const f of figures) await fs.writeFile(path.join(out, f.file), f.png);
  await writeFileAtomic(
    path.join(out, REPORT_HTML),
    renderReport({ ...model, web: await exportPage(dirs.train, out) }),
  );
  ctx.log(`report: ${path.relative(loaded.dir, path.join(stageDir(loaded, 'report', experiment), REPORT_HTML))}`);
  return { figures: figures.length, accuracy: evaluation.accuracy, trackAccuracy: evaluation.trackAccuracy };
}
