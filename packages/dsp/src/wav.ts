/// <reference path="./node-wav.d.ts" />
import * as nodeWav from 'node-wav';
import type { RawAudio } from './audio';
import { AudioDecodeError } from './errors';

/** What the RIFF walk established; every size is already checked against the bytes present. */
export interface WavFormat {
  encoding: 'pcm' | 'float';
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  blockAlign: number;
  dataOffset: number;
  frames: number;
  extensible: boolean;
}

const FORMAT_NAMES: Record<number, string> = {
  2: 'Microsoft ADPCM',
  6: 'A-law',
  7: 'µ-law',
  17: 'IMA ADPCM',
  49: 'GSM 6.10',
  85: 'MPEG layer 3',
};
// The tail of KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT GUIDs after the 2-byte format code.
const GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

function fourcc(b: Uint8Array, at: number): string {
  return String.fromCharCode(b[at], b[at + 1], b[at + 2], b[at + 3]);
}

function printable(id: string): string {
  return /^[\x20-\x7e]{4}$/.test(id) ? `'${id}'` : 'an unreadable';
}

/**
 * `length` bytes of a file from `position` on (fewer only at its end): a view of bytes in memory, or a read of an
 * open file, so a header is walked without loading the samples behind it.
 */
export type ByteReader = (position: number, length: number) => Uint8Array;

/** Walks the RIFF chunks and validates the header; throws `AudioDecodeError` with the reason in words. */
export function readWavHeader(bytes: Uint8Array, file: string): WavFormat {
  return walkWavHeader((at, length) => bytes.subarray(at, at + length), bytes.length, file);
}

/** `readWavHeader` over a file of `n` bytes read through `read`: only the chunk headers and `fmt ` are read. */
export function walkWavHeader(read: ByteReader, n: number, file: string): WavFormat {
  const fail = (reason: string): never => {
    throw new AudioDecodeError(file, reason);
  };
  if (n < 12) fail(`not a WAV file: only ${n} bytes`);
  const head = read(0, 12);
  const magic = fourcc(head, 0);
  if (magic === 'RIFX') fail('big-endian WAV (RIFX) is not supported');
  if (magic === 'RF64') fail('RF64 (64-bit WAV) is not supported');
  if (magic !== 'RIFF' || fourcc(head, 8) !== 'WAVE') fail('not a WAV file: no RIFF/WAVE header');
  let fmt: Omit<WavFormat, 'dataOffset' | 'frames'> | null = null;
  let data: { offset: number; size: number } | null = null;
  let pos = 12;
  while (pos + 8 <= n && data === null) {
    const chunk = read(pos, 8);
    const id = fourcc(chunk, 0);
    const size = new DataView(chunk.buffer, chunk.byteOffset, 8).getUint32(4, true);
    const body = pos + 8;
    if (id === 'data') {
      if (size > n - body) fail(`truncated: data chunk says ${size} bytes, file has ${n - body}`);
      data = { offset: body, size };
      break;
    }
    if (size > n - body) fail(`truncated: ${printable(id)} chunk says ${size} bytes, file has ${n - body}`);
    if (id === 'fmt ') {
      const bytes = read(body, Math.min(size, 40));
      fmt = readFmt(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0, size, fail);
    }
    pos = body + size + (size & 1); // chunks are word-aligned: odd sizes carry a pad byte
  }
  if (fmt === null) return fail(data ? "no 'fmt ' chunk before the data" : "no 'fmt ' chunk");
  if (data === null) return fail("no 'data' chunk");
  const frames = Math.floor(data.size / fmt.blockAlign);
  if (frames === 0) fail(`no audio: the data chunk holds ${data.size} bytes, less than one sample frame`);
  return { ...fmt, dataOffset: data.offset, frames };
}

