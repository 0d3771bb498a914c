// Measures how far @audio-dl/dsp is from the librosa 0.10.2 golden fixtures, for the table in packages/dsp/README.md.
// Run: npx tsx tools/bench/dsp-parity.ts [fixtures dir]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  amplitudeToDb,
  createMfccExtractor,
  loadAudio,
  type Matrix,
  melFilterBank,
  melSpectrogram,
  powerToDb,
  spectrogram,
} from '@audio-dl/dsp';

const dir = process.argv[2] ?? resolve(__dirname, '../../../shared/fixtures/librosa');
// biome-ignore lint/suspicious/noExplicitAny: fixture JSON is free-form
const fixture = (name: string): any => JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'));
const at = (m: Matrix, r: number, c: number) => m.data[r * m.shape[1] + c];

function maxDiff(m: Matrix, golden: number[][]): number {
  let d = 0;
  golden.forEach((row, r) => {
    row.forEach((g, c) => {
      d = Math.max(d, Math.abs(at(m, r, c) - g));
    });
  });
  return d;
}

/** Largest error of the given columns relative to each column's maximum. */
function relColumns(m: Matrix, cols: { t: number; golden: number[] }[]): number {
  let worst = 0;
  for (const { t, golden } of cols) {
    const peak = Math.max(...golden);
    let e = 0;
    golden.forEach((g, k) => {
      e = Math.max(e, Math.abs(at(m, k, t) - g));
    });
    worst = Math.max(worst, peak > 0 ? e / peak : e);
  }
  return worst;
}

const fmt = (x: number) => x.toExponential(1);

async function main(): Promise<void> {
  console.log(
    '| input | load (first 64) | STFT |S| / frame max | amplitude_to_db (dB) | mel spectrogram / frame max | power_to_db mel (dB) | MFCC max abs diff |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  const extract = createMfccExtractor();
  for (const name of ['sine440', 'chirp', 'noise', 'clicks', 'music', 'stereo44k']) {
    const fx = fixture(name);
    const { signal } = await loadAudio(join(dir, `${name}.wav`));
    const load = Math.max(...fx.load.first64.map((g: number, i: number) => Math.abs(signal[i] - g)));
    const S = spectrogram(signal, { nFft: 2048, hopLength: 512 });
    const stftCols =
      name === 'sine440'
        ? Array.from({ length: S.shape[1] }, (_, t) => ({ t, golden: fx.stft_mag.full.map((r: number[]) => r[t]) }))
        : [
            { t: 0, golden: fx.stft_mag.frame0 },
            { t: 5, golden: fx.stft_mag.frame5 },
          ];
    const D = amplitudeToDb(S);
    const dbErr =
      name === 'sine440'
        ? maxDiff(D, fx.amplitude_to_db.full)
        : Math.max(...fx.amplitude_to_db.frame0.map((g: number, k: number) => Math.abs(at(D, k, 0) - g)));
    const M = melSpectrogram(signal);
    const melCols = fx.melspectrogram.first3frames.map((golden: number[], t: number) => ({ t, golden }));
    const P = powerToDb(M);
    let pErr = 0;
    fx.power_to_db_mel.first3frames.forEach((col: number[], t: number) => {
      col.forEach((g, m) => {
        pErr = Math.max(pErr, Math.abs(at(P, m, t) - g));
      });
    });
    const mf = maxDiff(extract(signal), fx.mfcc.data);
    console.log(
      `| ${name} | ${fmt(load)} | ${fmt(relColumns(S, stftCols))} | ${fmt(dbErr)} | ${fmt(relColumns(M, melCols))} | ${fmt(pErr)} | ${fmt(mf)} |`,
    );
  }
  const seg = fixture('segments');
  const { signal } = await loadAudio(join(dir, 'track30.wav'));
  for (const s of [0, 9]) {
    const m = extract(signal.subarray(66150 * s, 66150 * (s + 1)));
    console.log(`| track30 segment ${s} | | | | | | ${fmt(maxDiff(m, seg[`segment${s}`].mfcc))} |`);
  }
  const fb = fixture('chirp').mel_filterbank;
  const bank = melFilterBank({ sr: 22050, nFft: 2048, nMels: 128 });
  let fbErr = 0;
  for (const r of [0, 10, 127]) {
    const g = fb[`row${r}_nonzero`];
    g.indices.forEach((k: number, j: number) => {
      fbErr = Math.max(fbErr, Math.abs(at(bank, r, k) - g.values[j]));
    });
  }
  let sums = 0;
  fb.row_sums.forEach((g: number, r: number) => {
    let s = 0;
    for (let k = 0; k < 1025; k++) s += at(bank, r, k);
    sums = Math.max(sums, Math.abs(s - g));
  });
  console.log(
    `\nmel filter bank (chirp.json): rows 0/10/127 max abs diff ${fmt(fbErr)}, row sums max abs diff ${fmt(sums)}`,
  );
  const rc = fixture('stereo44k').resampler_comparison;
  console.log(
    `librosa's own resamplers vs soxr_hq on stereo44k (max |MFCC| diff): ${Object.entries(rc)
      .filter(([, v]) => typeof v === 'object' && v !== null && 'max_abs_mfcc_diff' in v)
      .map(([k, v]) => `${k} ${(v as { max_abs_mfcc_diff: number }).max_abs_mfcc_diff}`)
      .join(', ')}`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
