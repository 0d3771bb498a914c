import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { classifierNames, modelNames } from '@audio-dl/genre-model/schemas';
import { BACKENDS } from '@audio-dl/tfjs-kernels/names';
import { BACKEND_NAMES, dataRoot, loadConfig, parseConfig, trainSettings } from './config';

describe('pipeline config', () => {
  it("lists genre-model's genre models and backends (the CLI validates its flags with these)", () => {
    expect([...classifierNames]).toEqual(modelNames.filter((m) => m !== 'addition'));
    expect([...BACKEND_NAMES]).toEqual([...BACKENDS]);
  });

  it('fills every section with the course defaults', () => {
    const c = parseConfig({});
    expect(c.data.root).toBeNull();
    expect(c.segment).toEqual({ duration: 30, segments: 10, seconds: 'auto' });
    // features and nMels: dataset's withDefaultFeatures, once the segment length is known.
    expect(c.mfcc).toEqual({ nMfcc: 13, nFft: 2048, hopLength: 512 });
    // null: the recommended recipe with its own epochs and learning rate.
    expect(c.train).toMatchObject({ model: null, epochs: null, lr: null, standardize: true });
    // No split named: `runTraining` chooses as `audio-dl train` does (by group when the data names groups).
    expect(c.train.split).toBeUndefined();
    expect(parseConfig({ train: { split: 'track' } }).train.split).toBe('track');
  });

  it('names the field that is wrong', () => {
    expect(() => parseConfig({ mfcc: { nMfcc: 0 } }, 'x.json')).toThrow(
      /x\.json: invalid pipeline config: mfcc\.nMfcc/,
    );
    expect(() => parseConfig({ train: { epoch: 3 } })).toThrow(/train: Unrecognized key: "epoch"/);
    expect(() => parseConfig({ decode: { duration: 10 }, segment: { duration: 30 } })).toThrow(
      /segment\.duration: is 30 s but decode keeps only 10 s/,
    );
  });

  it('lays an experiment over the train section, keeping the fields it does not set', () => {
    const c = parseConfig({ train: { seed: 7, epochs: 5 }, experiments: { cnn: { model: 'cnn', epochs: 2 } } });
    expect(trainSettings(c, 'cnn')).toMatchObject({ model: 'cnn', epochs: 2, seed: 7 });
    expect(trainSettings(c, 'default')).toMatchObject({ model: null, epochs: 5, seed: 7 });
    expect(() => trainSettings(c, 'lstm')).toThrow('unknown experiment "lstm"; the config defines: default, cnn');
  });

  it('resolves data.root against the config file and falls back to the demo folder', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'audio-dl-config-'));
    const file = path.join(dir, 'pipeline.config.json');
    await fs.writeFile(file, JSON.stringify({ data: { root: 'gtzan' } }));
    expect(dataRoot(loadConfig(file))).toEqual({ root: path.join(dir, 'gtzan'), demo: false });
    await fs.writeFile(file, '{}');
    expect(dataRoot(loadConfig(file))).toEqual({ root: path.join(dir, 'data', 'demo'), demo: true });
    await fs.writeFile(file, '{ nope');
    expect(() => loadConfig(file)).toThrow(file);
    expect(() => loadConfig(path.join(dir, 'missing.json'))).toThrow(/missing\.json: file not found/);
    await fs.rm(dir, { recursive: true, force: true });
  });
});
