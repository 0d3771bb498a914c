import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { loadDataset, preprocess } from '@audio-dl/dataset';
import { generateDemoData } from '@audio-dl/demo-data';
import { pythonWith } from '../../packages/dataset/src/__fixtures__/python';

// A local Ray instance on 127.0.0.1 with 2 CPUs, the demo set (6 genres × 20 tracks × 30 s), 2 shards (one task per
// CPU; BENCHMARKS.md times 1, 2 and 4): starting Ray and the CLI processes takes a while on a shared machine.
jest.setTimeout(300_000);

const python = pythonWith(['ray', 'pyarrow', 'pandas']);
const describeWithRay = python ? describe : describe.skip;
const repo = path.join(__dirname, '..', '..');
// The CLI from the sources (no build needed), by absolute paths: Ray runs tasks in folders of its own.
const cli = `node ${path.join(repo, 'node_modules', 'tsx', 'dist', 'cli.mjs')} ${path.join(repo, 'tools', 'dev-cli.ts')}`;

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ray-preprocess-'));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describeWithRay('tools/scale/ray_preprocess.py', () => {
  it('runs one preprocess task per shard on Ray; the parts equal a single run, byte for byte', async () => {
    const root = path.join(dir, 'demo');
    await generateDemoData({ root });
    const single = path.join(dir, 'single.parquet');
    await preprocess(root, { out: single, workers: 2 });
    const parts = path.join(dir, 'parts');
    const driver = path.join(__dirname, 'ray_preprocess.py');
    const args = [driver, root, '--out', parts, '--shards', '2', '--num-cpus', '2', '--cli', cli];
    const { stdout } = await promisify(execFile)(python as string, args, { cwd: repo, maxBuffer: 1 << 24 });

    expect(stdout).toMatch(/^ray: 127\.0\.0\.1, 2\.0 CPUs$/m);
    for (const k of [0, 1]) expect(stdout).toMatch(new RegExp(`^shard ${k}/2: .*part-0000${k}\\.parquet in `, 'm'));
    expect(stdout).toMatch(/2 shard\(s\) in [\d.]+ s; 1200 segments read back with ray\.data\.read_parquet:/);
    for (const genre of ['blues', 'classical', 'disco', 'hiphop', 'metal', 'reggae'])
      expect(stdout).toMatch(new RegExp(`^  ${genre}: 200$`, 'm'));

    const [whole, joined] = [await loadDataset(single), await loadDataset(parts)];
    expect(joined.shape).toEqual([1200, 130, 13]);
    expect(Buffer.from(joined.features.buffer, joined.features.byteOffset, joined.features.byteLength)).toEqual(
      Buffer.from(whole.features.buffer, whole.features.byteOffset, whole.features.byteLength),
    );
    expect(Array.from(joined.labels)).toEqual(Array.from(whole.labels));
    expect(joined.tracks).toEqual(whole.tracks);
    expect(Array.from(joined.segments)).toEqual(Array.from(whole.segments));
    // 60 tracks a shard, 20 a genre: the first part holds blues, classical and disco only, yet maps all six genres.
    const first = await loadDataset(path.join(parts, 'part-00000.parquet'));
    expect(first.mapping).toEqual(whole.mapping);
    expect(new Set(first.labels)).toEqual(new Set([0, 1, 2]));
  });

  it('refuses a parts folder that already holds parts, before starting Ray', async () => {
    const stale = path.join(dir, 'stale');
    await fs.mkdir(stale);
    await fs.writeFile(path.join(stale, 'part-00000.parquet'), 'from an earlier run');
    const driver = path.join(__dirname, 'ray_preprocess.py');
    const run = promisify(execFile)(python as string, [driver, dir, '--out', stale, '--shards', '2']);
    await expect(run).rejects.toMatchObject({
      stderr: expect.stringMatching(/already holds 1 part\(s\) \(part-00000\.parquet…\); use an empty folder/),
    });
  });
});
