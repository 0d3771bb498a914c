import { spanOf } from '@audio-dl/dsp';
import { loadAudioInfo } from '@audio-dl/dsp/node';
import { type TrackTask, taskSpan } from './track';

/** Files whose headers are read at once: enough to keep the disk busy, few enough for any open-file limit. */
const AT_ONCE = 64;

/**
 * Seconds of audio a task's probe would measure by decoding (its span of the file, at the file's rate), read from
 * the file's header instead: null where the header does not say or cannot be read, for the caller to decode.
 */
export async function headerSeconds(task: Pick<TrackTask, 'path' | 'params' | 'region'>): Promise<number | null> {
  const span = taskSpan(task);
  if (span === null) return null;
  try {
    const info = await loadAudioInfo(task.path);
    if (info === null) return null;
    const { start, end } = spanOf(info.frames, info.sampleRate, span, task.path);
    return (end - start) / info.sampleRate;
  } catch {
    // Decoding gives the reason (or the same error), as for any clip.
    return null;
  }
}

/** `headerSeconds` of every task, `AT_ONCE` files at a time. */
export async function headerSecondsAll(
  tasks: Pick<TrackTask, 'path' | 'params' | 'region'>[],
): Promise<(number | null)[]> {
  const out: (number | null)[] = [];
  for (let i = 0; i < tasks.length; i += AT_ONCE)
    out.push(...(await Promise.all(tasks.slice(i, i + AT_ONCE).map(headerSeconds))));
  return out;
}
