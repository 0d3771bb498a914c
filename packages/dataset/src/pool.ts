import * as path from 'node:path';
import { Piscina } from 'piscina';

/**
 * A fixed-size worker-thread pool running `<script>.js` from the build, or `<script>.ts` from the sources (Jest,
 * tsx) through tsx's require hook, which also resolves the `@audio-dl/*` paths from tsconfig.
 */
export function createPool<Task, Result>(script: 'worker' | 'demo-worker', threads: number): Piscina<Task, Result> {
  const ext = path.extname(__filename);
  return new Piscina<Task, Result>({
    filename: path.join(__dirname, `${script}${ext}`),
    execArgv: ext === '.ts' ? ['--require', require.resolve('tsx/cjs')] : [],
    minThreads: threads,
    maxThreads: threads,
  });
}
