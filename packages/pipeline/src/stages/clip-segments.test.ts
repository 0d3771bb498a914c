import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { featureParamsSchema, loadDataset, preprocess, trackFeatures } from '@audio-dl/dataset';
import { encodeWav } from '@audio-dl/dsp';
import { tinyTrack } from '../__fixtures__/tiny-data';
import { loadConfig, parseConfig } from '../config';
import { dataset } from './dataset';
import { decode } from './decode';
import { type StageContext, type StageName, stageDir } from './io';
import { mfcc } from './mfcc';
import { segment } from './segment';

/** Runs decode → segment → mfcc → dataset on the config, as the Nx targets do; returns each summary and the log. */
async function runStages(configFile: string) {
  const loaded = loadConfig(configFile);
  const logs: string[] = [];
  const ctx: StageContext = { loaded, experiment: 'default', log: (l) => logs.push(l) };
  const summaries: Partial<Record<StageName, Record<string, unknown>>> = {};
  for (const [name, run] of [
    ['decode', decode],
    ['segment', segment],
    ['mfcc', mfcc],
    ['dataset', dataset],
  ] as const) {
    const out = stageDir(loaded, name);
    await fs.mkdir(out, { recursive: true });
    summaries[name] = await run(ctx, out);
  }
  return { loaded, logs, summaries };
}

let dir = '';
const manifest = () => path.join(dir, 'clips', 'manifest.csv');

