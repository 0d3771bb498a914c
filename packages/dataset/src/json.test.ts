import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Dataset } from './dataset';
import { pyFloat, writeDatasetJson } from './json';
import { defaultFeatureParams } from './params';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'json-'));
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

const tiny = (): Dataset => ({
  mapping: ['blues', 'jazz'],
  labels: Int32Array.from([0, 1]),
  features: Float32Array.from([1, -0.5, 2.25, 1e-5, -0, 3, 100.125, -7.5]),
  shape: [2, 2, 2],
  tracks: ['blues/a.wav', 'jazz/b.wav'],
  segments: Int32Array.from([0, 3]),
  params: defaultFeatureParams,
  meta: { version: '0.1.0' },
});

describe('pyFloat', () => {
  it("writes floats as Python's repr does", () => {
    expect(pyFloat(1)).toBe('1.0');
    expect(pyFloat(-0)).toBe('-0.0');
    expect(pyFloat(Math.fround(1e-5))).toBe('9.999999747378752e-06');
    expect(pyFloat(1.5e16)).toBe('1.5e+16');
    expect(pyFloat(Math.fround(-412.34567))).toBe('-412.3456726074219');
    expect(pyFloat(Math.fround(0.1))).toBe('0.10000000149011612');
    expect(() => pyFloat(Number.NaN)).toThrow(/NaN cannot be written/);
  });
});

describe('writeDatasetJson', () => {
  it("with indent 4 writes exactly Python's json.dump(data, indent=4) before the extra keys", async () => {
    const out = path.join(dir, 'data.json');
    await writeDatasetJson(out, tiny(), { indent: 4 });
    const text = await fs.readFile(out, 'utf8');
    // json.dumps({"mapping", "labels", "mfcc": np.float32 array .tolist()}, indent=4), from Python 3.11.
    const python =
      '{\n    "mapping": [\n        "blues",\n        "jazz"\n    ],\n    "labels": [\n        0,\n        1\n    ],\n    "mfcc": [\n        [\n            [\n                1.0,\n                -0.5\n            ],\n            [\n                2.25,\n                9.999999747378752e-06\n            ]\n        ],\n        [\n            [\n                -0.0,\n                3.0\n            ],\n            [\n                100.125,\n                -7.5\n            ]\n        ]\n    ]';
    expect(text.startsWith(`${python},\n    "tracks": [\n        "blues/a.wav",`)).toBe(true);
    expect(text.endsWith('\n    }\n}')).toBe(true);
    expect(Object.keys(JSON.parse(text))).toEqual([
      'mapping',
      'labels',
      'mfcc',
      'tracks',
      'segments',
      'groups',
      'folds',
      'starts',
      'ends',
      'metadata',
      'params',
      'meta',
    ]);
  });

  it('writes compact JSON in the seed shape [n][frames][nMfcc] by default', async () => {
    const out = path.join(dir, 'data.json');
    await writeDatasetJson(out, tiny());
    const text = await fs.readFile(out, 'utf8');
    expect(text).not.toContain('\n');
    const doc = JSON.parse(text);
    expect(doc.mapping).toEqual(['blues', 'jazz']);
    expect(doc.labels).toEqual([0, 1]);
    expect(doc.mfcc).toEqual([
      [
        [1, -0.5],
        [2.25, Math.fround(1e-5)],
      ],
      [
        [-0, 3],
        [100.125, -7.5],
      ],
    ]);
    expect(doc.segments).toEqual([0, 3]);
    expect(doc.params.nMfcc).toBe(13);
  });

  it('streams a file larger than one flush and leaves no temporary file', async () => {
    const n = 200;
    const data: Dataset = {
      ...tiny(),
      labels: new Int32Array(n),
      features: Float32Array.from({ length: n * 130 * 13 }, (_, i) => Math.fround(Math.sin(i) * 100)),
      shape: [n, 130, 13],
      tracks: new Array<string>(n).fill('blues/a.wav'),
      segments: new Int32Array(n),
    };
    const out = path.join(dir, 'big.json');
    await writeDatasetJson(out, data);
    expect((await fs.stat(out)).size).toBeGreaterThan(2 ** 20);
    const doc = JSON.parse(await fs.readFile(out, 'utf8'));
    expect(doc.mfcc.length).toBe(n);
    expect(doc.mfcc[199][129][12]).toBe(data.features[n * 130 * 13 - 1]);
    expect(await fs.readdir(dir)).toEqual(['big.json']);
  });

  it('refuses a dataset whose arrays disagree with its shape, writing nothing', async () => {
    const out = path.join(dir, 'bad.json');
    await expect(writeDatasetJson(out, { ...tiny(), shape: [2, 3, 2] })).rejects.toThrow(/bad\.json: features holds 8/);
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it('removes the temporary file when writing fails midway', async () => {
    const out = path.join(dir, 'nan.json');
    const features = tiny().features;
    features[7] = Number.NaN;
    await expect(writeDatasetJson(out, { ...tiny(), features })).rejects.toThrow(/NaN cannot be written/);
    expect(await fs.readdir(dir)).toEqual([]);
  });
});
