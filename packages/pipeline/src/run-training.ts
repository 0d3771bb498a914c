import { availableParallelism } from 'node:os';
import { type ModelName, type TrainSettings, trainSettingsSchema } from '@audio-dl/genre-model/schemas';
import type { BackendName } from './config';
import { type RunRecord, recordRun, runFigures } from './runs';

/** What `runTraining` trains: the data, where the model goes, the settings, and where the run is recorded. */
export interface TrainingSettings {
  /** A data file or a folder of parts (`audio-dl preprocess`, the pipeline's dataset stage). */
  data: string;
  /** The model folder to write. */
  out: string;
  /** The train options (`trainSettingsShape`); absent fields keep the model's recipe. */
  train: TrainSettings;
  /** Absent: the best backend available. */
  backend?: BackendName;
  /** Bytes over which the data set is streamed from its files; absent: genre-model's 2 GiB. */
  memory?: number;
  /** Waveform-augmented copies of the data's tracks (`audio-dl preprocess --augment`). */
  augmented?: string;
  /** Train this many models and average them (needs the data set in memory). */
  ensemble?: number;
  /** Where the run is recorded (`runs/<id>/`), under which name, and the config kept with it; null: not recorded. */
  record: {
    runsDir: string;
    /** Absent: the model's name. */
    experiment?: string;
    source: RunRecord['source'];
    config: (sha256: string) => unknown;
  } | null;
  /** Each step as it happens, for the caller to print. */
  on?: {
    backend?(description: string, threads: number): void;
    data?(info: {
      model: string;
      recommended: boolean;
      epochs: number;
      kind: string;
      summary: string;
      opened: string;
    }): void;
    model?(summary: string): void;
    member?(j: number, of: number, seed: number): void;
  };
}

type ParsedSettings = ReturnType<typeof trainSettingsSchema.parse>;

/** `--split` when not given: by group when the data names one for every row (and says so), else by track. */
export function defaultSplit<D>(data: D, hasGroups: (d: D) => boolean): 'group' | 'track' {
  if (!hasGroups(data)) return 'track';
  process.stderr.write(
    'split: by group (the data names groups: no group on both sides; --split, or train.split in a pipeline config: track or segment to change)\n',
  );
  return 'group';
}

/** The library's options (`trainGenreModel`'s) from the settings as a person gives them, for one model. */
export function trainOptions(
  s: ParsedSettings,
  run: { model: ModelName; epochs: number; threads: number; splitKind: 'track' | 'segment' | 'group' },
) {
  const augment = {
    crop: s.crop,
    specAugment: s.specAugment === undefined ? undefined : s.specAugment ? {} : null,
    mixup: s.mixup,
  };
  return {
    model: run.model,
    epochs: run.epochs,
    batchSize: s.batchSize,
    learningRate: s.lr,
    split: {
      kind: run.splitKind,
      testSize: s.testSize,
      valSize: s.valSize,
      seed: s.seed,
      ...(s.testFold ? { testFold: s.testFold } : {}),
    },
    patience: s.patience,
    standardize: s.standardize,
    weightDecay: s.weightDecay,
    schedule: s.schedule,
    labelSmoothing: s.labelSmoothing,
    augment: Object.fromEntries(Object.entries(augment).filter(([, v]) => v !== undefined)),
    threads: run.threads,
    ...(s.classWeights ? { classWeights: s.classWeights } : {}),
    ...(s.pooling ? { pooling: s.pooling } : {}),
    ...(s.width ? { width: s.width } : {}),
  };
}

/** The backend line `audio-dl train` and `cv` print on stderr. */
export function sayBackend(description: string, threads: number): void {
  process.stderr.write(`backend: ${description}, ${threads} thread${threads === 1 ? '' : 's'}\n`);
}

/**
 * The first steps of every training command (`audio-dl train`, `cv`, the pipeline's train stage): parses the train
 * settings, starts the backend, opens the data (in memory or streamed, by the memory budget) and picks the model
 * (the recommended recipe unless one is named) and its epochs.
 */
