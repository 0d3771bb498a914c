// §06 addition training timed against the course's numpy code (about 1.0 s on the development machine).
// Run: npx tsx tools/bench/scratch-addition.ts [runs]
import os from 'node:os';
import { additionData, additionDefaults, createRng, Mlp, train } from '@audio-dl/scratch-nn';

const NUMPY_BASELINE_MS = 1000;
const runs = Number(process.argv[2] ?? 15);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`runs must be a positive integer, got ${process.argv[2]}`);

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
const sorted = [...times].sort((a, b) => a - b);
const median = sorted[Math.floor(runs / 2)];
console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, Node ${process.version}`);
console.log(`task: ${samples} samples, 2-${hidden.join('-')}-1, ${epochs} epochs, η = ${learningRate}`);
console.log(`runs (ms): ${times.map((t) => t.toFixed(2)).join(' ')}`);
console.log(`median: ${median.toFixed(2)} ms (min ${sorted[0].toFixed(2)}, max ${sorted[runs - 1].toFixed(2)})`);
console.log(`vs numpy course code ${NUMPY_BASELINE_MS} ms: ${(NUMPY_BASELINE_MS / median).toFixed(0)}× faster`);
console.log(`last run: mean MSE at epoch ${epochs} = ${finalError.toExponential(3)}, 0.3 + 0.1 → ${answer.toFixed(4)}`);
