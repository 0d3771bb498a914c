// ONNX export against `audio-dl predict` (issue 23): a 30-s 22050-Hz clip's ten segments classified by the exported
// ONNX file (waveform in: the front end runs in the graph) in onnxruntime-node, and by audio-dl's own prediction path
// (`predictFiles`, what `audio-dl predict` runs: decode, features, model), for the recommended `mel-cnn` on log-mel and
// the course's `cnn` on MFCC. Both sides timed the same way in one run: per call, from the file's bytes on disk to the
// averaged probabilities (the ONNX side decodes the WAV with audio-dl's own decoder), model loaded once beforehand, 2
// warm-up calls each, then the sides alternate call by call. Then whole processes, as a user runs them: `audio-dl
// predict --json` against the README's Node example (examples/classify.mjs), both over the whole clip in windows of a
// segment every half segment (19 windows). Medians and ranges; the in-process answers must agree to 1e-3. Needs a build for the CLI side (`npm run build`). Usage:
//   npx tsx tools/bench/onnx-predict.ts [--runs 7] [--cli packages/pipeline/bin/audio-dl.cjs]
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { type FeatureParams, featureParamsSchema, trackFeatures } from '@audio-dl/dataset';
import { decodeWav, encodeWav, mulberry32 } from '@audio-dl/dsp';
import {
  disposeModel,
  loadModel,
  type ModelName,
  predictFiles,
  saveModel,
  trainGenreModel,
} from '@audio-dl/genre-model';
import { exportOnnx } from '@audio-dl/onnx-export';
import { initBackend } from '@audio-dl/tfjs-kernels/node';
import * as ort from 'onnxruntime-node';
import { z } from 'zod';
import { median } from './harness';

const ROOT = path.resolve(__dirname, '../..');
const flags = z
  .object({
    runs: z.coerce.number().int().min(3).default(7),
    cli: z.string().default(path.join(ROOT, 'packages/pipeline/bin/audio-dl.cjs')),
    /** Keep tmp/bench-onnx (the models, the ONNX files and the clip) for a closer look. */
    keep: z.boolean().default(false),
  })
  .parse(
    parseArgs({ options: { runs: { type: 'string' }, cli: { type: 'string' }, keep: { type: 'boolean' } } }).values,
  );

const BASE = path.join(ROOT, 'tmp', 'bench-onnx');
const SR = 22050;
const LABELS = ['low', 'mid', 'high'];

/** 30 s of a seeded tone per label with noise. */
function clip(label: number, seed: number): Float32Array {
  const rand = mulberry32(seed);
  const f = [180, 600, 1900][label] * (1 + 0.05 * rand());
  return Float32Array.from(
    { length: SR * 30 },
    (_, i) =>
      0.4 * Math.sin((2 * Math.PI * f * i) / SR) + 0.2 * Math.sin((6 * Math.PI * f * i) / SR) + 0.1 * (rand() - 0.5),
  );
}

/** A model of `kind` trained 2 epochs on 4 clips per label (the weights only have to be real, not good). */
async function model(kind: ModelName, params: FeatureParams, dir: string): Promise<void> {
  const features: number[] = [];
  const labels: number[] = [];
  const tracks: string[] = [];
  for (const [label] of LABELS.entries())
    for (let t = 0; t < 4; t++) {
      const out = trackFeatures(clip(label, label * 10 + t + 1), params);
      features.push(...out.features);
      for (const _ of out.kept) {
        labels.push(label);
        tracks.push(`${label}/${t}`);
      }
    }
  const bands = params.features === 'logmel' ? params.nMels : params.nMfcc;
  const n = labels.length;
  const data = {
    mapping: LABELS,
    labels: Int32Array.from(labels),
    features: Float32Array.from(features),
    shape: [n, features.length / n / bands, bands] as [number, number, number],
    tracks,
    params,
  };
  const result = await trainGenreModel(
    data,
    { model: kind, epochs: 2, split: { seed: 1 } },
    {
      source: 'bench',
      sha256: '0'.repeat(64),
      backend: 'wasm',
    },
  );
  await fs.mkdir(dir, { recursive: true });
  await saveModel(dir, result.model, result.meta);
  disposeModel(result.model);
}

