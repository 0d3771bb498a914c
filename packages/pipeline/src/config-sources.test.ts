import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeWav } from '@audio-dl/dsp';
import { dataRoot, loadConfig, parseConfig } from './config';
import { decode } from './stages/decode';

describe('pipeline config: the three ways to describe the data', () => {
  it('accepts a manifest with its columns or a label pattern (the preprocess flags schema), not both', () => {
    const c = parseConfig({ data: { manifest: 'meta/clips.csv', fileColumn: 'path', groupColumn: 'speaker' } });
    expect(c.data).toMatchObject({
      manifest: 'meta/clips.csv',
      fileColumn: 'path',
      groupColumn: 'speaker',
      missing: 'error',
    });
    expect(parseConfig({ data: { root: 'clips', labelPattern: '^(?<label>\\w+)_' } }).data.labelPattern).toBe(
      '^(?<label>\\w+)_',
    );
    expect(() => parseConfig({ data: { manifest: 'a.csv', labelPattern: '(?<label>x)' } }, 'p.json')).toThrow(
      /give data\.manifest or data\.labelPattern, not both/,
    );
    expect(() => parseConfig({ data: { manifestFile: 'a.csv' } })).toThrow(/Unrecognized key: "manifestFile"/);
  });

  it('decodes the clips and regions a manifest lists', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'config-sources-'));
    try {
      const tone = Float32Array.from({ length: 22050 }, (_, i) => 0.3 * Math.sin(i / 5));
      await fs.mkdir(path.join(dir, 'meta'));
      await fs.writeFile(path.join(dir, 'a.wav'), encodeWav(tone, 22050));
      await fs.writeFile(path.join(dir, 'meta', 'm.csv'), 'file,label,start,end\n../a.wav,x,0.25,0.75\n../a.wav,y,,\n');
      await fs.writeFile(path.join(dir, 'p.json'), JSON.stringify({ data: { manifest: 'meta/m.csv' } }));
      const loaded = loadConfig(path.join(dir, 'p.json'));
      expect(dataRoot(loaded)).toEqual({ root: path.join(dir, 'meta'), demo: false });
      const out = path.join(dir, 'out');
      await fs.mkdir(out);
      const logs: string[] = [];
      const summary = await decode({ loaded, experiment: 'default', log: (l) => logs.push(l) }, out);
      expect(summary).toMatchObject({ genres: 2, tracks: 2, samples: 11025 + 22050 });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
