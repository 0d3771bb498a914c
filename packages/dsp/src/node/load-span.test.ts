import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ascii, float32Data, fmtChunk, int16Data, riff } from '../__fixtures__/wav-builder';
import { decodeCompressed, decodeCompressedStart } from '../compressed';
import { decodeAudio } from '../decode';
import { loadAudio } from './load';

// loadAudio reads only the span it returns (WAV/AU: the frames in it; compressed: the file up to its end), and
// returns exactly what decoding the whole file and cutting gives.

const fixture = (f: string) => readFileSync(join(__dirname, '../__fixtures__/audio', f));
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dsp-span-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, bytes: Uint8Array): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

/** A stereo 16-bit ramp-and-sine WAV of `frames` frames at 8 kHz, behind a `pad`-byte LIST chunk. */
function stereoWav(frames: number, pad = 0): Uint8Array {
  const values: number[] = [];
  for (let i = 0; i < frames; i++) values.push(Math.round(8000 * Math.sin(i / 7)), (i * 37) % 30000);
  const list = pad > 0 ? [{ id: 'LIST', body: new Uint8Array(pad) }] : [];
  return riff([fmtChunk({ channels: 2, sampleRate: 8000 }), ...list, int16Data(values)]);
}

/** Big-endian 16-bit AU of `values` (one channel, 8 kHz). */
function au16(values: number[]): Uint8Array {
  const out = new Uint8Array(24 + values.length * 2);
  const v = new DataView(out.buffer);
  out.set(ascii('.snd'), 0);
  v.setUint32(4, 24);
  v.setUint32(8, values.length * 2);
  v.setUint32(12, 3);
  v.setUint32(16, 8000);
  v.setUint32(20, 1);
  values.forEach((x, i) => {
    v.setInt16(24 + 2 * i, x);
  });
  return out;
}

const spans = [
  { offset: 0, duration: 1 },
  { offset: 0.5, duration: 1.25 },
  { offset: 2.9, duration: 10 },
  { offset: 1, duration: null },
];

describe('loadAudio reads only the span', () => {
  it.each(spans)('WAV %j: the same samples as decoding everything, channels kept or averaged', async (span) => {
    // The LIST chunk pushes the data past the bytes read first, so its header is read where it is.
    const bytes = stereoWav(24000, 100_000);
    const file = write('stereo.wav', bytes);
    for (const mono of [true, false]) {
      const opts = { sr: null, mono, ...span };
      const got = await loadAudio(file, opts);
      const want = await decodeAudio(bytes, file, opts);
      expect([got.signal.length, got.channels, got.sr]).toEqual([want.signal.length, 2, 8000]);
      expect(got.signal).toEqual(want.signal);
    }
  });

  it('WAV: frames past the span are never decoded (NaN there does not matter)', async () => {
    const values = Array.from({ length: 16000 }, (_, i) => (i < 8000 ? Math.sin(i / 5) / 2 : Number.NaN));
    const bytes = riff([fmtChunk({ format: 3, bits: 32, sampleRate: 8000 }), float32Data(values)]);
    const file = write('nan-tail.wav', bytes);
    await expect(loadAudio(file, { sr: null })).rejects.toThrow(/sample 8000 of channel 0 is NaN/);
    const a = await loadAudio(file, { sr: null, duration: 1 });
    expect(a.signal).toEqual(Float32Array.from(values.slice(0, 8000)));
    await expect(loadAudio(file, { sr: null, offset: 0.5, duration: 1 })).rejects.toThrow(/is NaN/);
  });

  it('WAV resampled: the span resampled alone, as librosa.load(offset, duration) does', async () => {
    const bytes = stereoWav(16000);
    const file = write('resample.wav', bytes);
    const got = await loadAudio(file, { sr: 4000, offset: 0.25, duration: 1 });
    const want = await decodeAudio(bytes, file, { sr: 4000, offset: 0.25, duration: 1 });
    expect(got.signal.length).toBe(4000);
    expect(got.signal).toEqual(want.signal);
  });

  it.each(spans)('AU %j: the same samples as decoding everything', async (span) => {
    const bytes = au16(Array.from({ length: 24000 }, (_, i) => (i * 13) % 20000));
    const file = write('ramp.au', bytes);
    const got = await loadAudio(file, { sr: null, ...span });
    expect(got.signal).toEqual((await decodeAudio(bytes, file, { sr: null, ...span })).signal);
  });

  it('names an offset past the end, with the file length', async () => {
    const file = write('short.wav', stereoWav(8000));
    await expect(loadAudio(file, { offset: 5 })).rejects.toThrow(
      /short\.wav: no audio after offset 5 s \(the file lasts 1 s\)/,
    );
  });

  it.each(['sine.mp3', 'sine.flac', 'sine.ogg', 'stereo.ogg', 'sine-2s.flac', 'noisy-2s.ogg'])(
    '%s: a span loaded from the file equals the span of the whole decode',
    async (name) => {
      const bytes = fixture(name);
      const file = join(__dirname, '../__fixtures__/audio', name);
      for (const span of [
        { offset: 0, duration: 0.05 },
        { offset: 0.03, duration: 0.04 },
      ]) {
        const opts = { sr: null, mono: false, ...span };
        const got = await loadAudio(file, opts);
        const want = await decodeAudio(bytes, name, opts);
        expect([got.signal.length, got.channels]).toEqual([want.signal.length, want.channels]);
        expect(got.signal).toEqual(want.signal);
      }
    },
  );
});

