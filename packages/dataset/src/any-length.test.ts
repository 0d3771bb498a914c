import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeWav } from '@audio-dl/dsp';
import { loadAudio } from '@audio-dl/dsp/node';
import { loadDataset } from './load';
import { defaultFeatureParams, type FeatureParamsInput, featureParamsSchema, segmentLayout } from './params';
import { preprocess } from './preprocess';
import { centred, trackFeatures } from './segments';

let root: string;

const wave = (seconds: number, sr: number, amp = 0.4): Float32Array =>
  Float32Array.from({ length: Math.round(seconds * sr) }, (_, i) => amp * Math.sin((2 * Math.PI * 440 * i) / sr));

/** 16-bit PCM stereo WAV, the same signal in both channels. */
const stereoWav = (signal: Float32Array, sr: number): Uint8Array => encodeWav([signal, signal], sr);

async function put(rel: string, bytes: Buffer | Uint8Array): Promise<void> {
  await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
  await fs.writeFile(path.join(root, rel), bytes);
}

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'any-length-'));
  await put('a/short-8k.wav', encodeWav(wave(0.14, 8000), 8000));
  await put('a/mid-96k.wav', encodeWav(wave(0.45, 96000), 96000));
  await put('a/stereo-44k.wav', stereoWav(wave(0.3, 44100), 44100));
  // 2 s of a 440 Hz sine at 44.1 kHz (dsp's FLAC fixture, in the repository).
  await put('b/sine.flac', await fs.readFile(path.join(__dirname, '../../dsp/src/__fixtures__/audio/sine-2s.flac')));
  await put('b/long-16k.wav', encodeWav(wave(1.3, 16000), 16000));
  await put('b/tiny.wav', encodeWav(wave(0.02, 22050), 22050));
  await put('b/silent.wav', encodeWav(new Float32Array(11025), 22050));
});
afterAll(() => fs.rm(root, { recursive: true, force: true }));

describe('preprocess: clips of any length and rate', () => {
  it('chooses the segment length from the clips, pads short ones, cuts long ones and names what it drops', async () => {
    const out = path.join(root, 'out', 'd.arrow');
    const summary = await preprocess(root, { out, workers: 0, segmentLength: 'auto' });
    // Lengths 0.02, 0.14, 0.30, 0.45, 0.50, 1.30, 2.00 s (tiny and silent measured too): the median is 0.45 s.
    expect(summary.segmentChoice?.seconds).toBe(0.5);
    expect(summary.segmentChoice?.reason).toMatch(/^segments of 0\.5 s: 71 % of clips are no longer/);
    expect(summary.droppedClips).toEqual([
      { path: 'b/silent.wav', reason: 'dropped: silent' },
      { path: 'b/tiny.wav', reason: 'dropped: 0.020 s, shorter than --min-seconds 0.070 s' },
    ]);
    expect(summary.failed).toEqual([]);
    const data = await loadDataset(out);
    expect(data.params?.segmentSeconds).toBe(0.5);
    expect(data.tracks).toEqual([
      'a/mid-96k.wav',
      'a/short-8k.wav',
      'a/stereo-44k.wav',
      'b/long-16k.wav',
      'b/long-16k.wav',
      ...new Array(4).fill('b/sine.flac'),
    ]);
    // Padded clips end where they end; 1.3 s gives 2 whole segments of 0.5 s, 2 s gives 4. No features named and
    // clip-length segments: 64-band log-mel.
    expect(data.shape).toEqual([9, Math.ceil(11025 / 512), 64]);
    expect(data.params).toMatchObject({ features: 'logmel', nMels: 64 });
    expect(Array.from(data.ends ?? []).map((x) => Math.round(x * 100) / 100)).toEqual([
      0.45, 0.14, 0.3, 0.5, 1, 0.5, 1, 1.5, 2,
    ]);
  });

  it('cuts a clip longer than a segment into whole segments, and pads a short one in the middle', async () => {
    const out = path.join(root, 'out', 'cut.json');
    const summary = await preprocess(path.join(root), { out, workers: 0, params: { segmentSeconds: 0.25 } });
    expect(summary.segmentChoice).toBeNull();
    const data = await loadDataset(out);
    const count = (t: string) => data.tracks.filter((x) => x === t).length;
    // A segment is round(22050 · 0.25) = 5513 samples: 1.3 s holds 5 whole ones, 2 s (44100 samples) 7.
    expect([count('a/short-8k.wav'), count('a/mid-96k.wav'), count('b/long-16k.wav'), count('b/sine.flac')]).toEqual([
      1, 1, 5, 7,
    ]);
    expect(
      Array.from(data.starts ?? []).slice(
        data.tracks.indexOf('b/long-16k.wav'),
        data.tracks.indexOf('b/long-16k.wav') + 3,
      ),
    ).toEqual([0, 5513 / 22050, 11026 / 22050]);
  });

  it('computes log-mel over the mel range asked (fmin, fmax), and refuses one past the Nyquist frequency', async () => {
    const run = async (name: string, params: FeatureParamsInput) => {
      await preprocess(root, { out: path.join(root, 'out', `${name}.arrow`), workers: 0, params });
      return loadDataset(path.join(root, 'out', `${name}.arrow`));
    };
    const whole = await run('whole', { segmentSeconds: 0.5 });
    const limited = await run('limited', { segmentSeconds: 0.5, fmin: 100, fmax: 4000 });
    expect(whole.params?.fmax).toBeUndefined();
    expect(limited.params).toMatchObject({ fmin: 100, fmax: 4000 });
    // The rows hold the features of those filters: `trackFeatures` with the recorded params, not the full range's.
    const row = limited.tracks.indexOf('b/long-16k.wav');
    const audio = await loadAudio(path.join(root, 'b/long-16k.wav'), { sr: 22050 });
    const size = limited.shape[1] * limited.shape[2];
    const own = trackFeatures(audio.signal, featureParamsSchema.parse(limited.params));
    expect(limited.features.subarray(row * size, (row + 1) * size)).toEqual(own.features.subarray(0, size));
    expect(whole.features.subarray(row * size, (row + 1) * size)).not.toEqual(own.features.subarray(0, size));
    await expect(run('above', { segmentSeconds: 0.5, fmax: 12000 })).rejects.toThrow(
      'fmax 12000 Hz is above the Nyquist frequency of sr 22050 Hz',
    );
  });

  it('pads with silence centred, at prediction as in preprocessing', () => {
    expect(Array.from(centred(Float32Array.of(1, 2), 6))).toEqual([0, 0, 1, 2, 0, 0]);
    const params = { ...segmentParams(0.5) };
    const short = trackFeatures(wave(0.2, 22050), params);
    expect(short.kept).toEqual([0]);
    const padded = trackFeatures(centred(wave(0.2, 22050), segmentLayout(params).samplesPerSegment), params);
    expect(short.features).toEqual(padded.features);
  });
});

function segmentParams(segmentSeconds: number) {
  return { ...defaultFeatureParams, segmentSeconds };
}
