import type { Canvas, SKRSContext2D } from '@napi-rs/canvas';
import { canvas as addon, ensureFont, font } from './font';

/** Plot area inside a figure, in pixels. */
export interface Frame {
  canvas: Canvas;
  ctx: SKRSContext2D;
  x: number;
  y: number;
  w: number;
  h: number;
}

export const INK = '#222222';
const GRID = '#e6e6e6';

/** White figure with a title and a plot area leaving room for tick labels (and a colour bar when `rightPad` is big). */
export function createFrame(
  width: number,
  height: number,
  title: string,
  rightPad = 30,
  leftPad = 78,
  bottomPad = 58,
): Frame {
  ensureFont();
  const canvas = addon().createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = INK;
  ctx.font = font(16, 'bold');
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.fillText(title, width / 2, 10);
  const x = leftPad;
  const y = 40;
  return { canvas, ctx, x, y, w: width - x - rightPad, h: height - y - bottomPad };
}

/** About `target` round tick values covering [lo, hi] (steps 1, 2, 2.5, 5 × 10^k). */
export function niceTicks(lo: number, hi: number, target = 6): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (hi === lo) return [lo];
  const raw = (hi - lo) / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step)
    ticks.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return ticks;
}

/** Tick text with as many decimals as the spacing needs. */
export function formatTick(v: number, ticks: number[]): string {
  const step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) : Math.abs(v) || 1;
  const decimals = Math.max(
    0,
    Math.min(6, -Math.floor(Math.log10(step) + 1e-9) + (step / 10 ** Math.floor(Math.log10(step)) === 2.5 ? 1 : 0)),
  );
  if (Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-3 && v !== 0)) return v.toExponential(1);
  return v.toFixed(decimals);
}

export interface AxisSpec {
  label: string;
  /** Numeric range mapped onto the axis. */
  extent?: [number, number];
  /** Categorical labels, one per cell, centred (overrides `extent`). */
  categories?: string[];
  /** For y categories: the first one at the bottom (default: at the top, like a confusion matrix). */
  firstAtBottom?: boolean;
  /** For x categories: write the labels at 45° (when they are wider than a cell). */
  slanted?: boolean;
}

/** Draws a box, ticks, tick labels, light grid lines (when `grid`) and the two axis labels. */
export function drawAxes(f: Frame, xs: AxisSpec, ys: AxisSpec, grid: boolean): void {
  const { ctx } = f;
  ctx.font = font(12);
  ctx.fillStyle = INK;
  ctx.strokeStyle = INK;
  ctx.lineWidth = 1;
  const drawX = (px: number, text: string) => {
    ctx.beginPath();
    ctx.moveTo(px, f.y + f.h);
    ctx.lineTo(px, f.y + f.h + 5);
    ctx.stroke();
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.fillText(text, px, f.y + f.h + 7);
  };
  const drawY = (py: number, text: string) => {
    ctx.beginPath();
    ctx.moveTo(f.x - 5, py);
    ctx.lineTo(f.x, py);
    ctx.stroke();
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    ctx.fillText(text, f.x - 7, py);
  };
  const gridLine = (x0: number, y0: number, x1: number, y1: number) => {
    if (!grid) return;
    ctx.save();
    ctx.strokeStyle = GRID;
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, y1);
    ctx.stroke();
    ctx.restore();
  };
  if (xs.categories) {
    const n = xs.categories.length;
    const every = Math.max(1, Math.ceil((n * (xs.slanted ? 16 : 60)) / f.w));
    xs.categories.forEach((c, i) => {
      if (i % every !== 0) return;
      const px = f.x + ((i + 0.5) * f.w) / n;
      if (!xs.slanted) {
        drawX(px, c);
        return;
      }
      drawX(px, '');
      ctx.save();
      ctx.translate(px, f.y + f.h + 8);
      ctx.rotate(-Math.PI / 4);
      ctx.textAlign = 'right';
      ctx.textBaseline = 'middle';
      ctx.fillText(c, 0, 0);
      ctx.restore();
    });
  } else if (xs.extent) {
    const [a, b] = xs.extent;
    const ticks = niceTicks(Math.min(a, b), Math.max(a, b), Math.max(2, Math.floor(f.w / 90)));
    for (const t of ticks) {
      const px = f.x + ((t - a) / (b - a || 1)) * f.w;
      gridLine(px, f.y, px, f.y + f.h);
      drawX(px, formatTick(t, ticks));
    }
  }
  if (ys.categories) {
    const n = ys.categories.length;
    const every = Math.max(1, Math.ceil((n * 16) / f.h));
    ys.categories.forEach((c, i) => {
      const slot = ys.firstAtBottom ? n - 1 - i : i;
      if (i % every === 0) drawY(f.y + ((slot + 0.5) * f.h) / n, c);
    });
  } else if (ys.extent) {
    const [a, b] = ys.extent;
    const ticks = niceTicks(Math.min(a, b), Math.max(a, b), Math.max(2, Math.floor(f.h / 50)));
    for (const t of ticks) {
      const py = f.y + f.h - ((t - a) / (b - a || 1)) * f.h;
      gridLine(f.x, py, f.x + f.w, py);
      drawY(py, formatTick(t, ticks));
    }
  }
  ctx.strokeStyle = INK;
  ctx.strokeRect(f.x + 0.5, f.y + 0.5, f.w, f.h);
  ctx.font = font(13);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(xs.label, f.x + f.w / 2, f.canvas.height - 8);
  ctx.save();
  ctx.translate(18, f.y + f.h / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'middle';
  ctx.fillText(ys.label, 0, 0);
  ctx.restore();
}

let measurer: SKRSContext2D | null = null;

/** Width in pixels of the widest label at the tick-label font size. */
export function widestLabel(labels: string[]): number {
  ensureFont();
  measurer ??= addon().createCanvas(1, 1).getContext('2d');
  measurer.font = font(12);
  return Math.ceil(Math.max(0, ...labels.map((l) => measurer?.measureText(l).width ?? 0)));
}

export function toPng(f: Frame): Buffer {
  return f.canvas.toBuffer('image/png');
}
