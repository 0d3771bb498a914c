import { decodeWav } from './wav';
import { encodeWav } from './wav-encode';

describe('encodeWav', () => {
  it('writes 16-bit PCM as round(32767 · x), clipped, behind a canonical 44-byte header', () => {
    const bytes = encodeWav(Float32Array.from([0, 0.5, -1, 1.5, -1.5]), 8000);
    const view = new DataView(bytes.buffer);
    expect(bytes.length).toBe(44 + 10);
    expect(String.fromCharCode(...bytes.subarray(0, 4), ...bytes.subarray(8, 16))).toBe('RIFFWAVEfmt ');
    expect([
      view.getUint32(4, true),
      view.getUint16(20, true),
      view.getUint32(28, true),
      view.getUint16(34, true),
    ]).toEqual([36 + 10, 1, 16000, 16]);
    expect(Array.from({ length: 5 }, (_, i) => view.getInt16(44 + 2 * i, true))).toEqual([
      0, 16384, -32767, 32767, -32768,
    ]);
  });

  it('round-trips float32 stereo through decodeWav, interleaved', () => {
    const left = Float32Array.from([0.25, -0.5, 0.125]);
    const right = Float32Array.from([-0.75, 1, 0]);
    const raw = decodeWav(encodeWav([left, right], 44100, 'float32'), 'x.wav');
    expect(raw.sampleRate).toBe(44100);
    expect(raw.channelData.map((c) => Array.from(c))).toEqual([Array.from(left), Array.from(right)]);
  });

  it('refuses channels of different lengths', () => {
    expect(() => encodeWav([new Float32Array(2), new Float32Array(3)], 8000)).toThrow(/different lengths/);
  });
});
