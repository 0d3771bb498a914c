import { runCli } from '../__fixtures__/run-cli';

/** Runs `audio-dl scratch …` and captures what it prints. */
const run = (...argv: string[]) => runCli('scratch', ...argv);

describe('audio-dl scratch', () => {
  it('neuron prints the §01 example, sigmoid(0.45) = 0.61063…', async () => {
    const { code, stdout } = await run('neuron');
    expect(code).toBe(0);
    expect(stdout).toMatch(/h = Σ wᵢxᵢ\s+= 0\.45\n/);
    expect(stdout).toMatch(/y = sigmoid\(h\) = 0\.61063923\n/);
  });

  it('neuron takes --inputs and --weights, negative values included', async () => {
    const { code, stdout } = await run('neuron', '--inputs', '-1,2', '--weights', '1,0.5');
    expect(code).toBe(0);
    expect(stdout).toMatch(/= 0\n/);
    expect(stdout).toMatch(/sigmoid\(h\) = 0\.5\n/);
  });

  it('neuron rejects lists that are not numbers or do not match', async () => {
    const bad = await run('neuron', '--inputs', '1,x,2', '--weights', '1,2,3');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--inputs: not a number/);
    const short = await run('neuron', '--inputs', '1,2');
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/--weights: needs as many weights as inputs/);
  });

  it('backprop-example prints the aligned §02.1 table, exact beside the notes', async () => {
    const { code, stdout } = await run('backprop-example');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    const row = (name: string): string => lines.find((l) => l.startsWith(`${name} `)) ?? '';
    expect(row('δ2')).toMatch(/0\.069632\s+0\.07$/);
    expect(row('δ1')).toMatch(/\[0\.00835584, 0\.00731136\]\s+\[0\.0084, 0\.00735\]$/);
    expect(row('Deriv0')).toMatch(/\[0\.00835584, 0\.00731136\]/);
    expect(lines[lines.indexOf(row('Deriv0')) + 1]).toMatch(/^\s+\[0\.01671168, 0\.01462272\]\s+\[0\.0168, 0\.0147\]$/);
    // Aligned: the "exact" column starts at the same offset on every row.
    const column = lines.find((l) => l.startsWith('quantity'))?.indexOf('exact');
    expect(row('error2').indexOf('0.32')).toBe(column);
    expect(row('Deriv1').indexOf('[0.0417792]')).toBe(column);
  });

  it('addition logs the error of each epoch on stderr and prints the answer to 0.3 + 0.1 on stdout', async () => {
    const { code, stdout, stderr } = await run('addition', '--epochs', '3', '--seed', '2', '--lr', '0.5');
    expect(code).toBe(0);
    const epochs = stderr.match(/^epoch \d\/3 {2}mean MSE \d\.\d{4}e-\d$/gm) ?? [];
    expect(epochs).toHaveLength(3);
    const errors = epochs.map((l) => Number(l.split(' ').pop()));
    expect(errors[2]).toBeLessThan(errors[0]);
    expect(stdout).toBe(
      `0.3 + 0.1 = ${stdout.slice(12, 18)} (network's answer; exact 0.4), final mean MSE ${epochs[2].split(' ').pop()}\n`,
    );
    expect(stdout).toMatch(/^0\.3 \+ 0\.1 = 0\.\d{4} /);
  });

  it.each([
    [['--epochs', '-3'], /--epochs: must be at least 1/],
    [['--epochs=-3'], /--epochs: must be at least 1/],
    [['--epochs', '2.5'], /--epochs: must be a whole number/],
    [['--lr', 'abc'], /--lr: must be a number/],
    [['--lr', '0'], /--lr: must be greater than 0/],
    [['--seed', '-1'], /--seed: must be 0 or more/],
    [['--nope'], /Unknown option '--nope'/],
  ])('addition %j exits 2 with a clear error', async (argv, message) => {
    const { code, stdout, stderr } = await run('addition', ...argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr).toMatch(/Usage: audio-dl scratch addition \[--epochs 50\]/);
  });

  it('lists its subcommands and rejects an unknown one', async () => {
    const none = await run();
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/neuron[\s\S]*backprop-example[\s\S]*addition/);
    const unknown = await run('bogus');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown subcommand "bogus"/);
  });
});
