import type { RawAudio } from './audio';
import { AudioDecodeError } from './errors';

const ENCODINGS: Record<number, { bytes: number; name: string }> = {
  1: { bytes: 1, name: '8-bit µ-law' },
  2: { bytes: 1, name: '8-bit linear PCM' },
  3: { bytes: 2, name: '16-bit linear PCM' },
  4: { bytes: 3, name: '24-bit linear PCM' },
  5: { bytes: 4, name: '32-bit linear PCM' },
  6: { bytes: 4, name: '32-bit float' },
  7: { bytes: 8, name: '64-bit float' },
  27: { bytes: 1, name: '8-bit A-law' },
};

function ulaw(u: number): number {
  const v = ~u & 0xff;
  const exponent = (v >> 4) & 7;
  const magnitude = ((((v & 0x0f) << 3) + 0x84) << exponent) - 0x84;
  return (v & 0x80 ? -magnitude : magnitude) / 32768;
}

function alaw(a: number): number {
  const v = a ^ 0x55;
  const exponent = (v >> 4) & 7;
  let magnitude = (v & 0x0f) << 4;
  magnitude = exponent === 0 ? magnitude + 8 : (magnitude + 0x108) << (exponent - 1);
  return (v & 0x80 ? magnitude : -magnitude) / 32768;
}

/** What an AU header says, every size already checked against the file's length. */
export interface AuFormat {
  code: number;
  sampleRate: number;
  channels: number;
  /** Byte offset of the first sample, and bytes per sample frame. */
  dataOffset: number;
  frameBytes: number;
  frames: number;
}

/**
 * Sun/NeXT `.au` header (the original GTZAN distribution): big-endian `.snd`, data offset, size, encoding, rate,
 * channels. `head` holds at least the first 24 bytes of a file of `n` bytes. A size of 0xFFFFFFFF means "to the end".
 */
export function readAuHeader(head: Uint8Array, n: number, file: string): AuFormat {
  const fail = (reason: string): never => {
    throw new AudioDecodeError(file, reason);
  };
  if (n < 24 || head.length < 24) fail(`not an AU file: only ${n} bytes`);
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (view.getUint32(0, false) !== 0x2e736e64) fail('not an AU file: no .snd header');
  const offset = view.getUint32(4, false);
  const declared = view.getUint32(8, false);
  const code = view.getUint32(12, false);
  const sampleRate = view.getUint32(16, false);
  const channels = view.getUint32(20, false);
  const enc = ENCODINGS[code] ?? fail(`unsupported AU encoding ${code}`);
  if (offset < 24 || offset > n) fail(`corrupt header: data offset ${offset} outside the ${n}-byte file`);
  if (sampleRate === 0) fail('corrupt header: sample rate 0 Hz');
  if (channels === 0 || channels > 64) fail(`corrupt header: ${channels} channels`);
  const present = n - offset;
  if (declared !== 0xffffffff && declared > present)
    fail(`truncated: header says ${declared} data bytes, file has ${present}`);
  const size = declared === 0xffffffff ? present : declared;
  const frameBytes = enc.bytes * channels;
  const frames = Math.floor(size / frameBytes);
  if (frames === 0) fail(`no audio: ${size} data bytes, less than one sample frame`);
  return { code, sampleRate, channels, dataOffset: offset, frameBytes, frames };
}

/** Decodes a whole AU file; samples big-endian, scaled as libsndfile does. */
export function decodeAu(bytes: Uint8Array, file: string): RawAudio {
  const h = readAuHeader(bytes, bytes.length, file);
  return decodeAuFrames(h, bytes.subarray(h.dataOffset, h.dataOffset + h.frames * h.frameBytes), h.frames, file);
}

/** Decodes `frames` frames from `data`, the data bytes from the first wanted frame on (`loadAudio` reads only those). */
export function decodeAuFrames(h: AuFormat, data: Uint8Array, frames: number, file: string): RawAudio {
  const { code, channels } = h;
  const bytesPer = h.frameBytes / channels;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const out: Float32Array[] = [];
  for (let c = 0; c < channels; c++) out.push(new Float32Array(frames));
  let p = 0;
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < channels; c++, p += bytesPer) {
      let x: number;
      switch (code) {
        case 1:
          x = ulaw(data[p]);
          break;
        case 27:
          x = alaw(data[p]);
          break;
        case 2:
          x = view.getInt8(p) / 128;
          break;
        case 3:
          x = view.getInt16(p, false) / 32768;
          break;
        case 4:
          x = ((view.getInt8(p) << 16) | (data[p + 1] << 8) | data[p + 2]) / 8388608;
          break;
        case 5:
          x = view.getInt32(p, false) / 2147483648;
          break;
        case 6:
          x = view.getFloat32(p, false);
          break;
        default:
          x = view.getFloat64(p, false);
      }
      if (!Number.isFinite(x))
        throw new AudioDecodeError(file, `sample ${i} of channel ${c} is ${x} (corrupt float data)`);
      out[c][i] = x;
    }
  }
  return { channelData: out, sampleRate: h.sampleRate };
}
