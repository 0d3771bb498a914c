import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeWav } from '@audio-dl/dsp';
import { loadDataset } from './load';
import { preprocess } from './preprocess';
import { listClips } from './sources';
import { scanDataset } from './stream';

let base: string;
let root: string;

const tone = (seconds: number, freq: number, sr = 22050): Uint8Array =>
  encodeWav(
    Float32Array.from({ length: Math.round(seconds * sr) }, (_, i) => 0.4 * Math.sin((2 * Math.PI * freq * i) / sr)),
    sr,
  );

async function put(rel: string, bytes: Uint8Array | string): Promise<void> {
  const file = path.join(root, rel);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, bytes);
}

beforeEach(async () => {
  base = await fs.mkdtemp(path.join(os.tmpdir(), 'sources-'));
  root = path.join(base, 'root');
  await put('dog/spk1_a.wav', tone(0.4, 300));
  await put('dog/spk2_b.wav', tone(0.6, 320));
  await put('cat/spk1_c.wav', tone(0.3, 900));
  await put('cat/spk3_d.wav', tone(1.2, 950));
});
afterEach(() => fs.rm(base, { recursive: true, force: true }));

const params = { segmentSeconds: 0.5 };

describe('listClips and preprocess: three ways to describe one data set', () => {
  it('a folder per label, a manifest and a label pattern give identical rows', async () => {
    await put(
      'm.csv',
      'file,label\r\ndog/spk1_a.wav,dog\r\ncat/spk3_d.wav,cat\r\ndog/spk2_b.wav,dog\r\ncat/spk1_c.wav,cat\r\n',
    );
    const outs = ['folders', 'manifest', 'pattern'].map((n) => path.join(base, `${n}.arrow`));
    await preprocess(root, { out: outs[0], params, workers: 0 });
    await preprocess(undefined, { out: outs[1], params, workers: 0, source: { manifest: path.join(root, 'm.csv') } });
    await preprocess(root, { out: outs[2], params, workers: 0, source: { labelPattern: '^(?<label>[a-z]+)/' } });
    const [a, b, c] = await Promise.all(outs.map((o) => loadDataset(o)));
    expect(a.mapping).toEqual(['cat', 'dog']);
    expect(a.tracks).toEqual([
      'cat/spk1_c.wav',
      'cat/spk3_d.wav',
      'cat/spk3_d.wav',
      'dog/spk1_a.wav',
      'dog/spk2_b.wav',
    ]);
    for (const other of [b, c]) {
      expect(other.mapping).toEqual(a.mapping);
      expect(other.tracks).toEqual(a.tracks);
      expect(Array.from(other.labels)).toEqual(Array.from(a.labels));
      expect(Array.from(other.segments)).toEqual(Array.from(a.segments));
      expect(Array.from(other.starts ?? [])).toEqual(Array.from(a.starts ?? []));
      expect(Array.from(other.ends ?? [])).toEqual(Array.from(a.ends ?? []));
      expect(other.groups).toEqual(a.groups);
      expect(other.folds).toEqual(a.folds);
      expect(other.features).toEqual(a.features);
    }
  });

  it('a manifest with groups, folds and metadata and a pattern with named groups agree; every format keeps them', async () => {
    await put(
      'm.csv',
      'path,kind,speaker,split,note\ndog/spk1_a.wav,dog,spk1,1,"loud, close"\ndog/spk2_b.wav,dog,spk2,2,\ncat/spk1_c.wav,cat,spk1,1,\ncat/spk3_d.wav,cat,spk3,2,x\n',
    );
    const manifest = path.join(root, 'm.csv');
    const columns = { fileColumn: 'path', labelColumn: 'kind', groupColumn: 'speaker', foldColumn: 'split' };
    const fromManifest = await listClips(undefined, { manifest, ...columns });
    await put('fold1/dog/spk1_a.wav', tone(0.4, 300));
    await expect(listClips(root, { labelPattern: '^(?<lab>x)' })).rejects.toThrow('no named group (?<label>');
    const byPath = Object.fromEntries(fromManifest.clips.map((c) => [c.relPath, c]));
    expect(byPath['dog/spk1_a.wav']).toMatchObject({ group: 'spk1', fold: '1', metadata: { note: 'loud, close' } });
    expect(byPath['cat/spk3_d.wav']).toMatchObject({ group: 'spk3', fold: '2', metadata: { note: 'x' } });

    const pattern = await listClips(root, { labelPattern: '^(fold(?<fold>\\d)/)?(?<label>dog|cat)/(?<group>spk\\d)_' });
    expect(pattern.clips.find((c) => c.relPath === 'fold1/dog/spk1_a.wav')).toMatchObject({ group: 'spk1', fold: '1' });
    expect(pattern.skipped).toEqual([{ path: 'm.csv', reason: 'not audio' }]);
    const same = (c: { relPath: string; genre: number; group: string }) => [c.relPath, c.genre, c.group];
    expect(pattern.clips.filter((c) => c.fold === '').map(same)).toEqual(fromManifest.clips.map(same));

    for (const ext of ['arrow', 'parquet', 'json']) {
      const out = path.join(base, `g.${ext}`);
      await preprocess(undefined, { out, params, workers: 0, source: { manifest, ...columns } });
      const data = await loadDataset(out);
      expect(data.groups).toEqual(['spk1', 'spk3', 'spk3', 'spk1', 'spk2']);
      expect(data.folds).toEqual(['1', '2', '2', '1', '2']);
      expect(JSON.parse(data.metadata?.[0] ?? '')).toEqual({ note: '' });
      expect(Array.from(data.starts ?? [])).toEqual([0, 0, 0.5, 0, 0]);
      expect(Array.from(data.ends ?? []).map((x) => Math.round(x * 1000) / 1000)).toEqual([0.3, 0.5, 1, 0.4, 0.5]);
      const scan = await scanDataset(out);
      expect(scan.groups).toEqual(data.groups);
      expect(scan.folds).toEqual(data.folds);
    }
  });

  it('reads regions of a longer file and JSON Lines manifests', async () => {
    await put('long.wav', tone(3, 440));
    await put(
      'm.jsonl',
      '{"file":"long.wav","label":"a","start":0.5,"end":1.0,"take":3}\n{"file":"long.wav","label":"b","start":2,"end":2.4}\n',
    );
    const out = path.join(base, 'r.json');
    const summary = await preprocess(undefined, {
      out,
      params,
      workers: 0,
      source: { manifest: path.join(root, 'm.jsonl') },
    });
    expect(summary.segments).toBe(2);
    const data = await loadDataset(out);
    expect(data.tracks).toEqual(['long.wav#t=0.5,1', 'long.wav#t=2,2.4']);
    expect(Array.from(data.starts ?? [])).toEqual([0.5, 2]);
    expect(Array.from(data.ends ?? []).map((x) => Math.round(x * 1000) / 1000)).toEqual([1, 2.4]);
    expect(data.metadata).toEqual(['{"take":"3"}', '']);
  });

  it('names the manifest, the row and the problem of a bad row, and writes nothing over an earlier output', async () => {
    const out = path.join(base, 'keep.arrow');
    await fs.writeFile(out, 'earlier good output');
    const bad = async (csv: string, extra = {}) => {
      await put('bad.csv', csv);
      return preprocess(undefined, {
        out,
        params,
        workers: 0,
        source: { manifest: path.join(root, 'bad.csv'), ...extra },
      });
    };
    const m = path.join(root, 'bad.csv');
    await expect(bad('file,label\ndog/spk1_a.wav,dog\nnope.wav,cat\n')).rejects.toThrow(
      `${m}: row 2: file "nope.wav" not found`,
    );
    await expect(bad('file,label,start,end\ndog/spk1_a.wav,dog,0.3,0.1\n')).rejects.toThrow(
      `${m}: row 1: end is not after start`,
    );
    await expect(bad('file,label\ndog/spk1_a.wav,dog\ncat/spk1_c.wav,\n')).rejects.toThrow(`${m}: row 2: empty label`);
    await expect(bad('file,label\ndog/spk1_a.wav,dog\n', { groupColumn: 'speaker' })).rejects.toThrow(
      `${m}: no column "speaker" (--group-column); its columns are file, label`,
    );
    await expect(bad('file,label\ndog/spk1_a.wav,dog,extra\n')).rejects.toThrow(
      `${m}: row 1: 3 fields, the header has 2`,
    );
    expect(await fs.readFile(out, 'utf8')).toBe('earlier good output');
    // `missing: skip` names the missing file and goes on.
    const s = await bad('file,label\ndog/spk1_a.wav,dog\nnope.wav,cat\n', { missing: 'skip' });
    expect(s.ignored).toEqual([{ path: 'nope.wav', reason: `listed in ${m} row 2 but not found` }]);
  });
});
