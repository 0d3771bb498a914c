// A timeline as a strip of cells coloured by label, with a legend; hovering a cell shows its window's span and
// probabilities. A file's strip lies under its waveform, on the same time axis; Listen's scrolls.
import { TAB10 } from '@audio-dl/dsp';
import { argmaxRow, mergeSegments, type WindowResult } from '@audio-dl/genre-model/portable';
import { element } from './dom';

/** Label `i`'s colour: tab10, then hues a golden angle apart. */
export function labelColour(i: number): string {
  return i < TAB10.length ? TAB10[i] : `hsl(${Math.round((i * 137.508) % 360)}, 55%, 45%)`;
}

/** A window's span and every class's probability, the likeliest first. */
export function describeWindow(w: WindowResult, labels: string[]): string {
  const ranked = labels.map((label, c) => ({ label, p: w.probabilities[c] })).sort((a, b) => b.p - a.p);
  const scores = ranked.map((r) => `${r.label} ${(100 * r.p).toFixed(1)}%`).join(', ');
  return `${w.start.toFixed(2)}–${w.end.toFixed(2)} s: ${scores}`;
}

/** A swatch and the name of each label, in the model's order. */
function legend(labels: string[]): HTMLElement {
  const box = element('p', 'legend');
  for (const [i, label] of labels.entries()) {
    const swatch = element('span', 'swatch');
    swatch.style.background = labelColour(i);
    const item = element('span', 'item');
    item.dataset.label = label;
    item.append(swatch, ` ${label}`);
    box.append(item);
  }
  return box;
}

interface Strip {
  /** The strip, its hover line and the legend. */
  element: HTMLElement;
  cells: HTMLElement;
  /** Appends a cell for `w` in its label's colour. */
  add(w: WindowResult): HTMLElement;
}

function createStrip(labels: string[], kind: 'file' | 'live'): Strip {
  const cells = element('div', 'strip');
  const info = element('p', 'strip-info note', 'Hover over the strip for a window’s probabilities.');
  const windowOf = new WeakMap<Element, WindowResult>();
  cells.addEventListener('mouseover', (e) => {
    const cell = e.target instanceof Element ? e.target.closest('.cell') : null;
    const w = cell ? windowOf.get(cell) : undefined;
    if (w) info.textContent = describeWindow(w, labels);
  });
  const box = element('div', `timeline ${kind}`);
  box.append(cells, info, legend(labels));
  return {
    element: box,
    cells,
    add(w) {
      const k = argmaxRow(w.probabilities, labels.length, 0);
      const cell = element('span', 'cell');
      cell.style.background = labelColour(k);
      cell.dataset.label = labels[k];
      cell.dataset.start = String(w.start);
      cell.dataset.end = String(w.end);
      windowOf.set(cell, w);
      cells.append(cell);
      return cell;
    },
  };
}

const percent = (x: number): string => `${(100 * x).toFixed(4)}%`;

/**
 * A file's strip over the time [from, to] its waveform shows: one cell per window, over the stretch nearest its
 * centre (overlapping windows split their overlap at its middle, as the label regions of `--segments-out` do).
 */
export function fileStrip(windows: WindowResult[], labels: string[], from: number, to: number): HTMLElement {
  const strip = createStrip(labels, 'file');
  // A distinct name per window makes mergeSegments give one region per window: the time each one owns.
  const owned = mergeSegments(windows.map((w, i) => ({ start: w.start, end: w.end, label: String(i) })));
  const span = to - from || 1;
  for (const [i, w] of windows.entries()) {
    const cell = strip.add(w);
    cell.style.left = percent((owned[i].start - from) / span);
    cell.style.width = percent((owned[i].end - owned[i].start) / span);
  }
  return strip.element;
}

/** Listen's strip: the latest `keep` windows side by side, the newest on the right. */
export function liveStrip(labels: string[], keep: number): { element: HTMLElement; add(w: WindowResult): void } {
  const strip = createStrip(labels, 'live');
  return {
    element: strip.element,
    add(w) {
      strip.add(w);
      while (strip.cells.childElementCount > keep) strip.cells.firstElementChild?.remove();
    },
  };
}
