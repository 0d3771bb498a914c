import { ConverterType, create } from '@alexanderolsen/libsamplerate-js';
import { flushFrames, polyphaseKernel, resample, resampledLength } from './resample';

function noiseAndSine(n: number): Float32Array {
  const x = new Float32Array(n);
  let s = 1;
  for (let i = 0; i < n; i++) {
    s = (s * 16807) % 2147483647;
    x[i] = 0.5 * Math.sin(i * 0.01) + 0.3 * (s / 2147483647 - 0.5);
  }
  return x;
}

/** Channel 0 of interleaved stereo made of `x` twice: this goes through libsamplerate itself, never `decimate`. */
async function throughLibsamplerate(x: Float32Array, srIn: number, srOut: number): Promise<Float32Array> {
  const stereo = new Float32Array(2 * x.length);
  for (let i = 0; i < x.length; i++) stereo[2 * i] = stereo[2 * i + 1] = x[i];
  const y = await resample(stereo, srIn, srOut, 2);
  return y.filter((_, i) => i % 2 === 0);
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('resample', () => {
  it.each([
    [1001, 44100, 'single call'],
    [600_001, 44100, "libsamplerate-js's chunked path (over 4 MB of stereo)"],
    [30_001, 88200, 'factor 4'],
  ])('downsampling %i samples from %i Hz by a whole factor gives libsamplerate’s own output (%s)', async (n, srIn) => {
    const x = noiseAndSine(n);
    const fast = await resample(x, srIn, 22050);
    const reference = await throughLibsamplerate(x, srIn, 22050);
    expect(fast.length).toBe(resampledLength(n, srIn, 22050));
    expect(reference.length).toBe(fast.length);
    expect(maxAbsDiff(fast, reference)).toBeLessThan(2e-7);
  });

  it.each([
    [44100, 'whole factor'],
    [48000, 'polyphase'],
    [96000, 'libsamplerate, chunked'],
  ])('filters the last samples of a long signal like the rest (%i Hz, %s)', async (srIn) => {
    // A constant 0.5 stays 0.5 through the low-pass filter; only the zero extension past the end pulls the last
    // outputs down, to about half. libsamplerate-js's chunked path used to leave the last ≈ 143 outputs at 0.
    const x = new Float32Array(srIn * 25).fill(0.5);
    const y = await resample(x, srIn, 22050);
    expect(y.length).toBe(resampledLength(x.length, srIn, 22050));
    expect(Math.abs(y[y.length / 2] - 0.5)).toBeLessThan(1e-4);
    expect(Math.min(...y.subarray(y.length - 200))).toBeGreaterThan(0.2);
  });

  it.each([
    [8000, 22050],
    [16000, 22050],
    [11025, 22050],
    [32000, 22050],
    [48000, 22050],
    [22050, 16000],
    [44100, 48000],
  ])('mono %i → %i Hz through the polyphase filter gives libsamplerate’s own output', async (srIn, srOut) => {
    const x = noiseAndSine(20_001);
    expect(await polyphaseKernel(srIn, srOut, 'sinc_best')).not.toBeNull();
    const fast = await resample(x, srIn, srOut);
    const reference = await throughLibsamplerate(x, srIn, srOut);
    expect(fast.length).toBe(resampledLength(x.length, srIn, srOut));
    expect(reference.length).toBe(fast.length);
    expect(maxAbsDiff(fast, reference)).toBeLessThan(2e-7);
  });

  it('keeps libsamplerate itself where a polyphase table does not pay: odd rates, many phases, long measurements', async () => {
    expect(await polyphaseKernel(22050.5, 16000, 'sinc_best')).toBeNull();
    expect(await polyphaseKernel(22051, 22050, 'sinc_best')).toBeNull();
    expect(await polyphaseKernel(96000, 22050, 'sinc_best')).toBeNull();
  });

  it('a converter shared between calls gives what a converter made for one call gives', async () => {
    const a = noiseAndSine(5001);
    const b = noiseAndSine(777).map((v) => -v);
    const first = await throughLibsamplerate(a, 16000, 22050);
    await throughLibsamplerate(b, 16000, 22050);
    expect(Array.from(await throughLibsamplerate(a, 16000, 22050))).toEqual(Array.from(first));
    const stereo = new Float32Array(2 * (a.length + flushFrames(16000, 22050)));
    for (let i = 0; i < a.length; i++) stereo[2 * i] = stereo[2 * i + 1] = a[i];
    const own = await create(2, 16000, 22050, { converterType: ConverterType.SRC_SINC_BEST_QUALITY });
    const y = own.simple(stereo).filter((_, i) => i % 2 === 0);
    own.destroy();
    expect(maxAbsDiff(first, y.subarray(0, first.length))).toBe(0);
  });

  it('upsamples to exactly ⌈n · srOut / srIn⌉ samples', async () => {
    const y = await resample(noiseAndSine(16001), 16000, 22050);
    expect(y.length).toBe(Math.ceil((16001 * 22050) / 16000));
    expect(Math.abs(y[y.length - 1])).toBeGreaterThan(0);
  });

  it('refuses a sample rate that is not positive', async () => {
    await expect(resample(new Float32Array(4), 0, 22050)).rejects.toThrow('sample rates must be > 0');
  });
});
