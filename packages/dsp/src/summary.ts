import type { DecodedAudio } from './audio';

export interface AudioSummary {
  duration: number;
  sampleRate: number;
  originalSampleRate: number;
  channels: number;
  samples: number;
  peak: number;
  rms: number;
}

/** Peak |x| and RMS of a signal with its rates and length. */
export function summarize(a: DecodedAudio): AudioSummary {
  let peak = 0;
  let sq = 0;
  const y = a.signal;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    const m = v < 0 ? -v : v;
    if (m > peak) peak = m;
    sq += v * v;
  }
  return {
    duration: a.duration,
    sampleRate: a.sr,
    originalSampleRate: a.originalSr,
    channels: a.channels,
    samples: y.length,
    peak,
    rms: y.length > 0 ? Math.sqrt(sq / y.length) : 0,
  };
}
