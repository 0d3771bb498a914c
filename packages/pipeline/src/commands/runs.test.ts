import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../__fixtures__/run-cli';
import type { RunRecord } from '../runs';

let dir = '';

const record = (id: string, createdAt: string, model: string, accuracy: number): RunRecord => ({
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
  // A run folder whose record is not a run record: listed as skipped, not fatal.
  await fs.mkdir(path.join(dir, 'stray'));
  await fs.writeFile(path.join(dir, 'stray', 'run.json'), '{"id": 3}');
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describe('audio-dl runs', () => {
  it('prints the recorded runs newest first with their key metrics, and names what it skipped', async () => {
    const { code, stdout, stderr } = await runCli('runs', '--dir', dir);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^20261130-110000-cnn\s+cnn\s+17\/20\s+wasm\s+80\.0%\s+90\.0%\s+-\s+0\.432\s+41\.3 s$/);
    expect(lines[2]).toMatch(/^20261130-100000-default\s+mlp\s+17\/20\s+wasm\s+80\.0%\s+85\.7%/);
    expect(stderr).toContain(`audio-dl runs: skipped ${path.join(dir, 'stray', 'run.json')}`);
  });

  it('limits the list and prints JSON', async () => {
    const { code, stdout } = await runCli('runs', '--dir', dir, '--limit', '1', '--json');
    expect(code).toBe(0);
    const shown = JSON.parse(stdout) as RunRecord[];
    expect(shown.map((r) => [r.id, r.model, r.accuracy])).toEqual([['20261130-110000-cnn', 'cnn', 0.9]]);
  });

  it('says how to record a run when there is none, and rejects a bad limit', async () => {
    const empty = path.join(dir, 'none');
    const { code, stdout } = await runCli('runs', '--dir', empty);
    expect(code).toBe(0);
    expect(stdout).toBe(`no runs recorded in ${empty} yet; run \`npx nx run pipeline:train\`\n`);
    const bad = await runCli('runs', '--dir', dir, '--limit', '0');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/limit/);
  });
});
