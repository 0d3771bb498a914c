import { type Dirent, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { type Clip, type ClipList, finishClips } from './clip';
import { AUDIO_EXTENSIONS, type SkippedFile } from './walk';

/** Checks a label pattern: a valid regular expression with a named group `label`. */
export function compileLabelPattern(pattern: string): RegExp {
  let re: RegExp;
  try {
    re = new RegExp(pattern);
  } catch (err) {
    throw new Error(`--label-pattern ${JSON.stringify(pattern)}: ${(err as Error).message}`);
  }
  if (!/\(\?<label>/.test(pattern))
    throw new Error(`--label-pattern ${JSON.stringify(pattern)}: no named group (?<label>…) to take the label from`);
  return re;
}

/** Every file under `root` (hidden entries skipped), paths relative to it with `/`, sorted. */
async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const visit = async (dir: string, rel: string): Promise<void> => {
    const entries: Dirent[] = await fs.readdir(dir, { withFileTypes: true });
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === '__MACOSX') continue;
      const relPath = rel ? `${rel}/${e.name}` : e.name;
      const abs = path.join(dir, e.name);
      const stat = e.isSymbolicLink() ? await fs.stat(abs).catch(() => null) : e;
      if (stat?.isDirectory()) await visit(abs, relPath);
      else if (stat?.isFile()) out.push(relPath);
    }
  };
  await visit(root, '');
  return out.sort();
}

/**
 * The clips under `root` whose path relative to it matches `pattern`: the named group `label` gives the label,
 * `group` and `fold` (optional) the group and fold. Audio files that do not match are skipped and named.
 */
export async function listByPattern(root: string, pattern: string): Promise<ClipList> {
  const re = compileLabelPattern(pattern);
  const stat = await fs.stat(root).catch(() => null);
  if (!stat?.isDirectory()) throw new Error(`${root}: ${stat ? 'not a folder' : 'not found'}`);
  const clips: Omit<Clip, 'genre'>[] = [];
  const labels: string[] = [];
  const skipped: SkippedFile[] = [];
  for (const relPath of await listFiles(root)) {
    if (!AUDIO_EXTENSIONS.includes(path.extname(relPath).toLowerCase())) {
      skipped.push({ path: relPath, reason: 'not audio' });
      continue;
    }
    const g = re.exec(relPath)?.groups;
    if (!g?.label) {
      skipped.push({ path: relPath, reason: `no label: does not match --label-pattern ${pattern}` });
      continue;
    }
    clips.push({
      path: path.join(path.resolve(root), ...relPath.split('/')),
      relPath,
      start: 0,
      end: null,
      group: g.group ?? '',
      fold: g.fold ?? '',
      metadata: {},
    });
    labels.push(g.label);
  }
  if (clips.length === 0)
    throw new Error(
      `${root}: no audio file's path matches --label-pattern ${pattern} (${skipped.length} files skipped)`,
    );
  return { ...finishClips(clips, labels), skipped, warnings: [] };
}
