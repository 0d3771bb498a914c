import type { Rng } from '@audio-dl/dsp';

// Small, fast building blocks for the synthetic demo data: per-track seeds, wavetable notes, drum one-shots and
// one-pole filters (the random generator itself is dsp's mulberry32). Everything is plain loops over Float32Array.

/** FNV-1a of a string: turns "seed/genre/index" into an independent stream per track. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export const uniform = (rng: Rng, lo: number, hi: number): number => lo + (hi - lo) * rng();
export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];

export const TABLE_SIZE = 2048;
const tables = new Map<string, Float32Array>();

/** One cycle of a waveform from its harmonic amplitudes, peak-normalised, with a guard sample for interpolation. */
export function wavetable(harmonics: readonly number[]): Float32Array {
  const key = harmonics.join(',');
  const cached = tables.get(key);
  if (cached) return cached;
  const table = new Float32Array(TABLE_SIZE + 1);
  for (let i = 0; i < TABLE_SIZE; i++) {
    let v = 0;
    for (let h = 0; h < harmonics.length; h++) v += harmonics[h] * Math.sin((2 * Math.PI * (h + 1) * i) / TABLE_SIZE);
    table[i] = v;
  }
  let peak = 0;
  for (let i = 0; i < TABLE_SIZE; i++) peak = Math.max(peak, Math.abs(table[i]));
  for (let i = 0; i < TABLE_SIZE; i++) table[i] /= peak || 1;
  table[TABLE_SIZE] = table[0];
  tables.set(key, table);
  return table;
}

export const midiToHz = (note: number): number => 440 * 2 ** ((note - 69) / 12);

export interface NoteShape {
  /** Seconds to full level. */
  attack: number;
  /** Exponential decay time constant in seconds (Infinity: sustained). */
  decay: number;
  /** Vibrato depth as a frequency ratio (0: none) and rate in Hz. */
  vibrato?: number;
  vibratoRate?: number;
}

/** Adds one wavetable note to `buf` from sample `start` for `length` samples, with a 10 ms release. */
export function addNote(
  buf: Float32Array,
  table: Float32Array,
  start: number,
  length: number,
  freq: number,
  amp: number,
  sr: number,
  shape: NoteShape,
): void {
  const from = Math.max(0, Math.round(start));
  const to = Math.min(buf.length, Math.round(start + length));
  const len = to - from;
  if (len <= 0) return;
  const inc = (freq * TABLE_SIZE) / sr;
  const attack = Math.max(1, shape.attack * sr);
  const decayMul = Number.isFinite(shape.decay) ? Math.exp(-1 / (shape.decay * sr)) : 1;
  const release = Math.max(1, Math.min(len, Math.round(0.01 * sr)));
  const depth = shape.vibrato ?? 0;
  const sine = depth > 0 ? wavetable([1]) : table;
  const vibInc = ((shape.vibratoRate ?? 5) * TABLE_SIZE) / sr;
  let phase = 0;
  let vibPhase = 0;
  let env = amp;
  for (let i = 0; i < len; i++) {
    const idx = phase | 0;
    const s = table[idx] + (phase - idx) * (table[idx + 1] - table[idx]);
    let g = env;
    if (i < attack) g *= i / attack;
    if (i > len - release) g *= (len - i) / release;
    buf[from + i] += g * s;
    env *= decayMul;
    phase += depth > 0 ? inc * (1 + depth * sine[vibPhase | 0]) : inc;
    if (phase >= TABLE_SIZE) phase -= TABLE_SIZE;
    if (depth > 0) {
      vibPhase += vibInc;
      if (vibPhase >= TABLE_SIZE) vibPhase -= TABLE_SIZE;
    }
  }
}

/** Mixes a one-shot sample into `buf` at `start` (samples). */
export function addShot(buf: Float32Array, shot: Float32Array, start: number, gain: number): void {
  const from = Math.max(0, Math.round(start));
  const to = Math.min(buf.length, from + shot.length);
  for (let i = from; i < to; i++) buf[i] += gain * shot[i - from];
}

/** Kick: a sine swept down from `high` to `low` Hz with an exponential decay. */
export function kickShot(sr: number, high: number, low: number, decay: number): Float32Array {
  const out = new Float32Array(Math.round(sr * decay * 5));
  let phase = 0;
  for (let i = 0; i < out.length; i++) {
    const t = i / sr;
    phase += (2 * Math.PI * (low + (high - low) * Math.exp(-t / 0.03))) / sr;
    out[i] = Math.sin(phase) * Math.exp(-t / decay);
  }
  return out;
}

/**
 * Noise burst (snare, hats, ride): white noise through a one-pole high-pass at `cutoff` Hz, plus an optional
 * tone (snare body, cymbal bell), decaying with time constant `decay`.
 */
export function noiseShot(rng: Rng, sr: number, decay: number, cutoff: number, tone = 0, toneLevel = 0): Float32Array {
  const out = new Float32Array(Math.round(sr * decay * 5));
  const a = 1 - Math.exp((-2 * Math.PI * cutoff) / sr);
  let low = 0;
  for (let i = 0; i < out.length; i++) {
    const t = i / sr;
    const n = rng() * 2 - 1;
    low += a * (n - low);
    const body = toneLevel > 0 ? toneLevel * Math.sin((2 * Math.PI * tone * i) / sr) : 0;
    out[i] = (n - low + body) * Math.exp(-t / decay);
  }
  return out;
}

/** In-place one-pole low-pass at `cutoff` Hz. */
export function lowpass(buf: Float32Array, cutoff: number, sr: number): void {
  const a = 1 - Math.exp((-2 * Math.PI * cutoff) / sr);
  let y = 0;
  for (let i = 0; i < buf.length; i++) {
    y += a * (buf[i] - y);
    buf[i] = y;
  }
}

/** tanh by a Padé approximant, clamped where it reaches ±1: a third of the cost of Math.tanh, same sound. */
const softClip = (x: number): number => (x <= -3 ? -1 : x >= 3 ? 1 : (x * (27 + x * x)) / (27 + 9 * x * x));

/** In-place soft clipping, tanh(drive · x) normalised so a full-scale input stays full scale. */
export function distort(buf: Float32Array, drive: number): void {
  if (drive <= 0) return;
  let peak = 0;
  for (let i = 0; i < buf.length; i++) peak = Math.max(peak, Math.abs(buf[i]));
  if (peak === 0) return;
  const k = drive / peak;
  const norm = peak / softClip(drive);
  for (let i = 0; i < buf.length; i++) buf[i] = softClip(k * buf[i]) * norm;
}
