// The README's "Your own data" commands for ESC-50 and UrbanSound8K, run as written on miniature copies of the two
// data sets' layouts (their file names, folders and CSV columns; tones instead of recordings). The commands are
// read from README.md, so the README cannot drift from what works.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadDataset } from '@audio-dl/dataset';
import { encodeWav } from '@audio-dl/dsp';
import { runCli } from './__fixtures__/run-cli';

// Preprocessing and eight cross-validation folds take a while on a loaded, shared machine.
jest.setTimeout(600_000);

/** The shell commands of the README's "Two public data sets" part, in order, as argument lists. */
async function readmeCommands(): Promise<string[][]> {
  const readme = await fs.readFile(path.join(__dirname, '../../../README.md'), 'utf8');
  const part = readme.slice(readme.indexOf('Two public data sets, as they ship:'), readme.indexOf('## Packages'));
  const lines = part
    .replace(/\\\n\s*/g, '') // continuation lines
    .split('\n')
    .flatMap((line) => {
      const inline = [...line.matchAll(/`((?:npx audio-dl|cp) [^`]+)`/g)].map((m) => m[1]);
      if (inline.length > 0) return inline;
      const command = line.trim();
      return /^(npx audio-dl|cp) /.test(command) ? [command.replace(/\s+#.*$/, '')] : [];
    });
  return lines.map(shellWords);
}

/** Words of a command line: blanks separate them, single quotes keep their text as it is. */
function shellWords(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

const tone = (freq: number, sr: number): Uint8Array =>
  encodeWav(
    Float32Array.from({ length: Math.round(0.5 * sr) }, (_, i) => 0.3 * Math.sin((2 * Math.PI * freq * i) / sr)),
    sr,
  );

let dir: string;
let cwd: string;
beforeAll(async () => {
  cwd = process.cwd();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'readme-datasets-'));
  // ESC-50: audio/{fold}-{src_file}-{take}-{target}.wav and meta/esc50.csv; 5 folds, 2 classes, 10 clips.
  const esc = path.join(dir, 'ESC-50-master');
  await fs.mkdir(path.join(esc, 'audio'), { recursive: true });
  await fs.mkdir(path.join(esc, 'meta'));
  const rows = ['filename,fold,target,category,esc10,src_file,take'];
  for (let fold = 1; fold <= 5; fold++)
    for (const [target, category] of [
      [0, 'dog'],
      [1, 'rooster'],
    ] as const) {
      const src = 100000 + 10 * fold + target;
      const name = `${fold}-${src}-A-${target}.wav`;
      await fs.writeFile(path.join(esc, 'audio', name), tone(target === 0 ? 300 : 1200, 44100));
      rows.push(`${name},${fold},${target},${category},True,${src},A`);
    }
  await fs.writeFile(path.join(esc, 'meta', 'esc50.csv'), `${rows.join('\n')}\n`);
  // UrbanSound8K: audio/fold{N}/{fsID}-{classID}-{occurrence}-{slice}.wav; 3 of its folds, 2 classes, 6 clips.
  for (let fold = 1; fold <= 3; fold++) {
    const folder = path.join(dir, 'UrbanSound8K', 'audio', `fold${fold}`);
    await fs.mkdir(folder, { recursive: true });
    for (const classId of [3, 9]) {
      const name = `${200000 + 10 * fold + classId}-${classId}-0-0.wav`;
      await fs.writeFile(path.join(folder, name), tone(classId === 3 ? 400 : 1500, 22050));
    }
  }
  process.chdir(dir);
});
afterAll(async () => {
  process.chdir(cwd);
  await fs.rm(dir, { recursive: true, force: true });
});

describe("the README's ESC-50 and UrbanSound8K commands", () => {
  it('run as written: manifest and label pattern give the same clips, groups and folds; cv runs the folds', async () => {
    const commands = await readmeCommands();
    expect(commands.map((c) => c.slice(0, 3).join(' '))).toEqual([
      'cp ESC-50-master/meta/esc50.csv ESC-50-master/audio/',
      'npx audio-dl preprocess',
      'npx audio-dl cv',
      'npx audio-dl preprocess',
      'npx audio-dl preprocess',
      'npx audio-dl cv',
    ]);
    const results: { command: string; code: number; stderr: string }[] = [];
    const datasets: Awaited<ReturnType<typeof loadDataset>>[] = [];
    for (const [program, ...args] of commands) {
      if (program === 'cp') {
        await fs.copyFile(args[0], path.join(args[1], path.basename(args[0])));
        continue;
      }
      const argv = args.slice(1); // after `npx audio-dl`
      // One epoch per fold: the point is that the commands run, not the models' accuracy.
      const { code, stderr } = await runCli(...argv, ...(argv[0] === 'cv' ? ['--epochs', '1'] : []));
      results.push({ command: argv.join(' '), code, stderr });
      if (argv[0] === 'preprocess' && code === 0) datasets.push(await loadDataset(argv[argv.indexOf('--out') + 1]));
    }
    expect(results.filter((r) => r.code !== 0)).toEqual([]);
    const [escByManifest, escByName, us8k] = datasets;
    // ESC-50 both ways: the same ten clips, src_file as the group, the official folds; the label is the category
    // from the manifest, the class number from the names.
    expect(escByManifest.tracks).toEqual(escByName.tracks);
    expect(escByManifest.tracks).toHaveLength(10);
    expect(escByManifest.mapping).toEqual(['dog', 'rooster']);
    expect(escByName.mapping).toEqual(['0', '1']);
    expect(Array.from(escByName.labels)).toEqual(Array.from(escByManifest.labels));
    expect(escByName.groups).toEqual(escByManifest.groups);
    expect(escByManifest.groups?.[0]).toBe('100010');
    expect(escByName.folds).toEqual(escByManifest.folds);
    expect(new Set(escByManifest.folds)).toEqual(new Set(['1', '2', '3', '4', '5']));
    expect(escByName.features).toEqual(escByManifest.features);
    // UrbanSound8K from its paths: fold from the folder, fsID as the group, classID as the label.
    expect(us8k.mapping).toEqual(['3', '9']);
    expect(new Set(us8k.folds)).toEqual(new Set(['1', '2', '3']));
    expect(us8k.groups).toContain('200013');
    // cv: leave-one-fold-out over the predefined folds.
    for (const [out, folds] of [
      ['esc50-cv', 5],
      ['us8k-cv', 3],
    ] as const) {
      const cv = JSON.parse(await fs.readFile(path.join(dir, out, 'cv.json'), 'utf8'));
      expect([out, cv.protocol, cv.folds.length]).toEqual([out, 'predefined', folds]);
    }
  });
});
