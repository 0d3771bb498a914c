import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeWav } from '@audio-dl/dsp';
import { loadDataset } from './load';
import { type ProgressEvent, preprocess } from './preprocess';

// Small, fast parameters: 3 s tracks in 3 segments of 1 s (ceil(22050/512) = 44 vectors).
const params = { duration: 3, segments: 3 };
let root: string;
let out: string;

const tone = (seconds: number, freq: number): Uint8Array =>
  encodeWav(
    Float32Array.from(
      { length: Math.round(seconds * 22050) },
      (_, i) => 0.4 * Math.sin((2 * Math.PI * freq * i) / 22050),
    ),
    22050,
  );

async function put(rel: string, bytes: Uint8Array | string): Promise<void> {
  const file = path.join(root, rel);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, bytes);
}

const sha = async (file: string): Promise<string> =>
  createHash('sha256')
    .update(await fs.readFile(file))
    .digest('hex');

beforeEach(async () => {
  const base = await fs.mkdtemp(path.join(os.tmpdir(), 'preprocess-'));
  root = path.join(base, 'genres');
  out = path.join(base, 'out');
  await put('blues/b1.wav', tone(3, 220));
  await put('blues/b2.wav', tone(4, 330)); // longer than `duration`: only the first 3 s count
  await put('blues/.DS_Store', 'x');
  await put('blues/._b1.wav', 'x');
  await put('rock/r1.wav', tone(2.5, 440)); // short: its third segment is dropped
  await put('rock/broken.wav', Buffer.from('RIFF\x10\x00\x00\x00WAVEjunk', 'latin1'));
  await put('rock/cover.jpg', 'x');
  await put('README.md', 'not a track');
  await fs.mkdir(path.join(root, 'jazz'));
});
afterEach(() => fs.rm(path.dirname(root), { recursive: true, force: true }));

