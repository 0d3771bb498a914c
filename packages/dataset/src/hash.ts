import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { listParts } from './part';

async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * SHA-256 identifying a data set: of the file's bytes, or for a folder of parts, of each part's name and hash in
 * name order, so renaming, adding, removing or changing a part changes it.
 */
export async function hashDataset(dataPath: string): Promise<string> {
  const stat = await fs.stat(dataPath).catch((err: NodeJS.ErrnoException) => {
    throw new Error(`${dataPath}: cannot read (${err.code ?? err.message})`);
  });
  if (!stat.isDirectory()) return hashFile(dataPath);
  const hash = createHash('sha256');
  for (const part of await listParts(dataPath)) hash.update(`${path.basename(part)}\0${await hashFile(part)}\n`);
  return hash.digest('hex');
}
