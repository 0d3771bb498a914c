import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeAtomic, writeDirAtomic } from './atomic';

let dir: string;
let out: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'atomic-'));
  out = path.join(dir, 'data.json');
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

describe('writeAtomic', () => {
  it('writes to a temporary file and renames it; nothing else is left', async () => {
    await writeAtomic(out, (tmp) => fs.writeFile(tmp, 'done'));
    expect(await fs.readdir(dir)).toEqual(['data.json']);
    expect(await fs.readFile(out, 'utf8')).toBe('done');
  });

  it('a stop signal while writing removes the temporary file; the program’s own handler still runs', async () => {
    const before = process.listenerCount('SIGINT');
    const seen: string[] = [];
    const mine = (s: NodeJS.Signals): void => {
      seen.push(s);
    };
    process.on('SIGINT', mine);
    try {
      const writing = writeAtomic(out, async (tmp) => {
        await fs.writeFile(tmp, 'half');
        expect(await fs.readdir(dir)).toHaveLength(1);
        process.emit('SIGINT', 'SIGINT');
      });
      await expect(writing).rejects.toThrow(/ENOENT/);
      expect(await fs.readdir(dir)).toEqual([]);
      expect(seen).toEqual(['SIGINT']);
      expect(process.listenerCount('SIGINT')).toBe(before + 1);
    } finally {
      process.off('SIGINT', mine);
    }
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'a process stopped by %s mid-write ends by that signal and leaves no file behind',
    async (signal) => {
      const script = path.join(os.tmpdir(), `atomic-child-${process.pid}.cjs`);
      await fs.writeFile(
        script,
        `const { writeAtomic } = require(${JSON.stringify(path.join(__dirname, 'atomic.ts'))});
writeAtomic(process.argv[2], async (tmp) => {
  require('node:fs').writeFileSync(tmp, 'half');
  process.stdout.write('writing\\n');
  await new Promise((resolve) => setTimeout(resolve, 60000));
});
`,
      );
      try {
        const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), script, out], {
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
        expect(await fs.readdir(dir)).toHaveLength(1);
        const ended = new Promise<[number | null, string | null]>((resolve) =>
          child.on('exit', (code, sig) => resolve([code, sig])),
        );
        child.kill(signal);
        expect(await ended).toEqual([null, signal]);
        expect(await fs.readdir(dir)).toEqual([]);
      } finally {
        await fs.rm(script, { force: true });
      }
    },
  );

  it('a failed write removes the temporary file and keeps an existing file as it was', async () => {
    await fs.writeFile(out, 'old');
    await expect(
      writeAtomic(out, async (tmp) => {
        await fs.writeFile(tmp, 'partial');
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(await fs.readdir(dir)).toEqual(['data.json']);
    expect(await fs.readFile(out, 'utf8')).toBe('old');
  });
});

describe('writeDirAtomic', () => {
  it('fills a temporary folder and swaps it in for the previous one; nothing else is left', async () => {
    const target = path.join(dir, 'model');
    await fs.mkdir(target);
    await fs.writeFile(path.join(target, 'old.txt'), 'old');
    const result = await writeDirAtomic(target, async (tmp) => {
      await fs.writeFile(path.join(tmp, 'new.txt'), 'new');
      return 42;
    });
    expect(result).toBe(42);
    expect(await fs.readdir(dir)).toEqual(['model']);
    expect(await fs.readdir(target)).toEqual(['new.txt']);
  });

  it('a failed fill removes the temporary folder and keeps the previous one as it was', async () => {
    const target = path.join(dir, 'model');
    await fs.mkdir(target);
    await fs.writeFile(path.join(target, 'old.txt'), 'old');
    await expect(
      writeDirAtomic(target, async (tmp) => {
        await fs.writeFile(path.join(tmp, 'half'), 'x');
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(await fs.readdir(dir)).toEqual(['model']);
    expect(await fs.readFile(path.join(target, 'old.txt'), 'utf8')).toBe('old');
  });

  it('a stop signal while filling removes the temporary folder and unhooks its listener', async () => {
    const before = process.listenerCount('SIGTERM');
    const mine = (): void => {};
    process.on('SIGTERM', mine);
    try {
      const filling = writeDirAtomic(path.join(dir, 'model'), async (tmp) => {
        await fs.writeFile(path.join(tmp, 'half'), 'x');
        expect(await fs.readdir(dir)).toHaveLength(1);
        process.emit('SIGTERM', 'SIGTERM');
      });
      await expect(filling).rejects.toThrow(/ENOENT/);
      expect(await fs.readdir(dir)).toEqual([]);
      expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    } finally {
      process.off('SIGTERM', mine);
    }
  });
});
