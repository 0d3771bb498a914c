// §06 addition training timed against the course's numpy code (tools/bench/course_addition.py), both in this run.
// Run: npx tsx tools/bench/scratch-addition.ts [runs] [python]   (defaults: 15 runs, python3 with numpy)
// Both sides time only the training call of each run (audio-dl `train(...)`, the course's `mlp.train(...)`), with
// fresh data and weights each run seeded by the run number; the numpy side runs first, in one Python process, then
// audio-dl in this one; the ratio is of the two medians.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { additionData, additionDefaults, createRng, Mlp, train } from '@audio-dl/scratch-nn';
import { z } from 'zod';
import { median } from './harness';

const runs = Number(process.argv[2] ?? 15);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`runs must be a positive integer, got ${process.argv[2]}`);
const python = process.argv[3] ?? 'python3';

const range = (xs: number[]) => `min ${Math.min(...xs).toFixed(2)}, max ${Math.max(...xs).toFixed(2)}`;

const loadBefore = os.loadavg();
const course = spawnSync(python, [path.join(__dirname, 'course_addition.py'), '--bench', String(runs)], {
  encoding: 'utf8',
});
if (course.status !== 0)
  throw new Error(`${python} course_addition.py failed (${course.status}): ${course.stderr.trim().split('\n').pop()}`);
const numpy = z
  .object({ ms: z.array(z.number().positive()).length(runs), numpy: z.string(), python: z.string(), last: z.string() })
  .parse(JSON.parse(course.stdout.trim().split('\n').pop() ?? ''));

const { samples, hidden, epochs, learningRate } = additionDefaults;
const times: number[] = [];
let finalError = 0;
let answer = 0;
for (let run = 0; run < runs; run++) {
  // Fresh data and weights each run (seed = run + 1); only the training itself is timed.
  const rng = createRng(run + 1);
  const { inputs, targets } = additionData(samples, rng);
  const mlp = new Mlp(2, hidden, 1, { rng });
  const start = process.hrtime.bigint();
  const history = train(mlp, inputs, targets, epochs, learningRate);
  times.push(Number(process.hrtime.bigint() - start) / 1e6);
  finalError = history[epochs - 1];
  answer = mlp.forward([0.3, 0.1])[0];
}
const ours = median(times);
const theirs = median(numpy.ms);
console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, Node ${process.version}`);
console.log(
  `task: ${samples} samples, 2-${hidden.join('-')}-1, ${epochs} epochs, η = ${learningRate}; ${runs} runs a side`,
);
console.log(
  `load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(`audio-dl runs (ms): ${times.map((t) => t.toFixed(2)).join(' ')}`);
console.log(`audio-dl median: ${ours.toFixed(2)} ms (${range(times)})`);
console.log(`numpy runs (ms): ${numpy.ms.map((t) => t.toFixed(0)).join(' ')}`);
console.log(
  `numpy median (Python ${numpy.python}, numpy ${numpy.numpy}): ${theirs.toFixed(1)} ms (${range(numpy.ms)})`,
);
console.log(`numpy median / audio-dl median: ${(theirs / ours).toFixed(0)}× faster`);
console.log(`last run: mean MSE at epoch ${epochs} = ${finalError.toExponential(3)}, 0.3 + 0.1 → ${answer.toFixed(4)}`);
console.log(`numpy's last run: ${numpy.last}`);
