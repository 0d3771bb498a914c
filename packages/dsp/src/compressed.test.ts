import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verbatimFlac } from './__fixtures__/flac-builder';
import { decodeAudio } from './decode';
import { AudioDecodeError } from './errors';

const audio = (f: string) => readFileSync(join(__dirname, '__fixtures__/audio', f));

/** Largest |x − 0.5·sin(2π·f·n/sr)| over [from, to). */
function sineError(x: Float32Array, f: number, from: number, to: number): number {
  let e = 0;
  for (let n = from; n < to; n++) e = Math.max(e, Math.abs(x[n] - 0.5 * Math.sin((2 * Math.PI * f * n) / 22050)));
  return e;
}

describe('compressed formats through the WebAssembly decoders', () => {
  it('FLAC is lossless: sample-identical to the WAV it was encoded from', async () => {
    const a = await decodeAudio(audio('sine.flac'), 'sine.flac', { sr: null });
    const w = await decodeAudio(audio('sine-short.wav'), 'sine-short.wav', { sr: null });
    expect([a.sr, a.channels, a.signal.length]).toEqual([22050, 1, 2205]);
    expect(Array.from(a.signal)).toEqual(Array.from(w.signal));
    expect(sineError(a.signal, 440, 0, 2205)).toBeLessThan(0.01);
  });

  it('FLAC: a file whose last frame ends the stream keeps that frame (as many samples as its STREAMINFO says)', async () => {
    // Clips shaped like the dev-set clips on which the decoder once stopped at 131,072 of 132,300 samples: 22,050 Hz
    // mono 16-bit, frames of 4096, ending in 1228 samples of silence, a 13-byte frame that ends the file.
    const clips = [0.2, 0.9].map((level) => {
      const s = Int16Array.from({ length: 132300 }, (_, n) =>
        n < 131072 ? Math.round(32767 * level * Math.sin(n / (3 + 10 * level))) : 0,
      );
      return { clip: `generated-${level}.flac`, samples: s, bytes: verbatimFlac(s, 22050) };
    });
    for (const { clip, samples, bytes } of clips) {
      // STREAMINFO: 36 bits of total samples at bits 108–143 of the block after the 8-byte preamble.
      let total = 0n;
      for (let i = 8 + 10; i < 8 + 18; i++) total = (total << 8n) | BigInt(bytes[i]);
      const expected = Number(total & ((1n << 36n) - 1n));
      expect(expected).toBe(132300);
      const audio = await decodeAudio(bytes, clip, { sr: null });
      expect(audio.signal.length).toBe(expected);
      expect(audio.signal[131071]).toBe(samples[131071] / 32768);
    }
  });

  it('MP3: mono detected from the frame header, LAME gapless trim applied (aligned, 5512 samples)', async () => {
    const a = await decodeAudio(audio('sine.mp3'), 'sine.mp3', { sr: null });
    expect([a.sr, a.channels, a.signal.length]).toEqual([22050, 1, 5512]);
    expect(sineError(a.signal, 440, 200, 5300)).toBeLessThan(0.08);
  });

  it('Ogg Vorbis mono and stereo (downmix = mean of channels)', async () => {
    const mono = await decodeAudio(audio('sine.ogg'), 'sine.ogg', { sr: null });
    expect([mono.channels, mono.signal.length]).toEqual([1, 5512]);
    expect(sineError(mono.signal, 440, 200, 5300)).toBeLessThan(0.08);
    const st = await decodeAudio(audio('stereo.ogg'), 'stereo.ogg', { sr: null, mono: false });
    expect([st.channels, st.signal.length]).toEqual([2, 2 * 5512]);
    expect(sineError(st.signal.subarray(5512), 660, 200, 5300)).toBeLessThan(0.08);
    const down = await decodeAudio(audio('stereo.ogg'), 'stereo.ogg', { sr: null });
    expect(down.signal[1000]).toBeCloseTo((st.signal[1000] + st.signal[5512 + 1000]) / 2, 6);
  });

  it('resamples a compressed file to 16 kHz with length ⌈n·16000/22050⌉', async () => {
    const a = await decodeAudio(audio('sine.ogg'), 'sine.ogg', { sr: 16000 });
    expect(a.sr).toBe(16000);
    expect(a.signal.length).toBe(Math.ceil((5512 * 16000) / 22050));
  });

  it('a cut-off or corrupt stream is an AudioDecodeError, not silence', async () => {
    const flac = audio('sine.flac');
    await expect(decodeAudio(flac.subarray(0, 40), 'cut.flac')).rejects.toThrow(AudioDecodeError);
    const ogg = Uint8Array.from(audio('sine.ogg'));
    const junk = ogg.subarray(0, 60);
    await expect(decodeAudio(junk, 'cut.ogg')).rejects.toThrow(/cut\.ogg: /);
    const mp3 = Uint8Array.from([0xff, 0xfb, 0x90, 0x64, ...new Uint8Array(20)]);
    await expect(decodeAudio(mp3, 'junk.mp3')).rejects.toThrow(/junk\.mp3: .*MP3/);
  });

  it("keeps the decoders' own console.error lines off stderr; other lines and the console itself are untouched", async () => {
    const original = console.error;
    const printed: unknown[][] = [];
    const mine = (...args: unknown[]): void => {
      printed.push(args);
    };
    console.error = mine;
    try {
      const mp3 = Uint8Array.from([0xff, 0xfb, 0x90, 0x64, ...new Uint8Array(3000).map((_, i) => (i * 37) & 0xff)]);
      const flac = audio('sine.flac').subarray(0, 200);
      const decoding = Promise.allSettled([decodeAudio(mp3, 'junk.mp3'), decodeAudio(flac, 'cut.flac')]);
      console.error('unrelated message');
      const [m, f] = await decoding;
      expect([m.status, f.status]).toEqual(['rejected', 'rejected']);
      expect(printed).toEqual([['unrelated message']]);
      expect(console.error).toBe(mine);
    } finally {
      console.error = original;
    }
  });
});
