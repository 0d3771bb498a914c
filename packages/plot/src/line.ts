import { TAB10 } from '@audio-dl/dsp';
import { type AxisSpec, createFrame, drawAxes, INK, toPng } from './axes';
import { font } from './font';

export interface LineSeries {
  label?: string;
  /** x of each point; omitted: evenly spaced x0 + i·dx. */
  x?: ArrayLike<number>;
  y: ArrayLike<number>;
  x0?: number;
  dx?: number;
  color?: string;
}

export interface LinePlotOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: LineSeries[];
  width?: number;
  height?: number;
  xExtent?: [number, number];
  yExtent?: [number, number];
}

const xAt = (s: LineSeries, i: number): number => (s.x ? s.x[i] : (s.x0 ?? 0) + i * (s.dx ?? 1));

function range(series: LineSeries[], pick: (s: LineSeries, i: number) => number): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const s of series) {
    for (let i = 0; i < s.y.length; i++) {
      const v = pick(s, i);
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  if (lo > hi) return [0, 1];
  if (lo === hi) return [lo - 1, hi + 1];
  return [lo, hi];
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Top-left corner of a w×h legend inside `area` (8 px from its edges): top right, top left, bottom right or
 * bottom left, whichever covers the fewest of `points` (pixel coordinates); ties keep that order.
 */
export function legendCorner(area: Box, w: number, h: number, points: [number, number][]): [number, number] {
  const left = area.x + 8;
  const right = area.x + area.w - w - 8;
  const top = area.y + 8;
  const bottom = area.y + area.h - h - 8;
  let best: [number, number] = [right, top];
  let fewest = Number.POSITIVE_INFINITY;
  for (const [cx, cy] of [
    [right, top],
    [left, top],
    [right, bottom],
    [left, bottom],
  ] as [number, number][]) {
    let covered = 0;
    for (const [x, y] of points) if (x >= cx && x <= cx + w && y >= cy && y <= cy + h) covered++;
    if (covered < fewest) {
      fewest = covered;
      best = [cx, cy];
    }
  }
  return best;
}

/**
 * Line chart as PNG: several named series, title, labelled axes with ticks, legend when any series has a label.
 * Long series (more points than pixels) are drawn as a per-pixel min/max envelope, so 661 500 samples stay fast.
 */
export function linePlot(opts: LinePlotOptions): Buffer {
  const { width = 900, height = 450 } = opts;
  const f = createFrame(width, height, opts.title);
  const xr = opts.xExtent ?? range(opts.series, xAt);
  let yr = opts.yExtent ?? range(opts.series, (s, i) => s.y[i]);
  if (!opts.yExtent) {
    const pad = (yr[1] - yr[0]) * 0.05;
    yr = [yr[0] - pad, yr[1] + pad];
  }
  const xAxis: AxisSpec = { label: opts.xLabel, extent: xr };
  drawAxes(f, xAxis, { label: opts.yLabel, extent: yr }, true);
  const { ctx } = f;
  const px = (x: number) => f.x + ((x - xr[0]) / (xr[1] - xr[0] || 1)) * f.w;
  const py = (y: number) => f.y + f.h - ((y - yr[0]) / (yr[1] - yr[0] || 1)) * f.h;
  ctx.save();
  ctx.beginPath();
  ctx.rect(f.x, f.y, f.w, f.h);
  ctx.clip();
  ctx.lineWidth = 1.2;
  opts.series.forEach((s, k) => {
    ctx.strokeStyle = s.color ?? TAB10[k % TAB10.length];
    ctx.beginPath();
    const n = s.y.length;
    if (n > 2 * f.w) {
      // envelope: one vertical stroke per pixel column from its min to its max (joined to the previous sample)
      let col = Math.floor(px(xAt(s, 0)));
      let lo = s.y[0];
      let hi = lo;
      const flush = () => {
        ctx.moveTo(col + 0.5, py(lo) + 0.5);
        ctx.lineTo(col + 0.5, py(hi) - 0.5);
      };
      for (let i = 1; i < n; i++) {
        const c = Math.floor(px(xAt(s, i)));
        const v = s.y[i];
        if (c !== col) {
          flush();
          const prev = s.y[i - 1];
          col = c;
          lo = Math.min(v, prev);
          hi = Math.max(v, prev);
        } else {
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      }
      flush();
    } else {
      for (let i = 0; i < n; i++) {
        if (i === 0) ctx.moveTo(px(xAt(s, i)), py(s.y[i]));
        else ctx.lineTo(px(xAt(s, i)), py(s.y[i]));
      }
    }
    ctx.stroke();
  });
  ctx.restore();
  const labelled = opts.series.map((s, k) => ({ s, k })).filter(({ s }) => s.label);
  if (labelled.length > 0) {
    ctx.font = font(12);
    const w = Math.max(...labelled.map(({ s }) => ctx.measureText(s.label ?? '').width)) + 40;
    const h = labelled.length * 18 + 8;
    // As matplotlib's loc='best': the corner whose box hides the fewest plotted points (ties: top right).
    const points = opts.series.flatMap((s) => {
      const step = Math.max(1, Math.floor(s.y.length / 2000));
      const pts: [number, number][] = [];
      for (let i = 0; i < s.y.length; i += step) pts.push([px(xAt(s, i)), py(s.y[i])]);
      return pts;
    });
    const [lx, ly] = legendCorner({ x: f.x, y: f.y, w: f.w, h: f.h }, w, h, points);
    ctx.fillStyle = 'rgba(255,255,255,0.85)';
    ctx.fillRect(lx, ly, w, h);
    ctx.strokeStyle = '#bbbbbb';
    ctx.strokeRect(lx + 0.5, ly + 0.5, w, h);
    labelled.forEach(({ s, k }, j) => {
      const yy = ly + 13 + j * 18;
      ctx.strokeStyle = s.color ?? TAB10[k % TAB10.length];
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.moveTo(lx + 8, yy);
      ctx.lineTo(lx + 28, yy);
      ctx.stroke();
      ctx.fillStyle = INK;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'middle';
      ctx.fillText(s.label ?? '', lx + 34, yy);
    });
  }
  return toPng(f);
}
