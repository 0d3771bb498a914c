import { runCli } from '../__fixtures__/run-cli';

// Training and plotting take seconds alone but far longer on a loaded, shared machine.
jest.setTimeout(180_000);

describe('audio-dl tf addition', () => {
  it('logs the backend, the Keras summary and one line per epoch on stderr; the §07 predictions on stdout', async () => {
    const { code, stdout, stderr } = await runCli(
      'tf',
      'addition',
      '--samples',
      '400',
      '--epochs',
      '2',
      '--backend',
      'cpu',
    );
    expect(code).toBe(0);
    expect(stderr).toMatch(/^backend: cpu\n/);
    expect(stderr).toMatch(/train 280, test 120 \(70\/30\)/);
    expect(stderr).toMatch(/│ dense \(Dense\) +│ \(None, 5\) +│ +15 │/);
    expect(stderr).toMatch(/Total params: 21 \(84\.00 B\)/);
    expect(stderr).toMatch(/Epoch 2\/2 - 9\/9 ━+ \d+s \d+(ms|us)\/step - loss: \d\.\d{4}\n/);
    expect(stdout).toMatch(/^test loss \(MSE on 120 pairs\): \d\.\d{6}\n/);
    expect(stdout).toMatch(/0\.1 \+ 0\.2 = \d\.\d{4} \(target 0\.3\)/);
    expect(stdout).toMatch(/max error \d\.\d{4} exceeds 0\.05/);
  });

  it('rejects bad flags with the usage', async () => {
    const { code, stderr } = await runCli('tf', 'addition', '--epochs', '0');
    expect(code).toBe(2);
    expect(stderr).toMatch(/--epochs: /);
    expect((await runCli('tf', 'nope')).code).toBe(2);
  });
});
