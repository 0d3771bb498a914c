// MFCC of a 30 s, 22 050 Hz track (13 coefficients, n_fft 2048, hop 512, 128 mels), as issue 4 specifies:
// whole track, the course's ten 3 s segments, and decode + ten segments per track. Median of several runs.
// Run: npx tsx tools/bench/dsp-mfcc.ts [path/to/track30.wav] [runs]
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createMfccExtractor, decodeAudio } from '@audio-dl/dsp';

const file = process.argv[2] ?? resolve(__dirname, '../../../shared/fixtures/librosa/track30.wav');
const runs = Number(process.argv[3] ?? 21);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function time(fn: () => unknown | Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 3; i++) await fn(); // warm-up (JIT)
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

async function main(): Promise<void> {
  const bytes = readFileSync(file);
  const { signal, sr } = await decodeAudio(bytes, file);
  const extract = createMfccExtractor({ sr, nMfcc: 13, nFft: 2048, hopLength: 512, nMels: 128 });
  const seg = 66150;
  const tenSegments = (y: Float32Array) => {
    for (let s = 0; s < 10; s++) extract(y.subarray(s * seg, (s + 1) * seg));
  };
  const whole = await time(() => extract(signal));
  const segments = await time(() => tenSegments(signal));
  const decode = await time(() => decodeAudio(bytes, file));
  const perTrack = await time(async () => tenSegments((await decodeAudio(bytes, file)).signal));
  const row = (name: string, xs: number[], goal: number | null) =>
    `| ${name} | ${median(xs).toFixed(2)} | ${Math.min(...xs).toFixed(2)} | ${goal === null ? '—' : `${goal} ms (${(median(xs) / goal).toFixed(2)}×)`} |`;
  console.log(`track: ${file} (${(signal.length / sr).toFixed(1)} s at ${sr} Hz), ${runs} runs each, Node ${process.version}`);
  console.log('| measurement | median ms | min ms | librosa 0.10.2 goal (ratio) |');
  console.log('| --- | --- | --- | --- |');
  console.log(row('MFCC, whole track (1292 frames)', whole, 17));
  console.log(row('MFCC, ten 3 s segments', segments, 30));
  console.log(row('decode WAV (loadAudio bytes → Float32Array)', decode, null));
  console.log(row('decode + ten-segment MFCC, per track', perTrack, 30));
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
