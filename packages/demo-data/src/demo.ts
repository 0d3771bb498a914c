import { promises as fs } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { createPool, writeAtomic } from '@audio-dl/dataset';
import { encodeWav, mulberry32, type Rng } from '@audio-dl/dsp';
import { z } from 'zod';
import {
  addNote,
  addShot,
  distort,
  hashSeed,
  kickShot,
  lowpass,
  midiToHz,
  type NoteShape,
  noiseShot,
  pick,
  uniform,
  wavetable,
} from './synth';

type Range = readonly [number, number];
type BassLine = 'roots' | 'walking' | 'octaves' | 'sub' | 'boomchick' | 'dub' | 'pedal' | 'cello';
type Rhythm = 'pad' | 'strum' | 'skank' | 'chug' | 'comp' | 'arp' | 'stabs';

/** What makes a "genre" here: the traits that tell real genres apart (tempo, drums, bass, timbre, drive, swing). */
interface GenreStyle {
  name: string;
  tempo: Range;
  /** Delay of off-beat eighths (or sixteenths when `swing16`) as a fraction of that note; 1/3 is a triplet shuffle. */
  swing: Range;
  swing16?: boolean;
  /** Probability of a minor key. */
  minor: number;
  /** Chord progressions as scale degrees, one chord per bar. */
  progressions: readonly (readonly number[])[];
  /** 16-step patterns: x accent, o normal, . ghost (played half the time), - rest. */
  drums: { kick: readonly string[]; snare: readonly string[]; hat: readonly string[]; open?: string } | null;
  drumLevel: Range;
  bass: BassLine;
  bassTimbre: readonly number[];
  harm: { timbre: readonly number[]; rhythms: readonly Rhythm[]; shape: NoteShape; sevenths: boolean; power: boolean };
  harmLevel: Range;
  drive: Range;
  lead: { timbre: readonly number[]; prob: number; shape: NoteShape } | null;
  /** Master low-pass cutoff in Hz. */
  brightness: Range;
  /** White noise level relative to the mix's RMS. */
  noise: Range;
}

const saw = (n: number): number[] => Array.from({ length: n }, (_, k) => 1 / (k + 1));
const square = (n: number): number[] => Array.from({ length: n }, (_, k) => (k % 2 === 0 ? 1 / (k + 1) : 0));
const BACKBEAT = '----x-------x---';
const EIGHTHS = 'x-o-x-o-x-o-x-o-';

