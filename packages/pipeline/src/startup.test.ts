import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { encodeWav } from '@audio-dl/dsp';
import { MODEL_PARAMS, trainTinyMlp, writeModelData } from './__fixtures__/model-data';
import { tinyTrack } from './__fixtures__/tiny-data';
import { commands } from './commands';

// What `audio-dl` loads is checked in a fresh Node process (the sources through tsx): Jest's own module registry
// would hide it. The child runs `main` on each argument list in turn, then reports every module it required.
const CLI = path.join(__dirname, 'cli.ts');
const CHILD = `
const { main } = require(${JSON.stringify(CLI)});
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write = () => true;
(async () => {
  const codes = [];
  for (const argv of JSON.parse(process.argv[1])) codes.push(await main(argv));
  write(JSON.stringify({ codes, modules: Object.keys(require.cache) }));
})();
`;

/** Runs each argument list through `main` in one fresh process; the exit codes and the modules it loaded. */
async function trace(argvs: string[][]): Promise<{ codes: number[]; modules: string[] }> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '-e', CHILD, JSON.stringify(argvs)],
    { cwd: __dirname },
  );
  return JSON.parse(stdout);
}

const HEAVY = /node_modules\/(@tensorflow\/|apache-arrow\/|@napi-rs\/canvas|piscina\/)/;
const ZOD = /node_modules\/zod\//;

jest.setTimeout(60_000);

describe('audio-dl start-up', () => {
  it('prints every help (top level, each command, each subcommand) without loading a command module', async () => {
    const argvs: string[][] = [['--help'], ['-h']];
    for (const c of commands) {
      argvs.push([c.name, '--help']);
      if ('subcommands' in c) for (const s of c.subcommands) argvs.push([c.name, s.name, '--help']);
    }
    const { codes, modules } = await trace(argvs);
    expect(codes).toEqual(argvs.map(() => 0));
    expect(modules.filter((m) => HEAVY.test(m))).toEqual([]);
    expect(modules.filter((m) => ZOD.test(m))).toEqual([]);
    // Only the entry point, the command helpers and the registry: no command module.
    expect(modules.filter((m) => m.includes(`${path.sep}commands${path.sep}`) && !m.endsWith('index.ts'))).toEqual([]);
  });

  it('reports usage errors before loading tfjs, Arrow or the canvas, so no backend starts first', async () => {
    const { codes, modules } = await trace([
      ['predict', '--model', 'model/'],
      ['train', '--data', 'data.arrow', '--model', 'nope', '--out', 'm/'],
      ['evaluate', '--model', 'model/'],
      ['tf', 'addition', '--epochs', '0'],
      ['preprocess', 'tree/', '--out', 'data.csv'],
      ['inspect'],
      ['features', 'a.wav', '--n-fft', '1000'],
      ['runs', '--limit', '0'],
      ['nope'],
    ]);
    expect(codes).toEqual([2, 2, 2, 2, 2, 2, 2, 2, 2]);
    expect(modules.filter((m) => HEAVY.test(m))).toEqual([]);
  });

  it('runs `scratch addition` on the hand-written network alone', async () => {
    const { codes, modules } = await trace([['scratch', 'addition', '--epochs', '1']]);
    expect(codes).toEqual([0]);
    expect(modules.filter((m) => HEAVY.test(m) || m.includes(`${path.sep}genre-model${path.sep}`))).toEqual([]);
  });

  it('predicts without loading the training side (Arrow, Parquet, worker pools, progress bars, PNG plots)', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cli-startup-'));
    try {
      const { data } = await writeModelData(dir);
      const model = path.join(dir, 'model');
      await trainTinyMlp(data, model, '--epochs', '1');
      const song = path.join(dir, 'song.wav');
      await fs.writeFile(song, encodeWav(tinyTrack(1, 9, 3, MODEL_PARAMS.sr), MODEL_PARAMS.sr));
      const { codes, modules } = await trace([['predict', '--model', model, '--backend', 'wasm', song]]);
      expect(codes).toEqual([0]);
      expect(modules.some((m) => m.includes('node_modules/@tensorflow/tfjs-backend-wasm/'))).toBe(true);
      const training = /node_modules\/(apache-arrow|parquet-wasm|piscina|pngjs|@napi-rs\/canvas)\//;
      expect(modules.filter((m) => training.test(m))).toEqual([]);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
