import { type ClipList, wholeFile } from './clip';
import { listByPattern } from './label-pattern';
import { readManifest } from './manifest';
import { type SourceOptionsInput, sourceOptionsSchema } from './source-options';
import { walkTree } from './walk';

/**
 * The clips of a data set described one of three ways: a folder per label under `root` (the default), a manifest
 * (`opts.manifest`, `root` unused), or labels (and groups, folds) matched in the paths under `root`
 * (`opts.labelPattern`). All three give the same clips for the same data.
 */
export async function listClips(root: string | undefined, options: SourceOptionsInput = {}): Promise<ClipList> {
  const opts = sourceOptionsSchema.parse(options);
  if (opts.manifest) return readManifest(opts.manifest, opts);
  if (root === undefined) throw new Error('no data: give a ROOT folder or a manifest');
  if (opts.labelPattern) return listByPattern(root, opts.labelPattern);
  const walked = await walkTree(root, { nested: opts.nested });
  return {
    genres: walked.genres,
    clips: walked.tracks.map(wholeFile),
    skipped: walked.skipped,
    warnings: walked.warnings,
  };
}
