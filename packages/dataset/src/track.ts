import { AudioDecodeError, loadAudio } from '@audio-dl/dsp';
import type { FeatureParams } from './params';
import { trackFeatures } from './segments';

export interface TrackTask {
  path: string;
  params: FeatureParams;
}

export type TrackResult =
  | { ok: true; features: Float32Array; kept: number[]; dropped: number; seconds: number }
  | { ok: false; reason: string };

/** Decodes one file and computes its segments' MFCC; a failure becomes a reason, never a throw. */
export async function processTrack({ path, params }: TrackTask): Promise<TrackResult> {
  try {
    // Only `duration` seconds from `offset` are used (§09.3), so only they are read and decoded.
    const { sr, offset, duration } = params;
    const audio = await loadAudio(path, { sr, mono: true, offset, duration });
    const result = trackFeatures(audio.signal, params);
    for (let i = 0; i < result.features.length; i++) {
      if (!Number.isFinite(result.features[i])) return { ok: false, reason: 'MFCC has non-finite values' };
    }
    return { ok: true, ...result, seconds: audio.duration };
  } catch (err) {
    return { ok: false, reason: err instanceof AudioDecodeError ? err.reason : (err as Error).message };
  }
}
