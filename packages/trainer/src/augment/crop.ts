/**
 * Random crops in time. A track's segments, when they are consecutive parts of it, are one run of frames: a crop
 * is a window of one segment's length anywhere in that run, so training sees every shift of the track, not only
 * the segment boundaries preprocessing chose.
 */
export interface TrackRun {
  /** Rows of the data set, in time order, whose frames follow each other. */
  rows: number[];
  label: number;
}

/**
 * Groups rows `indices` into runs: same track, consecutive segment numbers. Rows whose track or segment is unknown
 * ('' or -1) are runs of one (a crop of them is the row itself).
 */
export function trackRuns(
  indices: Int32Array,
  tracks: readonly string[],
  segments: Int32Array | undefined,
  labels: Int32Array,
): TrackRun[] {
  const byTrack = new Map<string, number[]>();
  const runs: TrackRun[] = [];
  for (const i of indices) {
    if (tracks[i] === '' || !segments || segments[i] < 0) runs.push({ rows: [i], label: labels[i] });
    else {
      const list = byTrack.get(tracks[i]);
      if (list) list.push(i);
      else byTrack.set(tracks[i], [i]);
    }
  }
  for (const rows of [...byTrack.values()]) {
    rows.sort((a, b) => segments![a] - segments![b]);
    let run: number[] = [rows[0]];
    for (let r = 1; r < rows.length; r++) {
      if (segments![rows[r]] === segments![rows[r - 1]] + 1) run.push(rows[r]);
      else {
        runs.push({ rows: run, label: labels[run[0]] });
        run = [rows[r]];
      }
    }
    runs.push({ rows: run, label: labels[run[0]] });
  }
  return runs;
}

/**
 * Copies a window of `frames` frames starting `start` frames into `run` (rows of [frames, bands] features laid end to
 * end) into `out`.
 */
export function copyCrop(
  features: Float32Array,
  run: TrackRun,
  start: number,
  frames: number,
  bands: number,
  out: Float32Array,
): void {
  let written = 0;
  let t = start;
  while (written < frames) {
    const row = run.rows[Math.floor(t / frames)];
    const within = t % frames;
    const take = Math.min(frames - within, frames - written);
    const from = (row * frames + within) * bands;
    out.set(features.subarray(from, from + take * bands), written * bands);
    written += take;
    t += take;
  }
}