export async function prepareTraining(
  settings: Pick<TrainingSettings, 'data' | 'train' | 'backend' | 'memory' | 'ensemble' | 'on'>,
) {
  const [gm, { describeBackend, initBackend }] = await Promise.all([
    import('@audio-dl/genre-model'),
    import('@audio-dl/tfjs-kernels/node'),
  ]);
  const s = trainSettingsSchema.parse(settings.train);
  const backend = await initBackend(settings.backend);
  const threads = s.threads ?? availableParallelism();
  settings.on?.backend?.(describeBackend(), threads);
  const memory = settings.memory ?? gm.DEFAULT_MEMORY_BYTES;
  const opened = await gm.openData(settings.data, { memory, standardize: s.standardize });
  if (settings.ensemble && opened.kind === 'stream')
    throw new Error(
      `${settings.data}: --ensemble needs the data set in memory, and it is streamed (over --memory); raise --memory or train one model`,
    );
  const data = opened.kind === 'memory' ? opened.data : opened.data.scan;
  const model = s.model ?? gm.recommendedModel(data.params);
  const epochs = s.epochs ?? gm.defaultEpochs(model, data.params);
  return { gm, settings: s, backend, threads, memory, opened, data, model, epochs };
}

/**
 * The train flow of `audio-dl train` and of the pipeline's train stage: `prepareTraining`, then trains the model
 * (or an ensemble), saves it with its metrics and records the run. Progress goes to stderr as Keras prints it.
 */
export async function runTraining(settings: TrainingSettings) {
  const [{ hashDataset, loadDataset }, { KerasProgress }] = await Promise.all([
    import('@audio-dl/dataset'),
    import('@audio-dl/trainer'),
  ]);
  const started = Date.now();
  const { gm, settings: s, backend, threads, memory, opened, data, model, epochs } = await prepareTraining(settings);
  const { describeOpened, disposeModel, formatShape, hashFile, modelSummary } = gm;
  const { saveTrainingRun, trainEnsemble, trainGenreModel } = gm;
  const { on = {} } = settings;
  const kind = data.params?.features ?? 'mfcc';
  on.data?.({
    model,
    recommended: !s.model,
    epochs,
    kind,
    summary: `${data.shape[0]} segments of ${formatShape(data.shape.slice(1))}, ${data.mapping.length} labels, ${kind} features`,
    opened: describeOpened(opened, memory),
  });
  const sha256 = await hashDataset(settings.data);
  const splitKind = s.split ?? defaultSplit(data, gm.hasGroups);
  const options = trainOptions(s, { model, epochs, threads, splitKind });
  const split = options.split;
  const context = {
    source: settings.data,
    sha256,
    backend,
    ...(settings.augmented
      ? {
          augmented: {
            data: await loadDataset(settings.augmented),
            source: settings.augmented,
            sha256: await hashFile(settings.augmented),
          },
        }
      : {}),
    progress: new KerasProgress(process.stderr, epochs),
    ...(on.model ? { onModel: (m: Parameters<typeof modelSummary>[0]) => on.model?.(modelSummary(m)) } : {}),
  };
  const result =
    settings.ensemble && opened.kind === 'memory'
      ? await trainEnsemble(opened.data, options, { ...context, onMember: on.member }, settings.ensemble)
      : await trainGenreModel(opened.data, options, context);
  const { confusionPlot, historyPlot } = await import('@audio-dl/plot');
  await saveTrainingRun(settings.out, result, {
    'history.png': historyPlot(result.history, `${result.meta.model}`),
    ...(result.metrics ? { 'confusion.png': confusionPlot(result.metrics) } : {}),
  });
  disposeModel(result.model);
  const { record } = settings;
  const recorded = record
    ? await recordRun(
        record.runsDir,
        record.experiment ?? model,
        {
          experiment: record.experiment ?? model,
          model,
          epochs,
          backend,
          seconds: (Date.now() - started) / 1000,
          ...runFigures(result),
          source: record.source,
        },
        { modelDir: settings.out, config: record.config(sha256), metrics: result.metrics },
      )
    : null;
  return { result, model, epochs, backend, split, recorded };
}
