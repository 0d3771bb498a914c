// node-wav misbehaving (returning nothing, too few samples, or throwing) must still end in an AudioDecodeError.
import { float32Data, fmtChunk, riff } from './__fixtures__/wav-builder';
import { decodeWav } from './wav';

type NodeWavResult = { sampleRate: number; channelData: Float32Array[] } | undefined;
const behaviour: { next: () => NodeWavResult } = { next: () => undefined };

jest.mock('node-wav', () => ({ decode: () => behaviour.next() }));

describe('decodeWav guards node-wav (float32 data goes through it)', () => {
  const bytes = riff([fmtChunk({ format: 3, bits: 32 }), float32Data([0.25, -0.5, 0.75])]);

  it('undefined from node-wav is an error, not silence', () => {
    behaviour.next = () => undefined;
    expect(() => decodeWav(bytes, 'f.wav')).toThrow('f.wav: WAV decoder returned no samples');
  });

  it('no channels, or fewer samples than the header promises, is an error', () => {
    behaviour.next = () => ({ sampleRate: 8000, channelData: [] });
    expect(() => decodeWav(bytes, 'f.wav')).toThrow('f.wav: WAV decoder returned no samples');
    behaviour.next = () => ({ sampleRate: 8000, channelData: [Float32Array.from([0.25, -0.5])] });
    expect(() => decodeWav(bytes, 'f.wav')).toThrow(
      'f.wav: WAV decoder returned 1 channel(s) of 2 samples, the header says 1 of 3',
    );
  });

  it('a throw inside node-wav becomes an AudioDecodeError with its message', () => {
    behaviour.next = () => {
      throw new RangeError('Offset is outside the bounds of the DataView');
    };
    expect(() => decodeWav(bytes, 'f.wav')).toThrow(
      'f.wav: WAV decoder failed: Offset is outside the bounds of the DataView',
    );
  });

  it('what node-wav returns is checked for NaN like any float data', () => {
    behaviour.next = () => ({ sampleRate: 8000, channelData: [Float32Array.from([0.25, Number.NaN, 0.75])] });
    expect(() => decodeWav(bytes, 'f.wav')).toThrow('f.wav: sample 1 of channel 0 is NaN (corrupt float data)');
  });

  it('a well-behaved result passes through', () => {
    behaviour.next = () => ({ sampleRate: 8000, channelData: [Float32Array.from([0.25, -0.5, 0.75])] });
    expect(Array.from(decodeWav(bytes, 'f.wav').channelData[0])).toEqual([0.25, -0.5, 0.75]);
  });
});
