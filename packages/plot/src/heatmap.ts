import { type ColormapName, colormap } from '@audio-dl/dsp';
import { createFrame, drawAxes, formatTick, INK, niceTicks, toPng, widestLabel } from './axes';
import { font } from './font';

export interface HeatmapPlotOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  /** Row-major [rows, cols]. */
  data: Float32Array;
  shape: [number, number];
  /** Numeric axis ranges (e.g. seconds, Hz) … */
  xExtent?: [number, number];
  yExtent?: [number, number];
  /** … or one label per column / row (categorical, e.g. genres). */
  xTicks?: string[];
  yTicks?: string[];
  /** Row 0 at the bottom ('lower', spectrograms: the default with numeric y) or top ('upper', confusion matrices). */
  origin?: 'lower' | 'upper';
  colorbarLabel?: string;
  /** Write each cell's value in it (confusion matrices). */
  annotate?: boolean;
  cmap?: ColormapName;
  /** Colour range; defaults to the data's min and max. */
  vmin?: number;
  vmax?: number;
  width?: number;
  height?: number;
}

/**
 * Heatmap as PNG with a colour bar, drawn pixel by pixel into ImageData (nearest cell per pixel), so a
 * 1025 × 1292 spectrogram renders in milliseconds.
 */
export function heatmapPlot(opts: HeatmapPlotOptions): Buffer {
  const { data, shape, width = 900, height = 500, cmap = 'magma' } = opts;
  const [rows, cols] = shape;
  if (data.length !== rows * cols)
    throw new RangeError(`heatmap data has ${data.length} values, shape says ${rows}×${cols}`);
  if (opts.xTicks && opts.xTicks.length !== cols)
    throw new RangeError(`${opts.xTicks.length} xTicks for ${cols} columns`);
  if (opts.yTicks && opts.yTicks.length !== rows) throw new RangeError(`${opts.yTicks.length} yTicks for ${rows} rows`);
  const origin = opts.origin ?? (opts.yTicks ? 'upper' : 'lower');
  let vmin = opts.vmin ?? Number.POSITIVE_INFINITY;
  let vmax = opts.vmax ?? Number.NEGATIVE_INFINITY;
  if (opts.vmin === undefined || opts.vmax === undefined) {
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (!Number.isFinite(v)) continue;
      if (opts.vmin === undefined && v < vmin) vmin = v;
      if (opts.vmax === undefined && v > vmax) vmax = v;
    }
  }
  if (!(vmax > vmin)) {
    vmin = Number.isFinite(vmin) ? vmin - 0.5 : 0;
    vmax = vmin + 1;
  }
  const left = opts.yTicks ? Math.max(78, widestLabel(opts.yTicks) + 44) : 78;
  // categorical x labels wider than their cells are written at 45°, which needs a deeper bottom margin
  const xWidest = opts.xTicks ? widestLabel(opts.xTicks) : 0;
  const slanted = opts.xTicks !== undefined && xWidest + 6 > (width - left - 110) / cols;
  const f = createFrame(width, height, opts.title, 110, left, slanted ? 40 + Math.ceil(xWidest * Math.SQRT1_2) : 58);
  const { ctx } = f;
  const lut = colormap(cmap);
  const w = Math.max(1, Math.round(f.w));
  const h = Math.max(1, Math.round(f.h));
  const img = ctx.createImageData(w, h);
  const px = img.data;
  const colOf = new Int32Array(w);
  for (let x = 0; x < w; x++) colOf[x] = Math.min(cols - 1, Math.floor(((x + 0.5) * cols) / w));
  const scale = 255.999 / (vmax - vmin);
  for (let y = 0; y < h; y++) {
    const slot = Math.min(rows - 1, Math.floor(((y + 0.5) * rows) / h));
    const base = (origin === 'lower' ? rows - 1 - slot : slot) * cols;
    let o = y * w * 4;
    for (let x = 0; x < w; x++, o += 4) {
      const v = data[base + colOf[x]];
      const idx = Number.isFinite(v) ? Math.max(0, Math.min(255, Math.floor((v - vmin) * scale))) * 3 : 0;
      px[o] = lut[idx];
      px[o + 1] = lut[idx + 1];
      px[o + 2] = lut[idx + 2];
      px[o + 3] = 255;
    }
  }
  ctx.putImageData(img, Math.round(f.x), Math.round(f.y));
  drawAxes(
    f,
    { label: opts.xLabel, categories: opts.xTicks, extent: opts.xExtent ?? [0, cols], slanted },
    {
      label: opts.yLabel,
      categories: opts.yTicks,
      extent: opts.yExtent ?? [0, rows],
      firstAtBottom: origin === 'lower',
    },
    false,
  );
  if (opts.annotate) {
    const integers = data.every((v) => Number.isInteger(v));
    ctx.font = font(Math.max(8, Math.min(14, Math.floor(Math.min(f.w / cols, f.h / rows) / 3))));
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (let r = 0; r < rows; r++) {
      const slot = origin === 'lower' ? rows - 1 - r : r;
      for (let c = 0; c < cols; c++) {
        const v = data[r * cols + c];
        const t = Math.max(0, Math.min(1, (v - vmin) / (vmax - vmin)));
        ctx.fillStyle = t > 0.6 ? '#000000' : '#ffffff';
        ctx.fillText(
          integers ? String(v) : v.toFixed(2),
          f.x + ((c + 0.5) * f.w) / cols,
          f.y + ((slot + 0.5) * f.h) / rows,
        );
      }
    }
  }
  // colour bar
  const bx = f.x + f.w + 18;
  const bw = 16;
  const bar = ctx.createImageData(bw, h);
  for (let y = 0; y < h; y++) {
    const idx = Math.max(0, Math.min(255, Math.floor(((h - 1 - y) / Math.max(1, h - 1)) * 255.999))) * 3;
    for (let x = 0; x < bw; x++) {
      const o = (y * bw + x) * 4;
      bar.data[o] = lut[idx];
      bar.data[o + 1] = lut[idx + 1];
      bar.data[o + 2] = lut[idx + 2];
      bar.data[o + 3] = 255;
    }
  }
  ctx.putImageData(bar, Math.round(bx), Math.round(f.y));
  ctx.strokeStyle = INK;
  ctx.strokeRect(Math.round(bx) + 0.5, Math.round(f.y) + 0.5, bw, h);
  const ticks = niceTicks(vmin, vmax, 6);
  ctx.font = font(11);
  ctx.fillStyle = INK;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  for (const t of ticks) {
    const y = f.y + h - ((t - vmin) / (vmax - vmin)) * h;
    ctx.beginPath();
    ctx.moveTo(bx + bw, y);
    ctx.lineTo(bx + bw + 4, y);
    ctx.stroke();
    ctx.fillText(formatTick(t, ticks), bx + bw + 6, y);
  }
  if (opts.colorbarLabel) {
    ctx.save();
    ctx.translate(width - 12, f.y + h / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.font = font(12);
    ctx.fillText(opts.colorbarLabel, 0, 0);
    ctx.restore();
  }
  return toPng(f);
}
