/**
 * Random access to an audio file's bytes without holding them all: a view of bytes in memory (the server's body, a
 * browser's dropped file) or reads of an open file (`file-source.ts`, Node only). Reads are synchronous so a WAV
 * header is walked the same way from either.
 */
export interface ByteSource {
  readonly size: number;
  /** `length` bytes from `position` on (fewer only at the end). */
  read(position: number, length: number): Uint8Array;
}

/** A `ByteSource` over bytes already in memory (views, no copies). */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: (at, length) => bytes.subarray(at, Math.min(bytes.length, at + length)) };
}