/** The ten GTZAN genre names; the first six are the default demo set. */
export const DEMO_GENRES: readonly GenreStyle[] = [
  {
    name: 'blues',
    tempo: [70, 110],
    swing: [0.2, 0.33],
    minor: 0.3,
    progressions: [[0, 0, 0, 0, 3, 3, 0, 0, 4, 3, 0, 4]],
    drums: { kick: ['x-------o-------', 'x-----o-x-------'], snare: [BACKBEAT, '----x-----.-x---'], hat: [EIGHTHS] },
    drumLevel: [0.5, 0.9],
    bass: 'walking',
    bassTimbre: [1, 0.4, 0.2, 0.1],
    harm: {
      timbre: [1, 0.6, 0.45, 0.3, 0.25, 0.15, 0.1, 0.08],
      rhythms: ['strum', 'comp'],
      shape: { attack: 0.005, decay: 0.4 },
      sevenths: true,
      power: false,
    },
    harmLevel: [0.6, 1],
    drive: [0, 1.5],
    lead: { timbre: [1, 0.6, 0.45, 0.3, 0.2, 0.1], prob: 0.7, shape: { attack: 0.01, decay: 0.6, vibrato: 0.01 } },
    brightness: [3000, 6000],
    noise: [0.005, 0.05],
  },
  {
    name: 'classical',
    tempo: [60, 100],
    swing: [0, 0],
    minor: 0.4,
    progressions: [
      [0, 3, 4, 0],
      [0, 5, 3, 4],
      [5, 3, 0, 4],
    ],
    drums: null,
    drumLevel: [0, 0],
    bass: 'cello',
    bassTimbre: saw(6),
    harm: {
      timbre: saw(12),
      rhythms: ['pad', 'arp'],
      shape: { attack: 0.25, decay: Number.POSITIVE_INFINITY, vibrato: 0.004, vibratoRate: 5.5 },
      sevenths: false,
      power: false,
    },
    harmLevel: [0.7, 1],
    drive: [0, 0],
    lead: { timbre: [1, 0.15, 0.05], prob: 0.8, shape: { attack: 0.08, decay: 2, vibrato: 0.006, vibratoRate: 5 } },
    brightness: [2500, 5000],
    noise: [0.002, 0.03],
  },
  {
    name: 'disco',
    tempo: [112, 128],
    swing: [0, 0.05],
    minor: 0.5,
    progressions: [
      [0, 3],
      [0, 5, 1, 4],
      [5, 4, 0, 0],
    ],
    drums: { kick: ['x---x---x---x---'], snare: [BACKBEAT], hat: ['o.o.o.o.o.o.o.o.'], open: '--x---x---x---x-' },
    drumLevel: [0.7, 1],
    bass: 'octaves',
    bassTimbre: [1, 0.5, 0.3, 0.15],
    harm: {
      timbre: saw(10),
      rhythms: ['stabs', 'skank'],
      shape: { attack: 0.01, decay: 0.25 },
      sevenths: true,
      power: false,
    },
    harmLevel: [0.5, 0.9],
    drive: [0, 0.3],
    lead: { timbre: square(9), prob: 0.4, shape: { attack: 0.02, decay: 1 } },
    brightness: [6000, 10000],
    noise: [0.002, 0.03],
  },
  {
    name: 'hiphop',
    tempo: [80, 100],
    swing: [0.1, 0.3],
    swing16: true,
    minor: 0.75,
    progressions: [
      [0, 5],
      [0, 3],
      [0, 6, 5, 4],
    ],
    drums: {
      kick: ['x------x-x------', 'x-----x---x-----', 'x--x----x-x-----'],
      snare: [BACKBEAT, '----x--.----x---'],
      hat: ['x-x-x-x-x-x-x-x-', 'xoxoxoxoxoxoxoxo'],
    },
    drumLevel: [0.8, 1.2],
    bass: 'sub',
    bassTimbre: [1],
    harm: {
      timbre: [1, 0.25, 0.05, 0.12],
      rhythms: ['pad', 'comp'],
      shape: { attack: 0.01, decay: 1.2 },
      sevenths: true,
      power: false,
    },
    harmLevel: [0.3, 0.7],
    drive: [0, 0.6],
    lead: null,
    brightness: [1800, 4000],
    noise: [0.01, 0.08],
  },
  {
    name: 'metal',
    tempo: [140, 200],
    swing: [0, 0],
    minor: 0.95,
    progressions: [
      [0, 0, 5, 6],
      [0, 6, 5, 4],
      [0, 0, 1, 0],
    ],
    drums: {
      kick: ['xxxxxxxxxxxxxxxx', 'x-x-x-x-x-x-x-x-'],
      snare: [BACKBEAT],
      hat: ['x---x---x---x---'],
      open: 'x-------x-------',
    },
    drumLevel: [0.7, 1.1],
    bass: 'pedal',
    bassTimbre: saw(8),
    harm: { timbre: saw(14), rhythms: ['chug'], shape: { attack: 0.003, decay: 0.15 }, sevenths: false, power: true },
    harmLevel: [0.8, 1.2],
    drive: [3, 8],
    lead: { timbre: saw(10), prob: 0.3, shape: { attack: 0.01, decay: 1, vibrato: 0.012, vibratoRate: 6 } },
    brightness: [4000, 8000],
    noise: [0.005, 0.05],
  },
  {
    name: 'reggae',
    tempo: [65, 85],
    swing: [0.05, 0.2],
    minor: 0.5,
    progressions: [
      [0, 3],
      [0, 4],
      [0, 5, 3, 4],
      [1, 4],
    ],
    drums: {
      kick: ['--------x-------', 'x-------x-------'],
      snare: ['--------x-------'],
      hat: [EIGHTHS, 'x.x.x.x.x.x.x.x.'],
    },
    drumLevel: [0.5, 0.9],
    bass: 'dub',
    bassTimbre: [1, 0.2],
    harm: {
      timbre: [1, 0.7, 0.5, 0, 0.3, 0, 0.2, 0.15],
      rhythms: ['skank'],
      shape: { attack: 0.004, decay: 0.08 },
      sevenths: false,
      power: false,
    },
    harmLevel: [0.5, 0.9],
    drive: [0, 0.3],
    lead: { timbre: [1, 0.3, 0.1], prob: 0.2, shape: { attack: 0.02, decay: 0.8 } },
    brightness: [3000, 6000],
    noise: [0.005, 0.04],
  },
  {
    name: 'country',
    tempo: [95, 130],
    swing: [0, 0.1],
    minor: 0.1,
    progressions: [
      [0, 0, 3, 3, 4, 4, 0, 0],
      [0, 3, 0, 4],
    ],
    drums: { kick: ['x-------x-------'], snare: [BACKBEAT, '--o---x---o---x-'], hat: [EIGHTHS] },
    drumLevel: [0.4, 0.8],
    bass: 'boomchick',
    bassTimbre: [1, 0.5, 0.2],
    harm: {
      timbre: [1, 0.8, 0.6, 0.5, 0.4, 0.3, 0.25, 0.2, 0.15, 0.1],
      rhythms: ['strum'],
      shape: { attack: 0.003, decay: 0.3 },
      sevenths: false,
      power: false,
    },
    harmLevel: [0.6, 1],
    drive: [0, 0.3],
    lead: { timbre: saw(9), prob: 0.6, shape: { attack: 0.04, decay: 1.5, vibrato: 0.008, vibratoRate: 6 } },
    brightness: [5000, 9000],
    noise: [0.002, 0.03],
  },
  {
    name: 'jazz',
    tempo: [110, 200],
    swing: [0.25, 0.33],
    minor: 0.3,
    progressions: [
      [1, 4, 0, 0],
      [1, 4, 0, 5],
      [0, 5, 1, 4],
    ],
    drums: {
      kick: ['.---.---.---.---'],
      snare: ['------.-----.--.', '---.------.-----'],
      hat: [BACKBEAT],
      open: 'x---x-o-x---x-o-',
    },
    drumLevel: [0.3, 0.6],
    bass: 'walking',
    bassTimbre: [1, 0.3, 0.1],
    harm: {
      timbre: [1, 0.5, 0.25, 0.12, 0.06],
      rhythms: ['comp'],
      shape: { attack: 0.004, decay: 0.5 },
      sevenths: true,
      power: false,
    },
    harmLevel: [0.5, 0.9],
    drive: [0, 0],
    lead: {
      timbre: [1, 0.6, 0.5, 0.3, 0.2, 0.1],
      prob: 0.7,
      shape: { attack: 0.03, decay: 1.5, vibrato: 0.008, vibratoRate: 5 },
    },
    brightness: [3500, 7000],
    noise: [0.003, 0.04],
  },
  {
    name: 'pop',
    tempo: [95, 125],
    swing: [0, 0.08],
    minor: 0.25,
    progressions: [
      [0, 4, 5, 3],
      [5, 3, 0, 4],
      [0, 5, 3, 4],
    ],
    drums: { kick: ['x-------x-x-----', 'x---x---x---x---'], snare: [BACKBEAT], hat: [EIGHTHS, 'o.o.o.o.o.o.o.o.'] },
    drumLevel: [0.6, 1],
    bass: 'roots',
    bassTimbre: [1, 0.5, 0.25],
    harm: {
      timbre: [1, 0.5, 0.3, 0.2, 0.1],
      rhythms: ['pad', 'strum'],
      shape: { attack: 0.02, decay: 1.5 },
      sevenths: false,
      power: false,
    },
    harmLevel: [0.5, 0.9],
    drive: [0, 0.4],
    lead: { timbre: square(9), prob: 0.9, shape: { attack: 0.01, decay: 1.2 } },
    brightness: [5000, 9000],
    noise: [0.002, 0.03],
  },
  {
    name: 'rock',
    tempo: [110, 150],
    swing: [0, 0.05],
    minor: 0.4,
    progressions: [
      [0, 6, 3, 0],
      [0, 3, 4, 3],
      [5, 3, 0, 4],
    ],
    drums: {
      kick: ['x-------x-x-----', 'x-----x-x-------'],
      snare: [BACKBEAT],
      hat: [EIGHTHS],
      open: 'x---------------',
    },
    drumLevel: [0.6, 1],
    bass: 'pedal',
    bassTimbre: [1, 0.5, 0.3, 0.2],
    harm: {
      timbre: saw(12),
      rhythms: ['chug', 'strum'],
      shape: { attack: 0.004, decay: 0.6 },
      sevenths: false,
      power: true,
    },
    harmLevel: [0.7, 1.1],
    drive: [1.5, 3.5],
    lead: { timbre: saw(10), prob: 0.4, shape: { attack: 0.01, decay: 1, vibrato: 0.01, vibratoRate: 5.5 } },
    brightness: [4000, 8000],
    noise: [0.003, 0.04],
  },
];

