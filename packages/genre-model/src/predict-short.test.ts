import { centred, featureParamsSchema, segmentLayout } from '@audio-dl/dataset/portable';
import { type DecodedAudio, encodeWav } from '@audio-dl/dsp';
import { initBackend } from '@audio-dl/tfjs-kernels/node';
import { tone, toneDataset } from './__fixtures__/tones';
import { disposeModel } from './models';
import { predictBytes, predictSignal } from './predict-audio';
import { trainGenreModel } from './train';

jest.setTimeout(180_000);

describe('prediction with a model trained on short clips', () => {
  it('reads the segment length from the model and pads a short clip in the middle, as preprocessing did', async () => {
    await initBackend('wasm');
    const data = toneDataset(4);
    const params = featureParamsSchema.parse({ ...data.params, segmentSeconds: 0.5 });
    // The fixture's samples are 0.5 s segments: the same shape a 0.5-s segmentSeconds model takes.
    expect(segmentLayout(params).expectedVectors).toBe(data.shape[1]);
    const { model, meta } = await trainGenreModel(
      { ...data, params },
      { model: 'mlp', epochs: 1 },
      { source: 'tones', sha256: '0', backend: 'wasm' },
    );
    const sr = params.sr;
    const audio = (signal: Float32Array): DecodedAudio => ({
      signal,
      sr,
      originalSr: sr,
      channels: 1,
      duration: signal.length / sr,
    });
    const short = tone(230, 0.2, sr, 5);
    const a = predictSignal(model, meta, params, audio(short), 'short.wav');
    const b = predictSignal(model, meta, params, audio(centred(short, segmentLayout(params).samplesPerSegment)), 'b');
    expect(a).toMatchObject({ ok: true, segments: 1 });
    if (a.ok && b.ok) expect(a.probabilities).toEqual(b.probabilities);
    // The path of `audio-dl predict`, the server and the page (windows over a stream) pads it the same way.
    const windowed = await predictBytes(model, meta, encodeWav(short, sr, 'float32'), 'short.wav', { timeline: true });
    expect(windowed).toMatchObject({ ok: true, segments: 1 });
    if (a.ok && windowed.ok) {
      windowed.probabilities.forEach((p, i) => {
        expect(p.probability).toBeCloseTo(a.probabilities[i].probability, 6);
      });
      expect(windowed.windows).toHaveLength(1);
      expect(windowed.windows?.[0].start).toBe(0);
      expect(windowed.windows?.[0].end).toBeCloseTo(0.2, 6);
    }
    // Shorter than the shortest clip kept in training: refused, naming the file.
    const tiny = await predictBytes(model, meta, encodeWav(tone(230, 0.01, sr, 7), sr, 'float32'), 'tiny.wav');
    expect(tiny).toMatchObject({ ok: false });
    if (!tiny.ok)
      expect(tiny.error).toMatch(
        /^tiny\.wav: too short \(0\.01 s of audio; the model was trained on clips of at least 0\.03 s\)/,
      );
    // A whole file longer than a segment: every whole segment.
    const long = predictSignal(model, meta, params, audio(tone(230, 1.6, sr, 6)), 'long.wav');
    expect(long).toMatchObject({ ok: true, segments: 3 });
    disposeModel(model);
  });
});
