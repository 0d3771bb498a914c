import { readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import { build, type Plugin } from 'esbuild';

/** What a browser cannot load: Node's built-ins (with or without `node:`), native addons and the native canvas. */
export function isNodeOnly(specifier: string): boolean {
  if (specifier.startsWith('node:') || specifier.endsWith('.node') || specifier.startsWith('@napi-rs/')) return true;
  return builtinModules.includes(specifier.split('/')[0]);
}

// Our own sources: the guard applies to them (third-party packages map their Node fallbacks away in `browser`).
const isOurs = (file: string): boolean =>
  file.includes(`${path.sep}packages${path.sep}`) && !file.includes('node_modules');

/**
 * `@audio-dl/x` and `@audio-dl/x/portable` resolve to the package's TypeScript sources (shipped with it), so a
 * bundle never depends on a stale `dist`; a Node-only import in our code fails the build, naming the importer.
 */
function audioDlSources(problems: string[]): Plugin {
  return {
    name: 'audio-dl-sources',
    setup(b) {
      b.onResolve({ filter: /^@audio-dl\/[a-z-]+(\/portable)?$/ }, (args) => {
        const [name, sub] = args.path.slice('@audio-dl/'.length).split('/');
        const root = path.dirname(require.resolve(`@audio-dl/${name}/package.json`));
        return { path: path.join(root, 'src', sub === 'portable' ? 'portable.ts' : 'index.ts') };
      });
      b.onResolve({ filter: /.*/ }, (args) => {
        if (!isOurs(args.importer) || !isNodeOnly(args.path)) return undefined;
        problems.push(`${path.relative(process.cwd(), args.importer)}: imports ${args.path}, which a browser lacks`);
        return { path: args.path, external: true };
      });
    },
  };
}

export interface BrowserBundle {
  /** The bundled script (an IIFE). */
  code: string;
  /** The source files it holds, relative to the working directory. */
  inputs: string[];
}

/**
 * Bundles `entry` for the browser with esbuild (platform browser, one IIFE, minified). Throws, listing each one,
 * when our code imports something Node-only (a built-in, a native addon) or calls `require.resolve`.
 */
export async function bundleForBrowser(entry: string): Promise<BrowserBundle> {
  const problems: string[] = [];
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [audioDlSources(problems)],
  });
  const inputs = Object.keys(result.metafile.inputs);
  // Inputs esbuild replaced by an empty module (a package's `browser` map) read as '(disabled):name'.
  for (const input of inputs.filter((f) => !f.startsWith('(disabled)') && isOurs(path.resolve(f)))) {
    const source = await readFile(input, 'utf8');
    if (/\brequire\.resolve\(|\bcreateRequire\(/.test(source))
      problems.push(`${input}: calls require.resolve or createRequire, which a browser lacks`);
  }
  if (problems.length > 0) throw new Error(`not bundleable for a browser:\n${problems.join('\n')}`);
  return { code: result.outputFiles[0].text, inputs };
}
