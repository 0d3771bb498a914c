import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadDataset } from '@audio-dl/dataset';
import { encodeWav } from '@audio-dl/dsp';
import { tinyConfig, tinyTrack, writeTinyTree } from './__fixtures__/tiny-data';
import { runStage, stageMain } from './stage-cli';
import { StageError } from './stages/io';
import type { TrackIndex } from './stages/records';

let dir = '';
const configFile = () => path.join(dir, 'pipeline.config.json');
const writeConfig = (c: Record<string, unknown>) => fs.writeFile(configFile(), JSON.stringify(c));

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'audio-dl-stage-'));
  await writeTinyTree(path.join(dir, 'data'), ['blues', 'rock'], 2);
  // A corrupt file among good ones and a hidden file: skipped with their reasons, the run goes on.
  await fs.writeFile(path.join(dir, 'data', 'rock', 'broken.wav'), 'not a wav file');
  await fs.writeFile(path.join(dir, 'data', 'rock', '.DS_Store'), '');
  await writeConfig(tinyConfig('data'));
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('runStage', () => {
  it('decodes the tree to int16 Arrow, skipping what it cannot read, and records the stage', async () => {
    const record = await runStage('decode', configFile());
    expect(record?.summary).toMatchObject({ genres: 2, tracks: 4, skipped: 2 });
    const index = JSON.parse(
      await fs.readFile(path.join(dir, 'artifacts', 'decode', 'tracks.json'), 'utf8'),
    ) as TrackIndex;
    expect(index.mapping).toEqual(['blues', 'rock']);
    expect(index.tracks.map((t) => t.samples)).toEqual([22050, 22050, 22050, 22050]);
    expect(index.skipped).toEqual([
      { path: 'rock/.DS_Store', reason: 'hidden' },
      { path: 'rock/broken.wav', reason: expect.stringMatching(/unrecognised audio format/) },
    ]);
    const stage = JSON.parse(await fs.readFile(path.join(dir, 'artifacts', 'decode', 'stage.json'), 'utf8'));
    expect(stage.config.decode).toEqual({ sr: 11025, mono: true, duration: 2, offset: 0 });
  });

  it('runs segment, mfcc and dataset to the seed-shaped data set', async () => {
    await runStage('segment', configFile());
    await runStage('mfcc', configFile());
    const record = await runStage('dataset', configFile());
    // 2 s at 11025 Hz in 2 segments of 11025 samples; ceil(11025 / 256) = 44 vectors of 8 MFCCs.
    expect(record?.summary).toMatchObject({ segments: 8, tracks: 4, shape: [8, 44, 8], segmentsPerGenre: [4, 4] });
    const json = JSON.parse(await fs.readFile(path.join(dir, 'artifacts', 'dataset', 'data.json'), 'utf8'));
    expect(json.mapping).toEqual(['blues', 'rock']);
    expect(json.labels).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect([json.mfcc.length, json.mfcc[0].length, json.mfcc[0][0].length]).toEqual([8, 44, 8]);
    const parquet = await loadDataset(path.join(dir, 'artifacts', 'dataset', 'data.parquet'));
    const arrow = await loadDataset(path.join(dir, 'artifacts', 'dataset', 'data.arrow'));
    expect(parquet.shape).toEqual([8, 44, 8]);
    expect(parquet.features).toEqual(arrow.features);
  });

  it('names every track that gives fewer segments than asked, with its length, in the log, summary and mfcc.arrow', async () => {
    const other = await fs.mkdtemp(path.join(os.tmpdir(), 'audio-dl-short-'));
    const log = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await writeTinyTree(path.join(other, 'data'), ['blues', 'rock'], 2);
      await fs.writeFile(path.join(other, 'data', 'rock', 'half.wav'), encodeWav(tinyTrack(1, 5, 1.5, 11025), 11025));
      await fs.writeFile(path.join(other, 'data', 'rock', 'tiny.wav'), encodeWav(tinyTrack(1, 6, 0.5, 11025), 11025));
      const file = path.join(other, 'pipeline.config.json');
      await fs.writeFile(file, JSON.stringify(tinyConfig('data')));
      for (const stage of ['decode', 'segment'] as const) await runStage(stage, file);
      const record = await runStage('mfcc', file);
      const short = [
        { path: 'rock/half.wav', seconds: expect.closeTo(1.5, 3), segments: 1 },
        { path: 'rock/tiny.wav', seconds: expect.closeTo(0.5, 3), segments: 0 },
      ];
      // half.wav's second segment and tiny.wav's only one hold too few samples.
      expect(record?.summary).toMatchObject({ shortTracks: short, droppedSegments: 2 });
      const printed = log.mock.calls.map((c) => String(c[0])).join('');
      expect(printed).toContain(
        'warning: rock/tiny.wav: 0.50 s of audio, 0 of 2 segments (2 s asked, a segment is 1.00 s)',
      );
      const data = await loadDataset(path.join(other, 'artifacts', 'mfcc', 'mfcc.arrow'));
      expect(data.meta.shortTracks).toEqual(short);
    } finally {
      log.mockRestore();
      await fs.rm(other, { recursive: true, force: true });
    }
  });

  it('writes the same mfcc.arrow whatever the number of worker threads', async () => {
    const other = await fs.mkdtemp(path.join(os.tmpdir(), 'audio-dl-workers-'));
    try {
      await writeTinyTree(path.join(other, 'data'), ['blues', 'rock'], 8, 1);
      const file = path.join(other, 'pipeline.config.json');
      await fs.writeFile(
        file,
        JSON.stringify({
          ...tinyConfig('data'),
          decode: { sr: 11025, duration: 1 },
          segment: { duration: 1, segments: 2 },
        }),
      );
      await runStage('decode', file);
      await runStage('segment', file);
      const outputs: Buffer[] = [];
      for (const workers of ['0', '2']) {
        process.env.AUDIO_DL_WORKERS = workers;
        const record = await runStage('mfcc', file);
        expect(record?.summary).toMatchObject({ segments: 32 });
        outputs.push(await fs.readFile(path.join(other, 'artifacts', 'mfcc', 'mfcc.arrow')));
      }
      expect(Buffer.compare(outputs[0], outputs[1])).toBe(0);
    } finally {
      delete process.env.AUDIO_DL_WORKERS;
      await fs.rm(other, { recursive: true, force: true });
    }
  });

  it('leaves the previous outputs intact when a stage fails, naming the stage, the file and why', async () => {
    const signals = path.join(dir, 'artifacts', 'decode', 'signals.arrow');
    const before = await fs.readFile(signals);
    await writeConfig({ ...tinyConfig('nowhere') });
    const failure = runStage('decode', configFile());
    await expect(failure).rejects.toThrow(StageError);
    await expect(failure).rejects.toThrow(`stage decode failed: ${path.join(dir, 'nowhere')}: not found`);
    expect(Buffer.compare(await fs.readFile(signals), before)).toBe(0);
    expect((await fs.readdir(path.join(dir, 'artifacts'))).filter((f) => f.includes('.tmp-'))).toEqual([]);
    await writeConfig(tinyConfig('data'));
  });

  it('names the missing upstream file when a stage runs before its inputs exist', async () => {
    await fs.rm(path.join(dir, 'artifacts', 'segment'), { recursive: true });
    await expect(runStage('mfcc', configFile())).rejects.toThrow(
      `stage mfcc failed: ${path.join(dir, 'artifacts', 'segment', 'segments.arrow')}: missing; run its upstream stage first`,
    );
  });

  it('generates the demo set once when no data root is configured', async () => {
    const demoDir = path.join(dir, 'demo');
    const demo = { genres: 2, tracksPerGenre: 1, seconds: 1, seed: 3 };
    await writeConfig({ ...tinyConfig(null), data: { root: null, demoDir: 'demo', demo } });
    const log = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await runStage('data', configFile());
      const files = (await fs.readdir(demoDir, { recursive: true })).sort();
      expect(files).toEqual([
        '.demo.json',
        'blues',
        'blues/blues.00000.wav',
        'classical',
        'classical/classical.00000.wav',
      ]);
      const stat = await fs.stat(path.join(demoDir, 'blues', 'blues.00000.wav'));
      expect(stat.size).toBe(44 + 2 * 22050);
      const manifestFile = path.join(demoDir, '.demo.json');
      const manifest = JSON.parse(await fs.readFile(manifestFile, 'utf8'));
      expect(manifest).toMatchObject({ ...demo, generationSeconds: expect.any(Number) });
      expect(manifest.generationSeconds).toBeGreaterThan(0);
      expect(Date.parse(manifest.generatedAt)).toBeLessThanOrEqual(Date.now());
      await runStage('data', configFile());
      expect((await fs.stat(path.join(demoDir, 'blues', 'blues.00000.wav'))).mtimeMs).toBe(stat.mtimeMs);
      // A set generated before the manifest carried its timing is still taken as is.
      await fs.writeFile(manifestFile, JSON.stringify(demo));
      await runStage('data', configFile());
      expect((await fs.stat(path.join(demoDir, 'blues', 'blues.00000.wav'))).mtimeMs).toBe(stat.mtimeMs);
      // decode passes the manifest on: the report names the demo set and its generation time.
      await fs.writeFile(manifestFile, JSON.stringify(manifest));
      const decoded = await runStage('decode', configFile());
      expect(decoded?.summary).toMatchObject({ genres: 2, tracks: 2, demo: manifest });
    } finally {
      log.mockRestore();
      await writeConfig(tinyConfig('data'));
    }
  });

  it('exits 2 on a bad stage name and 1 on a failing stage', async () => {
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await stageMain(['nope'])).toBe(2);
      expect(await stageMain(['mfcc', '--config', configFile()])).toBe(1);
      expect(String(err.mock.calls.at(-1)?.[0])).toMatch(/^stage mfcc failed: .*segments\.arrow: missing/);
    } finally {
      err.mockRestore();
    }
  });
});
