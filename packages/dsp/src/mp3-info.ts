/**
 * Channel count from the first MPEG audio frame header (after any ID3v2 tag). mpg123-decoder always returns two
 * channels, so a mono MP3 would otherwise report 2. (Gapless trimming needs nothing here: mpg123 applies the
 * LAME tag's encoder delay and padding itself.)
 */
export function mp3Channels(b: Uint8Array): number | null {
  for (let p = id3v2End(b); p + 4 <= b.length; p++) {
    if (b[p] === 0xff && (b[p + 1] & 0xe0) === 0xe0 && (b[p + 1] & 0x06) !== 0)
      return ((b[p + 3] >> 6) & 3) === 3 ? 1 : 2;
  }
  return null;
}

/** Where an ID3v2 tag at the start of `b` ends (10-byte header, syncsafe size, optional 10-byte footer); 0 without one. */
export function id3v2End(b: Uint8Array): number {
  if (b.length < 10 || b[0] !== 0x49 || b[1] !== 0x44 || b[2] !== 0x33) return 0;
  const size = ((b[6] & 0x7f) << 21) | ((b[7] & 0x7f) << 14) | ((b[8] & 0x7f) << 7) | (b[9] & 0x7f);
  return 10 + size + (b[5] & 0x10 ? 10 : 0);
}