const fmt = (xs: number[]): string =>
  `${median(xs).toFixed(1)} ms (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`;

async function main(): Promise<void> {
  await fs.rm(BASE, { recursive: true, force: true });
  await fs.mkdir(BASE, { recursive: true });
  const backend = await initBackend();
  console.log(
    `machine: ${cpus().length} × ${cpus()[0].model}; load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; backend ${backend}`,
  );
  const file = path.join(BASE, 'clip.wav');
  await fs.writeFile(file, encodeWav(clip(1, 99), SR));
  // The course's GTZAN settings (the schema's defaults: 22050 Hz, 30 s, 10 segments): 64-band log-mel for the
  // recipe, 13 MFCCs for the course's CNN.
  const cases: [ModelName, FeatureParams][] = [
    ['mel-cnn', featureParamsSchema.parse({ features: 'logmel', nMels: 64 })],
    ['cnn', featureParamsSchema.parse({})],
  ];
  for (const [kind, params] of cases) {
    const dir = path.join(BASE, kind);
    await model(kind, params, dir);
    const onnxFile = path.join(BASE, `${kind}.onnx`);
    const { info } = await exportOnnx(dir, onnxFile);
    const loaded = await loadModel(dir);
    const session = await ort.InferenceSession.create(onnxFile, { intraOpNumThreads: cpus().length });
    const viaPredict = async (): Promise<number[]> => {
      const [p] = await predictFiles(loaded.model, loaded.meta, [file], { top: LABELS.length, first: 30 });
      if (!p.ok) throw new Error(p.error);
      return LABELS.map((l) => p.probabilities.find((q) => q.genre === l)?.probability ?? Number.NaN);
    };
    const viaOnnx = async (): Promise<number[]> => {
      const y = decodeWav(await fs.readFile(file), file).channelData[0];
      const size = info.segmentSamples;
      const count = Math.floor(y.length / size); // the clip's ten back-to-back segments, as `predict --first 30`
      const out = await session.run({ waveform: new ort.Tensor('float32', y.slice(0, count * size), [count, size]) });
      const p = out.probabilities.data as Float32Array;
      return LABELS.map((_, c) => {
        let s = 0;
        for (let i = 0; i < count; i++) s += p[i * LABELS.length + c];
        return s / count;
      });
    };
    const a = await viaPredict();
    const b = await viaOnnx();
    const diff = Math.max(...a.map((v, i) => Math.abs(v - b[i])));
    if (diff > 1e-3) throw new Error(`${kind}: ONNX and predict differ by ${diff}`);
    for (let w = 0; w < 2; w++) {
      await viaPredict();
      await viaOnnx();
    }
    const tp: number[] = [];
    const to: number[] = [];
    for (let r = 0; r < flags.runs; r++) {
      let t = performance.now();
      await viaPredict();
      tp.push(performance.now() - t);
      t = performance.now();
      await viaOnnx();
      to.push(performance.now() - t);
    }
    console.log(
      `${kind} (${params.features}), in process, 10 segments of a 30-s clip: predict ${fmt(tp)}, ONNX ${fmt(to)}; predict/ONNX ${(median(tp) / median(to)).toFixed(2)}×; answers differ by ${diff.toExponential(1)}`,
    );
    await session.release();
    disposeModel(loaded.model);
    // Whole processes, as a user runs them.
    const cp: number[] = [];
    const co: number[] = [];
    const time = (cmd: string, args: string[]): number => {
      const t = performance.now();
      const r = spawnSync(cmd, args, { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
      return performance.now() - t;
    };
    const example = path.join(ROOT, 'packages/onnx-export/examples/classify.mjs');
    for (let r = 0; r < flags.runs; r++) {
      cp.push(time(process.execPath, [flags.cli, 'predict', '--model', dir, file, '--json']));
      co.push(time(process.execPath, [example, onnxFile, file]));
    }
    console.log(
      `${kind} (${params.features}), whole processes: audio-dl predict --json ${fmt(cp)}, node examples/classify.mjs ${fmt(co)}; ratio ${(median(cp) / median(co)).toFixed(2)}×`,
    );
  }
  if (!flags.keep) await fs.rm(BASE, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
