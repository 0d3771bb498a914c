import type { LabelledRegion } from './merge-segments';

export interface GenreScore {
  genre: string;
  probability: number;
}

/** `segments`: windows predicted (their mean is the answer); `windows`: each one's result, when a timeline is asked. */
export type FilePrediction =
  | {
      file: string;
      ok: true;
      segments: number;
      top: GenreScore[];
      probabilities: GenreScore[];
      windows?: TimelineWindow[];
    }
  | { file: string; ok: false; error: string };

/** A window's result with every class's probability, as the CSV and the label track are made from it. */
export interface WindowResult {
  start: number;
  end: number;
  probabilities: Float32Array;
}

/** One window as `--timeline` and `?timeline=1` give it: its span in seconds and its top labels. */
export interface TimelineWindow {
  start: number;
  end: number;
  top: { label: string; probability: number }[];
}

const seconds = (t: number): string => String(Math.round(t * 1e6) / 1e6);

/** A CSV field, quoted when it holds a comma, a quote or a line break. */
function field(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The index of the largest value of row `w` (the window's label). */
export function argmaxRow(probs: Float32Array, k: number, w: number): number {
  let best = 0;
  for (let c = 1; c < k; c++) if (probs[w * k + c] > probs[w * k + best]) best = c;
  return best;
}

/** `start,end,label,probability` and one column per class, a row per window. */
export function timelineCsv(windows: WindowResult[], labels: string[]): string {
  const k = labels.length;
  const lines = [['start', 'end', 'label', 'probability', ...labels].map(field).join(',')];
  for (const w of windows) {
    const best = argmaxRow(w.probabilities, k, 0);
    const cells = [seconds(w.start), seconds(w.end), field(labels[best]), String(w.probabilities[best])];
    for (let c = 0; c < k; c++) cells.push(String(w.probabilities[c]));
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Regions as CSV: `start,end,label`. */
export function regionsCsv(regions: LabelledRegion[]): string {
  return `start,end,label\n${regions.map((r) => `${seconds(r.start)},${seconds(r.end)},${field(r.label)}`).join('\n')}\n`;
}

/**
 * Regions as an Audacity label track (File › Import › Labels): one `start<TAB>end<TAB>label` line per region, seconds,
 * no header. Tabs and line breaks in a label would break the line, so they become spaces.
 */
export function audacityLabels(regions: LabelledRegion[]): string {
  return regions
    .map((r) => `${r.start.toFixed(6)}\t${r.end.toFixed(6)}\t${r.label.replace(/[\t\r\n]/g, ' ')}\n`)
    .join('');
}