describe('decodeCompressedStart', () => {
  /** `bytes` in `size`-byte pieces, counting how many were taken. */
  function pieces(bytes: Uint8Array, size: number) {
    const taken = { count: 0, of: Math.ceil(bytes.length / size) };
    async function* gen(): AsyncGenerator<Uint8Array> {
      for (let at = 0; at < bytes.length; at += size) {
        taken.count++;
        yield bytes.subarray(at, at + size);
      }
    }
    return { chunks: gen(), taken };
  }

  it.each([
    ['sine.mp3', 'mp3', 1],
    ['sine.flac', 'flac', null],
    ['sine.ogg', 'ogg', null],
    ['stereo.ogg', 'ogg', null],
    ['sine-2s.flac', 'flac', null],
    ['noisy-2s.ogg', 'ogg', null],
  ] as const)('%s fed in 97-byte pieces decodes sample for sample as the whole file', async (name, format, ch) => {
    const bytes = fixture(name);
    const whole = await decodeCompressed(bytes, format, name);
    const { chunks, taken } = pieces(bytes, 97);
    const streamed = await decodeCompressedStart(chunks, format, () => Number.POSITIVE_INFINITY, ch, name);
    expect(taken.count).toBe(taken.of);
    expect(streamed.channelData.map((c) => c.length)).toEqual(whole.channelData.map((c) => c.length));
    streamed.channelData.forEach((c, i) => {
      expect(c).toEqual(whole.channelData[i]);
    });
  });

  it.each([
    ['sine.mp3', 'mp3', 1, 97],
    ['sine-2s.flac', 'flac', null, 1024],
    ['noisy-2s.ogg', 'ogg', null, 1024],
  ] as const)('%s stops reading once enough samples are out', async (name, format, ch, size) => {
    const bytes = fixture(name);
    const whole = await decodeCompressed(bytes, format, name);
    const { chunks, taken } = pieces(bytes, size);
    const start = await decodeCompressedStart(chunks, format, () => 600, ch, name);
    expect(taken.count).toBeLessThan(taken.of);
    const n = start.channelData[0].length;
    expect(n).toBeGreaterThanOrEqual(600);
    expect(n).toBeLessThan(whole.channelData[0].length);
    expect(start.channelData[0]).toEqual(whole.channelData[0].subarray(0, n));
  });
});
