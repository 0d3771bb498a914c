import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { modelNames as zooNames } from './models';
import { classifierNames, modelNames, trainSettingsSchema } from './schemas';
import { trainOptionsSchema } from './train';

describe('@audio-dl/genre-model/schemas', () => {
  it('names every model of the zoo, and the classifiers as every model but addition', () => {
    expect(modelNames).toBe(zooNames);
    expect([...classifierNames]).toEqual(modelNames.filter((m) => m !== 'addition'));
  });

  it('fills the split and standardisation defaults and leaves the recipe to the model', () => {
    // No split kind: absent, training splits by group when the data names groups, else by track.
    expect(trainSettingsSchema.parse({})).toEqual({
      testSize: 0.25,
      valSize: 0.2,
      seed: 42,
      standardize: true,
    });
    expect(trainOptionsSchema.parse({}).split).toEqual({ kind: 'track', testSize: 0.25, valSize: 0.2, seed: 42 });
  });

  it('gives the library options the same checks as the settings they are built from', () => {
    for (const [field, option, value] of [
      ['epochs', 'epochs', 0],
      ['lr', 'learningRate', -1],
      ['labelSmoothing', 'labelSmoothing', 1],
      ['threads', 'threads', 1.5],
    ] as const) {
      expect([field, trainSettingsSchema.safeParse({ [field]: value }).success]).toEqual([field, false]);
      expect([option, trainOptionsSchema.safeParse({ [option]: value }).success]).toEqual([option, false]);
    }
  });

  it('loads no TensorFlow.js', () => {
    const child = `require(${JSON.stringify(path.join(__dirname, 'schemas.ts'))});
process.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
    const modules = JSON.parse(
      execFileSync(process.execPath, ['--import', 'tsx', '-e', child], { cwd: __dirname, encoding: 'utf8' }),
    ) as string[];
    expect(modules.some((m) => m.endsWith(`${path.sep}schemas.ts`))).toBe(true);
    expect(modules.filter((m) => m.includes('@tensorflow'))).toEqual([]);
  });
});
