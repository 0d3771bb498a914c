import * as path from 'node:path';
import { writeDirAtomic } from '@audio-dl/dataset';
import { z } from 'zod';
import { parseFlags, UsageError } from './command';
import { DEFAULT_CONFIG_FILE, type LoadedConfig, loadConfig } from './config';
import type * as ReportModule from './report/report';
import type * as DataModule from './stages/data';
import type * as DatasetModule from './stages/dataset';
import type * as DecodeModule from './stages/decode';
import type * as EvaluateModule from './stages/evaluate';
import { STAGES, type StageContext, StageError, type StageName, stageDir, writeJson } from './stages/io';
import type * as MfccModule from './stages/mfcc';
import type { StageRecord } from './stages/records';
import type * as SegmentModule from './stages/segment';
import type * as TrainModule from './stages/train';

type StageFn = (ctx: StageContext, out: string) => Promise<Record<string, unknown>>;

/** Each stage's module is loaded only when it runs (tfjs is slow to load and decode does not need it). */
const loaders: Record<Exclude<StageName, 'data'>, () => StageFn> = {
  decode: () => (require('./stages/decode') as typeof DecodeModule).decode,
  segment: () => (require('./stages/segment') as typeof SegmentModule).segment,
  mfcc: () => (require('./stages/mfcc') as typeof MfccModule).mfcc,
  dataset: () => (require('./stages/dataset') as typeof DatasetModule).dataset,
  train: () => (require('./stages/train') as typeof TrainModule).train,
  evaluate: () => (require('./stages/evaluate') as typeof EvaluateModule).evaluate,
  report: () => (require('./report/report') as typeof ReportModule).report,
};

/** The config sections a stage runs with, recorded in its `stage.json` (the report shows them). */
const SECTIONS: Record<StageName, (keyof LoadedConfig['config'])[]> = {
  data: ['data'],
  decode: ['data', 'decode'],
  segment: ['segment'],
  mfcc: ['mfcc'],
  dataset: ['dataset'],
  train: ['train', 'experiments'],
  evaluate: ['evaluate'],
  report: ['report'],
};

const PER_EXPERIMENT: ReadonlySet<StageName> = new Set(['train', 'evaluate', 'report']);

/**
 * Runs one stage: its outputs go to a temporary folder that replaces `artifacts/<stage>` only on
 * success, with a `stage.json` record (time taken, config sections, summary) beside them.
 */
export async function runStage(
  stage: StageName,
  configFile: string,
  experiment = 'default',
): Promise<StageRecord | null> {
  const loaded = loadConfig(configFile);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const ctx: StageContext = { loaded, experiment, log };
  if (stage === 'data') {
    await (require('./stages/data') as typeof DataModule).ensureData(ctx);
    return null;
  }
  const run = loaders[stage]();
  const dir = stageDir(loaded, stage, PER_EXPERIMENT.has(stage) ? experiment : undefined);
  const startedAt = new Date();
  return writeDirAtomic(dir, async (tmp) => {
    const summary = await run(ctx, tmp);
    const config: Record<string, unknown> = {};
    for (const section of SECTIONS[stage]) config[section] = loaded.config[section];
    const record: StageRecord = {
      stage,
      experiment,
      startedAt: startedAt.toISOString(),
      seconds: (Date.now() - startedAt.getTime()) / 1000,
      config,
      summary,
    };
    await writeJson(path.join(tmp, 'stage.json'), record);
    return record;
  });
}

const flagsSchema = z.object({
  config: z.string().min(1).default(DEFAULT_CONFIG_FILE),
  experiment: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .default('default'),
});

/** `node dist/stage-cli.js <stage> [--config FILE] [--experiment NAME]`: what each Nx pipeline target runs. */
export async function stageMain(argv: string[]): Promise<number> {
  try {
    const { flags, positionals } = parseFlags(
      argv,
      { config: { type: 'string' }, experiment: { type: 'string' } },
      flagsSchema,
    );
    const stage = positionals[0] as StageName;
    if (positionals.length !== 1 || !STAGES.includes(stage)) {
      throw new UsageError(`expected one stage name (${STAGES.join(', ')}), got ${JSON.stringify(positionals)}`);
    }
    const record = await runStage(stage, flags.config, flags.experiment);
    if (record) process.stderr.write(`${stage}: done in ${record.seconds.toFixed(1)} s\n`);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`stage: ${err.message}\nUsage: stage-cli <stage> [--config FILE] [--experiment NAME]\n`);
      return 2;
    }
    // StageError already names the stage, the file and why; anything else is prefixed here.
    const message = err instanceof StageError ? err.message : `stage ${argv[0]} failed: ${(err as Error).message}`;
    process.stderr.write(`${message}\n`);
    return 1;
  }
}

if (require.main === module) {
  stageMain(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
