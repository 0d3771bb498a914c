import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatRuns, listRuns, newRunId, type RunRecord } from './runs';

// A record as older runs stored it, without `source`.
const run = (id: string, createdAt: string, accuracy: number): Omit<RunRecord, 'source'> => ({
  id,
  experiment: 'default',
  createdAt,
  model: 'mlp',
  epochs: 30,
  epochsRun: 30,
  backend: 'wasm',
  seconds: 12.5,
  accuracy,
  trackAccuracy: 0.9,
  loss: 0.61,
  valAccuracy: 0.8,
});

describe('runs', () => {
  it('lists recorded runs newest first, reports unreadable ones and names folders that are not runs', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'audio-dl-runs-'));
    const a = await newRunId(dir, 'cnn', new Date('2026-11-25T10:00:00Z'));
    const b = await newRunId(dir, 'cnn', new Date('2026-11-25T10:00:00Z'));
    expect([a, b]).toEqual(['20261125-100000-cnn', '20261125-100000-cnn-1']);
    await fs.writeFile(path.join(dir, a, 'run.json'), JSON.stringify(run(a, '2026-11-25T10:00:00Z', 0.5)));
    await fs.writeFile(path.join(dir, b, 'run.json'), JSON.stringify(run(b, '2026-11-25T11:00:00Z', 0.75)));
    await fs.mkdir(path.join(dir, 'broken'));
    await fs.writeFile(path.join(dir, 'broken', 'run.json'), '{"id": ');
    await fs.mkdir(path.join(dir, 'notes'));
    // A run being written (or left by an interrupted one) is hidden and not a run.
    await fs.mkdir(path.join(dir, '.20261125-120000-cnn.tmp-abc123'));
    const { runs, problems, others } = await listRuns(dir);
    expect(runs.map((r) => [r.id, r.source])).toEqual([
      [b, 'pipeline'],
      [a, 'pipeline'],
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(path.join(dir, 'broken', 'run.json'));
    expect(others).toEqual([path.join(dir, 'notes')]);
    const table = formatRuns([...runs, { ...runs[0], id: '20261125-130000-lstm', source: 'cli' }]).split('\n');
    expect(table[0]).toMatch(
      /^id\s+source\s+model\s+epochs\s+backend\s+val acc\s+test acc\s+track acc\s+test loss\s+time$/,
    );
    expect(table[1]).toMatch(
      /^20261125-100000-cnn-1\s+pipeline\s+mlp\s+30\/30\s+wasm\s+80\.0%\s+75\.0%\s+90\.0%\s+0\.610\s+12\.5 s$/,
    );
    expect(table[3]).toMatch(/^20261125-130000-lstm\s+audio-dl train\s+mlp/);
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('refuses a runs folder that is missing or a file, in one line', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'audio-dl-runs-'));
    await expect(listRuns(path.join(dir, 'nothere'))).rejects.toThrow(
      new Error(`${path.join(dir, 'nothere')}: not found`),
    );
    await fs.writeFile(path.join(dir, 'file'), '');
    await expect(listRuns(path.join(dir, 'file'))).rejects.toThrow(
      new Error(`${path.join(dir, 'file')}: not a folder`),
    );
    await fs.rm(dir, { recursive: true, force: true });
  });
});
