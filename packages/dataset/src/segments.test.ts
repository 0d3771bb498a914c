import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadAudio } from '@audio-dl/dsp/node';
import { z } from 'zod';
// The librosa fixtures copied into dsp's tests (segments.json), and track30.wav regenerated (see their README).
import { track30File } from '../../dsp/src/__fixtures__/track30';
import { defaultFeatureParams } from './params';
import { segmentSpan, trackFeatures } from './segments';

const SEGMENTS_JSON = path.join(__dirname, '../../dsp/src/__fixtures__/librosa/segments.json');

/** The part of segments.json this test reads: librosa's 13 × 130 MFCC of segments 0 and 9. */
const mfcc13x130 = z.array(z.array(z.number()).length(130)).length(13);
const segmentsJson = z.object({ segment0: z.object({ mfcc: mfcc13x130 }), segment9: z.object({ mfcc: mfcc13x130 }) });

describe('trackFeatures', () => {
  it('matches librosa on segments 0 and 9 of track30.wav within 1e-3, stored transposed', async () => {
    const golden = segmentsJson.parse(JSON.parse(readFileSync(SEGMENTS_JSON, 'utf8')));
    const audio = await loadAudio(track30File());
    const { features, kept, dropped } = trackFeatures(audio.signal, defaultFeatureParams);
    expect(kept).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(dropped).toBe(0);
    expect(features.length).toBe(10 * 130 * 13);
    for (const [s, ref] of [
      [0, golden.segment0.mfcc],
      [9, golden.segment9.mfcc],
    ] as const) {
      let worst = 0;
      for (let c = 0; c < 13; c++) {
        for (let t = 0; t < 130; t++) {
          worst = Math.max(worst, Math.abs(features[s * 130 * 13 + t * 13 + c] - ref[c][t]));
        }
      }
      expect(worst).toBeLessThan(1e-3);
    }
  });

  it('uses only the first `duration` seconds and drops segments with fewer vectors', () => {
    const params = { ...defaultFeatureParams, sr: 8000, duration: 2, segments: 4 };
    // 4000 samples per segment → ceil(4000/512) = 8 vectors; 1.6 s leaves segment 3 with 800 samples.
    const short = trackFeatures(new Float32Array(12800).fill(0.1), params);
    expect(short.kept).toEqual([0, 1, 2]);
    expect(short.dropped).toBe(1);
    expect(short.features.length).toBe(3 * 8 * 13);
    const long = trackFeatures(new Float32Array(80000).fill(0.1), params);
    expect(long.kept).toEqual([0, 1, 2, 3]);
  });

  it('keeps the first expectedVectors when a segment of k·hop samples yields k + 1', () => {
    const params = { ...defaultFeatureParams, sr: 8192, duration: 1, segments: 2 };
    const y = Float32Array.from({ length: 8192 }, (_, i) => Math.sin(i / 7));
    const { features, kept } = trackFeatures(y, params);
    expect(kept).toEqual([0, 1]);
    expect(features.length).toBe(2 * 8 * 13);
  });
});

describe('segmentSpan', () => {
  const params = { ...defaultFeatureParams, segmentSeconds: 1 };
  it('gives the seconds of the file a row holds: whole segments, the last cut at the clip end', () => {
    // A 2.5-s region starting 2 s into its file: segments 0 and 1.
    expect(segmentSpan(0, params, 2, 2.5)).toEqual({ start: 2, end: 3 });
    expect(segmentSpan(1, params, 2, 2.5)).toEqual({ start: 3, end: 4 });
  });
  it('gives a clip shorter than a segment (padded) its own length', () => {
    expect(segmentSpan(0, params, 0, 0.4)).toEqual({ start: 0, end: 0.4 });
  });
});
