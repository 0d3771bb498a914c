import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadDataset } from '@audio-dl/dataset';
import { encodeWav } from '@audio-dl/dsp';
import { runCli as run } from '../__fixtures__/run-cli';

let dir: string;
const tone = (seconds: number, freq: number, sr: number): Uint8Array =>
  encodeWav(
    Float32Array.from({ length: Math.round(seconds * sr) }, (_, i) => 0.3 * Math.sin((2 * Math.PI * freq * i) / sr)),
    sr,
  );

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cli-sources-'));
  await fs.mkdir(path.join(dir, 'clips'));
  // Short clips of 0.14–0.6 s at 8 and 16 kHz, the label and speaker in the name: "<label>_<speaker>_<n>.wav".
  const rows = ['name,word,speaker'];
  for (const [i, [label, speaker, seconds, sr]] of (
    [
      ['yes', 'ann', 0.14, 8000],
      ['yes', 'bob', 0.4, 16000],
      ['no', 'ann', 0.6, 16000],
      ['no', 'bob', 0.25, 8000],
    ] as const
  ).entries()) {
    const name = `${label}_${speaker}_${i}.wav`;
    await fs.writeFile(path.join(dir, 'clips', name), tone(seconds, label === 'yes' ? 500 : 900, sr));
    rows.push(`${name},${label},${speaker}`);
  }
  await fs.writeFile(path.join(dir, 'clips', 'words.csv'), `${rows.join('\n')}\n`);
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describe('audio-dl preprocess: manifests, label patterns, short clips', () => {
  it('keeps every short clip, says which segment length it chose, and both forms give the same rows', async () => {
    const a = path.join(dir, 'a.arrow');
    const b = path.join(dir, 'b.arrow');
    const byManifest = await run(
      'preprocess',
      '--manifest',
      path.join(dir, 'clips', 'words.csv'),
      ...['--file-column', 'name', '--label-column', 'word', '--group-column', 'speaker', '--out', a, '--workers', '0'],
    );
    expect(byManifest.stderr).not.toMatch(/dropped|warning/);
    expect(byManifest.code).toBe(0);
    expect(byManifest.stdout).toMatch(/^segments of 0\.3 s: 50 % of clips are no longer \(clips 0\.14–0\.60 s/m);
    expect(byManifest.stdout).toMatch(/tracks 4, segments 5/);
    // Clip-length segments: 64-band log-mel unless --features names others.
    expect(byManifest.stdout).toMatch(/features logmel \(64 bands\), hop 512/);
    const byName = await run(
      'preprocess',
      path.join(dir, 'clips'),
      ...['--label-pattern', '^(?<label>[a-z]+)_(?<group>[a-z]+)_', '--out', b, '--workers', '0'],
    );
    expect(byName.code).toBe(0);
    expect(byName.stdout).toMatch(/1 not clips/); // words.csv
    const [x, y] = [await loadDataset(a), await loadDataset(b)];
    expect(y.tracks).toEqual(x.tracks);
    // The median clip is 0.25 s: segments of 0.3 s, two of them from the 0.6-s clip.
    expect(y.groups).toEqual(['ann', 'ann', 'bob', 'ann', 'bob']);
    expect(x.groups).toEqual(y.groups);
    expect(y.features).toEqual(x.features);
  });

  it('fails with one line naming an unknown column, and refuses column flags without a manifest', async () => {
    const out = path.join(dir, 'c.arrow');
    const manifest = path.join(dir, 'clips', 'words.csv');
    const bad = await run('preprocess', '--manifest', manifest, '--out', out);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe(
      `audio-dl preprocess: ${manifest}: no column "file" (--file-column); its columns are name, word, speaker`,
    );
    const usage = await run('preprocess', dir, '--group-column', 'speaker', '--out', out);
    expect(usage.code).toBe(2);
    await expect(fs.stat(out)).rejects.toThrow(/ENOENT/);
  });
});
