import { RealFft } from './fft';
import { applyMelSegments, melSegments, sparseMelFilterBank } from './mel';
import { type Framing, frameCount, resolveFraming } from './stft';

export interface MelDbFrameOptions {
  sr: number;
  nFft: number;
  hopLength: number;
  nMels: number;
  fmin: number;
  fmax?: number;
  htk: boolean;
}

/** A clip's mel power in dB, before the top_db clamp: the shared first half of log-mel and MFCC. */
export interface MelDbFrames {
  /** 10·log10(max(mel, 1e-10)), [frame][mel]; a work buffer reused by the next call. */
  db: Float64Array;
  /** Smallest dB value of each frame. */
  lowest: Float64Array;
  /** Largest dB value of the clip (top_db is relative to it). */
  top: number;
  frames: number;
}

const LOG10_SCALE = 10 / Math.LN10;
/** A band with no power: power_to_db's floor, computed as every other band's dB is. */
const SILENT_DB = LOG10_SCALE * Math.log(1e-10);

/** Whether a frame holds only zeros. */
function isSilent(x: Float32Array): boolean {
  for (let i = 0; i < x.length; i++) if (x[i] !== 0) return false;
  return true;
}

/**
 * Precomputes FFT tables and mel filters by bin once; the returned function computes every centred frame's
 * Hann-windowed power spectrum, its mel bands and their dB (power_to_db with ref 1, amin 1e-10) into buffers
 * it reuses, so the frame loop allocates nothing.
 */
export function createMelDbFrames(o: MelDbFrameOptions): (y: Float32Array) => MelDbFrames {
  const framing: Framing = resolveFraming({ nFft: o.nFft, hopLength: o.hopLength });
  const fft = new RealFft(o.nFft);
  const bank = sparseMelFilterBank({ sr: o.sr, nFft: o.nFft, nMels: o.nMels, fmin: o.fmin, fmax: o.fmax, htk: o.htk });
  const segments = melSegments(bank);
  const { nMels } = o;
  const { nFft, hopLength } = framing;
  const power = new Float64Array(fft.bins);
  const mel = new Float64Array(nMels);
  // Frames are copied (TypedArray.set, unwindowed) from a chunk of CHUNK consecutive frames' samples, zero outside
  // the signal (librosa's centred frames), through one view per frame slot made once: no per-frame allocation,
  // and the chunk stays in cache however long the signal is (a padded copy of a whole track did not).
  const CHUNK = 32;
  const chunk = new Float32Array((CHUNK - 1) * hopLength + nFft);
  const views = Array.from({ length: CHUNK }, (_, c) => chunk.subarray(c * hopLength, c * hopLength + nFft));
  let db = new Float64Array(0); // grown on demand
  let lowest = new Float64Array(0);

  return (y: Float32Array): MelDbFrames => {
    const frames = frameCount(y.length, framing);
    if (lowest.length < frames) {
      db = new Float64Array(frames * nMels);
      lowest = new Float64Array(frames);
    }
    let top = Number.NEGATIVE_INFINITY;
    const frame = fft.frame(); // valid for the whole call: nothing else runs a transform meanwhile
    for (let t0 = 0; t0 < frames; t0 += CHUNK) {
      const first = t0 * hopLength - (nFft >> 1); // sample at chunk[0]
      const lo = Math.max(first, 0);
      const hi = Math.min(first + chunk.length, y.length);
      if (lo > first) chunk.fill(0, 0, lo - first);
      if (hi > lo) chunk.set(y.subarray(lo, hi), lo - first);
      chunk.fill(0, Math.max(hi - first, lo - first), chunk.length);
      for (let t = t0, c = 0, n = Math.min(frames, t0 + CHUNK); t < n; t++, c++) {
        const base = t * nMels;
        if (isSilent(views[c])) {
          // The transform of zeros is zeros: every band is at the floor (a clip padded to a segment has many such frames).
          db.fill(SILENT_DB, base, base + nMels);
          if (SILENT_DB > top) top = SILENT_DB;
          lowest[t] = SILENT_DB;
          continue;
        }
        frame.set(views[c]); // hannPower applies the window in the frequency domain
        fft.hannPower(power);
        applyMelSegments(segments, power, mel);
        let low = Number.POSITIVE_INFINITY;
        for (let m = 0; m < nMels; m++) {
          const d = LOG10_SCALE * Math.log(Math.max(mel[m], 1e-10));
          db[base + m] = d;
          if (d > top) top = d;
          if (d < low) low = d;
        }
        lowest[t] = low;
      }
    }
    return { db, lowest, top, frames };
  };
}
