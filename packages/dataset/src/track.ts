import { AudioDecodeError } from '@audio-dl/dsp';
import { loadAudio } from '@audio-dl/dsp/node';
import { type AugmentDraw, augmentWaveform, WAVEFORM_AUGMENT_RANGES, type WaveformAugment } from './augment';
import type { FeatureParams } from './params';
import { trackFeatures } from './segments';

export interface TrackTask {
  path: string;
  params: FeatureParams;
  /** Featurise augmented copy `copy` of the track (named `track` in the seed) instead of the track itself. */
  augment?: { opts: WaveformAugment; copy: number; track: string };
}

export type TrackResult =
  | { ok: true; features: Float32Array; kept: number[]; dropped: number; seconds: number; draw?: AugmentDraw }
  | { ok: false; reason: string };

/** Decodes one file and computes its segments' MFCC; a failure becomes a reason, never a throw. */
export async function processTrack({ path, params, augment }: TrackTask): Promise<TrackResult> {
  try {
    // Only `duration` seconds from `offset` are used (§09.3), so only they are read and decoded; a copy sped up by
    // time stretching needs up to 2^0.2 times as much to fill them.
    const { sr, offset, duration } = params;
    const stretch = augment?.opts.kinds.includes('stretch') ? 2 ** WAVEFORM_AUGMENT_RANGES.stretch[1] : 1;
    const audio = await loadAudio(path, { sr, mono: true, offset, duration: duration * stretch });
    const copy = augment
      ? await augmentWaveform(audio.signal, sr, augment.track, augment.copy, augment.opts)
      : { signal: audio.signal, draw: undefined };
    const result = trackFeatures(copy.signal, params);
    for (let i = 0; i < result.features.length; i++) {
      if (!Number.isFinite(result.features[i])) return { ok: false, reason: 'MFCC has non-finite values' };
    }
    return {
      ok: true,
      ...result,
      seconds: Math.min(audio.duration, duration),
      ...(copy.draw ? { draw: copy.draw } : {}),
    };
  } catch (err) {
    return { ok: false, reason: err instanceof AudioDecodeError ? err.reason : (err as Error).message };
  }
}
