import * as path from 'node:path';
import { bundleForBrowser, isNodeOnly } from './bundle';

// esbuild bundles in about a second per entry, longer on a loaded machine.
jest.setTimeout(120_000);

const packages = path.resolve(__dirname, '../..');

describe('bundleForBrowser', () => {
  // dsp has one entry, all portable; dataset and genre-model keep a portable entry beside their main one.
  it.each([
    ['dsp', 'index.ts'],
    ['dataset', 'portable.ts'],
    ['genre-model', 'portable.ts'],
  ])('bundles @audio-dl/%s (src/%s) for the browser', async (name, entry) => {
    const bundle = await bundleForBrowser(path.join(packages, name, 'src', entry));
    expect(bundle.code.length).toBeGreaterThan(100_000);
    // What the split moved out must stay out: file reading, the native canvas, worker pools.
    const ours = bundle.inputs.filter((f) => !f.includes('node_modules'));
    expect(ours.filter((f) => /\/(load|plot\/font|plot\/axes|pool|worker|io|backend)\.ts$/.test(f))).toEqual([]);
    expect(bundle.inputs.some((f) => f.includes('@napi-rs') || f.includes('piscina'))).toBe(false);
  });

  it("fails on a Node-only entry's imports, naming each importer", async () => {
    await expect(bundleForBrowser(path.join(packages, 'dsp', 'src', 'node.ts'))).rejects.toThrow(
      /dsp\/src\/node\/load\.ts: imports node:fs, which a browser lacks/,
    );
    // The figures (not the index, whose pngjs esbuild refuses before our check runs) reach the canvas and the font.
    await expect(bundleForBrowser(path.join(packages, 'plot', 'src', 'figures.ts'))).rejects.toThrow(
      /plot\/src\/font\.ts: imports @napi-rs\/canvas[\s\S]*plot\/src\/font\.ts: calls require\.resolve/,
    );
  });

  it('tells Node-only specifiers from portable ones', () => {
    expect(
      ['node:fs', 'fs/promises', 'worker_threads', 'os', '@napi-rs/canvas', './addon.node'].map(isNodeOnly),
    ).toEqual([true, true, true, true, true, true]);
    expect(['zod', '@tensorflow/tfjs', './fft', 'fft.js'].map(isNodeOnly)).toEqual([false, false, false, false]);
  });
});
