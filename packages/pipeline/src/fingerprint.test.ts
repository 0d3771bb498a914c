import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fingerprintTree } from './fingerprint';

describe('fingerprintTree', () => {
  it('lists relative path, size and mtime of every file, and changes when a track is added or replaced', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'audio-dl-fp-'));
    await fs.mkdir(path.join(root, 'jazz'));
    await fs.writeFile(path.join(root, 'jazz', 'b.wav'), 'abc');
    await fs.writeFile(path.join(root, 'jazz', 'a.wav'), 'abcdef');
    await fs.utimes(path.join(root, 'jazz', 'a.wav'), 1000, 1000);
    const first = await fingerprintTree(root);
    expect(first.split('\n')[0]).toBe('jazz/a.wav\t6\t1000000');
    expect(first.split('\n')).toHaveLength(3);
    expect(await fingerprintTree(root)).toBe(first);

    await fs.writeFile(path.join(root, 'jazz', 'c.wav'), 'x');
    const added = await fingerprintTree(root);
    expect(added).not.toBe(first);
    await fs.writeFile(path.join(root, 'jazz', 'a.wav'), 'ABCDEF');
    const replaced = await fingerprintTree(root);
    expect(replaced).not.toBe(added);
    await fs.rm(path.join(root, 'jazz', 'c.wav'));
    const removed = await fingerprintTree(root);
    expect(removed).not.toBe(replaced);
    expect(removed.split('\n')).toHaveLength(3);

    expect(await fingerprintTree(path.join(root, 'absent'))).toBe(`missing ${path.join(root, 'absent')}\n`);
    await fs.rm(root, { recursive: true, force: true });
  });
});
