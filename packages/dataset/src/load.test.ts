import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadDataset } from './load';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'load-'));
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

async function write(name: string, value: unknown, indent = 4): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, JSON.stringify(value, null, indent));
  return file;
}

// What the course's extract_data.py writes (json.dump(data, fp, indent=4)): three keys, nothing else.
const course = {
  mapping: ['blues', 'classical'],
  labels: [0, 0, 1],
  mfcc: [
    [
      [-412.5, 88.25, 1.0],
      [-400.0, 80.0, 2.0],
    ],
    [
      [-300.0, 70.0, 3.0],
      [-310.0, 75.0, 4.0],
    ],
    [
      [-200.0, 60.0, 5.0],
      [-210.0, 65.0, 6.0],
    ],
  ],
};

describe('loadDataset on JSON', () => {
  it("reads the course script's data_10.json shape", async () => {
    const data = await loadDataset(await write('data_10.json', course));
    expect(data.mapping).toEqual(['blues', 'classical']);
    expect(data.shape).toEqual([3, 2, 3]);
    expect(Array.from(data.labels)).toEqual([0, 0, 1]);
    expect(Array.from(data.features.subarray(0, 4))).toEqual([-412.5, 88.25, 1, -400]);
    expect(data.features[17]).toBe(6);
    expect(data.params).toBeNull();
    expect(data.tracks).toEqual(['', '', '']);
    expect(Array.from(data.segments)).toEqual([-1, -1, -1]);
  });

  it('rejects missing keys, ragged rows and labels outside the mapping, naming the file', async () => {
    await expect(loadDataset(await write('a.json', { mapping: [], labels: [] }))).rejects.toThrow(
      /a\.json: not a dataset file[\s\S]*mfcc/,
    );
    const ragged = { ...course, mfcc: [course.mfcc[0], [[1, 2, 3]], course.mfcc[2]] };
    await expect(loadDataset(await write('b.json', ragged))).rejects.toThrow(/b\.json: mfcc\[1\] has 1 vectors/);
    await expect(loadDataset(await write('c.json', { ...course, labels: [0, 0, 2] }))).rejects.toThrow(
      /c\.json: label 2 at row 2 is outside mapping \(2 labels\)/,
    );
    await expect(loadDataset(await write('d.json', { ...course, labels: [0, 1] }))).rejects.toThrow(
      /d\.json: 2 labels for 3 rows/,
    );
  });

  it('rejects params that disagree with the rows', async () => {
    const file = await write('e.json', { ...course, params: { nMfcc: 13 } });
    await expect(loadDataset(file)).rejects.toThrow(/e\.json: mfcc rows are 2 × 3, params say 130 × 13/);
  });

  it('names a file that is neither JSON nor Arrow, or missing', async () => {
    const file = path.join(dir, 'x.bin');
    await fs.writeFile(file, 'garbage');
    await expect(loadDataset(file)).rejects.toThrow(
      /x\.bin: not a dataset file \(expected an Arrow IPC or Parquet file, a folder of parts, or the course's JSON/,
    );
    const broken = path.join(dir, 'broken.json');
    await fs.writeFile(broken, '  {"mapping": [');
    await expect(loadDataset(broken)).rejects.toThrow(/broken\.json: not valid JSON/);
    await expect(loadDataset(path.join(dir, 'none.arrow'))).rejects.toThrow(/^.*none\.arrow: not found$/);
  });
});
