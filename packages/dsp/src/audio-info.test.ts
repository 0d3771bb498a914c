import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verbatimFlac } from './__fixtures__/flac-builder';
import { fmtChunk, int16Data, riff } from './__fixtures__/wav-builder';
import { readAudioInfo } from './audio-info';
import { decodeAudio } from './decode';
import { loadAudioInfo } from './node/load';

const fixture = (f: string) => Uint8Array.from(readFileSync(join(__dirname, '__fixtures__/audio', f)));
const info = (bytes: Uint8Array, name = 'x') =>
  readAudioInfo((at, length) => bytes.subarray(at, at + length), bytes.length, name);

/** What decoding gives: frames at the file's rate, and the channels. */
async function decoded(bytes: Uint8Array, name: string) {
  const a = await decodeAudio(bytes, name, { sr: null, mono: false });
  return { sampleRate: a.sr, channels: a.channels, frames: a.signal.length / a.channels };
}

describe('readAudioInfo: the length decoding gives, from the headers alone', () => {
  const generated: [string, Uint8Array][] = [
    [
      'stereo 16-bit WAV behind a LIST chunk',
      riff([
        fmtChunk({ channels: 2, sampleRate: 16000 }),
        { id: 'LIST', body: new Uint8Array(5001) },
        int16Data(Array.from({ length: 2 * 3001 }, (_, i) => (i * 37) % 9000)),
      ]),
    ],
    [
      '8 kHz FLAC of 9001 samples',
      verbatimFlac(
        Int16Array.from({ length: 9001 }, (_, i) => Math.round(9000 * Math.sin(i / 5))),
        8000,
      ),
    ],
  ];
  it.each(['sine-short.wav', 'sine.flac', 'sine-2s.flac', 'sine.mp3', 'sine.ogg', 'stereo.ogg', 'noisy-2s.ogg'])(
    '%s',
    async (name) => {
      const bytes = fixture(name);
      expect(info(bytes, name)).toEqual(await decoded(bytes, name));
    },
  );

  it.each(generated)('%s', async (name, bytes) => {
    expect(info(bytes, name)).toEqual(await decoded(bytes, name));
  });

  it('null where the headers do not say: FLAC with 0 total samples, MP3 without a Xing/LAME tag, not audio', () => {
    const flac = fixture('sine.flac');
    flac[21] &= 0xf0;
    flac.fill(0, 22, 26);
    expect(info(flac)).toBeNull();
    const mp3 = Uint8Array.from([0xff, 0xfb, 0x90, 0x64, ...new Uint8Array(400)]);
    expect(info(mp3)).toBeNull();
    expect(info(new TextEncoder().encode('just some text, not audio'))).toBeNull();
  });

  it('a WAV header that is wrong is the error decoding gives', () => {
    const wav = riff([fmtChunk({ channels: 1, sampleRate: 8000 }), int16Data([1, 2, 3])]);
    const cut = wav.subarray(0, wav.length - 2);
    expect(() => info(cut, 'cut.wav')).toThrow(/cut\.wav: truncated/);
  });

  it('loadAudioInfo reads a file; a missing one is an AudioDecodeError', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dsp-info-'));
    try {
      writeFileSync(join(dir, 'a.ogg'), fixture('stereo.ogg'));
      expect(await loadAudioInfo(join(dir, 'a.ogg'))).toEqual({ sampleRate: 22050, channels: 2, frames: 5512 });
      await expect(loadAudioInfo(join(dir, 'missing.wav'))).rejects.toThrow(/missing\.wav: not found/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
