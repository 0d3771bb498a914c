// A minimal FLAC writer for tests: STREAMINFO, then fixed-size frames of 16-bit mono subframes, VERBATIM (no
// compression) or CONSTANT (a frame of one value, 13 bytes in all), the last frame shorter and ending the file. It
// stands in for the dev-set clips (132,300 samples in frames of 4096, ending in 1228 samples of silence: a 13-byte
// last frame) on which the decoder once dropped that last frame.

/** CRC-8, polynomial x⁸+x²+x+1, as FLAC frame headers use. */
function crc8(bytes: Uint8Array): number {
  let c = 0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 0x80 ? ((c << 1) ^ 0x07) & 0xff : (c << 1) & 0xff;
  }
  return c;
}

/** CRC-16, polynomial x¹⁶+x¹⁵+x²+1, over a whole frame. */
function crc16(bytes: Uint8Array): number {
  let c = 0;
  for (const b of bytes) {
    c ^= b << 8;
    for (let k = 0; k < 8; k++) c = c & 0x8000 ? ((c << 1) ^ 0x8005) & 0xffff : (c << 1) & 0xffff;
  }
  return c;
}

/** Sample-rate codes of the frame header (others would need the rate in the header itself). */
const RATE_CODES: Record<number, number> = { 8000: 0b0100, 16000: 0b0101, 22050: 0b0110, 24000: 0b0111 };

function frame(index: number, samples: Int16Array, sampleRate: number, fullBlock: number): Uint8Array {
  if (index > 127) throw new Error('flac-builder: frame numbers above 127 are not written');
  const rate = RATE_CODES[sampleRate];
  if (rate === undefined) throw new Error(`flac-builder: no header code for ${sampleRate} Hz`);
  const full = samples.length === fullBlock && fullBlock === 4096;
  // Block size 4096 has code 12; any other size is stored after the frame number as 16-bit (size − 1), code 7.
  const header = [0xff, 0xf8, ((full ? 12 : 7) << 4) | rate, 0b0000_100_0, index];
  if (!full) header.push((samples.length - 1) >> 8, (samples.length - 1) & 0xff);
  header.push(crc8(Uint8Array.from(header)));
  const constant = samples.every((s) => s === samples[0]);
  const out = new Uint8Array(header.length + 1 + 2 * (constant ? 1 : samples.length) + 2);
  out.set(header);
  out[header.length] = constant ? 0b0_000000_0 : 0b0_000001_0; // CONSTANT or VERBATIM subframe, no wasted bits
  const view = new DataView(out.buffer);
  if (constant) view.setInt16(header.length + 1, samples[0], false);
  else for (let i = 0; i < samples.length; i++) view.setInt16(header.length + 1 + 2 * i, samples[i], false);
  view.setUint16(out.length - 2, crc16(out.subarray(0, out.length - 2)), false);
  return out;
}

/**
 * A mono 16-bit FLAC file of `samples`, in frames of 4096 (the last one shorter), nothing after the last frame;
 * a frame whose samples are all equal is one CONSTANT subframe.
 */
export function verbatimFlac(samples: Int16Array, sampleRate: number): Uint8Array {
  const block = 4096;
  const frames: Uint8Array[] = [];
  for (let start = 0, i = 0; start < samples.length; start += block, i++) {
    frames.push(frame(i, samples.subarray(start, start + block), sampleRate, block));
  }
  const info = new Uint8Array(8 + 34);
  info.set([0x66, 0x4c, 0x61, 0x43, 0x80, 0, 0, 34]); // "fLaC", last metadata block, STREAMINFO, 34 bytes
  const v = new DataView(info.buffer);
  v.setUint16(8, block);
  v.setUint16(10, block);
  // Frame sizes (24 bits each) and the MD5 stay 0: "unknown". Then 20 bits of rate, 3 of channels − 1, 5 of
  // bits − 1 and 36 of total samples.
  const packed = (BigInt(sampleRate) << 44n) | (0n << 41n) | (15n << 36n) | BigInt(samples.length);
  for (let k = 0; k < 8; k++) info[18 + k] = Number((packed >> BigInt(56 - 8 * k)) & 0xffn);
  const out = new Uint8Array(info.length + frames.reduce((n, f) => n + f.length, 0));
  out.set(info);
  let pos = info.length;
  for (const f of frames) {
    out.set(f, pos);
    pos += f.length;
  }
  return out;
}
