import { amplitudeToDb, colormap, mfcc, spectrogram, spectrum } from '@audio-dl/dsp';
import { PNG } from 'pngjs';
import { niceTicks } from './axes';
import { mfccPlot, spectrogramPlot, spectrumPlot, waveformPlot } from './figures';
import { heatmapPlot } from './heatmap';
import { legendCorner, linePlot } from './line';

/** Decodes a PNG and counts distinct colours and non-white pixels. */
function inspect(buf: Buffer) {
  const png = PNG.sync.read(buf);
  const colours = new Set<number>();
  let ink = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b] = [png.data[i], png.data[i + 1], png.data[i + 2]];
    colours.add((r << 16) | (g << 8) | b);
    if (r < 250 || g < 250 || b < 250) ink++;
  }
  return { width: png.width, height: png.height, colours: colours.size, ink: ink / (png.width * png.height), png };
}

const pixel = (png: PNG, x: number, y: number) =>
  Array.from(png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 3));

const sr = 22050;
const y = Float32Array.from(
  { length: sr },
  (_, n) => 0.5 * Math.sin((2 * Math.PI * 440 * n) / sr) + 0.1 * Math.sin(n / 3),
);

describe('plots decode as PNGs of the requested size and are not blank', () => {
  it('the five §08 figures', () => {
    const S = spectrogram(y);
    const figs = [
      waveformPlot(y, sr),
      spectrumPlot(spectrum(y, sr)),
      spectrogramPlot(S, { sr, hopLength: 512 }),
      spectrogramPlot(amplitudeToDb(S), { sr, hopLength: 512, db: true }),
      mfccPlot(mfcc(y), { sr, hopLength: 512 }),
    ];
    figs.forEach((buf, i) => {
      const info = inspect(buf);
      expect([info.width, info.height]).toEqual(i < 2 ? [900, 450] : [900, 500]);
      expect(info.ink).toBeGreaterThan(0.03);
      expect(info.colours).toBeGreaterThan(20);
    });
  });

  it('heatmap: colour map at the extremes, origin, annotation text and categorical ticks', () => {
    const data = Float32Array.from([0, 1, 2, 3]);
    const buf = heatmapPlot({
      title: 'Confusion matrix',
      xLabel: 'Predicted',
      yLabel: 'True',
      data,
      shape: [2, 2],
      xTicks: ['rock', 'jazz'],
      yTicks: ['rock', 'jazz'],
      cmap: 'viridis',
      width: 400,
      height: 400,
    });
    const { png } = inspect(buf);
    const lut = colormap('viridis');
    // origin 'upper' with categorical rows: cell (0,0) = 0 → darkest viridis at the top left of the plot area
    const left = 78 + 5;
    expect(pixel(png, left + 5, 40 + 5)).toEqual(Array.from(lut.subarray(0, 3)));
    expect(pixel(png, 400 - 110 - 5, 400 - 58 - 5)).toEqual(Array.from(lut.subarray(765, 768)));
    const annotated = inspect(
      heatmapPlot({
        title: 't',
        xLabel: 'x',
        yLabel: 'y',
        data,
        shape: [2, 2],
        annotate: true,
        width: 400,
        height: 400,
      }),
    );
    expect(annotated.colours).toBeGreaterThan(
      inspect(heatmapPlot({ title: 't', xLabel: 'x', yLabel: 'y', data, shape: [2, 2], width: 400, height: 400 }))
        .colours,
    );
    expect(() => heatmapPlot({ title: 't', xLabel: 'x', yLabel: 'y', data, shape: [3, 3] })).toThrow(
      /4 values, shape says 3×3/,
    );
  });

  it('linePlot with two labelled series draws both colours and a legend', () => {
    const buf = linePlot({
      title: 'Loss',
      xLabel: 'Epoch',
      yLabel: 'Loss',
      series: [
        { label: 'train', y: [1, 0.6, 0.4, 0.3] },
        { label: 'validation', x: [0, 1, 2, 3], y: [1.1, 0.8, 0.7, 0.72] },
      ],
      width: 500,
      height: 300,
    });
    const { width, height, png } = inspect(buf);
    expect([width, height]).toEqual([500, 300]);
    const seen = new Set<string>();
    for (let i = 0; i < png.data.length; i += 4) seen.add(`${png.data[i]},${png.data[i + 1]},${png.data[i + 2]}`);
    expect(seen.has('31,119,180')).toBe(true); // tab10 blue
    expect(seen.has('255,127,14')).toBe(true); // tab10 orange
  });

  it('legendCorner puts the legend in the corner that hides the fewest points', () => {
    const area = { x: 0, y: 0, w: 200, h: 100 };
    // A rising curve crosses the top right and bottom left: top left is free.
    const rising: [number, number][] = Array.from({ length: 50 }, (_, i) => [i * 4, 100 - i * 2]);
    expect(legendCorner(area, 40, 20, rising)).toEqual([8, 8]);
    // A falling curve fills the top left: top right is free (and first in order).
    const falling: [number, number][] = Array.from({ length: 50 }, (_, i) => [i * 4, i * 2]);
    expect(legendCorner(area, 40, 20, falling)).toEqual([152, 8]);
    // Points only at the top: a bottom corner, the right one first.
    expect(
      legendCorner(area, 40, 20, [
        [20, 10],
        [180, 10],
      ]),
    ).toEqual([152, 72]);
  });

  it('text renders (a title-only figure has dark glyph pixels in the title band)', () => {
    const { png } = inspect(
      linePlot({ title: 'WWWWWWWW', xLabel: '', yLabel: '', series: [], width: 400, height: 200 }),
    );
    let dark = 0;
    for (let yy = 8; yy < 30; yy++) for (let x = 100; x < 300; x++) if (pixel(png, x, yy)[0] < 128) dark++;
    expect(dark).toBeGreaterThan(100);
  });

  it('niceTicks picks round steps', () => {
    expect(niceTicks(0, 11025, 6)).toEqual([0, 2000, 4000, 6000, 8000, 10000]);
    expect(niceTicks(-1, 1, 4)).toEqual([-1, -0.5, 0, 0.5, 1]);
  });
});
