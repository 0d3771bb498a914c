// Node-only: reads audio files (decode.ts decodes bytes and runs anywhere).
import { readSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import type { z } from 'zod';
import { decodeAuFrames, readAuHeader } from '../au';
import type { DecodedAudio, RawAudio } from '../audio';
import { type AudioInfo, readAudioInfo } from '../audio-info';
import { type CompressedFormat, decodeCompressedStart } from '../compressed';
import {
  cutSpan,
  type DecodeOptions,
  decodeOptionsSchema,
  finishLoad,
  framesNeeded,
  sniffFormat,
  spanOf,
  unknownFormat,
} from '../decode';
import { AudioDecodeError } from '../errors';
import { id3v2End, mp3Channels } from '../mp3-info';
import { decodeWavFrames, walkWavHeader } from '../wav';

/** Bytes read at the start of a file: enough for any usual header, small next to the samples. */
const HEAD_BYTES = 64 * 1024;
/** Compressed files are read and decoded this much at a time, until the span is out. */
const CHUNK_BYTES = 256 * 1024;

/** Reads `length` bytes at `position` (fewer at the end of the file). */
async function readAt(fh: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const buffer = new Uint8Array(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fh.read(buffer, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got === length ? buffer : buffer.subarray(0, got);
}

async function openAudio(path: string): Promise<{ fh: FileHandle; size: number }> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AudioDecodeError(path, code === 'ENOENT' ? 'not found' : (err as Error).message);
  }
  const stat = await fh.stat();
  if (stat.isDirectory()) {
    await fh.close();
    throw new AudioDecodeError(path, 'is a directory, not an audio file');
  }
  return { fh, size: stat.size };
}

/**
 * `librosa.load(path, sr=22050, mono=True, offset, duration)`; unreadable files become `AudioDecodeError`.
 * Only the span is read: a WAV or AU file's header, then the bytes of the frames in [offset, offset + duration);
 * a compressed file from its start, decoded piece by piece until the span is out. So the first 30 s of a 10-minute
 * track cost what a 30 s file costs, in time and memory, and give the same samples as decoding all of it.
 */
export async function loadAudio(path: string, opts: DecodeOptions = {}): Promise<DecodedAudio> {
  const o = decodeOptionsSchema.parse(opts);
  const { fh, size } = await openAudio(path);
  try {
    const head = await readAt(fh, 0, Math.min(size, HEAD_BYTES));
    const format = sniffFormat(head);
    if (format === null) throw unknownFormat(path, size);
    if (format === 'wav') {
      // Chunk headers past the head (after a large LIST chunk, say) are read where they are.
      const h = walkWavHeader(
        (at, length) => {
          if (at + length <= head.length) return head.subarray(at, at + length);
          const bytes = new Uint8Array(length);
          return bytes.subarray(0, readSync(fh.fd, bytes, 0, length, at));
        },
        size,
        path,
      );
      const { start, end } = spanOf(h.frames, h.sampleRate, o, path);
      const data = await readAt(fh, h.dataOffset + start * h.blockAlign, (end - start) * h.blockAlign);
      return await finishLoad(decodeWavFrames(h, data, end - start, path), o);
    }
    if (format === 'au') {
      const h = readAuHeader(head, size, path);
      const { start, end } = spanOf(h.frames, h.sampleRate, o, path);
      const data = await readAt(fh, h.dataOffset + start * h.frameBytes, (end - start) * h.frameBytes);
      return await finishLoad(decodeAuFrames(h, data, end - start, path), o);
    }
    return await finishLoad(cutSpan(await loadCompressed(fh, size, head, format, o, path), o, path), o);
  } finally {
    await fh.close();
  }
}

async function loadCompressed(
  fh: FileHandle,
  size: number,
  head: Uint8Array,
  format: CompressedFormat,
  o: z.output<typeof decodeOptionsSchema>,
  path: string,
): Promise<RawAudio> {
  let channels: number | null = null;
  if (format === 'mp3') {
    channels = mp3Channels(head);
    // An ID3 tag longer than the head (cover art): the first frame is where the tag ends.
    const tagEnd = id3v2End(head);
    if (channels === null && tagEnd >= head.length - 4) channels = mp3Channels(await readAt(fh, tagEnd, 4096));
  }
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (let at = 0; at < size; at += CHUNK_BYTES) yield await readAt(fh, at, Math.min(CHUNK_BYTES, size - at));
  }
  return decodeCompressedStart(chunks(), format, framesNeeded(o), channels, path);
}

/**
 * `readAudioInfo` on a file: its length, rate and channels from the headers, reading a few kilobytes; null when
 * the headers do not say (decode it then). Missing files and bad WAV/AU headers are `AudioDecodeError`s.
 */
export async function loadAudioInfo(path: string): Promise<AudioInfo | null> {
  const { fh, size } = await openAudio(path);
  try {
    return readAudioInfo(
      (at, length) => {
        const bytes = new Uint8Array(Math.max(0, Math.min(length, size - at)));
        return bytes.subarray(0, readSync(fh.fd, bytes, 0, bytes.length, at));
      },
      size,
      path,
    );
  } finally {
    await fh.close();
  }
}
