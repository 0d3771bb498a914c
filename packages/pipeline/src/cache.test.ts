import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { encodeWav } from '@audio-dl/dsp';
import { inspectPage, itInChromium } from '../../web-app/src/__fixtures__/browser';
import { makeTempWorkspace, REPO_ROOT } from './__fixtures__/temp-workspace';
import { tinyConfig, tinyTrack, writeTinyTree } from './__fixtures__/tiny-data';

// Real `nx run pipeline:<target>` in a temp copy of the workspace (own config, data, Nx cache), reading
// from Nx's own output which tasks came from the cache. The copy builds whatever of its sources is stale.
jest.setTimeout(180_000);

const STAGES = ['decode', 'segment', 'mfcc', 'dataset', 'train', 'evaluate', 'report'];
const NX = path.join(REPO_ROOT, 'node_modules', 'nx', 'dist', 'bin', 'nx.js');
let ws = '';
let config: Record<string, Record<string, unknown>>;

// The inner Nx must not inherit the outer one's settings (an outer `--skip-nx-cache`, workspace paths…).
const innerEnv = (): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('NX_'))),
  NX_DAEMON: 'false',
  NX_TUI: 'false',
  NX_NO_CLOUD: 'true',
  NO_COLOR: '1',
  FORCE_COLOR: '0',
});