function readFmt(
  view: DataView,
  at: number,
  size: number,
  fail: (reason: string) => never,
): Omit<WavFormat, 'dataOffset' | 'frames'> {
  if (size < 16) fail(`'fmt ' chunk is ${size} bytes, needs at least 16`);
  let format = view.getUint16(at, true);
  const channels = view.getUint16(at + 2, true);
  const sampleRate = view.getUint32(at + 4, true);
  const blockAlign = view.getUint16(at + 12, true);
  const bits = view.getUint16(at + 14, true);
  const extensible = format === 0xfffe;
  if (extensible) {
    if (size < 40) fail(`WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk is ${size} bytes, needs 40`);
    const valid = view.getUint16(at + 18, true);
    format = view.getUint16(at + 24, true);
    for (let i = 0; i < GUID_TAIL.length; i++) {
      if (view.getUint8(at + 26 + i) !== GUID_TAIL[i]) fail('WAVE_FORMAT_EXTENSIBLE with an unknown sub-format GUID');
    }
    if (valid > bits) fail(`inconsistent header: ${valid} valid bits in ${bits}-bit containers`);
  }
  if (format !== 1 && format !== 3) {
    const name = FORMAT_NAMES[format] ?? `format code 0x${format.toString(16)}`;
    fail(`unsupported encoding: ${name} (only PCM and IEEE float WAV are read)`);
  }
  const encoding = format === 3 ? 'float' : 'pcm';
  if (channels === 0) fail('inconsistent header: 0 channels');
  if (sampleRate === 0) fail('inconsistent header: sample rate 0 Hz');
  if (encoding === 'pcm' && ![8, 16, 24, 32].includes(bits)) fail(`unsupported PCM bit depth ${bits}`);
  if (encoding === 'float' && bits !== 32 && bits !== 64) fail(`unsupported float bit depth ${bits}`);
  const need = channels * (bits / 8);
  if (blockAlign !== need) {
    fail(`inconsistent header: block align ${blockAlign} but ${channels} channel(s) × ${bits} bits need ${need}`);
  }
  return { encoding, channels, sampleRate, bitsPerSample: bits, blockAlign, extensible };
}

/**
 * Decodes a WAV file to float channels scaled like libsndfile/librosa: int16 / 32768, 24-bit / 2²³, 32-bit / 2³¹,
 * 8-bit (u − 128) / 128. IEEE float32 goes through node-wav, on an exact copy of the data behind a canonical
 * 44-byte header (node-wav ignores `byteOffset`, needs float data at byte 44, rejects EXTENSIBLE). Integer PCM is
 * converted here in one pass: node-wav divides positives by 2^(b−1) − 1 (not librosa's 2^(b−1)) and reads the
 * 24-bit code −2²³ as +1, and decoding then correcting cost ~20 ms per 30 s track against ~1 ms. float64 (which
 * node-wav cannot read at byte 44) is decoded here too. Zero frames, NaN and ±Inf are errors.
 */
export function decodeWav(bytes: Uint8Array, file: string): RawAudio {
  const h = readWavHeader(bytes, file);
  return decodeWavFrames(h, bytes.subarray(h.dataOffset, h.dataOffset + h.frames * h.blockAlign), h.frames, file);
}

/**
 * Decodes `frames` sample frames of a WAV file with header `h` from `data`, the data chunk's bytes from the first
 * wanted frame on: `decodeWav` passes them all, `loadAudio` only the span it reads from the file.
 */
export function decodeWavFrames(h: WavFormat, data: Uint8Array, frames: number, file: string): RawAudio {
  if (h.encoding === 'pcm') return { channelData: decodeInteger(data, h, frames), sampleRate: h.sampleRate };
  const channelData = h.bitsPerSample === 64 ? decodeFloat64(data, h, frames) : decodeFloat32(data, h, frames, file);
  for (let c = 0; c < channelData.length; c++) {
    const ch = channelData[c];
    for (let i = 0; i < ch.length; i++) {
      if (!Number.isFinite(ch[i])) {
        throw new AudioDecodeError(file, `sample ${i} of channel ${c} is ${ch[i]} (corrupt float data)`);
      }
    }
  }
  return { channelData, sampleRate: h.sampleRate };
}