const MAJOR = [0, 2, 4, 5, 7, 9, 11];
const MINOR = [0, 2, 3, 5, 7, 8, 10];
const scaleNote = (scale: readonly number[], i: number): number => 12 * Math.floor(i / 7) + scale[((i % 7) + 7) % 7];

/** Probability that a track borrows one trait (drums, harmony or tempo) from another genre, as real songs do. */
const BORROW = 0.15;

// Bus buffers reused from track to track: fresh multi-megabyte arrays per track cost more (page faults, GC)
// than the synthesis itself.
let scratch: Float32Array[] = [];
function buses(n: number): Float32Array[] {
  if (scratch[0]?.length !== n) scratch = Array.from({ length: 4 }, () => new Float32Array(n));
  for (const b of scratch) b.fill(0);
  return scratch;
}

/** Renders one track: a mono signal peak-normalised to a random level below full scale. */
export function synthesizeTrack(style: GenreStyle, rng: Rng, seconds: number, sr: number): Float32Array {
  const other = (): GenreStyle =>
    pick(
      rng,
      DEMO_GENRES.filter((g) => g.name !== style.name),
    );
  const drumStyle = rng() < BORROW ? other() : style;
  const harmStyle = rng() < BORROW ? other() : style;
  const tempo = uniform(rng, ...(rng() < BORROW ? other() : style).tempo);
  const swing = uniform(rng, ...style.swing);
  const scale = rng() < style.minor ? MINOR : MAJOR;
  const key = 45 + Math.floor(rng() * 12); // A2..G#3: chord register
  const progression = pick(rng, style.progressions);

  const n = Math.round(seconds * sr);
  const stepSec = 60 / tempo / 4;
  const steps = Math.ceil(seconds / stepSec) + 16;
  const at = (k: number): number => {
    const swung = style.swing16 ? (k % 2 === 1 ? swing * stepSec : 0) : k % 4 === 2 ? swing * 2 * stepSec : 0;
    return (k * stepSec + swung + uniform(rng, -0.004, 0.004)) * sr;
  };
  const stepLen = stepSec * sr;
  const chordAt = (bar: number): number => progression[bar % progression.length];
  const [drums, bass, harm, lead] = buses(n);

  // Drums
  if (drumStyle.drums) {
    const d = drumStyle.drums;
    const kick = kickShot(sr, uniform(rng, 110, 180), uniform(rng, 40, 60), uniform(rng, 0.08, 0.2));
    const snare = noiseShot(rng, sr, uniform(rng, 0.05, 0.12), uniform(rng, 800, 2000), uniform(rng, 160, 240), 0.5);
    const hat = noiseShot(rng, sr, uniform(rng, 0.015, 0.04), uniform(rng, 6000, 9000));
    const open = noiseShot(rng, sr, uniform(rng, 0.12, 0.3), uniform(rng, 5000, 8000), uniform(rng, 500, 900), 0.1);
    const lanes: [string, Float32Array, number][] = [
      [pick(rng, d.kick), kick, 1],
      [pick(rng, d.snare), snare, 0.8],
      [pick(rng, d.hat), hat, 0.35],
    ];
    if (d.open) lanes.push([d.open, open, 0.3]);
    for (let k = 0; k < steps; k++) {
      for (const [pattern, shot, level] of lanes) {
        const c = pattern[k % 16];
        const vel = c === 'x' ? 1 : c === 'o' ? 0.6 : c === '.' && rng() < 0.5 ? 0.25 : 0;
        if (vel > 0) addShot(drums, shot, at(k), level * vel * uniform(rng, 0.85, 1.15));
      }
    }
  }

  // Bass
  const bassTable = wavetable(style.bassTimbre);
  const bassShape: NoteShape =
    style.bass === 'cello'
      ? { attack: 0.15, decay: Number.POSITIVE_INFINITY, vibrato: 0.004, vibratoRate: 5 }
      : style.bass === 'sub'
        ? { attack: 0.005, decay: 0.6 }
        : { attack: 0.005, decay: 0.35 };
  for (let bar = 0; bar * 16 < steps; bar++) {
    const degree = chordAt(bar);
    const root = key - 24 + scaleNote(scale, degree);
    const third = scaleNote(scale, degree + 2) - scaleNote(scale, degree);
    const fifth = scaleNote(scale, degree + 4) - scaleNote(scale, degree);
    const next = key - 24 + scaleNote(scale, chordAt(bar + 1));
    let notes: [number, number, number][];
    switch (style.bass) {
      case 'roots':
        notes = [0, 2, 4, 6, 8, 10, 12, 14].map((s) => [s, 2, s === 14 && rng() < 0.5 ? fifth : 0]);
        break;
      case 'walking':
        notes = [
          [0, 4, 0],
          [4, 4, rng() < 0.5 ? third : 12],
          [8, 4, fifth],
          [12, 4, next - root + (rng() < 0.5 ? -1 : 1)],
        ];
        break;
      case 'octaves':
        notes = [0, 2, 4, 6, 8, 10, 12, 14].map((s) => [s, 2, s % 4 === 2 ? 12 : 0]);
        break;
      case 'sub':
        notes = [
          [0, 7, 0],
          [7, 3, 0],
          [10, 6, rng() < 0.3 ? fifth : 0],
        ];
        break;
      case 'boomchick':
        notes = [
          [0, 4, 0],
          [8, 4, fifth - 12],
        ];
        break;
      case 'dub':
        notes = [
          [0, 3, 0],
          [3, 1, 0],
          [6, 2, fifth],
          [10, 2, third],
          [12, 4, 0],
        ].filter(() => rng() > 0.15) as [number, number, number][];
        break;
      case 'pedal':
        notes = [0, 2, 4, 6, 8, 10, 12, 14].map((s) => [s, 2, 0]);
        break;
      case 'cello':
        notes = [[0, 16, 0]];
        break;
    }
    for (const [s, len, offset] of notes) {
      const k = bar * 16 + s;
      addNote(
        bass,
        bassTable,
        at(k),
        len * stepLen * 0.95,
        midiToHz(root + offset),
        uniform(rng, 0.8, 1),
        sr,
        bassShape,
      );
    }
  }
  if (style.drive[1] > 2) distort(bass, style.drive[0] / 2);

  // Harmony
  const h = harmStyle.harm;
  const harmTable = wavetable(h.timbre);
  const rhythm = pick(rng, h.rhythms);
  for (let bar = 0; bar * 16 < steps; bar++) {
    const degree = chordAt(bar);
    const root = key + scaleNote(scale, degree);
    const tones = h.power
      ? [root, root + 7, root + 12]
      : [0, 2, 4, ...(h.sevenths ? [6] : [])].map((i) => key + scaleNote(scale, degree + i));
    let hits: [number, number][];
    switch (rhythm) {
      case 'pad':
        hits = [[0, 16]];
        break;
      case 'strum':
        hits = [
          [0, 4],
          [4, 4],
          [8, 4],
          [12, 4],
        ];
        break;
      case 'skank':
        hits = [
          [2, 1],
          [6, 1],
          [10, 1],
          [14, 1],
        ];
        break;
      case 'chug':
        hits = rng() < 0.25 ? [[0, 16]] : [0, 2, 4, 6, 8, 10, 12, 14].map((s) => [s, 2]);
        break;
      case 'comp':
        hits = [0, 2, 4, 6, 8, 10, 12, 14].filter(() => rng() < 0.3).map((s) => [s, 2 + Math.floor(rng() * 4)]);
        break;
      case 'stabs':
        hits = [0, 3, 6, 10, 12].filter(() => rng() < 0.7).map((s) => [s, 1 + Math.floor(rng() * 2)]);
        break;
      case 'arp':
        hits = [];
        break;
    }
    if (rhythm === 'arp') {
      const arp = [...tones, tones[0] + 12];
      for (let s = 0; s < 16; s++) {
        const shape = { ...h.shape, attack: 0.01, decay: 0.5 };
        addNote(harm, harmTable, at(bar * 16 + s), 2 * stepLen, midiToHz(arp[s % arp.length]), 0.6, sr, shape);
      }
      continue;
    }
    for (const [s, len] of hits) {
      tones.forEach((note, v) => {
        const strum = rhythm === 'strum' ? v * uniform(rng, 0.004, 0.012) * sr : 0;
        const start = at(bar * 16 + s) + strum;
        addNote(harm, harmTable, start, len * stepLen, midiToHz(note), uniform(rng, 0.5, 0.7), sr, h.shape);
      });
    }
  }
  distort(harm, uniform(rng, ...harmStyle.drive));

  // Lead: a random walk over the pentatonic notes of the key.
  if (style.lead && rng() < style.lead.prob) {
    const leadTable = wavetable(style.lead.timbre);
    const penta = scale === MAJOR ? [0, 2, 4, 7, 9] : [0, 3, 5, 7, 10];
    let idx = Math.floor(rng() * 5);
    for (let k = 0; k < steps; k += 2) {
      if (rng() < 0.45) continue;
      idx = Math.max(0, Math.min(9, idx + Math.floor(rng() * 5) - 2));
      const note = key + 12 + 12 * Math.floor(idx / 5) + penta[idx % 5];
      const len = (2 + 2 * Math.floor(rng() * 2)) * stepLen;
      addNote(lead, leadTable, at(k), len, midiToHz(note), uniform(rng, 0.6, 1), sr, style.lead.shape);
    }
  }

  // Mix: every bus at unit RMS, then random gains; noise; tone; peak level.
  const rms = (b: Float32Array): number => {
    let s = 0;
    for (let i = 0; i < b.length; i++) s += b[i] * b[i];
    return Math.sqrt(s / b.length) || 1;
  };
  const gains: [Float32Array, number][] = [
    [drums, uniform(rng, ...drumStyle.drumLevel)],
    [bass, uniform(rng, 0.5, 1)],
    [harm, uniform(rng, ...harmStyle.harmLevel)],
    [lead, uniform(rng, 0.3, 0.8)],
  ];
  const mix = new Float32Array(n);
  for (const [bus, gain] of gains) {
    const g = gain / rms(bus);
    for (let i = 0; i < n; i++) mix[i] += g * bus[i];
  }
  const noise = uniform(rng, ...style.noise) * rms(mix);
  for (let i = 0; i < n; i++) mix[i] += noise * (rng() * 2 - 1);
  lowpass(mix, uniform(rng, ...style.brightness), sr);
  let peak = 0;
  for (let i = 0; i < n; i++) peak = Math.max(peak, Math.abs(mix[i]));
  const level = uniform(rng, 0.5, 0.95) / (peak || 1);
  for (let i = 0; i < n; i++) mix[i] *= level;
  return mix;
}

