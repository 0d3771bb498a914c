import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { librosaFixture } from '../__fixtures__/librosa';
import { runCli } from '../__fixtures__/run-cli';

const fixture = librosaFixture;

const run = (...argv: string[]) => runCli('features', ...argv);

describe('audio-dl features', () => {
  it('prints librosa-identical MFCC JSON (music.wav, max |Δ| ≤ 1e-3)', async () => {
    const golden = JSON.parse(readFileSync(fixture('music.json'), 'utf8')).mfcc.data as number[][];
    const { code, stdout, stderr } = await run(fixture('music.wav'));
    expect([code, stderr]).toEqual([0, '']);
    const out = JSON.parse(stdout);
    expect([out.sr, out.nMfcc, out.frames]).toEqual([22050, 13, 130]);
    expect(out.mfcc).toHaveLength(13);
    let err = 0;
    golden.forEach((row, k) => {
      row.forEach((g, t) => {
        err = Math.max(err, Math.abs(out.mfcc[k][t] - g));
      });
    });
    expect(err).toBeLessThanOrEqual(1e-3);
  });

  it('--start/--end cut the file, --n-mfcc changes the rows, and a stereo 44.1 kHz file works', async () => {
    const cut = JSON.parse((await run(fixture('music.wav'), '--start', '1', '--end', '2', '--n-mfcc', '20')).stdout);
    expect([cut.nMfcc, cut.frames, cut.mfcc.length]).toEqual([20, 44, 20]);
    const st = JSON.parse((await run(fixture('stereo44k.wav'), '--sr', '16000', '--hop-length', '256')).stdout);
    expect([st.sr, st.frames]).toEqual([16000, 1 + Math.floor(16000 / 256)]);
  });

  it('unreadable input: one line on stderr naming the file and the reason, exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'features-'));
    const bad = join(dir, 'cut.wav');
    const wav = readFileSync(fixture('music.wav'));
    writeFileSync(bad, wav.subarray(0, 44 + 4100));
    const r = await run(bad);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`audio-dl features: ${bad}: truncated: data chunk says 132300 bytes, file has 4100\n`);
    const missing = await run(join(dir, 'none.wav'));
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/none\.wav: not found/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('bad flags are usage errors (exit 2)', async () => {
    expect((await run(fixture('music.wav'), '--n-fft', '1000')).stderr).toMatch(/--n-fft: must be a power of two/);
    expect((await run(fixture('music.wav'), '--start', '2', '--end', '1')).code).toBe(2);
    expect((await run(fixture('music.wav'), '--n-mfcc', '200')).stderr).toMatch(/--n-mfcc: cannot exceed --n-mels/);
    expect((await run()).code).toBe(2);
  });
});
