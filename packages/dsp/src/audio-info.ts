import { readAuHeader } from './au';
import { sniffFormat } from './decode';
import { id3v2End } from './mp3-info';
import { type ByteReader, walkWavHeader } from './wav';

/** What a file's header says about its audio: as many frames as decoding it gives, at the file's rate. */
export interface AudioInfo {
  sampleRate: number;
  channels: number;
  frames: number;
}

/** Bytes read from the end of an Ogg file to find its last page (a page is at most 65,307 bytes). */
const OGG_TAIL_BYTES = 65_536 + 282;

/**
 * Length, rate and channels of an audio file from its headers alone, without decoding: WAV and AU (the data
 * size), FLAC (STREAMINFO's total samples), Ogg Vorbis (the last page's granule position) and MP3 with a
 * Xing/Info frame and a LAME tag (frames × samples per frame − encoder delay − padding, what mpg123's gapless
 * decoding gives). Null when the header does not say (FLAC with 0 total samples, MP3 without those tags, an
 * unknown format): the caller decodes instead. A WAV or AU header that is wrong throws `AudioDecodeError`, as decoding would.
 */
export function readAudioInfo(read: ByteReader, size: number, name: string): AudioInfo | null {
  const head = read(0, Math.min(size, 4096));
  const format = sniffFormat(head);
  if (format === 'wav') {
    const h = walkWavHeader(read, size, name);
    return { sampleRate: h.sampleRate, channels: h.channels, frames: h.frames };
  }
  if (format === 'au') {
    const h = readAuHeader(head, size, name);
    return { sampleRate: h.sampleRate, channels: h.channels, frames: h.frames };
  }
  if (format === 'flac') return flacInfo(head);
  if (format === 'ogg') return oggVorbisInfo(head, read(Math.max(0, size - OGG_TAIL_BYTES), OGG_TAIL_BYTES));
  if (format === 'mp3') {
    const start = id3v2End(head);
    return mp3Info(start + 4096 <= head.length ? head.subarray(start) : read(start, 4096));
  }
  return null;
}

/** STREAMINFO, the metadata block every FLAC stream starts with (after `fLaC` and a 4-byte block header). */
function flacInfo(b: Uint8Array): AudioInfo | null {
  if (b.length < 26 || (b[4] & 0x7f) !== 0) return null;
  const sampleRate = (b[18] << 12) | (b[19] << 4) | (b[20] >> 4);
  const channels = ((b[20] >> 1) & 7) + 1;
  // 36 bits of total samples: 4 in b[21], 32 in b[22..25]; 0 means unknown.
  const frames = (b[21] & 0x0f) * 2 ** 32 + new DataView(b.buffer, b.byteOffset + 22, 4).getUint32(0, false);
  return sampleRate > 0 && frames > 0 ? { sampleRate, channels, frames } : null;
}

/**
 * Vorbis identification header (first page) and the granule position of the stream's last page, which is the
 * sample count of the whole stream when it starts at granule 0 (a file cut from a longer stream does not: null).
 */
function oggVorbisInfo(head: Uint8Array, tail: Uint8Array): AudioInfo | null {
  if (head.length < 28) return null;
  const segments = head[26];
  const body = 27 + segments;
  if (head.length < body + 16) return null;
  const packet = head.subarray(body);
  const magic = String.fromCharCode(...packet.subarray(0, 7));
  if (magic !== '\x01vorbis') return null;
  const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
  const serial = view(head).getUint32(14, true);
  const channels = packet[11];
  const sampleRate = view(packet).getUint32(12, true);
  // The last page of this stream: scanned backwards for its capture pattern and serial number.
  for (let p = tail.length - 27; p >= 0; p--) {
    const capture = tail[p] === 0x4f && tail[p + 1] === 0x67 && tail[p + 2] === 0x67 && tail[p + 3] === 0x53;
    if (!capture || tail[p + 4] !== 0) continue;
    const v = view(tail.subarray(p, p + 27));
    if (v.getUint32(14, true) !== serial) continue;
    const low = v.getUint32(6, true);
    const high = v.getInt32(10, true);
    if (high < 0) continue; // −1: no packet ends on this page
    // Not the end of the stream (the file was cut): its length is not in the headers.
    if ((tail[p + 5] & 0x04) === 0) return null;
    const frames = high * 2 ** 32 + low;
    return channels > 0 && sampleRate > 0 && frames > 0 ? { sampleRate, channels, frames } : null;
  }
  return null;
}

const MPEG_RATES: Record<number, number[]> = {
  3: [44100, 48000, 32000],
  2: [22050, 24000, 16000],
  0: [11025, 12000, 8000],
};

/** An MPEG layer III stream's first frame: its Xing/Info tag's frame count and LAME tag's delay and padding. */
function mp3Info(b: Uint8Array): AudioInfo | null {
  if (b.length < 4 || b[0] !== 0xff || (b[1] & 0xe0) !== 0xe0) return null;
  const version = (b[1] >> 3) & 3; // 3: MPEG 1, 2: MPEG 2, 0: MPEG 2.5
  const layer = (b[1] >> 1) & 3; // 1: layer III
  const rateIndex = (b[2] >> 2) & 3;
  if (layer !== 1 || version === 1 || rateIndex === 3) return null;
  const sampleRate = MPEG_RATES[version][rateIndex];
  const mono = ((b[3] >> 6) & 3) === 3;
  const channels = mono ? 1 : 2;
  const mpeg1 = version === 3;
  const sideInfo = mpeg1 ? (mono ? 17 : 32) : mono ? 9 : 17;
  const crc = (b[1] & 1) === 0 ? 2 : 0;
  const at = 4 + crc + sideInfo;
  if (b.length < at + 8 + 100 + 4 + 24) return null;
  const tag = String.fromCharCode(...b.subarray(at, at + 4));
  if (tag !== 'Xing' && tag !== 'Info') return null;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const flags = v.getUint32(at + 4, false);
  if ((flags & 1) === 0) return null;
  const count = v.getUint32(at + 8, false);
  const lame = at + 8 + 4 + (flags & 2 ? 4 : 0) + (flags & 4 ? 100 : 0) + (flags & 8 ? 4 : 0);
  if (String.fromCharCode(...b.subarray(lame, lame + 4)) !== 'LAME') return null;
  const delay = (b[lame + 21] << 4) | (b[lame + 22] >> 4);
  const padding = ((b[lame + 22] & 0x0f) << 8) | b[lame + 23];
  const frames = count * (mpeg1 ? 1152 : 576) - delay - padding;
  return frames > 0 ? { sampleRate, channels, frames } : null;
}
