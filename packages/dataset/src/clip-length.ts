import { spanOf } from '@audio-dl/dsp';
import { loadAudioInfo } from '@audio-dl/dsp/node';
import { type TrackTask, taskSpan } from './track';

/** Files whose headers are read at once: enough to keep the disk busy, few enough for any open-file limit. */
const AT_ONCE = 64;

/** What the survey before featurising needs of a clip: its length (the span used) and the rate it was recorded at. */
export interface ClipInfo {
  seconds: number;
  sampleRate: number;
}

/**
 * A task's clip as its probe would measure it by decoding (its span of the file, at the file's rate), read from
 * the file's header instead: null where the header does not say or cannot be read, for the caller to decode.
 */
export async function headerClip(task: Pick<TrackTask, 'path' | 'params' | 'region'>): Promise<ClipInfo | null> {
  const span = taskSpan(task);
  if (span === null) return null;
  try {
    const info = await loadAudioInfo(task.path);
    if (info === null) return null;
    const { start, end } = spanOf(info.frames, info.sampleRate, span, task.path);
    return { seconds: (end - start) / info.sampleRate, sampleRate: info.sampleRate };
  } catch {
    // Decoding gives the reason (or the same error), as for any clip.
    return null;
  }
}

/** `headerClip` of every task, `AT_ONCE` files at a time. */
export async function headerClipsAll(
  tasks: Pick<TrackTask, 'path' | 'params' | 'region'>[],
): Promise<(ClipInfo | null)[]> {
  const out: (ClipInfo | null)[] = [];
  for (let i = 0; i < tasks.length; i += AT_ONCE)
    out.push(...(await Promise.all(tasks.slice(i, i + AT_ONCE).map(headerClip))));
  return out;
}
