import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeWav } from '@audio-dl/dsp';
import { headerSeconds, headerSecondsAll } from './clip-length';
import { featureParamsSchema } from './params';
import { preprocess } from './preprocess';
import { chooseSegmentSeconds } from './segment-length';
import { processTrack, type TrackTask } from './track';

let root: string;
const params = featureParamsSchema.parse({});
const wave = (seconds: number, sr: number): Float32Array =>
  Float32Array.from({ length: Math.round(seconds * sr) }, (_, i) => 0.4 * Math.sin((2 * Math.PI * 440 * i) / sr));
const dspAudio = path.join(__dirname, '../../dsp/src/__fixtures__/audio');

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'clip-length-'));
  const files: [string, Uint8Array][] = [
    ['short-8k.wav', encodeWav(wave(0.14, 8000), 8000)],
    ['mid-96k.wav', encodeWav(wave(0.4513, 96000), 96000)],
    ['stereo-44k.wav', encodeWav([wave(0.3, 44100), wave(0.3, 44100)], 44100)],
    ['long-16k.wav', encodeWav(wave(1.3, 16000), 16000)],
    ['broken.wav', encodeWav(wave(0.2, 16000), 16000).subarray(0, 100)],
  ];
  for (const [name, bytes] of files) await fs.writeFile(path.join(root, name), bytes);
  for (const name of ['sine-2s.flac', 'sine.flac', 'sine.mp3', 'noisy-2s.ogg', 'stereo.ogg'])
    await fs.copyFile(path.join(dspAudio, name), path.join(root, name));
  // STREAMINFO's total samples set to 0 ("unknown"): its length must come from decoding.
  const unknown = await fs.readFile(path.join(dspAudio, 'sine-2s.flac'));
  unknown[21] &= 0xf0;
  unknown.fill(0, 22, 26);
  await fs.writeFile(path.join(root, 'unknown-length.flac'), unknown);
});
afterAll(() => fs.rm(root, { recursive: true, force: true }));

/** What the decoding probe measures. */
async function decodedSeconds(task: Omit<TrackTask, 'probe'>): Promise<number | null> {
  const r = await processTrack({ ...task, probe: true });
  return r.ok ? r.seconds : null;
}

describe('headerSeconds: a clip’s length from its header, as the decoding probe measures it', () => {
  const names = [
    'short-8k.wav',
    'mid-96k.wav',
    'stereo-44k.wav',
    'long-16k.wav',
    'sine-2s.flac',
    'sine.flac',
    'sine.mp3',
    'noisy-2s.ogg',
    'stereo.ogg',
  ];
  const spans: [string, Omit<TrackTask, 'path' | 'probe'>][] = [
    ['whole file', { params }],
    ['offset 0.1 s, at most 0.2 s', { params: { ...params, offset: 0.1, duration: 0.2 } }],
    ['region 0.05–0.3 s', { params, region: { start: 0.05, end: 0.3 } }],
    ['region from 1 s to the end', { params, region: { start: 1, end: null } }],
  ];
  it.each(spans)('%s', async (_, span) => {
    const tasks = names.map((name) => ({ path: path.join(root, name), ...span }));
    const fromHeaders = await headerSecondsAll(tasks);
    const decoded = await Promise.all(tasks.map(decodedSeconds));
    expect(fromHeaders).toEqual(decoded);
  });

  it('the lengths, in numbers', async () => {
    const seconds = await headerSecondsAll(names.map((name) => ({ path: path.join(root, name), params })));
    expect(seconds.map((s) => (s === null ? null : Math.round(s * 1e4) / 1e4))).toEqual([
      0.14, 0.4513, 0.3, 1.3, 2, 0.1, 0.25, 2, 0.25,
    ]);
  });

  it('null (decode it) for a bad header, a missing file, or a region with nothing after the offset', async () => {
    expect(await headerSeconds({ path: path.join(root, 'broken.wav'), params })).toBeNull();
    expect(await decodedSeconds({ path: path.join(root, 'broken.wav'), params })).toBeNull();
    expect(await headerSeconds({ path: path.join(root, 'missing.wav'), params })).toBeNull();
    const past = { ...params, offset: 0.5 };
    expect(
      await headerSeconds({ path: path.join(root, 'long-16k.wav'), params: past, region: { start: 0, end: 0.4 } }),
    ).toBeNull();
    // Past the end of the file: decoding fails too, so the clip gets no length either way.
    expect(await headerSeconds({ path: path.join(root, 'short-8k.wav'), params: past })).toBeNull();
    expect(await decodedSeconds({ path: path.join(root, 'short-8k.wav'), params: past })).toBeNull();
  });

  it('preprocess chooses the segment length the decoded lengths give, decoding the clips whose headers do not say', async () => {
    const files = (await fs.readdir(root)).filter((f) => f !== 'out').sort();
    expect(await headerSeconds({ path: path.join(root, 'unknown-length.flac'), params })).toBeNull();
    const decoded = await Promise.all(files.map((f) => decodedSeconds({ path: path.join(root, f), params })));
    const lengths = decoded.filter((x): x is number => x !== null);
    expect(lengths).toHaveLength(files.length - 1); // all but broken.wav
    for (const workers of [0, 2]) {
      const summary = await preprocess(root, {
        out: path.join(root, 'out', `auto-${workers}.arrow`),
        workers,
        source: { labelPattern: '^(?<label>[a-z]+)' },
        segmentLength: 'auto',
      });
      expect(summary.segmentChoice).toEqual(chooseSegmentSeconds(lengths));
      expect(summary.failed.map((f) => f.path)).toEqual(['broken.wav']);
    }
  });
});
