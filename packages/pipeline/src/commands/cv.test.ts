import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeWav } from '@audio-dl/dsp';
import { runCli as run } from '../__fixtures__/run-cli';

let dir: string;
let data: string;
const tone = (seconds: number, freq: number, seed: number): Uint8Array =>
  encodeWav(
    Float32Array.from(
      { length: Math.round(seconds * 16000) },
      (_, i) => 0.3 * Math.sin((2 * Math.PI * freq * i) / 16000) + 0.01 * Math.sin(i * (seed + 1)),
    ),
    16000,
  );

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cli-cv-'));
  // 3 labels × 6 players; players 1–2 in fold 1, 3–4 in fold 2, 5–6 in fold 3; two clips each.
  const rows = ['file,label,player,fold'];
  const freqs = { low: 200, mid: 700, high: 2000 };
  for (const [label, freq] of Object.entries(freqs))
    for (let p = 1; p <= 6; p++)
      for (let c = 0; c < 2; c++) {
        const file = `${label}-${p}-${c}.wav`;
        await fs.writeFile(path.join(dir, file), tone(0.3 + 0.1 * c, freq * (1 + 0.03 * p), p * 10 + c));
        rows.push(`${file},${label},${label}${p},${Math.ceil(p / 2)}`);
      }
  await fs.writeFile(path.join(dir, 'm.csv'), `${rows.join('\n')}\n`);
  data = path.join(dir, 'd.arrow');
  const pre = await run(
    'preprocess',
    '--manifest',
    path.join(dir, 'm.csv'),
    '--group-column',
    'player',
    '--out',
    data,
    '--workers',
    '0',
  );
  expect(pre.code).toBe(0);
}, 120_000);
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

const common = ['--model', 'stats', '--epochs', '3', '--threads', '1', '--backend', 'cpu'];

describe('audio-dl cv and train --test-fold', () => {
  it('runs leave-one-fold-out over the predefined folds; folds run apart and merged give the same cv.json', async () => {
    const all = await run('cv', '--data', data, '--out', path.join(dir, 'all'), ...common);
    expect(all.code).toBe(0);
    expect(all.stderr).toMatch(/split: by group/);
    const cv = JSON.parse(await fs.readFile(path.join(dir, 'all', 'cv.json'), 'utf8'));
    expect(cv.protocol).toBe('predefined');
    expect(cv.training).toEqual({ model: 'stats', epochs: 3, members: 1 });
    expect(cv.folds.map((f: { fold: string; n: number }) => [f.fold, f.n])).toEqual([
      ['1', 12],
      ['2', 12],
      ['3', 12],
    ]);
    expect(Object.keys(cv.mean).sort()).toEqual(['accuracy', 'balancedAccuracy', 'clipAccuracy', 'macroF1']);
    expect(all.stdout).toMatch(/^mean ± sd/m);
    const one = await run('cv', '--data', data, '--out', path.join(dir, 'one'), '--folds', '1', ...common);
    const rest = await run('cv', '--data', data, '--out', path.join(dir, 'rest'), '--folds', '2,3', ...common);
    expect([one.code, rest.code]).toEqual([0, 0]);
    const merged = await run(
      'cv',
      '--out',
      path.join(dir, 'merged'),
      '--data',
      data,
      '--merge',
      `${path.join(dir, 'one', 'cv.json')},${path.join(dir, 'rest', 'cv.json')}`,
    );
    expect(merged.code).toBe(0);
    const m = JSON.parse(await fs.readFile(path.join(dir, 'merged', 'cv.json'), 'utf8'));
    const strip = (r: { folds: { seconds: number }[] }) => r.folds.map(({ seconds: _, ...f }) => f);
    expect(strip(m)).toEqual(strip(cv));
    expect(m.training).toEqual(cv.training);
  }, 300_000);

  it('grouped k-fold when asked; train --test-fold tests on that fold', async () => {
    const k = await run('cv', '--data', data, '--out', path.join(dir, 'k'), '--k', '4', ...common);
    expect(k.code).toBe(0);
    const cv = JSON.parse(await fs.readFile(path.join(dir, 'k', 'cv.json'), 'utf8'));
    expect(cv.protocol).toBe('grouped');
    expect(cv.folds.map((f: { n: number }) => f.n).reduce((a: number, b: number) => a + b, 0)).toBe(36);
    const t = await run(
      'train',
      '--data',
      data,
      '--out',
      path.join(dir, 'model'),
      '--test-fold',
      '2',
      '--no-record',
      '--class-weights',
      'balanced',
      ...common,
    );
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/split \(group, test fold 2, seed 42\): train \d+, validation \d+, test 12 segments/);
    expect(t.stdout).toMatch(/macro-F1 \d\.\d{3} {2}balanced accuracy/);
  }, 300_000);

  it('--leave-one-group-out makes a fold of each player; with --k it is a usage error', async () => {
    const logo = await run('cv', '--data', data, '--out', path.join(dir, 'logo'), '--leave-one-group-out', ...common);
    expect(logo.code).toBe(0);
    const cv = JSON.parse(await fs.readFile(path.join(dir, 'logo', 'cv.json'), 'utf8'));
    expect(cv.protocol).toBe('leave-one-group-out');
    expect(cv.folds).toHaveLength(18);
    expect(cv.folds.slice(0, 2).map((f: { fold: string; n: number }) => [f.fold, f.n])).toEqual([
      ['high1', 2],
      ['high2', 2],
    ]);
    const both = await run('cv', '--data', data, '--out', path.join(dir, 'both'), '--k', '3', '--leave-one-group-out');
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--k and --leave-one-group-out are two ways of making folds; give one/);
    await expect(fs.access(path.join(dir, 'both'))).rejects.toThrow();
  }, 300_000);

  it('--ensemble N averages N models in each fold: the fold scores what train --test-fold --ensemble N scores', async () => {
    const cv = await run(
      'cv',
      '--data',
      data,
      '--out',
      path.join(dir, 'ens'),
      '--folds',
      '2',
      '--ensemble',
      '2',
      ...common,
    );
    expect(cv.code).toBe(0);
    expect(cv.stderr).toContain('cv: stats, an average of 2 models, 3 epochs per fold');
    const [fold] = JSON.parse(await fs.readFile(path.join(dir, 'ens', 'cv.json'), 'utf8')).folds;
    const out = path.join(dir, 'ens-model');
    const t = await run(
      'train',
      '--data',
      data,
      '--out',
      out,
      '--test-fold',
      '2',
      '--ensemble',
      '2',
      '--no-record',
      ...common,
    );
    expect(t.code).toBe(0);
    const metrics = JSON.parse(await fs.readFile(path.join(out, 'metrics.json'), 'utf8'));
    expect(fold.accuracy).toBe(metrics.accuracy);
    expect(fold.n).toBe(12);
    // Its folds are not merged with a single model's: one line naming both files, nothing written.
    const single = await run('cv', '--data', data, '--out', path.join(dir, 'single'), '--folds', '1', ...common);
    expect(single.code).toBe(0);
    const [a, b] = [path.join(dir, 'single', 'cv.json'), path.join(dir, 'ens', 'cv.json')];
    const mixed = await run('cv', '--data', data, '--out', path.join(dir, 'mixed'), '--merge', `${a},${b}`);
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toBe(
      `audio-dl cv: ${b}: stats, 3 epochs, 2 models averaged, predefined folds, but ${a}: stats, 3 epochs, predefined folds; only folds of one run are merged\n`,
    );
    await expect(fs.stat(path.join(dir, 'mixed'))).rejects.toThrow(/ENOENT/);
  }, 300_000);
});
