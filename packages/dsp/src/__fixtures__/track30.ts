// track30.wav of the librosa fixtures (segments.json was computed from it), regenerated from its stated generator
// instead of stored (1.3 MB): n = 0..661499, x = 0.2·(sin 220 + sin 330 + sin 440 Hz at 22 050 Hz)
// + 0.05·numpy.random.default_rng(1).uniform(−1, 1, 661500), int16(round(32767·x)). Sample-identical to
// ../shared/fixtures/librosa/track30.wav (checked when copied).
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { numpyUniform } from './numpy-random';
import { fmtChunk, int16Data, riff } from './wav-builder';

const SR = 22050;
const N = 661500;

/** track30.wav's 16-bit samples. */
export function track30Samples(): Int16Array {
  const noise = numpyUniform(1, -1, 1, N);
  const w = (f: number, n: number) => Math.sin((2 * Math.PI * f * n) / SR);
  return Int16Array.from({ length: N }, (_, n) => {
    const x = 0.2 * (w(220, n) + w(330, n) + w(440, n)) + 0.05 * noise[n];
    return Math.max(-32768, Math.min(32767, Math.round(32767 * x)));
  });
}

/**
 * A path to track30.wav: `dir`'s copy when it has one, else the regenerated file at one fixed path in the temporary
 * folder, written once and reused by every run (a folder per run would pile up). Written under a private name and
 * renamed, so parallel test workers never read half a file.
 */
export function track30File(dir?: string): string {
  if (dir !== undefined && existsSync(join(dir, 'track30.wav'))) return join(dir, 'track30.wav');
  const file = join(tmpdir(), 'audio-dl-fixture-track30.wav');
  if (!existsSync(file)) {
    const part = `${file}.${process.pid}.part`;
    writeFileSync(part, riff([fmtChunk({ channels: 1, sampleRate: SR }), int16Data(Array.from(track30Samples()))]));
    renameSync(part, file);
  }
  return file;
}
