import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeWav } from '@audio-dl/dsp';
import { pythonWith } from './__fixtures__/python';
import { writeDatasetArrow } from './arrow';
import { loadDataset } from './load';
import { preprocess } from './preprocess';

// DuckDB, pyarrow and Polars read our files as they are, with the sample shape: the proof that the files are
// self-describing. They install from tools/scale/requirements.txt; without them this suite says so and skips.
// Five 30 s tracks through preprocess and three Python readers: seconds alone, far longer on a loaded machine.
jest.setTimeout(180_000);

const python = pythonWith(['duckdb', 'pyarrow', 'polars', 'numpy']);
const describeWithReaders = python ? describe : describe.skip;

interface Seen {
  counts: Record<string, number>;
  sample: number[][];
  type: string;
  label_type?: string;
  shape?: number[];
  params?: { nMfcc: number };
}

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'readers-'));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describeWithReaders('DuckDB, pyarrow and Polars on our Parquet and Arrow', () => {
  it('count rows per genre and give one sample back as 130 × 13 numbers equal to ours', async () => {
    const root = path.join(dir, 'tree');
    // Three genres of 30 s tones (the course's defaults: 10 segments of 130 × 13), one genre with a single track.
    const tracks: [string, number][] = [
      ['blues/a.wav', 220],
      ['blues/b.wav', 330],
      ['jazz/a.wav', 440],
      ['rock/a.wav', 550],
      ['rock/b.wav', 660],
    ];
    for (const [rel, freq] of tracks) {
      const file = path.join(root, rel);
      await fs.mkdir(path.dirname(file), { recursive: true });
      const tone = Float32Array.from(
        { length: 30 * 22050 },
        (_, i) => 0.3 * Math.sin((2 * Math.PI * freq * i) / 22050),
      );
      await fs.writeFile(file, encodeWav(tone, 22050));
    }
    const parquet = path.join(dir, 'data.parquet');
    const arrow = path.join(dir, 'data.arrow');
    await preprocess(root, { out: parquet, workers: 0 });
    const ours = await loadDataset(parquet);
    await writeDatasetArrow(arrow, ours);
    const row = ours.tracks.findIndex((t, i) => t === 'rock/b.wav' && ours.segments[i] === 7);
    const expected = Array.from({ length: 130 }, (_, f) =>
      Array.from(ours.features.subarray(row * 1690 + f * 13, row * 1690 + (f + 1) * 13)),
    );

    const out = execFileSync(
      python as string,
      [path.join(__dirname, '__fixtures__', 'read_with_python.py'), parquet, arrow, 'rock/b.wav', '7'],
      { encoding: 'utf8' },
    );
    const seen = JSON.parse(out) as Record<string, Seen>;
    for (const reader of ['duckdb', 'pyarrow', 'pyarrow_ipc', 'polars']) {
      expect([reader, seen[reader].counts]).toEqual([reader, { blues: 20, jazz: 10, rock: 20 }]);
      expect([reader, seen[reader].sample]).toEqual([reader, expected]);
    }
    expect(seen.duckdb.type).toBe('FLOAT[][]');
    expect(seen.duckdb.params?.nMfcc).toBe(13);
    const nested = 'fixed_size_list<item: fixed_size_list<item: float not null>[13] not null>[130]';
    expect(seen.pyarrow.type).toBe(nested);
    expect(seen.pyarrow_ipc.type).toBe(nested);
    expect(seen.pyarrow.label_type).toBe('dictionary<values=string, indices=int32, ordered=0>');
    expect(seen.pyarrow.shape).toEqual([50, 130, 13]);
    expect(seen.polars.type).toBe('Array(Float32, shape=(130, 13))');
    expect(seen.polars.shape).toEqual([50, 130, 13]);
    expect(seen.polars_ipc.shape).toEqual([50, 130, 13]);
  });
});
