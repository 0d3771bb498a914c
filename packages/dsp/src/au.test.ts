import { decodeAu } from './au';
import { AudioDecodeError } from './errors';

/** Sun .au: 24-byte big-endian header then samples. */
function au(encoding: number, payload: Uint8Array, opts: { rate?: number; channels?: number; size?: number } = {}) {
  const out = new Uint8Array(24 + payload.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0x2e736e64, false);
  v.setUint32(4, 24, false);
  v.setUint32(8, opts.size ?? payload.length, false);
  v.setUint32(12, encoding, false);
  v.setUint32(16, opts.rate ?? 22050, false);
  v.setUint32(20, opts.channels ?? 1, false);
  out.set(payload, 24);
  return out;
}

function int16be(values: number[]): Uint8Array {
  const b = new Uint8Array(values.length * 2);
  const v = new DataView(b.buffer);
  values.forEach((x, i) => {
    v.setInt16(2 * i, x, false);
  });
  return b;
}

describe('decodeAu (GTZAN original format)', () => {
  it('16-bit big-endian PCM → v / 32768, stereo planar', () => {
    const { channelData, sampleRate } = decodeAu(au(3, int16be([16384, -32768, 1, 0]), { channels: 2 }), 'x.au');
    expect(sampleRate).toBe(22050);
    expect(Array.from(channelData[0])).toEqual([0.5, 1 / 32768]);
    expect(Array.from(channelData[1])).toEqual([-1, 0]);
  });

  it('µ-law and A-law expand to the G.711 values', () => {
    // µ-law 0x00 = −32124, 0x80 = +32124, 0xff = 0; A-law 0xd5 = +8, 0x55 = −8, 0xaa = +32256
    expect(Array.from(decodeAu(au(1, Uint8Array.from([0x00, 0x80, 0xff])), 'u.au').channelData[0])).toEqual(
      [-32124, 32124, 0].map((v) => v / 32768),
    );
    expect(Array.from(decodeAu(au(27, Uint8Array.from([0xd5, 0x55, 0xaa])), 'a.au').channelData[0])).toEqual(
      [8, -8, 32256].map((v) => v / 32768),
    );
  });

  it('size 0xFFFFFFFF means "to the end of the file"', () => {
    expect(decodeAu(au(3, int16be([1, 2, 3]), { size: 0xffffffff }), 'x.au').channelData[0].length).toBe(3);
  });

  it.each([
    ['truncated', au(3, int16be([1, 2]), { size: 400 }), /truncated: header says 400 data bytes, file has 4/],
    ['unknown encoding', au(23, new Uint8Array(4)), /unsupported AU encoding 23/],
    ['zero rate', au(3, int16be([1]), { rate: 0 }), /sample rate 0/],
    ['no samples', au(3, new Uint8Array(1)), /no audio/],
    ['not AU', new Uint8Array(30), /no \.snd header/],
    ['NaN float', au(6, Uint8Array.from([0x7f, 0xc0, 0, 0])), /NaN/],
  ])('%s → AudioDecodeError', (_, bytes, reason) => {
    expect(() => decodeAu(bytes, 'bad.au')).toThrow(AudioDecodeError);
    expect(() => decodeAu(bytes, 'bad.au')).toThrow(reason);
  });
});
