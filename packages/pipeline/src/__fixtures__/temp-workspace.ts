import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');

const ROOT_FILES = ['nx.json', 'package.json', 'package-lock.json', 'tsconfig.base.json', 'tsconfig.build.json'];
const PACKAGE_ENTRIES = ['package.json', 'project.json', 'tsconfig.json', 'tsconfig.build.json', 'src', 'dist', 'page'];

/**
 * A copy of the workspace's Nx/TypeScript skeleton in a temp folder (sources and built dist, rebuilt
 * there where stale; third-party node_modules linked), with its own Nx cache and git repo, so
 * tests can run real `nx run pipeline:<target>` against their own `pipeline.config.json`.
 */
export async function makeTempWorkspace(prefix = 'audio-dl-ws-'): Promise<string> {
  const ws = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  for (const f of ROOT_FILES) await fs.cp(path.join(REPO_ROOT, f), path.join(ws, f), { preserveTimestamps: true });
  await fs.writeFile(path.join(ws, '.gitignore'), 'node_modules\ndist\n*.tsbuildinfo\n.nx\ndata\nartifacts\nruns\n');
  for (const pkg of await fs.readdir(path.join(REPO_ROOT, 'packages'))) {
    for (const entry of PACKAGE_ENTRIES) {
      const from = path.join(REPO_ROOT, 'packages', pkg, entry);
      const exists = await fs.stat(from).catch(() => null);
      if (!exists) continue;
      await fs.cp(from, path.join(ws, 'packages', pkg, entry), { recursive: true, preserveTimestamps: true });
    }
  }
  // The copy is built once below: without `build` scripts Nx skips five tsc runs per invocation.
  for (const pkg of await fs.readdir(path.join(ws, 'packages'))) {
    const file = path.join(ws, 'packages', pkg, 'package.json');
    const json = JSON.parse(await fs.readFile(file, 'utf8')) as { scripts?: Record<string, string> };
    delete json.scripts?.build;
    await fs.writeFile(file, JSON.stringify(json, null, 2));
  }
  // Third-party packages are linked from the workspace; ours point at the copies, so the copy runs its own code.
  const modules = path.join(ws, 'node_modules');
  await fs.mkdir(path.join(modules, '@audio-dl'), { recursive: true });
  for (const entry of await fs.readdir(path.join(REPO_ROOT, 'node_modules'))) {
    if (entry === '@audio-dl') continue;
    await fs.symlink(path.join(REPO_ROOT, 'node_modules', entry), path.join(modules, entry));
  }
  for (const pkg of await fs.readdir(path.join(ws, 'packages'))) {
    await fs.symlink(path.join(ws, 'packages', pkg), path.join(modules, '@audio-dl', pkg), 'dir');
  }
  // Brings the copy's dist up to date with its sources (a no-op check when the workspace is built).
  try {
    execFileSync(
      'node',
      [path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'tsconfig.build.json'],
      {
        cwd: ws,
        stdio: 'pipe',
      },
    );
  } catch (err) {
    await fs.rm(ws, { recursive: true, force: true });
    throw new Error(`the workspace does not build (tsc -b):\n${String((err as { stdout?: Buffer }).stdout ?? err)}`);
  }
  const git = (...args: string[]) => execFileSync('git', args, { cwd: ws, stdio: 'ignore' });
  git('init', '-q');
  git('add', '.');
  git('-c', 'user.email=test@example.com', '-c', 'user.name=test', 'commit', '-qm', 'fixture');
  return ws;
}
