// Piscina worker of the mfcc stage: one task per track. Loaded as dist/stages/mfcc-worker.js, or from the
// sources through tsx under Jest (see `mfccPool` in mfcc.ts).
import { type FeatureParams, trackFeatures } from '@audio-dl/dataset';
import { fromInt16 } from './signals';

export interface MfccTask {
  pcm: Int16Array;
  params: FeatureParams;
}

export interface MfccResult {
  features: Float32Array;
  kept: number[];
}

export default function mfccTask({ pcm, params }: MfccTask): MfccResult {
  const { features, kept } = trackFeatures(fromInt16(pcm), params);
  return { features, kept };
}