/** A folder `name` with one 22.05-kHz clip in a manifest and a config of `extra` over it; the config's path. */
async function oneClipProject(name: string, signal: Float32Array, extra: object): Promise<string> {
  const sub = path.join(dir, name);
  await fs.mkdir(path.join(sub, 'clips'), { recursive: true });
  await fs.writeFile(path.join(sub, 'clips', 'c.wav'), encodeWav(signal, 22050));
  await fs.writeFile(path.join(sub, 'clips', 'm.csv'), 'file,label\nc.wav,x\n');
  await fs.writeFile(path.join(sub, 'p.json'), JSON.stringify({ data: { manifest: 'clips/m.csv' }, ...extra }));
  return path.join(sub, 'p.json');
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'clip-segments-'));
  await fs.mkdir(path.join(dir, 'clips'));
  const wav = (name: string, channels: Float32Array | Float32Array[], sr: number) =>
    fs.writeFile(path.join(dir, 'clips', name), encodeWav(channels, sr));
  // 0.14–0.9 s at four rates, one stereo; a silent clip and a 0.02-s one (below three hops) to be dropped.
  await wav('a1.wav', tinyTrack(0, 0, 0.33, 8000), 8000);
  await wav('a2.wav', [tinyTrack(0, 1, 0.45, 16000), tinyTrack(0, 2, 0.45, 16000)], 16000);
  await wav('b1.wav', tinyTrack(1, 0, 0.14, 22050), 22050);
  await wav('b2.wav', tinyTrack(1, 1, 0.9, 44100), 44100);
  await wav('quiet.wav', new Float32Array(8000), 16000);
  await wav('click.wav', tinyTrack(1, 2, 0.02, 16000), 16000);
  await fs.writeFile(
    manifest(),
    [
      'file,label,group,fold',
      'a1.wav,a,g1,1',
      'a2.wav,a,g2,2',
      'b1.wav,b,g1,1',
      'b2.wav,b,g3,2',
      'quiet.wav,a,g4,1',
      'click.wav,b,g4,2',
      '',
    ].join('\n'),
  );
  await fs.writeFile(path.join(dir, 'auto.json'), JSON.stringify({ data: { manifest: 'clips/manifest.csv' } }));
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('pipeline stages on short clips of any length', () => {
  it('reads segment.seconds (a number or "auto", the default) and leaves unset features to the data', () => {
    const c = parseConfig({});
    expect(c.segment).toEqual({ duration: 30, segments: 10, seconds: 'auto' });
    expect([c.mfcc.features, c.mfcc.nMels]).toEqual([undefined, undefined]);
    expect(parseConfig({ segment: { seconds: 0.5, minSeconds: 0.1 } }).segment).toMatchObject({ seconds: 0.5 });
    // A layout given is the course's, as `audio-dl preprocess --duration/--segments` (no clip is measured).
    expect(parseConfig({ segment: { segments: 3 } }).segment).toEqual({ duration: 30, segments: 3, seconds: 'course' });
    expect(() => parseConfig({ segment: { seconds: 0 } }, 'p.json')).toThrow(
      /p\.json: invalid pipeline config: segment\.seconds/,
    );
    expect(() => parseConfig({ segment: { seconds: 'median' } })).toThrow(/segment\.seconds/);
  });

  it('chooses the segment length, names the dropped clips and gives the rows `audio-dl preprocess` gives', async () => {
    const { loaded, logs, summaries } = await runStages(path.join(dir, 'auto.json'));
    // Clip lengths 0.02, 0.14, 0.33, 0.45, 0.5, 0.9 s: the median 0.33 s rounds up to 0.4-s segments.
    expect(logs).toContainEqual(
      expect.stringMatching(
        /^segments of 0\.4 s: 50 % of clips are no longer .*; segment\.seconds in the config to choose\)$/,
      ),
    );
    expect(summaries.segment).toMatchObject({
      segmentSeconds: 0.4,
      samplesPerSegment: 8820,
      droppedClips: [{ path: 'click.wav', reason: 'dropped: 0.020 s, shorter than segment.minSeconds 0.070 s' }],
    });
    expect(summaries.mfcc).toMatchObject({ droppedClips: [{ path: 'quiet.wav', reason: 'dropped: silent' }] });
    expect(logs).toEqual(expect.arrayContaining(['quiet.wav: dropped: silent']));

    const data = await loadDataset(path.join(stageDir(loaded, 'dataset'), 'data.arrow'));
    // a1, a2, b1 give one segment each (padded), b2's 0.9 s two whole ones; ceil(8820 / 512) = 18 frames of 64 bands.
    expect(data.shape).toEqual([5, 18, 64]);
    expect(data.tracks).toEqual(['a1.wav', 'a2.wav', 'b1.wav', 'b2.wav', 'b2.wav']);
    expect(Array.from(data.segments)).toEqual([0, 0, 0, 0, 1]);
    expect(data.groups).toEqual(['g1', 'g2', 'g1', 'g3', 'g3']);
    expect(data.folds).toEqual(['1', '2', '1', '2', '2']);
    // What train's recipe and predict read: the segment length and the log-mel features.
    expect(data.params).toMatchObject({ segmentSeconds: 0.4, features: 'logmel', nMels: 64 });
    expect(data.meta.skipped).toEqual([
      { path: 'quiet.wav', reason: 'dropped: silent' },
      { path: 'click.wav', reason: expect.stringMatching(/^dropped: 0\.020 s/) },
    ]);

    // The same manifest through `audio-dl preprocess`'s library: the same rows, params and features.
    const out = path.join(dir, 'cli.arrow');
    const cli = await preprocess(undefined, {
      out,
      source: { manifest: manifest() },
      segmentLength: 'auto',
      workers: 0,
    });
    expect(cli.droppedClips.map((c) => c.path)).toEqual(['quiet.wav', 'click.wav']);
    const expected = await loadDataset(out);
    expect(data.params).toEqual(expected.params);
    expect(data.shape).toEqual(expected.shape);
    expect(data.tracks).toEqual(expected.tracks);
    expect(data.groups).toEqual(expected.groups);
    expect(data.folds).toEqual(expected.folds);
    expect(Array.from(data.labels)).toEqual(Array.from(expected.labels));
    expect(Array.from(data.starts ?? [])).toEqual(Array.from(expected.starts ?? []));
    expect(Array.from(data.ends ?? [])).toEqual(Array.from(expected.ends ?? []));
    // Decode hands the samples on as int16 (round(x · 32768)), the library keeps float32: the 22.05-kHz mono clip
    // (b1) comes back exactly, so its row is the same bit for bit; resampled or mixed-down clips are rounded, which
    // moves these log-mel values (-50…32 dB) by 0.026 dB at most here (the 8-kHz clip; 0.034 dB with the old 32767
    // scale, under which no row was exact).
    const size = data.shape[1] * data.shape[2];
    const rowWorst = data.tracks.map((_, r) => {
      let worst = 0;
      for (let i = r * size; i < (r + 1) * size; i++)
        worst = Math.max(worst, Math.abs(data.features[i] - expected.features[i]));
      return worst;
    });
    expect(rowWorst[data.tracks.indexOf('b1.wav')]).toBe(0);
    expect(Math.max(...rowWorst)).toBeLessThan(0.03);
  });

  it('cuts a 1.3-s clip into two segments with a fixed segment.seconds of 0.5, over the mel range in mfcc', async () => {
    const signal = tinyTrack(0, 0, 1.3, 22050);
    const config = await oneClipProject('fixed', signal, { segment: { seconds: 0.5 }, mfcc: { fmin: 50, fmax: 4000 } });
    const { loaded, summaries } = await runStages(config);
    expect(summaries.segment).toMatchObject({ segments: 2, samplesPerSegment: 11025, segmentSeconds: 0.5 });
    const data = await loadDataset(path.join(stageDir(loaded, 'dataset'), 'data.arrow'));
    // ceil(11025 / 512) = 22 frames; 1.3 s holds two whole 0.5-s segments, the last 0.3 s is not used.
    expect(data.shape).toEqual([2, 22, 64]);
    expect(Array.from(data.segments)).toEqual([0, 1]);
    expect(Array.from(data.ends ?? [])).toEqual([0.5, 1]);
    expect(data.params).toMatchObject({ fmin: 50, fmax: 4000 });
    // The rows are those filters' log-mel (within decode's int16 hand-off).
    const own = trackFeatures(signal, featureParamsSchema.parse(data.params));
    let worst = 0;
    for (let i = 0; i < data.features.length; i++)
      worst = Math.max(worst, Math.abs(data.features[i] - own.features[i]));
    expect(worst).toBeLessThan(0.05);
  });

  it('refuses an mfcc.fmax above the Nyquist frequency, naming the config', async () => {
    const config = await oneClipProject('above', tinyTrack(0, 0, 0.5, 22050), { mfcc: { fmax: 12000 } });
    await expect(runStages(config)).rejects.toThrow(
      /p\.json.*fmax 12000 Hz is above the Nyquist frequency of sr 22050 Hz/,
    );
  });
});
