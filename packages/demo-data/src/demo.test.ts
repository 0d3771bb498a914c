import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadAudio } from '@audio-dl/dsp/node';
import { DEMO_GENRES, generateDemoData } from './demo';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'demo-'));
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

async function treeHash(root: string): Promise<string> {
  const hash = createHash('sha256');
  for (const genre of (await fs.readdir(root)).sort()) {
    for (const file of (await fs.readdir(path.join(root, genre))).sort()) {
      hash.update(`${genre}/${file}\n`);
      hash.update(await fs.readFile(path.join(root, genre, file)));
    }
  }
  return hash.digest('hex');
}

describe('generateDemoData', () => {
  it('writes GTZAN-style 22050 Hz mono 16-bit tracks, the same bytes for the same seed and any worker count', async () => {
    const opts = { tracksPerGenre: 2, seconds: 2, seed: 7 };
    const summary = await generateDemoData({ root: path.join(dir, 'a'), ...opts, workers: 0 });
    expect(summary.genres).toEqual(['blues', 'classical', 'disco', 'hiphop', 'metal', 'reggae']);
    expect(summary.files).toBe(12);
    expect(await fs.readdir(path.join(dir, 'a', 'metal'))).toEqual(['metal.00000.wav', 'metal.00001.wav']);
    await generateDemoData({ root: path.join(dir, 'b'), ...opts, workers: 2 });
    await generateDemoData({ root: path.join(dir, 'c'), ...opts, seed: 8, workers: 0 });
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((d) => treeHash(path.join(dir, d))));
    expect(a).toBe(b);
    expect(c).not.toBe(a);

    const audio = await loadAudio(path.join(dir, 'a', 'disco', 'disco.00001.wav'), { sr: null });
    expect([audio.originalSr, audio.channels, audio.signal.length]).toEqual([22050, 1, 44100]);
    const bytes = await fs.readFile(path.join(dir, 'a', 'disco', 'disco.00001.wav'));
    expect(bytes.readUInt16LE(34)).toBe(16);
    const peak = audio.signal.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(peak).toBeGreaterThan(0.45);
    expect(peak).toBeLessThan(0.96);
  });

  it('scales to all ten GTZAN genres or a chosen list, and rejects unknown ones', async () => {
    expect(DEMO_GENRES.map((g) => g.name).sort()).toEqual([
      'blues',
      'classical',
      'country',
      'disco',
      'hiphop',
      'jazz',
      'metal',
      'pop',
      'reggae',
      'rock',
    ]);
    const summary = await generateDemoData({
      root: dir,
      genres: ['jazz', 'pop'],
      tracksPerGenre: 1,
      seconds: 1,
      workers: 0,
    });
    expect(summary.genres).toEqual(['jazz', 'pop']);
    await expect(generateDemoData({ root: dir, genres: 11 })).rejects.toThrow();
    await expect(generateDemoData({ root: dir, genres: ['polka'] })).rejects.toThrow();
  });

  it('makes the genres differ in timbre: distorted metal is brighter than low-passed hip-hop', async () => {
    await generateDemoData({ root: dir, genres: ['hiphop', 'metal'], tracksPerGenre: 3, seconds: 4, workers: 0 });
    // Mean |first difference| over RMS grows with high-frequency content.
    const brightness = async (file: string): Promise<number> => {
      const { signal } = await loadAudio(file);
      let diff = 0;
      let sum = 0;
      for (let i = 1; i < signal.length; i++) {
        diff += Math.abs(signal[i] - signal[i - 1]);
        sum += signal[i] * signal[i];
      }
      return diff / signal.length / Math.sqrt(sum / signal.length);
    };
    for (let i = 0; i < 3; i++) {
      const metal = await brightness(path.join(dir, 'metal', `metal.0000${i}.wav`));
      const hiphop = await brightness(path.join(dir, 'hiphop', `hiphop.0000${i}.wav`));
      expect(metal).toBeGreaterThan(hiphop);
    }
  });
});
