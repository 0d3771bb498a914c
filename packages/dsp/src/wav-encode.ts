// The one WAV writer of the repository (the demo set, the page's microphone recordings, test fixtures, benchmarks).
// Plain bytes through a DataView, little-endian whatever the platform, so it runs in a browser as in Node.

/** 16-bit PCM (int16 = round(32767 · x), clipped: the fixtures' convention) or 32-bit IEEE float samples. */
export type WavEncoding = 'pcm16' | 'float32';

/**
 * A canonical 44-byte-header WAV file of `channels` (one signal for mono, one per channel otherwise, all the same
 * length; interleaved on write) at `sr` Hz.
 */
export function encodeWav(
  channels: Float32Array | readonly Float32Array[],
  sr: number,
  encoding: WavEncoding = 'pcm16',
): Uint8Array {
  const chans = channels instanceof Float32Array ? [channels] : channels;
  const frames = chans.length > 0 ? chans[0].length : 0;
  if (chans.some((c) => c.length !== frames)) throw new Error('encodeWav: channels of different lengths');
  const width = encoding === 'pcm16' ? 2 : 4;
  const blockAlign = width * chans.length;
  const dataBytes = frames * blockAlign;
  const bytes = new Uint8Array(44 + dataBytes);
  const view = new DataView(bytes.buffer);
  const text = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) bytes[at + i] = s.charCodeAt(i);
  };
  text(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  text(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, encoding === 'pcm16' ? 1 : 3, true); // PCM or IEEE float
  view.setUint16(22, chans.length, true);
  view.setUint32(24, sr, true);
  view.setUint32(28, sr * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, 8 * width, true);
  text(36, 'data');
  view.setUint32(40, dataBytes, true);
  let at = 44;
  for (let i = 0; i < frames; i++) {
    for (const c of chans) {
      if (encoding === 'pcm16') view.setInt16(at, Math.max(-32768, Math.min(32767, Math.round(32767 * c[i]))), true);
      else view.setFloat32(at, c[i], true);
      at += width;
    }
  }
  return bytes;
}
