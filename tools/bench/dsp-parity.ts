// Measures how far @audio-dl/dsp is from the librosa 0.10.2 golden fixtures, for the tables in packages/dsp/README.md:
// features (../shared/fixtures/librosa) and the §11.4 effects, time_stretch and pitch_shift (…/librosa-effects).
// Run: npx tsx tools/bench/dsp-parity.ts [fixtures dir] [effects fixtures dir]
import { join } from 'node:path';
import {
  amplitudeToDb,
  createMfccExtractor,
  type Matrix,
  melFilterBank,
  melSpectrogram,
  pitchShift,
  powerToDb,
  spectrogram,
  timeStretch,
} from '@audio-dl/dsp';
import { loadAudio } from '@audio-dl/dsp/node';
// The fixture JSON is validated by the same zod schema the dsp tests use.
import {
  FIXTURES,
  featureFixtureNames,
  fixture,
  need,
  segmentsFixture,
} from '../../packages/dsp/src/__fixtures__/librosa';
import {
  EFFECTS_FIXTURES,
  effectCases,
  effectInputPath,
  effectOutput,
  parity,
} from '../../packages/dsp/src/__fixtures__/librosa-effects';
import { track30File } from '../../packages/dsp/src/__fixtures__/track30';

const dir = process.argv[2] ?? FIXTURES;
const effectsDir = process.argv[3] ?? EFFECTS_FIXTURES;
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
  for (const name of featureFixtureNames) {
    const fx = fixture(name, dir);
    const { signal } = await loadAudio(join(dir, `${name}.wav`));
    const load = Math.max(...fx.load.first64.map((g, i) => Math.abs(signal[i] - g)));
    const S = spectrogram(signal, { nFft: 2048, hopLength: 512 });
    const { full, frame0, frame5 } = fx.stft_mag;
    const stftCols = full
      ? Array.from({ length: S.shape[1] }, (_, t) => ({ t, golden: full.map((r) => r[t]) }))
      : [
          { t: 0, golden: need(frame0, `${name} stft_mag.frame0`) },
          { t: 5, golden: need(frame5, `${name} stft_mag.frame5`) },
        ];
    const D = amplitudeToDb(S);
    const dbFull = fx.amplitude_to_db.full;
    const dbErr = dbFull
      ? maxDiff(D, dbFull)
      : Math.max(
          ...need(fx.amplitude_to_db.frame0, `${name} amplitude_to_db.frame0`).map((g, k) => Math.abs(at(D, k, 0) - g)),
        );
    const M = melSpectrogram(signal);
    const melCols = fx.melspectrogram.first3frames.map((golden, t) => ({ t, golden }));
    const P = powerToDb(M);
    let pErr = 0;
    fx.power_to_db_mel.first3frames.forEach((col, t) => {
      col.forEach((g, m) => {
        pErr = Math.max(pErr, Math.abs(at(P, m, t) - g));
      });
    });
    const mf = maxDiff(extract(signal), fx.mfcc.data);
    console.log(
      `| ${name} | ${fmt(load)} | ${fmt(relColumns(S, stftCols))} | ${fmt(dbErr)} | ${fmt(relColumns(M, melCols))} | ${fmt(pErr)} | ${fmt(mf)} |`,
    );
  }
  const seg = segmentsFixture(dir);
  const { signal } = await loadAudio(track30File(dir));
  for (const [s, golden] of [
    [0, seg.segment0],
    [9, seg.segment9],
  ] as const) {
    const m = extract(signal.subarray(golden.start, golden.finish));
    console.log(`| track30 segment ${s} | | | | | | ${fmt(maxDiff(m, golden.mfcc))} |`);
  }
  const fb = need(fixture('chirp', dir).mel_filterbank, 'chirp mel_filterbank');
  const bank = melFilterBank({ sr: 22050, nFft: 2048, nMels: 128 });
  let fbErr = 0;
  for (const [r, g] of [
    [0, fb.row0_nonzero],
    [10, fb.row10_nonzero],
    [127, fb.row127_nonzero],
  ] as const) {
    g.indices.forEach((k, j) => {
      fbErr = Math.max(fbErr, Math.abs(at(bank, r, k) - g.values[j]));
    });
  }
  let sums = 0;
  fb.row_sums.forEach((g, r) => {
    let s = 0;
    for (let k = 0; k < 1025; k++) s += at(bank, r, k);
    sums = Math.max(sums, Math.abs(s - g));
  });
  console.log(
    `\nmel filter bank (chirp.json): rows 0/10/127 max abs diff ${fmt(fbErr)}, row sums max abs diff ${fmt(sums)}`,
  );
  const rc = need(fixture('stereo44k', dir).resampler_comparison, 'stereo44k resampler_comparison');
  console.log(
    `librosa's own resamplers vs soxr_hq on stereo44k (max |MFCC| diff): ${Object.entries(rc)
      .map(([k, v]) => `${k} ${v.max_abs_mfcc_diff}`)
      .join(', ')}`,
  );
  await effects();
}

/** time_stretch and pitch_shift against librosa: sample errors, SNR, log-mel (64 bands, dB) errors. */
async function effects(): Promise<void> {
  console.log(
    '\n| librosa call | max abs diff | interior (2048 in) | SNR (dB) | log-mel max (dB) | log-mel max < 8.5 kHz (dB) | log-mel mean (dB) |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const c of effectCases(effectsDir)) {
    const { signal, sr } = await loadAudio(effectInputPath(c, effectsDir));
    const out = c.kind === 'time_stretch' ? timeStretch(signal, c.arg) : await pitchShift(signal, sr, c.arg);
    const p = parity(out, effectOutput(c, effectsDir), sr);
    const name = c.input.replace(/^.*\//, '').replace(/\.wav$/, '');
    const arg = c.kind === 'time_stretch' ? `rate=${c.arg}` : `n_steps=${c.arg}`;
    console.log(
      `| ${name} ${c.kind}(${arg}) | ${fmt(p.maxAbs)} | ${fmt(p.interiorMaxAbs)} | ${p.snrDb.toFixed(1)} | ${fmt(p.logMelMaxDb)} | ${fmt(p.logMelMaxDbBelow8k5)} | ${fmt(p.logMelMeanDb)} |`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
