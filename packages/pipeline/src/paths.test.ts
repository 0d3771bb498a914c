import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkOutputFile, checkOutputFolder, requireInput } from './paths';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cli-paths-'));
  await fs.writeFile(path.join(dir, 'file.txt'), 'x');
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describe('path checks made before any work', () => {
  it('names a missing input, or one of the wrong kind', async () => {
    const none = path.join(dir, 'none');
    await expect(requireInput(none, 'file')).rejects.toThrow(new Error(`${none}: not found`));
    await expect(requireInput(path.join(dir, 'file.txt', 'below'), 'file')).rejects.toThrow(/below: not found$/);
    await expect(requireInput(dir, 'file')).rejects.toThrow(new Error(`${dir}: is a folder, not a file`));
    await expect(requireInput(path.join(dir, 'file.txt'), 'folder')).rejects.toThrow(/file\.txt: not a folder$/);
    await expect(requireInput(dir, 'folder')).resolves.toBeUndefined();
  });

  it('accepts an output folder that exists or can be created, and refuses one behind a file', async () => {
    await expect(checkOutputFolder(path.join(dir, 'new', 'deeper'))).resolves.toBeUndefined();
    const file = path.join(dir, 'file.txt');
    await expect(checkOutputFolder(file)).rejects.toThrow(new Error(`${file}: exists and is not a folder`));
    await expect(checkOutputFolder(path.join(file, 'out'))).rejects.toThrow(
      new Error(`${path.join(file, 'out')}: ${file} is a file`),
    );
  });

  it('refuses an output file that is a folder', async () => {
    await expect(checkOutputFile(dir)).rejects.toThrow(new Error(`${dir}: is a folder; name the file to write`));
    await expect(checkOutputFile(path.join(dir, 'new', 'data.arrow'))).resolves.toBeUndefined();
  });
});
