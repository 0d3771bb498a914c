import { type FeatureParams, featureBands, segmentLayout } from '@audio-dl/dataset';
import { dctMatrix, melFilterBank } from '@audio-dl/dsp';
import type { GraphBuilder } from './graph';
import { addPowerSpectrum } from './power-spectrum';

// power_to_db's amin and top_db as audio-dl's (librosa's) features use them.
const AMIN = 1e-10;
const TOP_DB = 80;

/**
 * Adds the feature front end to `g`: one segment's mono waveform, `float32[batch, samples]`, to the features audio-dl
 * computes for it, `float32[batch, frames, bands]` (log-mel or MFCC, frames first). As `createMelDbFrames` does:
 * centred frames (zero padding of nFft/2 on both sides), periodic Hann, the power spectrum (`addPowerSpectrum`), librosa's Slaney mel
 * filters (from fmin to fmax), 10·log10(max(mel, 1e-10)), clamped to 80 dB below the segment's peak, then for MFCC the orthonormal
 * DCT-II. It computes in float32 (ONNX Runtime's float kernels are several times faster than its double ones); audio-dl
 * computes in float64, and the two agree to about 1e-5 in probability (the tests hold them to 1e-3).
 */
export function addFrontEnd(g: GraphBuilder, waveform: string, params: FeatureParams): string {
  const { sr, nFft, hopLength, nMels, fmin, fmax } = params;
  const { expectedVectors, samplesPerSegment } = segmentLayout(params);
  const half = nFft >> 1;
  const padded = g.node('Pad', [waveform, g.int64('centre_pads', [0, half, 0, half])], { mode: 'constant' }, 'centre');
  const frames = 1 + Math.floor(samplesPerSegment / hopLength);
  const { power, bins } = addPowerSpectrum(g, padded, nFft, hopLength, frames);
  const bank = melFilterBank({ sr, nFft, nMels, fmin, fmax });
  const [bankMels, bankBins] = bank.shape;
  // Filter rows in the spectrum's bin order; a bin the filters do not use (above nFft/2) keeps a zero row.
  const melT = new Float32Array(bins.length * bankMels);
  bins.forEach((k, j) => {
    if (k >= 0) for (let m = 0; m < bankMels; m++) melT[j * bankMels + m] = bank.data[m * bankBins + k];
  });
  const mel = g.node('MatMul', [power, g.float('mel_filters', melT, [bins.length, bankMels])], {}, 'mel');
  const floored = g.node('Max', [mel, g.float('amin', [AMIN], [])], {}, 'amin');
  const ln = g.node('Log', [floored], {}, 'ln');
  const db = g.node('Mul', [ln, g.float('db_per_neper', [10 / Math.LN10], [])], {}, 'db');
  // top_db is relative to the segment's loudest value (each batch row is one segment).
  const peak = g.node('ReduceMax', [db], { axes: [1, 2], keepdims: 1 }, 'peak');
  const floor = g.node('Sub', [peak, g.float('top_db', [TOP_DB], [])], {}, 'floor');
  let features = g.node('Max', [db, floor], {}, 'log_mel');
  if (params.features === 'mfcc') {
    const bands = featureBands(params);
    const dct = dctMatrix(bands, nMels, 'ortho');
    const dctT = new Float32Array(nMels * bands);
    for (let k = 0; k < bands; k++) for (let i = 0; i < nMels; i++) dctT[i * bands + k] = dct[k * nMels + i];
    features = g.node('MatMul', [features, g.float('dct', dctT, [nMels, bands])], {}, 'mfcc');
  }
  // A segment of k·hop samples gives k + 1 frames; audio-dl keeps the first expectedVectors.
  const kept = g.node(
    'Slice',
    [features, g.int64('first_frame', [0]), g.int64('frames', [expectedVectors]), g.int64('frame_axis', [1])],
    {},
    'frames',
  );
  return g.node('Identity', [kept], {}, 'features');
}
