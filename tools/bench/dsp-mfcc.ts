// MFCC of a 30 s, 22 050 Hz track (13 coefficients, n_fft 2048, hop 512, 128 mels), as issue 4 specifies:
// whole track, the course's ten 3 s segments, and decode + ten segments per track. Median of several runs. In the
// same run, librosa on the same file, timed the same way (tools/bench/librosa_mfcc.py), is the anchor.
// Run: npx tsx tools/bench/dsp-mfcc.ts [path/to/track30.wav] [runs] [python with librosa]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { createMfccExtractor, decodeAudio, RealFft } from '@audio-dl/dsp';
import { z } from 'zod';
import { median, timeRuns } from './harness';

const file = process.argv[2] ?? resolve(__dirname, '../../../shared/fixtures/librosa/track30.wav');
const runs = Number(process.argv[3] ?? 21);
const python = process.argv[4] ?? join(homedir(), '.cache/audio-dl/venv-librosa/bin/python');
const WARMUP = 30;
const timesSchema = z.object({ wall: z.array(z.number()), cpu: z.array(z.number()) });
const librosaSchema = z.object({
  librosa: z.string(),
  whole: timesSchema,
  segments: timesSchema,
  decode: timesSchema,
  perTrack: timesSchema,
});

/** librosa's figures for the same file and protocol, or why there are none. */
function librosa(): z.infer<typeof librosaSchema> | string {
  if (!existsSync(python))
    return `librosa skipped: ${python} not found (python3 -m venv ~/.cache/audio-dl/venv-librosa && ~/.cache/audio-dl/venv-librosa/bin/pip install --retries 0 librosa)`;
  const r = spawnSync(python, [join(__dirname, 'librosa_mfcc.py'), file, String(runs), String(WARMUP)], {
    encoding: 'utf8',
  });
  if (r.status !== 0) return `librosa failed: ${r.stderr.trim().split('\n').pop()}`;
  return librosaSchema.parse(JSON.parse(r.stdout.trim().split('\n').pop() ?? ''));
}

type Times = Awaited<ReturnType<typeof timeRuns>>;

/** Warm-up runs first: let V8 finish tiering up (steady state, as in a dataset run). */
const time = (fn: () => unknown): Promise<Times> => timeRuns(fn, runs, WARMUP);

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
  const anchor = librosa();
  const ratio = (x: number, y: number | undefined) => (y === undefined ? 'n/a' : `${(y / x).toFixed(2)}×`);
  const row = (name: string, t: Times, key: 'whole' | 'segments' | 'decode' | 'perTrack') => {
    const l = typeof anchor === 'string' ? undefined : anchor[key];
    const lw = l && median(l.wall);
    return (
      `| ${name} | ${median(t.wall).toFixed(2)} | ${Math.min(...t.wall).toFixed(2)} | ${median(t.cpu).toFixed(2)} | ` +
      `${l ? `${median(l.wall).toFixed(2)} | ${Math.min(...l.wall).toFixed(2)} | ${median(l.cpu).toFixed(2)}` : 'n/a | n/a | n/a'} | ` +
      `${ratio(median(t.wall), lw)} |`
    );
  };
  const load = (await import('node:os')).loadavg()[0].toFixed(1);
  console.log(
    `track: ${file} (${(signal.length / sr).toFixed(1)} s at ${sr} Hz), ${runs} runs each, Node ${process.version}, ` +
      `FFT backend ${new RealFft(2048).backend}, load average ${load}`,
  );
  console.log(typeof anchor === 'string' ? anchor : `anchor: librosa ${anchor.librosa}, same file, runs and warm-up`);
  console.log(
    '| measurement | audio-dl median wall ms | min | median CPU ms | librosa median wall ms | min | median CPU ms | librosa / audio-dl (wall) |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  console.log(row('MFCC, whole track (1292 frames)', whole, 'whole'));
  console.log(row('MFCC, ten 3 s segments', segments, 'segments'));
  console.log(row('decode WAV (decodeAudio; librosa.load at 22 050 Hz)', decode, 'decode'));
  console.log(row('decode + ten-segment MFCC, per track', perTrack, 'perTrack'));
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