/** Runs an Nx target and returns, for each pipeline stage it involved, whether it ran or was a cache hit. */
function nx(target: string): Record<string, 'ran' | 'cache'> {
  let output: string;
  try {
    output = execFileSync('node', [NX, 'run', `pipeline:${target}`, '--outputStyle=static'], {
      cwd: ws,
      encoding: 'utf8',
      stdio: 'pipe',
      env: innerEnv(),
    });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    throw new Error(`nx run pipeline:${target} failed:\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
  const result: Record<string, 'ran' | 'cache'> = {};
  for (const m of output.matchAll(/^> nx run pipeline:([a-z]+)(?::[a-z-]+)?(\s+\[[^\]]*cache[^\]]*\])?\s*$/gm)) {
    if (STAGES.includes(m[1])) result[m[1]] = m[2] ? 'cache' : 'ran';
  }
  return result;
}

const writeConfig = (text?: string) =>
  fs.writeFile(path.join(ws, 'pipeline.config.json'), text ?? `${JSON.stringify(config, null, 2)}\n`);

const expectStages = (got: Record<string, string>, cached: string[], ran: string[]) => {
  const want: Record<string, string> = {};
  for (const s of cached) want[s] = 'cache';
  for (const s of ran) want[s] = 'ran';
  expect(got).toEqual(want);
};

beforeAll(async () => {
  ws = await makeTempWorkspace();
  await writeTinyTree(path.join(ws, 'data'));
  config = tinyConfig('data') as typeof config;
  await writeConfig();
});

afterAll(async () => {
  if (ws) await fs.rm(ws, { recursive: true, force: true });
});

describe('the Nx pipeline cache', () => {
  it('runs every stage once, then serves all of them from the cache', () => {
    expectStages(nx('report'), [], STAGES);
    expectStages(nx('report'), STAGES, []);
  });

  itInChromium()('leaves a self-contained report whose every figure renders in Chromium', async () => {
    const dir = path.join(ws, 'artifacts', 'report', 'default');
    const page = await inspectPage(path.join(dir, 'report.html'));
    // Five §08 figures for each of the 3 genres, two training curves, the confusion matrix.
    expect(page.images).toHaveLength(18);
    expect(page.images.filter((i) => i.naturalWidth === 0)).toEqual([]);
    expect(page.requests).toEqual([]);
    expect((await fs.readdir(dir)).filter((f) => f.endsWith('.png'))).toHaveLength(18);
    // The model exported as a web page beside the report, and linked from it.
    expect(await fs.readFile(path.join(dir, 'report.html'), 'utf8')).toContain(
      '<a href="web/index.html">Open the classifier</a>',
    );
    expect((await fs.readdir(path.join(dir, 'web'))).sort()).toEqual(
      expect.arrayContaining(['audio-dl.js', 'index.html', 'model']),
    );
  });

  it('gives the same metrics.json for the same config and seed', async () => {
    const file = path.join(ws, 'artifacts', 'evaluate', 'default', 'metrics.json');
    const first = await fs.readFile(file, 'utf8');
    // Train and evaluate again outside Nx (no cache), on the same data set.
    for (const stage of ['train', 'evaluate']) {
      execFileSync('node', ['packages/pipeline/dist/stage-cli.js', stage], { cwd: ws, stdio: 'pipe', env: innerEnv() });
    }
    expect(await fs.readFile(file, 'utf8')).toBe(first);
    expect(JSON.parse(first).segments).toBeGreaterThan(0);
  });

  it('reruns nothing when the config file is only reformatted or an unrelated section changes', async () => {
    const reordered = Object.fromEntries(Object.entries(config).reverse());
    await writeConfig(JSON.stringify(reordered, null, 4));
    expectStages(nx('report'), STAGES, []);
    config.report = { ...config.report, title: 'another title' };
    await writeConfig();
    expectStages(nx('train'), STAGES.slice(0, 5), []);
  });

  it('reruns train, evaluate and report when train.epochs changes', async () => {
    config.train = { ...config.train, epochs: 3 };
    await writeConfig();
    expectStages(nx('report'), STAGES.slice(0, 4), STAGES.slice(4));
  });

  it('reruns from mfcc when mfcc.nMfcc changes', async () => {
    config.mfcc = { ...config.mfcc, nMfcc: 6 };
    await writeConfig();
    expectStages(nx('report'), STAGES.slice(0, 2), STAGES.slice(2));
  });

  it('reruns from decode when a track is added, and only then', async () => {
    const sr = 11025;
    await fs.writeFile(path.join(ws, 'data', 'jazz', 'jazz.00099.wav'), encodeWav(tinyTrack(1, 99, 2, sr), sr));
    expectStages(nx('report'), [], STAGES);
    expectStages(nx('report'), STAGES, []);
  });

  it('reruns only decode and the report when a track is touched but its bytes are the same', async () => {
    const file = path.join(ws, 'data', 'jazz', 'jazz.00099.wav');
    const later = new Date(Date.now() + 60_000);
    await fs.utimes(file, later, later);
    // decode's signals and index come out identical; only its stage.json (timing) differs, which the
    // data stages do not hash and the report does (it shows the timings).
    expectStages(nx('report'), STAGES.slice(1, 6), ['decode', 'report']);
  });

  it('reruns mfcc when a track is replaced by one of the same name and size', async () => {
    const sr = 11025;
    await fs.writeFile(path.join(ws, 'data', 'jazz', 'jazz.00099.wav'), encodeWav(tinyTrack(1, 98, 2, sr), sr));
    const got = nx('dataset');
    expect(got.decode).toBe('ran');
    expect(got.mfcc).toBe('ran');
  });

  it('runs a named experiment on the cached data stages, beside the default one', async () => {
    expectStages(nx('report:lstm'), STAGES.slice(0, 4), STAGES.slice(4));
    const run = JSON.parse(await fs.readFile(path.join(ws, 'artifacts', 'train', 'lstm', 'run.json'), 'utf8'));
    expect(run).toMatchObject({ experiment: 'lstm', model: 'lstm', epochs: 1 });
    await fs.access(path.join(ws, 'artifacts', 'report', 'lstm', 'report.html'));
    await fs.access(path.join(ws, 'artifacts', 'report', 'default', 'report.html'));
  });

  it('records each training run under runs/<id>/', async () => {
    const runs = await fs.readdir(path.join(ws, 'runs'));
    // Cold run, its rerun outside Nx, epochs, nMfcc, added track, lstm: cache hits record nothing.
    expect(runs).toHaveLength(6);
    for (const id of runs) {
      expect((await fs.readdir(path.join(ws, 'runs', id))).sort()).toEqual([
        'config.json',
        'metrics.json',
        'model',
        'run.json',
      ]);
    }
  });
});
