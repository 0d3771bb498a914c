import { runCli } from '../__fixtures__/run-cli';

// Training and plotting take seconds alone but far longer on a loaded, shared machine.
jest.setTimeout(180_000);

describe('audio-dl tf addition', () => {
  it('prints the backend, the Keras summary, one line per epoch and the §07 predictions', async () => {
    const { code, stdout } = await runCli('tf', 'addition', '--samples', '400', '--epochs', '2', '--backend', 'cpu');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^backend: cpu\n/);
    expect(stdout).toMatch(/train 280, test 120 \(70\/30\)/);
    expect(stdout).toMatch(/│ dense \(Dense\) +│ \(None, 5\) +│ +15 │/);
    expect(stdout).toMatch(/Total params: 21 \(84\.00 B\)/);
    expect(stdout).toMatch(/Epoch 2\/2 - 9\/9 ━+ \d+s \d+(ms|us)\/step - loss: \d\.\d{4}\n/);
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
