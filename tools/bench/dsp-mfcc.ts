// MFCC of a 30 s, 22 050 Hz track (13 coefficients, n_fft 2048, hop 512, 128 mels), as issue 4 specifies:
// whole track, the course's ten 3 s segments, and decode + ten segments per track. Median of several runs.
// Run: npx tsx tools/bench/dsp-mfcc.ts [path/to/track30.wav] [runs]
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createMfccExtractor, decodeAudio, RealFft } from '@audio-dl/dsp';

const file = process.argv[2] ?? resolve(__dirname, '../../../shared/fixtures/librosa/track30.wav');
const runs = Number(process.argv[3] ?? 21);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

interface Times {
  wall: number[];
  cpu: number[];
}

/** Wall-clock and process CPU time (user + system) per run, in ms. CPU time is what the code itself used, which
 * stays meaningful when other processes share the machine (the wall clock then also counts waiting). */
async function time(fn: () => unknown | Promise<unknown>): Promise<Times> {
  for (let i = 0; i < 30; i++) await fn(); // warm-up: let V8 finish tiering up (steady state, as in a dataset run)
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall, cpu };
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
  const ratio = (x: number, goal: number | null) => (goal === null ? '' : ` (${(x / goal).toFixed(2)}×)`);
  const row = (name: string, t: Times, goal: number | null) =>
    `| ${name} | ${median(t.wall).toFixed(2)}${ratio(median(t.wall), goal)} | ${Math.min(...t.wall).toFixed(2)} | ` +
    `${median(t.cpu).toFixed(2)}${ratio(median(t.cpu), goal)} | ${goal === null ? '—' : `≤ ${goal} ms`} |`;
  const load = (await import('node:os')).loadavg()[0].toFixed(1);
  console.log(
    `track: ${file} (${(signal.length / sr).toFixed(1)} s at ${sr} Hz), ${runs} runs each, Node ${process.version}, ` +
      `FFT backend ${new RealFft(2048).backend}, load average ${load}`,
  );
  console.log('| measurement | median wall ms (vs goal) | min wall ms | median CPU ms (vs goal) | librosa goal |');
  console.log('| --- | --- | --- | --- | --- |');
  console.log(row('MFCC, whole track (1292 frames)', whole, 17));
  console.log(row('MFCC, ten 3 s segments', segments, 30));
  console.log(row('decode WAV (loadAudio bytes → Float32Array)', decode, null));
  console.log(row('decode + ten-segment MFCC, per track', perTrack, 30));
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
