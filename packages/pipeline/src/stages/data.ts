import { promises as fs } from 'node:fs';
import { dataRoot } from '../config';
import { type StageContext, StageError } from './io';

/**
 * Makes sure the data folder exists before `decode` fingerprints it: with no `data.root` configured the
 * deterministic demo set is generated into `data.demoDir` the first time.
 */
export async function ensureData(ctx: StageContext): Promise<void> {
  const { root, demo } = dataRoot(ctx.loaded);
  const stat = await fs.stat(root).catch(() => null);
  if (stat?.isDirectory()) return;
  if (!demo) throw new StageError('data', root, 'data.root is not a folder (expected ROOT/<genre>/<track>)');
  throw new StageError('data', root, 'the demo generator is not available yet');
}
