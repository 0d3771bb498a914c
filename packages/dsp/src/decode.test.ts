import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FeatureFixtureName, fixture, fixturePath, maxAbsDiff, need } from './__fixtures__/librosa';
import { pcm16Wav } from './__fixtures__/wav-builder';
import { decodeAudio, sniffFormat } from './decode';
import { AudioDecodeError } from './errors';
import { mfcc } from './mfcc';
import { loadAudio } from './node/load';

describe('loadAudio mirrors librosa.load', () => {
  it.each<FeatureFixtureName>(['sine440', 'chirp', 'noise', 'clicks', 'music'])(
    '%s: length, first64 and stats',
    async (name) => {
      const fx = fixture(name);
      const a = await loadAudio(fixturePath(`${name}.wav`));
      expect([a.sr, a.originalSr, a.channels, a.signal.length]).toEqual([22050, 22050, 1, fx.load.length]);
      fx.load.first64.forEach((v, i) => {
        expect(Math.abs(a.signal[i] - v)).toBeLessThan(1e-9);
      });
      let sum = 0;
      for (const v of a.signal) sum += v;
      expect(Math.abs(sum - fx.load.stats.sum)).toBeLessThan(1e-4);
      expect(a.duration).toBeCloseTo(fx.load.length / 22050, 9);
    },
  );

  it('stereo 44.1 kHz: mean downmix, libsamplerate to 22050 with librosa length; MFCC within 0.15', async () => {
    const fx = fixture('stereo44k');
    const a = await loadAudio(fixturePath('stereo44k.wav'));
    expect([a.sr, a.originalSr, a.channels, a.signal.length]).toEqual([22050, 44100, 2, fx.load.length]);
    // Interior samples agree with soxr HQ closely; the edges differ (filter transients), as between soxr modes.
    const start = need(fx.load.mid64_start, 'load.mid64_start');
    const mid64 = need(fx.load.mid64, 'load.mid64');
    let interior = 0;
    for (let i = 0; i < 64; i++) interior = Math.max(interior, Math.abs(a.signal[start + i] - mid64[i]));
    expect(interior).toBeLessThan(1e-4);
    const m = mfcc(a.signal);
    // Measured 0.116 (soxr VHQ/MQ vs HQ: 0.013; kaiser_best 0.78; polyphase 0.66).
    expect(maxAbsDiff(m.data, m.shape[1], fx.mfcc.data)).toBeLessThan(0.15);
  });

  it('resType picks a faster libsamplerate converter: same length, interior samples close to sinc_best', async () => {
    const best = await loadAudio(fixturePath('stereo44k.wav'));
    const fast = await loadAudio(fixturePath('stereo44k.wav'), { resType: 'sinc_fastest' });
    expect(fast.signal.length).toBe(best.signal.length);
    let interior = 0;
    for (let i = 1000; i < 21000; i++) interior = Math.max(interior, Math.abs(fast.signal[i] - best.signal[i]));
    expect(interior).toBeLessThan(1e-3);
    expect(interior).toBeGreaterThan(0);
  });

  it('mono: false keeps channels, channel-major; sr: null keeps the native rate', async () => {
    const a = await loadAudio(fixturePath('stereo44k.wav'), { sr: null, mono: false });
    expect([a.sr, a.channels, a.signal.length, a.duration]).toEqual([44100, 2, 88200, 1]);
    expect(a.signal[10]).toBeCloseTo(Math.round(32767 * 0.5 * Math.sin((2 * Math.PI * 440 * 10) / 44100)) / 32768, 6);
    expect(a.signal[44100 + 10]).toBeCloseTo(
      Math.round(32767 * 0.5 * Math.sin((2 * Math.PI * 660 * 10) / 44100)) / 32768,
      6,
    );
  });

  it('offset and duration cut at the native rate before resampling', async () => {
    const full = await loadAudio(fixturePath('chirp.wav'));
    const cut = await loadAudio(fixturePath('chirp.wav'), { offset: 0.5, duration: 0.25 });
    expect(cut.signal.length).toBe(5512);
    expect(Array.from(cut.signal.subarray(0, 100))).toEqual(Array.from(full.signal.subarray(11025, 11125)));
    await expect(loadAudio(fixturePath('chirp.wav'), { offset: 5 })).rejects.toThrow(/no audio after offset 5 s/);
  });

  it('sniffs the format from the bytes, not the name', async () => {
    const bytes = pcm16Wav([0, 16384, -16384], 8000);
    expect(sniffFormat(bytes)).toBe('wav');
    const a = await decodeAudio(bytes, 'really-a-wav.mp3', { sr: null });
    expect(Array.from(a.signal)).toEqual([0, 0.5, -0.5]);
    expect(sniffFormat(Uint8Array.from([0x2e, 0x73, 0x6e, 0x64]))).toBe('au');
    expect(sniffFormat(Uint8Array.from([0x66, 0x4c, 0x61, 0x43]))).toBe('flac');
    expect(sniffFormat(Uint8Array.from([0x4f, 0x67, 0x67, 0x53]))).toBe('ogg');
    expect(sniffFormat(Uint8Array.from([0x49, 0x44, 0x33]))).toBe('mp3');
    expect(sniffFormat(Uint8Array.from([0xff, 0xfb, 0x90]))).toBe('mp3');
    expect(sniffFormat(new TextEncoder().encode('hello world'))).toBeNull();
  });

  it('unreadable inputs are AudioDecodeErrors naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dsp-'));
    const text = join(dir, 'notes.wav');
    writeFileSync(text, 'not audio at all');
    const empty = join(dir, 'empty.wav');
    writeFileSync(empty, '');
    await expect(loadAudio(text)).rejects.toThrow(`${text}: unrecognised audio format`);
    await expect(loadAudio(empty)).rejects.toThrow(`${empty}: empty file (0 bytes)`);
    await expect(loadAudio(join(dir, 'missing.wav'))).rejects.toThrow(/missing\.wav: not found/);
    await expect(loadAudio(dir)).rejects.toThrow(AudioDecodeError);
    rmSync(dir, { recursive: true, force: true });
  });
});
