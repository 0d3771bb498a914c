import {
  additionDefaults,
  additionTask,
  backpropExample,
  type ExampleStep,
  neuron,
  weightedSum,
} from '@audio-dl/scratch-nn';
import { z } from 'zod';
import { type CommandModule, parseFlags, UsageError } from '../command';

const out = (text: string): void => {
  process.stdout.write(text);
};
/** Progress (the training's epochs): stderr, so stdout holds only the results. */
const log = (text: string): void => {
  process.stderr.write(text);
};

function noPositionals(positionals: string[]): void {
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
}

/** A comma-separated list of numbers, e.g. `0.5,0.3,0.2`. */
const numberList = z
  .string()
  .transform((s) => s.split(','))
  .pipe(z.array(z.string().trim().min(1, 'empty value in the list').pipe(z.coerce.number('not a number'))).min(1));

const neuronSchema = z
  .object({
    inputs: numberList.default([0.5, 0.3, 0.2]),
    weights: numberList.default([0.4, 0.7, 0.2]),
  })
  .refine((f) => f.inputs.length === f.weights.length, {
    path: ['weights'],
    error: 'needs as many weights as inputs',
  });

/** `audio-dl scratch neuron`. */
export const neuronCommand: CommandModule = {
  async run(argv) {
    const { flags, positionals } = parseFlags(
      argv,
      { inputs: { type: 'string' }, weights: { type: 'string' } },
      neuronSchema,
    );
    noPositionals(positionals);
    const list = (xs: number[]): string => `[${xs.join(', ')}]`;
    out(
      `§01 artificial neuron\n` +
        `  inputs  x = ${list(flags.inputs)}\n` +
        `  weights w = ${list(flags.weights)}\n` +
        `  h = Σ wᵢxᵢ     = ${fmt(weightedSum(flags.inputs, flags.weights))}\n` +
        `  y = sigmoid(h) = ${fmt(neuron(flags.inputs, flags.weights))}\n`,
    );
    return 0;
  },
};

/** Up to 8 significant digits, without trailing zeros. */
const fmt = (x: number): string => String(Number(x.toPrecision(8)));

function cellLines(rows: number[][]): string[] {
  if (rows.length === 1 && rows[0].length === 1) return [fmt(rows[0][0])];
  return rows.map((row) => `[${row.map(fmt).join(', ')}]`);
}

function exampleTable(steps: ExampleStep[]): string {
  const header = ['quantity', 'formula', 'exact', 'course notes'];
  const lines: string[][] = [header];
  for (const step of steps) {
    const exact = cellLines(step.exact);
    const seed = cellLines(step.seed);
    exact.forEach((cell, r) => {
      lines.push(r === 0 ? [step.name, step.formula, cell, seed[r]] : ['', '', cell, seed[r]]);
    });
  }
  const widths = header.map((_, c) => Math.max(...lines.map((l) => l[c].length)));
  const render = (l: string[]): string =>
    l
      .map((cell, c) => cell.padEnd(widths[c]))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return [render(header), rule, ...lines.slice(1).map(render)].join('\n');
}

/** `audio-dl scratch backprop-example`. */
export const backpropCommand: CommandModule = {
  async run(argv) {
    const { positionals } = parseFlags(argv, {}, z.object({}));
    noPositionals(positionals);
    out(
      '§02.1 backpropagation on a 2-2-1 network (no biases)\n' +
        'given: a0 = [1, 2], a1 = [0.6, 0.7], a2 = 0.68, W1 = [0.5, 0.5]ᵀ, y = 1\n\n' +
        `${exampleTable(backpropExample())}\n\n` +
        'The notes round as they go (σ\'(a2) ≈ 0.22, δ2 ≈ 0.07); "exact" carries full precision.\n',
    );
    return 0;
  },
};

const additionSchema = z.object({
  epochs: z.coerce
    .number('must be a number')
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .default(additionDefaults.epochs),
  lr: z.coerce.number('must be a number').positive('must be greater than 0').default(additionDefaults.learningRate),
  seed: z.coerce
    .number('must be a number')
    .int('must be a whole number')
    .min(0, 'must be 0 or more')
    .default(additionDefaults.seed),
});

/** `audio-dl scratch addition`. */
export const additionCommand: CommandModule = {
  async run(argv) {
    const { flags, positionals } = parseFlags(
      argv,
      { epochs: { type: 'string' }, lr: { type: 'string' }, seed: { type: 'string' } },
      additionSchema,
    );
    noPositionals(positionals);
    const { samples, hidden } = additionDefaults;
    log(
      `§06 addition: ${samples} pairs of random()/2, 2-${hidden.join('-')}-1 network, ` +
        `${flags.epochs} epochs, η = ${flags.lr}, seed ${flags.seed}\n`,
    );
    const width = String(flags.epochs).length;
    let last = Number.NaN;
    const { answer } = additionTask({
      epochs: flags.epochs,
      learningRate: flags.lr,
      seed: flags.seed,
      onEpoch: (epoch, meanError) => {
        last = meanError;
        log(`epoch ${String(epoch).padStart(width)}/${flags.epochs}  mean MSE ${meanError.toExponential(4)}\n`);
      },
    });
    out(`0.3 + 0.1 = ${answer.toFixed(4)} (network's answer; exact 0.4), final mean MSE ${last.toExponential(4)}\n`);
    return 0;
  },
};
