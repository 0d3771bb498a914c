import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { walkTree } from './walk';

let root: string;

async function touch(rel: string, content = 'x'): Promise<void> {
  const file = path.join(root, rel);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, content);
}

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'walk-'));
});
afterEach(() => fs.rm(root, { recursive: true, force: true }));

describe('walkTree', () => {
  it('labels sorted label folders, sorts files and skips hidden and non-audio entries', async () => {
    await touch('rock/b.wav');
    await touch('rock/a.mp3');
    await touch('blues/z.au');
    await touch('blues/.DS_Store');
    await touch('blues/._z.au');
    await touch('blues/notes.txt');
    await touch('README.md');
    await touch('loose.wav');
    await fs.mkdir(path.join(root, '.git'));
    const tree = await walkTree(root);
    expect(tree.genres).toEqual(['blues', 'rock']);
    expect(tree.tracks.map((t) => [t.relPath, t.genre])).toEqual([
      ['blues/z.au', 0],
      ['rock/a.mp3', 1],
      ['rock/b.wav', 1],
    ]);
    expect(tree.tracks[0].path).toBe(path.join(root, 'blues', 'z.au'));
    expect(tree.skipped).toEqual([
      { path: 'blues/.DS_Store', reason: 'hidden' },
      { path: 'blues/._z.au', reason: 'hidden' },
      { path: 'blues/notes.txt', reason: 'not audio' },
    ]);
    expect(tree.warnings).toEqual([]);
  });

  it('stops on a nested folder, naming it', async () => {
    await touch('music/jazz/a.wav');
    await expect(walkTree(root)).rejects.toThrow(
      /music[/\\]jazz: nested folder inside label folder "music"; keep ROOT\/<label>\/<clip>/,
    );
  });

  it('labels nested files by their top folder with nested: parent', async () => {
    await touch('music/jazz/a.wav');
    await touch('music/b.wav');
    const tree = await walkTree(root, { nested: 'parent' });
    expect(tree.genres).toEqual(['music']);
    expect(tree.tracks.map((t) => t.relPath)).toEqual(['music/b.wav', 'music/jazz/a.wav']);
  });

  it('warns about an empty label folder', async () => {
    await touch('rock/a.wav');
    await fs.mkdir(path.join(root, 'jazz'));
    const tree = await walkTree(root);
    expect(tree.genres).toEqual(['jazz', 'rock']);
    expect(tree.warnings).toEqual(['label folder "jazz" has no audio files']);
  });

  it('fails without label folders, hinting when ROOT holds the tracks itself', async () => {
    await touch('a.wav');
    await expect(walkTree(root)).rejects.toThrow(
      /no label folders found; expected ROOT\/<label>\/<clip>.*1 audio files directly/,
    );
  });

  it('fails on a missing ROOT, or one that is a file', async () => {
    await expect(walkTree(path.join(root, 'nope'))).rejects.toThrow(/nope: not found$/);
    await fs.writeFile(path.join(root, 'file.txt'), 'x');
    await expect(walkTree(path.join(root, 'file.txt'))).rejects.toThrow(/file\.txt: not a folder$/);
  });
});
