import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../__fixtures__/run-cli';
import type { RunRecord } from '../runs';

let dir = '';

const record = (id: string, createdAt: string, model: string, accuracy: number): Omit<RunRecord, 'source'> => ({
  id,
  experiment: id.split('-').slice(2).join('-'),
  createdAt,
  model,
  epochs: 20,
  epochsRun: 17,
  backend: 'wasm',
  seconds: 41.25,
  accuracy,
  trackAccuracy: null,
  loss: 0.4321,
  valAccuracy: 0.8,
});

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cli-runs-'));
  const runs = [
    record('20261130-100000-default', '2026-11-30T10:00:00.000Z', 'mlp', 0.857),
    record('20261130-110000-cnn', '2026-11-30T11:00:00.000Z', 'cnn', 0.9),
  ];
  for (const r of runs) {
    await fs.mkdir(path.join(dir, r.id));
    await fs.writeFile(path.join(dir, r.id, 'run.json'), JSON.stringify(r));
  }
  await fs.mkdir(path.join(dir, '20261130-120000-lstm'));
  await fs.writeFile(
    path.join(dir, '20261130-120000-lstm', 'run.json'),
    JSON.stringify({ ...record('20261130-120000-lstm', '2026-11-30T12:00:00.000Z', 'lstm', 0.8), source: 'cli' }),
  );
  // A run folder whose record is not a run record: listed as skipped, not fatal.
  await fs.mkdir(path.join(dir, 'stray'));
  await fs.writeFile(path.join(dir, 'stray', 'run.json'), '{"id": 3}');
  // A folder that is not a run at all: skipped quietly (named with --verbose).
  await fs.mkdir(path.join(dir, 'notes'));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describe('audio-dl runs', () => {
  it("prints the pipeline's and audio-dl train's runs newest first, and names what it skipped", async () => {
    const { code, stdout, stderr } = await runCli('runs', '--dir', dir);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^20261130-120000-lstm\s+audio-dl train\s+lstm\s+17\/20\s+wasm\s+80\.0%\s+80\.0%/);
    expect(lines[2]).toMatch(
      /^20261130-110000-cnn\s+pipeline\s+cnn\s+17\/20\s+wasm\s+80\.0%\s+90\.0%\s+-\s+0\.432\s+41\.3 s$/,
    );
    expect(lines[3]).toMatch(/^20261130-100000-default\s+pipeline\s+mlp\s+17\/20\s+wasm\s+80\.0%\s+85\.7%/);
    expect(stderr).toBe(
      `audio-dl runs: skipped ${path.join(dir, 'stray', 'run.json')}: ${stderr.split(': ').slice(2).join(': ')}`,
    );
    const verbose = await runCli('runs', '--dir', dir, '--verbose');
    expect(verbose.stderr).toContain(`audio-dl runs: not a run (no run.json): ${path.join(dir, 'notes')}\n`);
  });

  it('refuses a missing --dir or a file in one line (exit 1); a folder of non-runs lists none quietly', async () => {
    const missing = path.join(dir, 'nothere');
    expect(await runCli('runs', '--dir', missing)).toEqual({
      code: 1,
      stdout: '',
      stderr: `audio-dl runs: ${missing}: not found\n`,
    });
    const file = path.join(dir, 'stray', 'run.json');
    expect((await runCli('runs', '--dir', file)).stderr).toBe(`audio-dl runs: ${file}: not a folder\n`);
    const plain = path.join(dir, 'notes', 'plain');
    await fs.mkdir(path.join(plain, 'src'), { recursive: true });
    await fs.mkdir(path.join(plain, 'docs'));
    const notRuns = await runCli('runs', '--dir', plain);
    expect(notRuns.code).toBe(0);
    expect(notRuns.stderr).toBe('');
    expect(notRuns.stdout).toMatch(/^no runs recorded in /);
  });

  it('limits the list and prints JSON', async () => {
    const { code, stdout } = await runCli('runs', '--dir', dir, '--limit', '2', '--json');
    expect(code).toBe(0);
    const shown = JSON.parse(stdout) as RunRecord[];
    expect(shown.map((r) => [r.id, r.source, r.accuracy])).toEqual([
      ['20261130-120000-lstm', 'cli', 0.8],
      ['20261130-110000-cnn', 'pipeline', 0.9],
    ]);
  });

  it('says how to record a run when there is none, and rejects a bad limit', async () => {
    const empty = path.join(dir, 'notes');
    const { code, stdout } = await runCli('runs', '--dir', empty);
    expect(code).toBe(0);
    expect(stdout).toBe(
      `no runs recorded in ${empty} yet; \`audio-dl train\` and \`npx nx run pipeline:train\` record them\n`,
    );
    const bad = await runCli('runs', '--dir', dir, '--limit', '0');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/limit/);
  });
});