/** Bumped whenever the generated bytes change for the same options: callers caching a demo set can key on it. */
export const DEMO_GENERATOR_VERSION = 1;

export const demoOptionsSchema = z.object({
  /** Output folder; tracks go to `<root>/<genre>/<genre>.000NN.wav`. */
  root: z.string().min(1),
  /** How many genres (the first N of DEMO_GENRES) or their names. */
  genres: z
    .union([
      z.number().int().min(1).max(DEMO_GENRES.length),
      z.array(z.enum(DEMO_GENRES.map((g) => g.name) as [string, ...string[]])).min(1),
    ])
    .default(6),
  tracksPerGenre: z.number().int().positive().default(20),
  seconds: z.number().positive().default(30),
  seed: z.number().int().default(1),
  sr: z.number().int().positive().default(22050),
  /** Worker threads (default: every core); 0 renders in this thread. The files are the same either way. */
  workers: z.number().int().min(0).optional(),
});
export type DemoOptions = z.input<typeof demoOptionsSchema>;

export interface DemoSummary {
  root: string;
  genres: string[];
  files: number;
  bytes: number;
}

export interface DemoTrackTask {
  file: string;
  genre: string;
  index: number;
  seed: number;
  seconds: number;
  sr: number;
}

/** Renders and writes (temporary file, then rename) one demo track; resolves to its size in bytes. */
export async function writeDemoTrack(task: DemoTrackTask): Promise<number> {
  const style = DEMO_GENRES.find((g) => g.name === task.genre);
  if (!style) throw new Error(`unknown demo genre "${task.genre}"`);
  const rng = mulberry32(hashSeed(`${task.seed}/${task.genre}/${task.index}`));
  const wav = encodeWav(synthesizeTrack(style, rng, task.seconds, task.sr), task.sr);
  await writeAtomic(task.file, (tmp) => fs.writeFile(tmp, wav));
  return wav.length;
}

