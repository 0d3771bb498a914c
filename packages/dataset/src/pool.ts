import * as path from 'node:path';
import { Piscina } from 'piscina';

/**
 * A fixed-size worker-thread pool running `filename`: a `.js` file from the build, or a `.ts` file from the sources
 * (Jest, tsx) through tsx's require hook, which also resolves the `@audio-dl/*` paths from tsconfig. A caller names
 * its worker as the file beside itself with its own extension (`.ts` or `.js`, as `__filename` ends).
 */
export function createPool<Task, Result>(filename: string, threads: number): Piscina<Task, Result> {
  return new Piscina<Task, Result>({
    filename,
    execArgv: path.extname(filename) === '.ts' ? ['--require', require.resolve('tsx/cjs')] : [],
    minThreads: threads,
    maxThreads: threads,
  });
}
