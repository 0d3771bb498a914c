// Preprocessing time of many short clips (issue 21's goal: 3000 clips in under 30 s).
// Run: npx tsx tools/bench/short-clips-preprocess.ts [--clips 3000] [--runs 1]
// Generates the clips (0.14–2.3 s, at 8, 16, 22.05 and 44.1 kHz, mono 16-bit WAV, the label and the speaker in the
// file name) in a temporary folder, then times `preprocess` with a label pattern and the segment length chosen from
// the clip lengths (measuring every clip is part of the time), on every core, and prints the load average.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { preprocess } from '@audio-dl/dataset';
import { encodeWav } from '@audio-dl/dsp';

const { values } = parseArgs({
  options: { clips: { type: 'string', default: '3000' }, runs: { type: 'string', default: '1' } },
});
const RATES = [8000, 16000, 22050, 44100];

async function main(): Promise<void> {
  const n = Number(values.clips);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'audio-dl-short-'));
  try {
    await mkdir(path.join(dir, 'clips'));
    const generating = performance.now();
    let seconds = 0;
    for (let i = 0; i < n; i++) {
      const sr = RATES[i % RATES.length];
      const length = 0.14 + (((i * 7919) % 1000) / 1000) * (2.3 - 0.14);
      seconds += length;
      const f = 200 + 100 * (i % 10);
      const signal = Float32Array.from(
        { length: Math.round(length * sr) },
        (_, t) => 0.3 * Math.sin((2 * Math.PI * f * t) / sr),
      );
      await writeFile(path.join(dir, 'clips', `w${i % 10}_s${i % 37}_${i}.wav`), encodeWav(signal, sr));
    }
    console.log(
      `${n} clips, ${(seconds / 60).toFixed(1)} min of audio, generated in ${((performance.now() - generating) / 1000).toFixed(0)} s; ${os.cpus().length} × ${os.cpus()[0].model}`,
    );
    for (let r = 0; r < Number(values.runs); r++) {
      const load = os.loadavg()[0].toFixed(1);
      const s = await preprocess(path.join(dir, 'clips'), {
        out: path.join(dir, `d${r}.arrow`),
        source: { labelPattern: '^w(?<label>\\d)_s(?<group>\\d+)_' },
        segmentLength: 'auto',
      });
      console.log(
        `run ${r + 1}: ${s.seconds.toFixed(1)} s, ${s.segments} segments from ${s.tracks} clips, ${s.workers} workers, ${s.params.features}; ${s.segmentChoice?.reason}; load ${load} before, ${os.loadavg()[0].toFixed(1)} after`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
