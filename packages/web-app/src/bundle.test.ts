import * as path from 'node:path';
import { bundleForBrowser, isNodeOnly } from './bundle';

// esbuild bundles in about a second per entry, longer on a loaded machine.
jest.setTimeout(120_000);

const packages = path.resolve(__dirname, '../..');

describe('bundleForBrowser', () => {
  it.each(['dsp', 'dataset', 'genre-model'])('bundles @audio-dl/%s/portable for the browser', async (name) => {
    const bundle = await bundleForBrowser(path.join(packages, name, 'src', 'portable.ts'));
    expect(bundle.code.length).toBeGreaterThan(100_000);
    // What the split moved out must stay out: file reading, the native canvas, worker pools.
    const ours = bundle.inputs.filter((f) => !f.includes('node_modules'));
    expect(ours.filter((f) => /\/(load|plot\/font|plot\/axes|pool|worker|io|backend)\.ts$/.test(f))).toEqual([]);
    expect(bundle.inputs.some((f) => f.includes('@napi-rs') || f.includes('piscina'))).toBe(false);
  });

  it("fails on a main entry's Node-only imports, naming each importer", async () => {
    await expect(bundleForBrowser(path.join(packages, 'dsp', 'src', 'index.ts'))).rejects.toThrow(
      /dsp\/src\/load\.ts: imports node:fs, which a browser lacks[\s\S]*plot\/font\.ts: imports @napi-rs\/canvas[\s\S]*plot\/font\.ts: calls require\.resolve/,
    );
  });

  it('tells Node-only specifiers from portable ones', () => {
    expect(
      ['node:fs', 'fs/promises', 'worker_threads', 'os', '@napi-rs/canvas', './addon.node'].map(isNodeOnly),
    ).toEqual([true, true, true, true, true, true]);
    expect(['zod', '@tensorflow/tfjs', './fft', 'fft.js'].map(isNodeOnly)).toEqual([false, false, false, false]);
  });
});