function decodeFloat32(data: Uint8Array, h: WavFormat, frames: number, file: string): Float32Array[] {
  const dataBytes = frames * h.blockAlign;
  const copy = new Uint8Array(44 + dataBytes);
  const v = new DataView(copy.buffer);
  copy.set([0x52, 0x49, 0x46, 0x46], 0); // RIFF
  v.setUint32(4, 36 + dataBytes, true);
  copy.set([0x57, 0x41, 0x56, 0x45, 0x66, 0x6d, 0x74, 0x20], 8); // WAVEfmt␠
  v.setUint32(16, 16, true);
  v.setUint16(20, 3, true);
  v.setUint16(22, h.channels, true);
  v.setUint32(24, h.sampleRate, true);
  v.setUint32(28, h.sampleRate * h.blockAlign, true);
  v.setUint16(32, h.blockAlign, true);
  v.setUint16(34, 32, true);
  copy.set([0x64, 0x61, 0x74, 0x61], 36); // data
  v.setUint32(40, dataBytes, true);
  copy.set(data.subarray(0, dataBytes), 44);
  let decoded: ReturnType<typeof nodeWav.decode>;
  try {
    decoded = nodeWav.decode(copy.buffer);
  } catch (err) {
    throw new AudioDecodeError(file, `WAV decoder failed: ${(err as Error).message}`);
  }
  if (!decoded || decoded.channelData.length === 0) throw new AudioDecodeError(file, 'WAV decoder returned no samples');
  const got = decoded.channelData;
  if (got.length !== h.channels || got.some((ch) => ch.length !== frames)) {
    throw new AudioDecodeError(
      file,
      `WAV decoder returned ${got.length} channel(s) of ${got[0].length} samples, the header says ${h.channels} of ${frames}`,
    );
  }
  return decoded.channelData;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Integer PCM → float, v / 2^(bits−1) (8-bit: unsigned, (u − 128) / 128), planar. */
function decodeInteger(bytes: Uint8Array, h: WavFormat, frames: number): Float32Array[] {
  const nc = h.channels;
  const out: Float32Array[] = [];
  for (let c = 0; c < nc; c++) out.push(new Float32Array(frames));
  const start = bytes.byteOffset;
  const n = frames * nc;
  if (h.bitsPerSample === 16 || h.bitsPerSample === 32) {
    if (!LITTLE_ENDIAN) return decodeWithView(bytes, h, frames);
    const wide = h.bitsPerSample === 32;
    const size = wide ? 4 : 2;
    // a typed view needs an aligned offset; otherwise view an aligned copy of the data
    const aligned = start % size === 0;
    const buf = aligned ? bytes.buffer : bytes.slice(0, n * size).buffer;
    const off = aligned ? start : 0;
    const src = wide ? new Int32Array(buf, off, n) : new Int16Array(buf, off, n);
    const scale = wide ? 1 / 2147483648 : 1 / 32768;
    if (nc === 1) {
      const o = out[0];
      for (let i = 0; i < n; i++) o[i] = src[i] * scale;
    } else {
      for (let i = 0, p = 0; i < frames; i++) for (let c = 0; c < nc; c++, p++) out[c][i] = src[p] * scale;
    }
    return out;
  }
  if (h.bitsPerSample === 8) {
    for (let i = 0, p = 0; i < frames; i++) for (let c = 0; c < nc; c++, p++) out[c][i] = (bytes[p] - 128) / 128;
    return out;
  }
  for (let i = 0, p = 0; i < frames; i++) {
    for (let c = 0; c < nc; c++, p += 3) {
      const u = bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16);
      out[c][i] = (u & 0x800000 ? u - 0x1000000 : u) / 8388608;
    }
  }
  return out;
}

/** Big-endian hosts: read 16/32-bit little-endian samples through a DataView. */
function decodeWithView(bytes: Uint8Array, h: WavFormat, frames: number): Float32Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, frames * h.blockAlign);
  const out: Float32Array[] = [];
  for (let c = 0; c < h.channels; c++) out.push(new Float32Array(frames));
  const wide = h.bitsPerSample === 32;
  for (let i = 0, p = 0; i < frames; i++) {
    for (let c = 0; c < h.channels; c++, p += wide ? 4 : 2) {
      out[c][i] = wide ? view.getInt32(p, true) / 2147483648 : view.getInt16(p, true) / 32768;
    }
  }
  return out;
}

function decodeFloat64(bytes: Uint8Array, h: WavFormat, frames: number): Float32Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, frames * h.blockAlign);
  const out: Float32Array[] = [];
  for (let c = 0; c < h.channels; c++) out.push(new Float32Array(frames));
  for (let i = 0, p = 0; i < frames; i++) {
    for (let c = 0; c < h.channels; c++, p += 8) out[c][i] = view.getFloat64(p, true);
  }
  return out;
}
