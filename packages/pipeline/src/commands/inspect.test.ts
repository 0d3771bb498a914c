import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { librosaFixture } from '../__fixtures__/librosa';
import { runCli } from '../__fixtures__/run-cli';

const run = (...argv: string[]) => runCli('inspect', ...argv);

describe('audio-dl inspect', () => {
  it('stereo 44.1 kHz file: five PNG figures and summary.json, and says where', async () => {
    const out = mkdtempSync(join(tmpdir(), 'inspect-'));
    const { code, stdout } = await run(librosaFixture('stereo44k.wav'), '--out', out);
    expect(code).toBe(0);
    expect(stdout).toContain(out);
    expect(readdirSync(out).sort()).toEqual(
      [
        'mfcc.png',
        'spectrogram-db.png',
        'spectrogram-linear.png',
        'spectrum.png',
        'summary.json',
        'waveform.png',
      ].sort(),
    );
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ duration: 1, sampleRate: 22050, originalSampleRate: 44100, channels: 2 });
    expect(summary.peak).toBeGreaterThan(0.45);
    expect(summary.peak).toBeLessThan(0.5);
    expect(summary.rms).toBeCloseTo(0.25, 3);
    for (const f of summary.figures) {
      // PNG signature, then the IHDR chunk's width and height (big-endian) at bytes 16 and 20
      const png = readFileSync(join(out, f));
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(png.readUInt32BE(16)).toBe(900);
      expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(450);
      expect(png.length).toBeGreaterThan(10_000);
    }
    rmSync(out, { recursive: true, force: true });
  });

  it('an unreadable file: one line on stderr, exit 1, nothing written', async () => {
    const out = mkdtempSync(join(tmpdir(), 'inspect-'));
    const r = await run(librosaFixture('README.md'), '--out', join(out, 'x'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^audio-dl inspect: .*README\.md: unrecognised audio format .*\n$/);
    expect(readdirSync(out)).toEqual([]);
    rmSync(out, { recursive: true, force: true });
  });
});
