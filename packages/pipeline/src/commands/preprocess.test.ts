import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadDataset } from '@audio-dl/dataset';
import { encodeWav } from '@audio-dl/dsp';
import { runCli } from '../__fixtures__/run-cli';

/** Runs `audio-dl …` and captures what it prints. */
const run = runCli;

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cli-preprocess-'));
  const demo = await run(
    'demo-data',
    '--out',
    path.join(dir, 'demo'),
    '--tracks',
    '2',
    '--genres',
    '3',
    '--seconds',
    '3',
  );
  expect(demo.code).toBe(0);
  expect(demo.stdout).toMatch(/6 tracks in 3 genres \(blues, classical, disco\)/);
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describe('audio-dl preprocess', () => {
  it('writes Arrow with the flags as feature parameters and prints the summary', async () => {
    const out = path.join(dir, 'data.arrow');
    const flags = ['--segments', '3', '--duration', '3', '--n-mfcc', '20', '--hop-length', '256', '--workers', '0'];
    const { code, stdout } = await run('preprocess', path.join(dir, 'demo'), '--out', out, ...flags);
    expect(code).toBe(0);
    expect(stdout).toMatch(/data\.arrow: arrow, 3 labels \(blues, classical, disco\)/);
    expect(stdout).toMatch(/tracks 6, segments 18, short tracks 0, dropped short segments 0/);
    expect(stdout).toMatch(/features mfcc \(20 coefficients\), hop 256 at 22050 Hz/);
    expect(stdout).toMatch(/skipped files 0 failed to decode, 0 dropped \(too short or silent\), 0 not clips/);
    const data = await loadDataset(out);
    expect(data.shape).toEqual([18, Math.ceil(22050 / 256), 20]);
    expect(data.params).toMatchObject({ segments: 3, duration: 3, nMfcc: 20, hopLength: 256, nFft: 2048 });
  });

  it('names a file that fails to decode and, with --strict, exits 1', async () => {
    await fs.writeFile(path.join(dir, 'demo', 'disco', 'broken.wav'), 'not audio at all');
    const out = path.join(dir, 'strict.json');
    const base = ['preprocess', path.join(dir, 'demo'), '--segments', '3', '--duration', '3', '--workers', '0'];
    const lenient = await run(...base, '--out', out);
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toMatch(/skipped disco\/broken\.wav: /);
    expect(lenient.stdout).toMatch(/skipped files 1 failed to decode/);
    await fs.rm(out);
    const strict = await run(...base, '--out', out, '--strict');
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/1 file\(s\) failed to decode \(--strict, nothing written\): disco\/broken\.wav/);
    await expect(fs.stat(out)).rejects.toThrow(/ENOENT/);
    await fs.rm(path.join(dir, 'demo', 'disco', 'broken.wav'));
  });

  it('names a track shorter than asked, with its duration, on the terminal, in the summary and in the file', async () => {
    const tree = path.join(dir, 'short-tree');
    await fs.cp(path.join(dir, 'demo'), tree, { recursive: true });
    // 0.5 s of silence at 22050 Hz, 16-bit
    await fs.writeFile(path.join(tree, 'disco', 'short.wav'), encodeWav(new Float32Array(11025), 22050));
    const out = path.join(dir, 'short.json');
    const { code, stdout, stderr } = await run('preprocess', tree, '--out', out, '--segments', '3', '--duration', '3');
    expect(code).toBe(0);
    expect(stderr).toContain(
      'warning: disco/short.wav: 0.50 s of audio, 0 of 3 segments (3 s asked, a segment is 1.00 s)\n',
    );
    expect(stdout).toMatch(/tracks 6, segments 18, short tracks 1, dropped short segments 3/);
    const data = await loadDataset(out);
    expect(data.meta.shortTracks).toEqual([{ path: 'disco/short.wav', seconds: 0.5, segments: 0 }]);
    expect(data.meta.warnings).toEqual([expect.stringMatching(/^disco\/short\.wav: 0\.50 s of audio/)]);
  });

  it('checks ROOT and --out before any work, in one line each', async () => {
    const none = path.join(dir, 'nothere');
    expect(await run('preprocess', none, '--out', path.join(dir, 'x.arrow'))).toEqual({
      code: 1,
      stdout: '',
      stderr: `audio-dl preprocess: ${none}: not found\n`,
    });
    const folder = path.join(dir, 'folder.arrow');
    await fs.mkdir(folder);
    const clash = await run('preprocess', path.join(dir, 'demo'), '--out', folder);
    expect(clash).toEqual({
      code: 1,
      stdout: '',
      stderr: `audio-dl preprocess: ${folder}: is a folder; name the file to write\n`,
    });
  });

  it('writes shards to Parquet parts that load as one data set, equal to a single run', async () => {
    const base = ['preprocess', path.join(dir, 'demo'), '--segments', '3', '--duration', '3', '--workers', '0'];
    const single = path.join(dir, 'single.parquet');
    expect((await run(...base, '--out', single)).code).toBe(0);
    const parts = path.join(dir, 'parts');
    for (const k of [0, 1, 2, 3]) {
      const { code, stdout } = await run(...base, '--shard', `${k}/4`, '--out', path.join(parts, `part-${k}.parquet`));
      expect(code).toBe(0);
      expect(stdout).toMatch(
        new RegExp(`part-${k}\\.parquet: parquet, shard ${k}/4, 3 labels \\(blues, classical, disco\\)`),
      );
    }
    const [whole, joined] = [await loadDataset(single), await loadDataset(parts)];
    expect(joined.features).toEqual(whole.features);
    expect(joined.tracks).toEqual(whole.tracks);
    const bad = await run(...base, '--shard', '4/4', '--out', path.join(dir, 'x.parquet'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--shard: K must be below N in "4\/4" \(shards are numbered 0 … 3\)/);
  });

  it('rejects bad flags with exit code 2', async () => {
    const noOut = await run('preprocess', path.join(dir, 'demo'));
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/--out/);
    expect((await run('preprocess', dir, '--out', 'x.csv')).code).toBe(2);
    expect((await run('preprocess', dir, '--out', 'x.arrow', '--segments', '0')).stderr).toMatch(/--segments/);
    expect((await run('preprocess', '--out', 'x.arrow')).stderr).toMatch(/exactly one ROOT/);
  });
});
