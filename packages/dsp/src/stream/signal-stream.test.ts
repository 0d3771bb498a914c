import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { float32Data, fmtChunk, int16Data, riff } from '../__fixtures__/wav-builder';
import { loadAudio } from '../node/load';
import { resample } from '../resample';
import { bytesSource } from './byte-source';
import { openFileSource } from './file-source';
import { rawAudioChunks } from './raw-stream';
import { createStreamResampler } from './resample-stream';
import { monoSignalStream } from './signal-stream';
import { slidingWindows } from './windows';

// Streaming decode must give loadAudio's samples: the same decoding, downmix and resampling, only in pieces.

const fixture = (f: string) => readFileSync(join(__dirname, '../__fixtures__/audio', f));
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dsp-stream-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stereo 16-bit WAV of `frames` frames at `sr`: two tones and a ramp, so every sample differs. */
function stereoWav(frames: number, sr: number): Uint8Array {
  const values: number[] = [];
  for (let i = 0; i < frames; i++) values.push(Math.round(8000 * Math.sin(i / 7)), ((i * 37) % 30000) - 15000);
  return riff([fmtChunk({ channels: 2, sampleRate: sr }), int16Data(values)]);
}

async function collect(pieces: AsyncIterable<Float32Array>): Promise<{ signal: Float32Array; count: number }> {
  const parts: Float32Array[] = [];
  for await (const p of pieces) parts.push(p);
  const signal = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    signal.set(p, at);
    at += p.length;
  }
  return { signal, count: parts.length };
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('createStreamResampler', () => {
  it.each([
    ['by a whole factor (44 100 → 22 050 Hz)', 44_100, 22_050],
    ['by a ratio (48 000 → 22 050 Hz)', 48_000, 22_050],
    ['up (8 000 → 22 050 Hz)', 8_000, 22_050],
  ])('%s gives resample()’s samples, piece by piece', async (_, srIn, srOut) => {
    const x = new Float32Array(100_003);
    for (let i = 0; i < x.length; i++) x[i] = 0.5 * Math.sin(i / 3.1) + 0.3 * Math.sin(i / 17) + ((i % 13) - 6) / 40;
    const whole = await resample(x, srIn, srOut);
    const r = await createStreamResampler(srIn, srOut);
    const pieces: Float32Array[] = [];
    for (let at = 0; at < x.length; at += 7_777) pieces.push(r.push(x.subarray(at, Math.min(x.length, at + 7_777))));
    pieces.push(r.end());
    const streamed = (
      await collect(
        (async function* () {
          yield* pieces;
        })(),
      )
    ).signal;
    expect(streamed.length).toBe(whole.length);
    expect(maxDiff(streamed, whole)).toBeLessThan(1e-5);
  });
});

describe('monoSignalStream', () => {
  it('equals loadAudio on a stereo 44.1 kHz WAV, in many pieces, whole and over a span', async () => {
    const file = join(dir, 'long.wav');
    writeFileSync(file, stereoWav(300_000, 44_100));
    const source = openFileSource(file);
    try {
      for (const span of [
        { offset: 0, duration: null },
        { offset: 1.25, duration: 3.5 },
      ]) {
        const loaded = await loadAudio(file, { sr: 22_050, offset: span.offset, duration: span.duration });
        const info = { originalSr: 0, channels: 0 };
        const { signal, count } = await collect(monoSignalStream(source, file, { sr: 22_050, span, info }));
        expect(count).toBeGreaterThan(1);
        expect(info).toEqual({ originalSr: 44_100, channels: 2 });
        expect(signal.length).toBe(loaded.signal.length);
        expect(maxDiff(signal, loaded.signal)).toBeLessThan(1e-5);
      }
    } finally {
      source.close();
    }
  });

  it.each(['sine-2s.flac', 'noisy-2s.ogg', 'stereo.ogg', 'sine.mp3'])('equals loadAudio on %s', async (name) => {
    const bytes = fixture(name);
    const file = join(dir, name);
    writeFileSync(file, bytes);
    const loaded = await loadAudio(file, { sr: 22_050 });
    const { signal } = await collect(monoSignalStream(bytesSource(bytes), name, { sr: 22_050 }));
    expect(signal.length).toBe(loaded.signal.length);
    expect(maxDiff(signal, loaded.signal)).toBeLessThan(1e-5);
  });

  it('rejects what is not audio with the file named, as loadAudio does', async () => {
    const chunks = async (bytes: Uint8Array) => collect(monoSignalStream(bytesSource(bytes), 'x.bin', { sr: 22_050 }));
    await expect(chunks(new Uint8Array(0))).rejects.toThrow('x.bin: empty file (0 bytes)');
    await expect(chunks(new TextEncoder().encode('hello, not audio'))).rejects.toThrow(/x\.bin: unrecognised audio/);
    await expect(chunks(riff([fmtChunk()]))).rejects.toThrow(/^x\.bin: .*data/);
    await expect(chunks(riff([fmtChunk({ format: 3, bits: 32 }), float32Data([0.5, Number.NaN])]))).rejects.toThrow(
      /x\.bin: sample 1 of channel 0 is NaN/,
    );
  });
});

describe('rawAudioChunks', () => {
  it('reads a WAV block by block from a file', async () => {
    const file = join(dir, 'blocks.wav');
    writeFileSync(file, stereoWav(10_000, 8_000));
    const source = openFileSource(file);
    const sizes: number[] = [];
    for await (const c of rawAudioChunks(source, file, { chunkFrames: 4096 })) sizes.push(c.channelData[0].length);
    source.close();
    expect(sizes).toEqual([4096, 4096, 1808]);
  });
});

describe('slidingWindows', () => {
  it('cuts full windows every hop across piece boundaries, dropping the partial last one', async () => {
    const x = Float32Array.from({ length: 23 }, (_, i) => i);
    async function* pieces() {
      for (let at = 0; at < x.length; at += 4) yield x.slice(at, at + 4);
    }
    const counted = { samples: 0 };
    const got: { start: number; first: number; n: number }[] = [];
    for await (const w of slidingWindows(pieces(), 8, 5, counted))
      got.push({ start: w.start, first: w.samples[0], n: w.samples.length });
    expect(got).toEqual([
      { start: 0, first: 0, n: 8 },
      { start: 5, first: 5, n: 8 },
      { start: 10, first: 10, n: 8 },
      { start: 15, first: 15, n: 8 },
    ]);
    expect(counted.samples).toBe(23);
  });
});
