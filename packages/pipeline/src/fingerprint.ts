import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG_FILE, dataRoot, loadConfig } from './config';

/**
 * One line per file under `root` (relative path, size, mtime in ms), sorted: the data folder's
 * identity for Nx. The data usually lives outside the workspace or is git-ignored, which Nx leaves
 * out of its hashes; the `decode` target hashes this through a `runtime` input instead.
 */
export async function fingerprintTree(root: string): Promise<string> {
  const lines: string[] = [];
  async function visit(dir: string, rel: string): Promise<void> {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const abs = path.join(dir, entry.name);
      const relPath = rel === '' ? entry.name : `${rel}/${entry.name}`;
      const stat = await fs.stat(abs).catch(() => null);
      if (stat?.isDirectory()) await visit(abs, relPath);
      else if (stat) lines.push(`${relPath}\t${stat.size}\t${Math.round(stat.mtimeMs)}`);
    }
  }
  const stat = await fs.stat(root).catch(() => null);
  if (!stat?.isDirectory()) return `missing ${root}\n`;
  await visit(root, '');
  lines.sort();
  return `${lines.join('\n')}\n`;
}

/** `node dist/fingerprint.js [config]`: prints the fingerprint of the config's data root. */
export async function printFingerprint(configFile = DEFAULT_CONFIG_FILE): Promise<void> {
  let root: string;
  try {
    root = dataRoot(loadConfig(configFile)).root;
  } catch (err) {
    // The decode stage reports a bad config properly; the hash only has to differ.
    process.stdout.write(`unreadable config: ${(err as Error).message}\n`);
    return;
  }
  process.stdout.write(await fingerprintTree(root));
}

if (require.main === module) {
  printFingerprint(process.argv[2]).catch((err: Error) => {
    process.stderr.write(`fingerprint: ${err.message}\n`);
    process.exitCode = 1;
  });
}
