// Cost of the §11.4 augmentations on a 30 s, 22 050 Hz track: time stretch (librosa's n_fft 2048, hop 512), pitch
// shift (time stretch + libsamplerate), noise at an SNR, gain, and MFCC deltas. Median of several runs, after
// warm-up runs (V8 tiering). Run: npx tsx tools/bench/dsp-effects.ts [path/to/track30.wav] [runs]
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { addNoise, applyGain, decodeAudio, delta, mfcc, pitchShift, timeStretch } from '@audio-dl/dsp';
import { median, timeRuns } from './harness';

const file = process.argv[2] ?? resolve(__dirname, '../../../shared/fixtures/librosa/track30.wav');
const runs = Number(process.argv[3] ?? 9);

/** Median wall-clock and process CPU (user + system) ms, after 3 warm-up runs; CPU stays meaningful on a shared
 * machine. */
async function time(fn: () => unknown): Promise<string> {
  const t = await timeRuns(fn, runs, 3);
  return `${median(t.wall).toFixed(1)} | ${median(t.cpu).toFixed(1)}`;
}

async function main(): Promise<void> {
  const { signal, sr } = await decodeAudio(readFileSync(file), file);
  const m = mfcc(signal, { sr });
  console.log(`${file}: ${(signal.length / sr).toFixed(1)} s at ${sr} Hz, ${runs} runs, median ms`);
  console.log('| operation | wall ms | CPU ms |\n| --- | --- | --- |');
  for (const rate of [0.8, 1.25])
    console.log(`| timeStretch rate ${rate} | ${await time(() => timeStretch(signal, rate))} |`);
  for (const n of [-2, 3]) console.log(`| pitchShift ${n} steps | ${await time(() => pitchShift(signal, sr, n))} |`);
  console.log(`| addNoise 20 dB | ${await time(() => addNoise(signal, 20, 1))} |`);
  console.log(`| applyGain −6 dB | ${await time(() => applyGain(signal, -6))} |`);
  console.log(
    `| delta order 1 + 2 of 13 × ${m.shape[1]} MFCCs | ${await time(() => [delta(m), delta(m, { order: 2 })])} |`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
