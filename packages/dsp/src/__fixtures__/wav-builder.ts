// Builds tiny WAV files in memory so each decode case is explicit in its test.

export interface Chunk {
  id: string;
  body: Uint8Array;
  /** Size written in the header (defaults to body length): lets tests lie about it. */
  size?: number;
}

export function ascii(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

export interface FmtSpec {
  format?: number; // 1 PCM, 3 float, 0xfffe extensible
  channels?: number;
  sampleRate?: number;
  bits?: number;
  blockAlign?: number;
  /** For EXTENSIBLE: the sub-format code (1 or 3). */
  subFormat?: number;
}

export function fmtChunk(spec: FmtSpec = {}): Chunk {
  const { format = 1, channels = 1, sampleRate = 8000, bits = 16, subFormat = 1 } = spec;
  const blockAlign = spec.blockAlign ?? (channels * bits) / 8;
  const ext = format === 0xfffe;
  const body = new Uint8Array(ext ? 40 : 16);
  const v = new DataView(body.buffer);
  v.setUint16(0, format, true);
  v.setUint16(2, channels, true);
  v.setUint32(4, sampleRate, true);
  v.setUint32(8, sampleRate * blockAlign, true);
  v.setUint16(12, blockAlign, true);
  v.setUint16(14, bits, true);
  if (ext) {
    v.setUint16(16, 22, true);
    v.setUint16(18, bits, true);
    v.setUint32(20, channels === 2 ? 3 : 4, true);
    v.setUint16(24, subFormat, true);
    body.set([0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71], 26);
  }
  return { id: 'fmt ', body };
}

export function riff(chunks: Chunk[], riffSize?: number): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const c of chunks) {
    const head = new Uint8Array(8);
    head.set(ascii(c.id), 0);
    new DataView(head.buffer).setUint32(4, c.size ?? c.body.length, true);
    parts.push(head, c.body);
    if (c.body.length & 1) parts.push(new Uint8Array(1)); // pad byte
  }
  const total = 12 + parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  out.set(ascii('RIFF'), 0);
  new DataView(out.buffer).setUint32(4, riffSize ?? total - 8, true);
  out.set(ascii('WAVE'), 8);
  let pos = 12;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

export function int16Data(values: number[]): Chunk {
  const body = new Uint8Array(values.length * 2);
  const v = new DataView(body.buffer);
  values.forEach((x, i) => {
    v.setInt16(2 * i, x, true);
  });
  return { id: 'data', body };
}

export function float32Data(values: number[]): Chunk {
  const body = new Uint8Array(values.length * 4);
  const v = new DataView(body.buffer);
  values.forEach((x, i) => {
    v.setFloat32(4 * i, x, true);
  });
  return { id: 'data', body };
}

export function float64Data(values: number[]): Chunk {
  const body = new Uint8Array(values.length * 8);
  const v = new DataView(body.buffer);
  values.forEach((x, i) => {
    v.setFloat64(8 * i, x, true);
  });
  return { id: 'data', body };
}

export function int24Data(values: number[]): Chunk {
  const body = new Uint8Array(values.length * 3);
  values.forEach((x, i) => {
    const u = x < 0 ? x + 0x1000000 : x;
    body[3 * i] = u & 0xff;
    body[3 * i + 1] = (u >> 8) & 0xff;
    body[3 * i + 2] = (u >> 16) & 0xff;
  });
  return { id: 'data', body };
}

/** 16-bit mono PCM WAV of the given integer samples. */
export function pcm16Wav(values: number[], sampleRate = 8000, channels = 1): Uint8Array {
  return riff([fmtChunk({ channels, sampleRate }), int16Data(values)]);
}
