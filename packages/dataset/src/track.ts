import { AudioDecodeError } from '@audio-dl/dsp';
import { loadAudio } from '@audio-dl/dsp/node';
import { type AugmentDraw, augmentWaveform, WAVEFORM_AUGMENT_RANGES, type WaveformAugment } from './augment';
import { type FeatureParams, minClipSeconds, tooShortReason } from './params';
import { trackFeatures } from './segments';
import { isSilent } from './silence';

export interface TrackTask {
  path: string;
  params: FeatureParams;
  /** Featurise augmented copy `copy` of the track (named `track` in the seed) instead of the track itself. */
  augment?: { opts: WaveformAugment; copy: number; track: string };
  /** A region of the file (seconds; `end` null: to its end), read instead of the whole file. */
  region?: { start: number; end: number | null };
  /** Only measure the clip's length (at most `duration` s), at the file's own rate: no features. */
  probe?: boolean;
}

export type TrackResult =
  | { ok: true; features: Float32Array; kept: number[]; dropped: number; seconds: number; draw?: AugmentDraw }
  | { ok: false; reason: string; dropped?: boolean };

/**
 * The span of its file a task reads: `duration` seconds from `offset` (§09.3), within its region; null when the
 * region leaves no audio after the offset.
 */
export function taskSpan({
  params,
  region,
}: Pick<TrackTask, 'params' | 'region'>): { offset: number; duration: number } | null {
  const offset = params.offset + (region?.start ?? 0);
  const duration =
    region?.end != null ? Math.min(params.duration, region.end - region.start - params.offset) : params.duration;
  return duration > 0 ? { offset, duration } : null;
}

/** Decodes one file and computes its segments' MFCC; a failure becomes a reason, never a throw. */
export async function processTrack(task: TrackTask): Promise<TrackResult> {
  const { path, params, augment, probe } = task;
  try {
    // Only the span is read and decoded; a copy sped up by time stretching needs up to 2^0.2 times as much to fill it.
    const { sr } = params;
    const span = taskSpan(task);
    if (span === null) return { ok: false, reason: `no audio after offset ${params.offset} s in the region` };
    const { offset, duration } = span;
    if (probe) {
      const audio = await loadAudio(path, { sr: null, mono: true, offset, duration });
      return { ok: true, features: new Float32Array(0), kept: [], dropped: 0, seconds: audio.duration };
    }
    const stretch = augment?.opts.kinds.includes('stretch') ? 2 ** WAVEFORM_AUGMENT_RANGES.stretch[1] : 1;
    const audio = await loadAudio(path, { sr, mono: true, offset, duration: duration * stretch });
    if (params.segmentSeconds !== undefined) {
      const least = minClipSeconds(params);
      if (audio.duration < least)
        return {
          ok: false,
          dropped: true,
          reason: tooShortReason(audio.duration, least),
        };
      if (isSilent(audio.signal)) return { ok: false, dropped: true, reason: 'dropped: silent' };
    }
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