describe('preprocess', () => {
  it('writes every full segment, skips what cannot be decoded and reports it all', async () => {
    const events: ProgressEvent[] = [];
    const file = path.join(out, 'data.arrow');
    const summary = await preprocess(root, { out: file, params, workers: 0, onProgress: (e) => events.push(e) });
    expect(summary).toMatchObject({
      format: 'arrow',
      genres: ['blues', 'jazz', 'rock'],
      tracks: 3,
      segments: 8,
      droppedSegments: 1,
      shortTracks: [{ path: 'rock/r1.wav', seconds: 2.5, segments: 2 }],
      warnings: [
        'label folder "jazz" has no audio files',
        'rock/r1.wav: 2.50 s of audio, 2 of 3 segments (3 s asked, a segment is 1.00 s)',
      ],
    });
    expect(summary.failed).toEqual([{ path: 'rock/broken.wav', reason: expect.any(String) }]);
    expect(summary.ignored.map((s) => s.path)).toEqual(['blues/.DS_Store', 'blues/._b1.wav', 'rock/cover.jpg']);
    expect(events.map((e) => e.done)).toEqual([1, 2, 3, 4]);
    expect(events.find((e) => e.failed)?.track).toBe('rock/broken.wav');

    const data = await loadDataset(file);
    expect(data.shape).toEqual([8, 44, 13]);
    expect(Array.from(data.labels)).toEqual([0, 0, 0, 0, 0, 0, 2, 2]);
    expect(data.tracks.slice(5)).toEqual(['blues/b2.wav', 'rock/r1.wav', 'rock/r1.wav']);
    expect(Array.from(data.segments)).toEqual([0, 1, 2, 0, 1, 2, 0, 1]);
    expect(data.params).toMatchObject({ duration: 3, segments: 3, sr: 22050 });
    expect(data.meta.droppedSegments).toBe(1);
    // The output names the short track too: in its warnings and, structured, in shortTracks.
    expect(data.meta.shortTracks).toEqual(summary.shortTracks);
    expect(data.meta.warnings).toEqual(summary.warnings);
    expect(data.meta.skipped).toContainEqual({ path: 'rock/broken.wav', reason: summary.failed[0].reason });
    expect(await fs.readdir(out)).toEqual(['data.arrow']);
  });

  it('writes the same bytes with 0, 1, 2 or 3 worker threads, for Arrow and JSON (1 runs in-process)', async () => {
    for (const ext of ['arrow', 'json']) {
      const hashes = [];
      for (const workers of [0, 1, 2, 3]) {
        const file = path.join(out, `w${workers}.${ext}`);
        const summary = await preprocess(root, { out: file, params, workers });
        expect(summary.workers).toBe(workers === 1 ? 0 : workers);
        hashes.push(await sha(file));
      }
      expect(new Set(hashes).size).toBe(1);
    }
  });

  it('writes the seed JSON shape that loads back', async () => {
    const file = path.join(out, 'data.json');
    await preprocess(root, { out: file, params, workers: 0, indent: 4 });
    const doc = JSON.parse(await fs.readFile(file, 'utf8'));
    expect(Object.keys(doc).slice(0, 3)).toEqual(['mapping', 'labels', 'mfcc']);
    expect([doc.mfcc.length, doc.mfcc[0].length, doc.mfcc[0][0].length]).toEqual([8, 44, 13]);
    const data = await loadDataset(file);
    const arrow = path.join(out, 'data.arrow');
    await preprocess(root, { out: arrow, params, workers: 0 });
    expect(data.features).toEqual((await loadDataset(arrow)).features);
  });

  it('writes Parquet with the same rows as Arrow', async () => {
    const arrow = path.join(out, 'data.arrow');
    const parquet = path.join(out, 'data.parquet');
    await preprocess(root, { out: arrow, params, workers: 0 });
    const summary = await preprocess(root, { out: parquet, params, workers: 0 });
    expect(summary.format).toBe('parquet');
    const [a, p] = [await loadDataset(arrow), await loadDataset(parquet)];
    expect(p.features).toEqual(a.features);
    expect(p.tracks).toEqual(a.tracks);
    expect(Array.from(p.labels)).toEqual(Array.from(a.labels));
    expect(p.meta).toEqual(a.meta);
  });

  it("writes shards whose parts join into the single run, each with the whole tree's mapping", async () => {
    const all = path.join(out, 'all.parquet');
    await preprocess(root, { out: all, params, workers: 0 });
    const single = await loadDataset(all);
    const parts = path.join(out, 'parts');
    const summaries = [];
    for (let k = 0; k < 3; k++) {
      const file = path.join(parts, `part-${k}.parquet`);
      summaries.push(await preprocess(root, { out: file, params, workers: 0, shard: { index: k, count: 3 } }));
    }
    // Four tracks in sorted order (blues/b1, blues/b2, rock/broken, rock/r1) cut into runs of 1, 1 and 2.
    expect(summaries.map((s) => s.tracks)).toEqual([1, 1, 1]);
    expect(summaries[2].failed.map((f) => f.path)).toEqual(['rock/broken.wav']);
    const first = await loadDataset(path.join(parts, 'part-0.parquet'));
    expect(first.mapping).toEqual(['blues', 'jazz', 'rock']); // no rock track in it, the mapping all the same
    expect(first.meta.shard).toEqual({ index: 0, count: 3 });
    const joined = await loadDataset(parts);
    expect(joined.features).toEqual(single.features);
    expect(joined.tracks).toEqual(single.tracks);
    expect(Array.from(joined.labels)).toEqual(Array.from(single.labels));
    expect(Array.from(joined.segments)).toEqual(Array.from(single.segments));
    const { parts: count, ...meta } = joined.meta;
    expect(count).toBe(3);
    expect(meta).toEqual(single.meta);
  });

  it('writes an empty part for a shard with no track (more shards than tracks)', async () => {
    const file = path.join(out, 'part-0.parquet'); // tracks [0, floor(4 / 6)): none
    const summary = await preprocess(root, { out: file, params, workers: 2, shard: { index: 0, count: 6 } });
    expect(summary).toMatchObject({ tracks: 0, segments: 0, workers: 0 });
    expect((await loadDataset(file)).shape).toEqual([0, 44, 13]);
  });

  it('with strict, fails on a skipped file and writes nothing', async () => {
    const file = path.join(out, 'data.arrow');
    await expect(preprocess(root, { out: file, params, workers: 0, strict: true })).rejects.toThrow(
      /1 file\(s\) failed to decode \(--strict, nothing written\): rock\/broken\.wav: /,
    );
    await expect(fs.stat(file)).rejects.toThrow(/ENOENT/);
  });

  it('fails when every file fails, and on a nested folder', async () => {
    const bad = path.join(path.dirname(root), 'bad');
    await fs.mkdir(path.join(bad, 'g'), { recursive: true });
    await fs.writeFile(path.join(bad, 'g', 'a.wav'), 'nope');
    await fs.writeFile(path.join(bad, 'g', 'b.mp3'), 'nope');
    await expect(preprocess(bad, { out: path.join(out, 'x.arrow'), workers: 0 })).rejects.toThrow(
      /all 2 audio files failed to decode \(first: g\/a\.wav: /,
    );
    const empty = path.join(path.dirname(root), 'empty');
    await fs.mkdir(path.join(empty, 'brass'), { recursive: true });
    await expect(preprocess(empty, { out: path.join(out, 'e.arrow'), workers: 0 })).rejects.toThrow(
      /empty: no audio files in the label folders \(brass\)$/,
    );
    await put('rock/live/r2.wav', tone(3, 100));
    await expect(preprocess(root, { out: path.join(out, 'x.arrow'), workers: 0 })).rejects.toThrow(
      /rock[/\\]live: nested folder/,
    );
    const summary = await preprocess(root, { out: path.join(out, 'x.arrow'), params, workers: 0, nested: 'parent' });
    expect(summary.tracks).toBe(4);
  });

  it('names a track too short for any segment, and fails naming them when no track has one', async () => {
    await put('blues/tiny.wav', tone(0.5, 300));
    const file = path.join(out, 'data.arrow');
    const summary = await preprocess(root, { out: file, params, workers: 0 });
    expect(summary.tracks).toBe(3);
    expect(summary.shortTracks).toEqual([
      { path: 'blues/tiny.wav', seconds: 0.5, segments: 0 },
      { path: 'rock/r1.wav', seconds: 2.5, segments: 2 },
    ]);
    expect(summary.warnings).toContain(
      'blues/tiny.wav: 0.50 s of audio, 0 of 3 segments (3 s asked, a segment is 1.00 s)',
    );
    expect((await loadDataset(file)).meta.shortTracks).toEqual(summary.shortTracks);

    const tiny = path.join(path.dirname(root), 'tiny');
    await fs.mkdir(path.join(tiny, 'g'), { recursive: true });
    await fs.writeFile(path.join(tiny, 'g', 'a.wav'), tone(0.5, 300));
    await expect(preprocess(tiny, { out: path.join(out, 'y.arrow'), params, workers: 0 })).rejects.toThrow(
      /no segment has 44 MFCC vectors: every track is shorter than one segment \(1\.00 s\): g\/a\.wav 0\.50 s$/,
    );
  });

  it('uses `duration` seconds from `offset` on, as librosa.load(offset, duration) does', async () => {
    const file = path.join(out, 'offset.arrow');
    const summary = await preprocess(root, { out: file, params: { ...params, offset: 1 }, workers: 0 });
    // b1 (3 s) and r1 (2.5 s) have 2 and 1.5 s left after the offset; b2 (4 s) has its 3 s.
    expect(summary.shortTracks).toEqual([
      { path: 'blues/b1.wav', seconds: 2, segments: 2 },
      { path: 'rock/r1.wav', seconds: 1.5, segments: 1 },
    ]);
    expect(summary.warnings).toContain(
      'blues/b1.wav: 2.00 s of audio, 2 of 3 segments (3 s from 1 s asked, a segment is 1.00 s)',
    );
    const data = await loadDataset(file);
    expect(data.params).toMatchObject({ offset: 1, duration: 3 });
    // b1's first segment from 1 s is its second segment from 0 s.
    await preprocess(root, { out: path.join(out, 'whole.arrow'), params, workers: 0 });
    const whole = await loadDataset(path.join(out, 'whole.arrow'));
    const rowSize = 44 * 13;
    expect(data.features.subarray(0, rowSize)).toEqual(whole.features.subarray(rowSize, 2 * rowSize));
  });

  it('refuses an output that is neither .arrow, .parquet nor .json', async () => {
    await expect(preprocess(root, { out: path.join(out, 'data.csv') })).rejects.toThrow(
      /must end in \.arrow, \.parquet or \.json/,
    );
  });
});

describe('preprocess --augment', () => {
  it('writes seeded augmented copies of every track, named by their source, copies never consecutive', async () => {
    await fs.rm(path.join(root, 'rock/broken.wav'));
    const file = path.join(out, 'aug.arrow');
    const augment = { kinds: ['pitch', 'gain', 'noise'] as const, copies: 2, seed: 7 };
    const run = async (workers: number, to: string) =>
      preprocess(root, { out: to, params, workers, augment: { ...augment, kinds: [...augment.kinds] } });
    const summary = await run(0, file);
    expect(summary).toMatchObject({ tracks: 3, segments: 2 * 8, droppedSegments: 2 });
    const data = await loadDataset(file);
    expect(data.tracks.filter((t) => t === 'blues/b1.wav')).toHaveLength(6);
    // Copy 2 numbers its segments from segments + 1 = 4.
    expect(Array.from(data.segments.subarray(0, 6))).toEqual([0, 1, 2, 4, 5, 6]);
    const meta = data.meta.augment as { copies: number; draws: { track: string; copy: number; pitch: number }[] };
    expect(meta.copies).toBe(2);
    expect(meta.draws).toHaveLength(6);
    for (const d of meta.draws) expect(Math.abs(d.pitch)).toBeLessThanOrEqual(2);
    // Copies differ from each other and from the original.
    const original = await loadDataset(
      (await preprocess(root, { out: path.join(out, 'o.arrow'), params, workers: 0 })).out,
    );
    const row = 44 * 13;
    const a = data.features.subarray(0, row);
    const b = data.features.subarray(3 * row, 4 * row);
    const o = original.features.subarray(0, row);
    expect(a.some((v, i) => Math.abs(v - o[i]) > 1e-3)).toBe(true);
    expect(a.some((v, i) => Math.abs(v - b[i]) > 1e-3)).toBe(true);
    // Same seed, any worker count: the same bytes.
    const again = path.join(out, 'aug2.arrow');
    await run(2, again);
    expect(await sha(again)).toBe(await sha(file));
  });
});
