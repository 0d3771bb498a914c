// Node-only: a file as a `ByteSource`, read where it is asked for, never loaded whole.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { AudioDecodeError } from '../errors';
import type { ByteSource } from './byte-source';

export interface FileSource extends ByteSource {
  close(): void;
}

/** Opens `path` for `rawAudioChunks`/`monoSignalStream`; missing files and folders are `AudioDecodeError`s. */
export function openFileSource(path: string): FileSource {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AudioDecodeError(path, code === 'ENOENT' ? 'not found' : (err as Error).message);
  }
  const stat = fstatSync(fd);
  if (stat.isDirectory()) {
    closeSync(fd);
    throw new AudioDecodeError(path, 'is a directory, not an audio file');
  }
  return {
    size: stat.size,
    read(position, length) {
      const n = Math.max(0, Math.min(length, stat.size - position));
      const bytes = new Uint8Array(n);
      let got = 0;
      while (got < n) {
        const r = readSync(fd, bytes, got, n - got, position + got);
        if (r === 0) break;
        got += r;
      }
      return got === n ? bytes : bytes.subarray(0, got);
    },
    close: () => closeSync(fd),
  };
}
