/// <reference path="./node-wav.d.ts" />
import * as nodeWav from 'node-wav';
import type { RawAudio } from './audio';
import { AudioDecodeError } from './errors';
import { rescalePcm } from './pcm';

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

/** Walks the RIFF chunks and validates the header; throws `AudioDecodeError` with the reason in words. */
export function readWavHeader(bytes: Uint8Array, file: string): WavFormat {
  const fail = (reason: string): never => {
    throw new AudioDecodeError(file, reason);
  };
  const n = bytes.length;
  if (n < 12) fail(`not a WAV file: only ${n} bytes`);
  const magic = fourcc(bytes, 0);
  if (magic === 'RIFX') fail('big-endian WAV (RIFX) is not supported');
  if (magic === 'RF64') fail('RF64 (64-bit WAV) is not supported');
  if (magic !== 'RIFF' || fourcc(bytes, 8) !== 'WAVE') fail('not a WAV file: no RIFF/WAVE header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let fmt: Omit<WavFormat, 'dataOffset' | 'frames'> | null = null;
  let data: { offset: number; size: number } | null = null;
  let pos = 12;
  while (pos + 8 <= n && data === null) {
    const id = fourcc(bytes, pos);
    const size = view.getUint32(pos + 4, true);
    const body = pos + 8;
    if (id === 'data') {
      if (size > n - body) fail(`truncated: data chunk says ${size} bytes, file has ${n - body}`);
      data = { offset: body, size };
      break;
    }
    if (size > n - body) fail(`truncated: ${printable(id)} chunk says ${size} bytes, file has ${n - body}`);
    if (id === 'fmt ') fmt = readFmt(view, body, size, fail);
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
 * Decodes a WAV file to float channels scaled like libsndfile/librosa (int16 / 32768, 24-bit / 2²³, 32-bit / 2³¹,
 * 8-bit (u − 128) / 128). node-wav does the sample decoding for the formats it handles, on an exact copy of the
 * data behind a canonical 44-byte header (it ignores `byteOffset`, needs data at byte 44, rejects EXTENSIBLE);
 * its results are rescaled to the /2^(bits−1) convention (it divides positives by 2^(bits−1) − 1) and its 24-bit
 * sign bug (−2²³ → +1) is undone. float64 is decoded here. Zero frames, NaN and ±Inf are errors.
 */
export function decodeWav(bytes: Uint8Array, file: string): RawAudio {
  const h = readWavHeader(bytes, file);
  const dataBytes = h.frames * h.blockAlign;
  let channelData: Float32Array[];
  if (h.encoding === 'float' && h.bitsPerSample === 64) {
    channelData = decodeFloat64(bytes, h);
  } else {
    const copy = new Uint8Array(44 + dataBytes);
    const v = new DataView(copy.buffer);
    copy.set([0x52, 0x49, 0x46, 0x46], 0); // RIFF
    v.setUint32(4, 36 + dataBytes, true);
    copy.set([0x57, 0x41, 0x56, 0x45, 0x66, 0x6d, 0x74, 0x20], 8); // WAVEfmt␠
    v.setUint32(16, 16, true);
    v.setUint16(20, h.encoding === 'float' ? 3 : 1, true);
    v.setUint16(22, h.channels, true);
    v.setUint32(24, h.sampleRate, true);
    v.setUint32(28, h.sampleRate * h.blockAlign, true);
    v.setUint16(32, h.blockAlign, true);
    v.setUint16(34, h.bitsPerSample, true);
    copy.set([0x64, 0x61, 0x74, 0x61], 36); // data
    v.setUint32(40, dataBytes, true);
    copy.set(bytes.subarray(h.dataOffset, h.dataOffset + dataBytes), 44);
    let decoded: ReturnType<typeof nodeWav.decode>;
    try {
      decoded = nodeWav.decode(copy.buffer);
    } catch (err) {
      throw new AudioDecodeError(file, `WAV decoder failed: ${(err as Error).message}`);
    }
    if (!decoded || decoded.channelData.length !== h.channels || decoded.channelData[0].length !== h.frames) {
      throw new AudioDecodeError(file, 'WAV decoder returned no samples');
    }
    channelData = decoded.channelData;
    if (h.encoding === 'pcm') for (const ch of channelData) rescalePcm(ch, h.bitsPerSample, false);
  }
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

function decodeFloat64(bytes: Uint8Array, h: WavFormat): Float32Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset + h.dataOffset, h.frames * h.blockAlign);
  const out: Float32Array[] = [];
  for (let c = 0; c < h.channels; c++) out.push(new Float32Array(h.frames));
  for (let i = 0, p = 0; i < h.frames; i++) {
    for (let c = 0; c < h.channels; c++, p += 8) out[c][i] = view.getFloat64(p, true);
  }
  return out;
}
