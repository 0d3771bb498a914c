/** A labelled region of a recording, in seconds. */
export interface LabelledRegion {
  start: number;
  end: number;
  label: string;
}

/**
 * Consecutive windows with the same label merged into regions. Overlapping windows each own the stretch nearest
 * their centre (the first from its start, the last to its end), so the regions tile the covered time without
 * overlapping, as a label track wants.
 */
export function mergeSegments(windows: { start: number; end: number; label: string }[]): LabelledRegion[] {
  const regions: LabelledRegion[] = [];
  for (let i = 0; i < windows.length; i++) {
    const w = windows[i];
    const from = i === 0 ? w.start : (windows[i - 1].start + windows[i - 1].end + w.start + w.end) / 4;
    const to = i === windows.length - 1 ? w.end : (w.start + w.end + windows[i + 1].start + windows[i + 1].end) / 4;
    const last = regions[regions.length - 1];
    if (last && last.label === w.label) last.end = to;
    else regions.push({ start: from, end: to, label: w.label });
  }
  return regions;
}