/**
 * Writes a deterministic synthetic genre data set in GTZAN layout (22 050 Hz mono 16-bit WAV): the same
 * options give the same bytes. Each track has its own random stream (seed, genre, index), so `--tracks 100`
 * starts with the same files as `--tracks 20`, and tracks render in parallel on worker threads.
 */
export async function generateDemoData(
  opts: DemoOptions,
  onFile?: (file: string, done: number, total: number) => void,
): Promise<DemoSummary> {
  const o = demoOptionsSchema.parse(opts);
  const styles =
    typeof o.genres === 'number'
      ? DEMO_GENRES.slice(0, o.genres)
      : o.genres.map((name) => DEMO_GENRES.find((g) => g.name === name) as GenreStyle);
  const tasks: DemoTrackTask[] = [];
  for (const style of styles) {
    await fs.mkdir(path.join(o.root, style.name), { recursive: true });
    for (let index = 0; index < o.tracksPerGenre; index++) {
      const file = path.join(o.root, style.name, `${style.name}.${String(index).padStart(5, '0')}.wav`);
      tasks.push({ file, genre: style.name, index, seed: o.seed, seconds: o.seconds, sr: o.sr });
    }
  }
  let files = 0;
  let bytes = 0;
  const done = (task: DemoTrackTask, size: number): void => {
    bytes += size;
    files++;
    onFile?.(task.file, files, tasks.length);
  };
  const workers = Math.min(o.workers ?? availableParallelism(), tasks.length);
  if (workers === 0) {
    for (const task of tasks) done(task, await writeDemoTrack(task));
  } else {
    const pool = createPool<DemoTrackTask, number>(
      path.join(__dirname, `demo-worker${path.extname(__filename)}`),
      workers,
    );
    try {
      await Promise.all(tasks.map(async (task) => done(task, await pool.run(task))));
    } finally {
      await pool.destroy();
    }
  }
  return { root: o.root, genres: styles.map((s) => s.name).sort(), files, bytes };
}
