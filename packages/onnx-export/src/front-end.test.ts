import { type FeatureParams, featureBands, segmentLayout, trackFeatures } from '@audio-dl/dataset';
import { tinyParams, toneClip } from './__fixtures__/models';
import { runOrt } from './__fixtures__/ort';
import { addFrontEnd } from './front-end';
import { GraphBuilder } from './graph';

/** The front end alone as an ONNX model: one segment's waveform per row to its features. */
function frontEndModel(params: FeatureParams): Uint8Array {
  const g = new GraphBuilder();
  const { samplesPerSegment, expectedVectors } = segmentLayout(params);
  const waveform = g.input('waveform', ['batch', samplesPerSegment]);
  g.output(addFrontEnd(g, waveform, params), ['batch', expectedVectors, featureBands(params)]);
  return g.encode('front_end', {}, '');
}

const cases: [string, FeatureParams][] = [
  ['log-mel', tinyParams('logmel')],
  ['MFCC', tinyParams('mfcc')],
  ['log-mel from 100 to 3000 Hz (fmin, fmax)', { ...tinyParams('logmel'), fmin: 100, fmax: 3000 }],
];

describe('addFrontEnd', () => {
  it.each(cases)('computes the %s features audio-dl computes, within 0.01 (dB or MFCC units)', async (_, params) => {
    const { samplesPerSegment } = segmentLayout(params);
    const clip = toneClip(2, 11, params.sr);
    const { features, kept } = trackFeatures(clip, params);
    expect(kept).toEqual([0, 1]);
    const got = await runOrt(frontEndModel(params), clip.slice(0, 2 * samplesPerSegment), [2, samplesPerSegment]);
    expect(got.output.length).toBe(features.length);
    let worst = 0;
    for (let i = 0; i < features.length; i++) worst = Math.max(worst, Math.abs(got.output[i] - features[i]));
    expect(worst).toBeLessThan(0.01);
  });
});
