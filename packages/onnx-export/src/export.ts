import { promises as fs } from 'node:fs';
import { type FeatureParams, featureBands, segmentLayout, writeAtomic } from '@audio-dl/dataset';
import { loadModel, type ModelMeta } from '@audio-dl/genre-model';
import type * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { addFrontEnd } from './front-end';
import { GraphBuilder, OPSET } from './graph';
import { OnnxExportError } from './layers';
import { addNetwork } from './network';

/** What `audio-dl export --format onnx` and `exportOnnx` take. */
export const onnxExportOptionsSchema = z.object({
  /** `waveform`: the graph takes one segment's mono waveform and computes the features; `none`: it takes the features. */
  frontEnd: z.enum(['waveform', 'none']).default('waveform'),
});
export type OnnxExportOptions = z.input<typeof onnxExportOptionsSchema>;

/** `model.onnx.json` beside the model, and the same in its metadata properties: what the input must be. */
export const onnxModelInfoSchema = z.object({
  format: z.literal('audio-dl-onnx'),
  version: z.literal(1),
  opset: z.number().int(),
  model: z.string(),
  labels: z.array(z.string()),
  input: z.object({
    name: z.string(),
    kind: z.enum(['waveform', 'features']),
    /** `batch` is symbolic: any number of segments at once. */
    shape: z.array(z.union([z.literal('batch'), z.number().int().positive()])),
    description: z.string(),
  }),
  output: z.object({ name: z.string(), shape: z.array(z.union([z.literal('batch'), z.number().int()])) }),
  sampleRate: z.number().int(),
  segmentSamples: z.number().int(),
  segmentSeconds: z.number(),
  features: z.object({
    kind: z.enum(['mfcc', 'logmel']),
    frames: z.number().int(),
    bands: z.number().int(),
    nFft: z.number().int(),
    hopLength: z.number().int(),
    nMels: z.number().int(),
    nMfcc: z.number().int(),
    /** The mel filters' range in Hz (librosa's fmin, fmax). */
    fmin: z.number(),
    fmax: z.number(),
  }),
  /**
   * How `audio-dl predict` covers a file: every full window of `segmentSamples` starting every `hopSamples` (half a
   * segment), over the whole file; the file's answer is the mean of its windows' probabilities.
   */
  prediction: z.object({ hopSamples: z.number().int().positive() }),
  ensembleMembers: z.number().int().nullable(),
});
export type OnnxModelInfo = z.infer<typeof onnxModelInfoSchema>;

/** The ONNX model of a loaded audio-dl model, and the description written beside it. */
export function onnxModel(
  model: tf.LayersModel,
  meta: ModelMeta,
  options: OnnxExportOptions = {},
): { bytes: Uint8Array; info: OnnxModelInfo } {
  const { frontEnd } = onnxExportOptionsSchema.parse(options);
  const params: FeatureParams | null = meta.featureParams;
  if (!params)
    throw new OnnxExportError(
      'the model was trained on a data file that does not record its feature parameters, so its front end is unknown',
    );
  const { samplesPerSegment, expectedVectors } = segmentLayout(params);
  const bands = featureBands(params);
  const g = new GraphBuilder();
  const waveform = frontEnd === 'waveform';
  const inputName = waveform ? 'waveform' : 'features';
  const inputShape: ('batch' | number)[] = waveform ? ['batch', samplesPerSegment] : ['batch', ...meta.sampleShape];
  const input = g.input(inputName, inputShape);
  const features = waveform ? addFrontEnd(g, input, params) : input;
  const logits = addNetwork(g, features, model, meta);
  const output = g.node('Identity', [logits], {}, 'probabilities');
  const classes = meta.mapping.length;
  g.output(output, ['batch', classes]);
  const seconds = samplesPerSegment / params.sr;
  const info: OnnxModelInfo = {
    format: 'audio-dl-onnx',
    version: 1,
    opset: OPSET,
    model: meta.model,
    labels: meta.mapping,
    input: {
      name: input,
      kind: waveform ? 'waveform' : 'features',
      shape: inputShape,
      description: waveform
        ? `mono float32 waveform at ${params.sr} Hz, one segment of ${samplesPerSegment} samples (${seconds.toFixed(3)} s) per row`
        : `${params.features} features of one segment, [${expectedVectors} frames, ${bands} bands] per row, as audio-dl computes them (not standardised)`,
    },
    output: { name: output, shape: ['batch', classes] },
    sampleRate: params.sr,
    segmentSamples: samplesPerSegment,
    segmentSeconds: seconds,
    features: {
      kind: params.features,
      frames: expectedVectors,
      bands,
      nFft: params.nFft,
      hopLength: params.hopLength,
      nMels: params.nMels,
      nMfcc: params.nMfcc,
      fmin: params.fmin ?? 0,
      fmax: params.fmax ?? params.sr / 2,
    },
    prediction: { hopSamples: Math.max(1, Math.floor(samplesPerSegment / 2)) },
    ensembleMembers: meta.ensemble?.members ?? null,
  };
  const metadata: Record<string, string> = {
    'audio-dl': JSON.stringify(info),
    labels: JSON.stringify(info.labels),
    sample_rate: String(info.sampleRate),
    segment_samples: String(info.segmentSamples),
    input: info.input.description,
  };
  const doc = `audio-dl ${meta.model}: ${info.input.description} → probabilities of ${classes} classes`;
  return { bytes: g.encode(`audio_dl_${meta.model.replace(/-/g, '_')}`, metadata, doc), info };
}

/** The description file written beside `out`. */
export const infoPath = (out: string): string => `${out}.json`;

/**
 * Loads the model in `modelDir` (with every check `loadModel` makes) and writes it as ONNX to `out`, with its
 * description beside it (`out.json`). Both files are written whole or not at all.
 */
export async function exportOnnx(
  modelDir: string,
  out: string,
  options: OnnxExportOptions = {},
): Promise<{ out: string; bytes: number; info: OnnxModelInfo }> {
  const { model, meta } = await loadModel(modelDir);
  try {
    const { bytes, info } = onnxModel(model, meta, options);
    await writeAtomic(out, (tmp) => fs.writeFile(tmp, bytes));
    await writeAtomic(infoPath(out), (tmp) => fs.writeFile(tmp, `${JSON.stringify(info, null, 2)}\n`));
    return { out, bytes: bytes.length, info };
  } finally {
    model.dispose();
  }
}
