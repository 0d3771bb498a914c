import {
  ascii,
  float32Data,
  float64Data,
  fmtChunk,
  int16Data,
  int24Data,
  pcm16Wav,
  riff,
} from './__fixtures__/wav-builder';
import { AudioDecodeError } from './errors';
import { decodeWav, readWavHeader } from './wav';

const ramp = [0, 1000, -1000, 32767, -32768, 12345, -1, 1];

function expectError(bytes: Uint8Array, reason: RegExp): void {
  let caught: unknown;
  try {
    decodeWav(bytes, 'bad.wav');
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(AudioDecodeError);
  const e = caught as AudioDecodeError;
  expect(e.file).toBe('bad.wav');
  expect(e.reason).toMatch(reason);
  expect(e.message).toBe(`bad.wav: ${e.reason}`);
}

describe('decodeWav: samples scaled like librosa/libsndfile', () => {
  it('int16 → v / 32768 (positives too), exactly', () => {
    const { channelData, sampleRate } = decodeWav(pcm16Wav(ramp), 'a.wav');
    expect(sampleRate).toBe(8000);
    expect(Array.from(channelData[0])).toEqual(ramp.map((v) => Math.fround(v / 32768)));
  });

  it('reads a small file held in a pooled Buffer (non-zero byteOffset) correctly', () => {
    const bytes = pcm16Wav(ramp);
    const pooled = Buffer.concat([Buffer.from([1, 2, 3]), Buffer.from(bytes)]).subarray(3);
    const shifted = new Uint8Array(pooled.buffer, pooled.byteOffset + 0, pooled.length);
    expect(shifted.byteOffset).toBeGreaterThan(0);
    expect(Array.from(decodeWav(shifted, 'a.wav').channelData[0])).toEqual(ramp.map((v) => Math.fround(v / 32768)));
  });

  it('16-bit data at an odd memory address (unaligned view) decodes the same', () => {
    const bytes = pcm16Wav(ramp);
    const holder = new Uint8Array(bytes.length + 1);
    holder.set(bytes, 1);
    const odd = holder.subarray(1);
    expect(odd.byteOffset % 2).toBe(1);
    expect(Array.from(decodeWav(odd, 'a.wav').channelData[0])).toEqual(ramp.map((v) => Math.fround(v / 32768)));
  });

  it('8-bit unsigned → (u − 128) / 128', () => {
    const bytes = riff([fmtChunk({ bits: 8 }), { id: 'data', body: Uint8Array.from([0, 128, 255, 64]) }]);
    expect(Array.from(decodeWav(bytes, 'a.wav').channelData[0])).toEqual([-1, 0, 127 / 128, -0.5]);
  });

  it('24-bit: −8388608 is −1.0 (node-wav reads it as +1) and 8388607 is 8388607/2²³', () => {
    const bytes = riff([fmtChunk({ bits: 24 }), int24Data([-8388608, 8388607, 1, -1, 0])]);
    const got = Array.from(decodeWav(bytes, 'a.wav').channelData[0]);
    expect(got).toEqual([-1, 8388607 / 8388608, 1 / 8388608, -1 / 8388608, 0].map(Math.fround));
  });

  it('32-bit PCM → v / 2³¹ (within float32 rounding)', () => {
    const body = new Uint8Array(12);
    const v = new DataView(body.buffer);
    v.setInt32(0, 2147483647, true);
    v.setInt32(4, -2147483648, true);
    v.setInt32(8, 1 << 30, true);
    const got = decodeWav(riff([fmtChunk({ bits: 32 }), { id: 'data', body }]), 'a.wav').channelData[0];
    expect(got[0]).toBeCloseTo(1, 7);
    expect(got[1]).toBe(-1);
    expect(got[2]).toBeCloseTo(0.5, 7);
  });

  it('float32 data that does not start at byte 44 (LIST chunk with odd size + pad byte first)', () => {
    const bytes = riff([
      fmtChunk({ format: 3, bits: 32 }),
      { id: 'LIST', body: ascii('INFOabc') },
      float32Data([0.25, -0.5, 0.125]),
    ]);
    expect(readWavHeader(bytes, 'a.wav').dataOffset).toBe(12 + 24 + 16 + 8);
    expect(Array.from(decodeWav(bytes, 'a.wav').channelData[0])).toEqual([0.25, -0.5, 0.125]);
  });

  it('float64 data', () => {
    const bytes = riff([fmtChunk({ format: 3, bits: 64 }), float64Data([0.1, -0.75, 1])]);
    expect(Array.from(decodeWav(bytes, 'a.wav').channelData[0])).toEqual([0.1, -0.75, 1].map(Math.fround));
  });

  it('WAVE_FORMAT_EXTENSIBLE PCM (stereo) and float', () => {
    const pcm = riff([fmtChunk({ format: 0xfffe, channels: 2, subFormat: 1 }), int16Data([16384, -16384, 8192, 0])]);
    const { channelData } = decodeWav(pcm, 'a.wav');
    expect(Array.from(channelData[0])).toEqual([0.5, 0.25]);
    expect(Array.from(channelData[1])).toEqual([-0.5, 0]);
    const flt = riff([fmtChunk({ format: 0xfffe, bits: 32, subFormat: 3 }), float32Data([0.5, -0.25])]);
    expect(Array.from(decodeWav(flt, 'a.wav').channelData[0])).toEqual([0.5, -0.25]);
  });

  it('a trailing partial frame is dropped, not decoded as garbage', () => {
    const bytes = riff([fmtChunk({ channels: 2 }), { id: 'data', body: Uint8Array.from([0, 64, 0, 192, 7]) }]);
    const { channelData } = decodeWav(bytes, 'a.wav');
    expect(channelData[0].length).toBe(1);
    expect(channelData[0][0]).toBe(0.5);
  });
});

describe('decodeWav: every broken file is an AudioDecodeError naming the reason', () => {
  it('truncated data chunk: says how many bytes were promised and present', () => {
    const full = pcm16Wav(new Array(66150).fill(0), 22050);
    const cut = full.subarray(0, 44 + 4100);
    expectError(cut, /^truncated: data chunk says 132300 bytes, file has 4100$/);
  });

  it('a data size of 0xFFFFFFFF is refused without allocating it', () => {
    const bytes = riff([fmtChunk(), { ...int16Data([1, 2]), size: 0xffffffff }]);
    expectError(bytes, /truncated: data chunk says 4294967295 bytes, file has 4/);
  });

  it('a chunk before the data that runs past the end', () => {
    expectError(riff([fmtChunk(), { id: 'LIST', body: new Uint8Array(4), size: 999 }]), /'LIST' chunk says 999 bytes/);
  });

  it('zero sample frames', () => {
    expectError(riff([fmtChunk(), { id: 'data', body: new Uint8Array(0) }]), /no audio/);
  });

  it('NaN and Infinity in float data', () => {
    expectError(riff([fmtChunk({ format: 3, bits: 32 }), float32Data([0, Number.NaN])]), /sample 1 .* NaN/);
    expectError(riff([fmtChunk({ format: 3, bits: 64 }), float64Data([Number.POSITIVE_INFINITY])]), /Infinity/);
  });

  it('sample rate 0, zero channels, inconsistent block align', () => {
    expectError(riff([fmtChunk({ sampleRate: 0 }), int16Data([1])]), /sample rate 0/);
    expectError(riff([fmtChunk({ channels: 0, blockAlign: 2 }), int16Data([1])]), /0 channels/);
    expectError(
      riff([fmtChunk({ blockAlign: 3 }), int16Data([1, 2])]),
      /block align 3 but 1 channel\(s\) × 16 bits need 2/,
    );
  });

  it('unsupported encodings and bit depths', () => {
    expectError(riff([fmtChunk({ format: 6, bits: 8 }), int16Data([1])]), /unsupported encoding: A-law/);
    expectError(riff([fmtChunk({ bits: 12, blockAlign: 2 }), int16Data([1])]), /unsupported PCM bit depth 12/);
    expectError(riff([fmtChunk({ format: 3, bits: 16 }), int16Data([1])]), /unsupported float bit depth 16/);
  });

  it('missing or short chunks and foreign files', () => {
    expectError(riff([int16Data([1, 2])]), /no 'fmt ' chunk/);
    expectError(riff([fmtChunk()]), /no 'data' chunk/);
    expectError(riff([{ id: 'fmt ', body: new Uint8Array(10) }, int16Data([1])]), /'fmt ' chunk is 10 bytes/);
    expectError(ascii('RIFF'), /only 4 bytes/);
    expectError(ascii('RIFF\0\0\0\0AVI LIST'), /no RIFF\/WAVE header/);
  });
});
