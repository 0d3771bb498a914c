import { copyFile, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { disposeModel, loadModel, META_JSON, MODEL_JSON } from '@audio-dl/genre-model';
import { predictionParams } from '@audio-dl/genre-model/portable';
import { bundleForBrowser } from './bundle';
import { pageHtml } from './page-html';

/** Written into every exported site: marks a folder a later export may replace. */
export const SITE_JSON = 'audio-dl-web.json';
/** The page's script, bundled from this package's page/ folder (shipped with the package). */
const PAGE_ENTRY = path.join(__dirname, '../page/main.ts');
/** tfjs' wasm backend binaries, served from the site itself (the threaded one only where the page is isolated). */
const TFJS_WASM = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

/**
 * Fills a folder whole or not at all: runs `fill` on a fresh temporary folder and swaps it in for `dir` only when it
 * succeeds (the pipeline passes its atomic folder writer).
 */
export type FolderWriter = (dir: string, fill: (tmp: string) => Promise<void>) => Promise<unknown>;

export interface WebExport {
  out: string;
  /** Each file written, relative to `out`, with its size. */
  files: { name: string; bytes: number }[];
}

/** Refuses an `out` that holds anything but an earlier export (its `audio-dl-web.json`). */
async function checkSiteDir(out: string): Promise<void> {
  const found = await stat(out).catch(() => null);
  if (!found) return;
  if (!found.isDirectory()) throw new Error(`${out}: exists and is not a folder`);
  const entries = await readdir(out);
  if (entries.length > 0 && !entries.includes(SITE_JSON))
    throw new Error(`${out}: not empty and not an earlier web export (no ${SITE_JSON}); refusing to replace it`);
}

/**
 * Writes a self-contained static site for the model in `modelDir`: `index.html`, the page's script bundled with
 * esbuild (TensorFlow.js, its wasm backend and this project's kernels, the DSP), the backend's .wasm files and a
 * copy of the model under `model/`. The model is checked first (as `predict` checks it); the folder is written
 * through `writeFolder`, so a failure never leaves half a site.
 */
export async function exportWeb(
  modelDir: string,
  out: string,
  version: string,
  writeFolder: FolderWriter,
): Promise<WebExport> {
  const { model, meta } = await loadModel(modelDir);
  try {
    predictionParams(model, meta);
  } catch (err) {
    // A page cannot featurise audio for a model whose audio-dl.json lacks the feature parameters.
    throw new Error(`${path.join(modelDir, META_JSON)}: ${(err as Error).message}`);
  } finally {
    disposeModel(model);
  }
  const target = path.resolve(out);
  await checkSiteDir(target);
  const bundle = await bundleForBrowser(PAGE_ENTRY);
  const files: WebExport['files'] = [];
  await writeFolder(target, async (tmp) => {
    const put = async (name: string, data: string | Uint8Array) => {
      await writeFile(path.join(tmp, name), data);
      files.push({ name, bytes: typeof data === 'string' ? Buffer.byteLength(data) : data.length });
    };
    await mkdir(path.join(tmp, 'model'), { recursive: true });
    await put('index.html', pageHtml(meta, version));
    await put('audio-dl.js', bundle.code);
    const wasmDir = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
    for (const name of TFJS_WASM) await put(name, await readFile(path.join(wasmDir, name)));
    // The model's own files, as loadModel just checked them (model.json names its weight files).
    const manifest = JSON.parse(await readFile(path.join(modelDir, MODEL_JSON), 'utf8')) as {
      weightsManifest: { paths: string[] }[];
    };
    for (const name of [META_JSON, MODEL_JSON, ...manifest.weightsManifest.flatMap((g) => g.paths)]) {
      await copyFile(path.join(modelDir, name), path.join(tmp, 'model', name));
      files.push({ name: `model/${name}`, bytes: (await stat(path.join(tmp, 'model', name))).size });
    }
    const site = { format: 'audio-dl-web', version: 1, audioDl: version, model: meta.model, files };
    await put(SITE_JSON, `${JSON.stringify(site, null, 2)}\n`);
  });
  return { out, files };
}
