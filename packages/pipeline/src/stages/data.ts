import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeDirAtomic } from '@audio-dl/dataset';
import { generateDemoData } from '@audio-dl/demo-data';
import { dataRoot } from '../config';
import { progress } from '../progress';
import { type StageContext, StageError, writeJson } from './io';
import { type DemoManifest, demoManifestSchema } from './records';

/** Written last into a generated demo folder: what it was generated with (walkTree skips hidden files). */
export const DEMO_MANIFEST = '.demo.json';

/** The manifest of a generated demo set, or null when `root` holds none (or an unreadable one). */
export async function readDemoManifest(root: string): Promise<DemoManifest | null> {
  const text = await fs.readFile(path.join(root, DEMO_MANIFEST), 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    return demoManifestSchema.parse(JSON.parse(text));
  } catch {
    return null;
  }
}

/**
 * Makes sure the data folder exists before `decode` fingerprints it. With no `data.root` configured, the
 * deterministic demo set is generated into `data.demoDir`, the first time and whenever `data.demo` changes;
 * it is built in a temporary folder and renamed, so an interrupted generation is never taken for data.
 */
export async function ensureData(ctx: StageContext): Promise<void> {
  const { root, demo } = dataRoot(ctx.loaded);
  const listed = ctx.loaded.config.data.manifest;
  if (listed) {
    const file = path.resolve(ctx.loaded.dir, listed);
    if (!(await fs.stat(file).catch(() => null))?.isFile())
      throw new StageError('data', file, 'data.manifest is not a file (expected a CSV or JSON Lines manifest)');
    return;
  }
  if (!demo) {
    const stat = await fs.stat(root).catch(() => null);
    if (!stat?.isDirectory())
      throw new StageError('data', root, 'data.root is not a folder (expected ROOT/<label>/<clip>)');
    return;
  }
  const options = ctx.loaded.config.data.demo;
  const wanted = JSON.stringify(options);
  const manifest = await readDemoManifest(root);
  if (manifest !== null) {
    const { generatedAt: _at, generationSeconds: _s, ...generatedWith } = manifest;
    if (JSON.stringify(generatedWith) === wanted) return;
  }
  ctx.log(`data: generating the demo set in ${path.relative(ctx.loaded.dir, root) || root} (${wanted})`);
  const bar = progress('demo data', options.genres * options.tracksPerGenre);
  const started = new Date();
  await writeDirAtomic(root, async (tmp) => {
    await generateDemoData(
      {
        root: tmp,
        genres: options.genres,
        tracksPerGenre: options.tracksPerGenre,
        seconds: options.seconds,
        seed: options.seed,
      },
      () => bar.tick(),
    );
    const record: DemoManifest = {
      ...options,
      generatedAt: started.toISOString(),
      generationSeconds: (Date.now() - started.getTime()) / 1000,
    };
    await writeJson(path.join(tmp, DEMO_MANIFEST), record);
  });
  bar.done();
}
