import { z } from 'zod';
import { parseFlags, UsageError } from './command';
import { flagsFor, switchValue } from './flags';

const shape = {
  batchSize: z.number().int().positive(),
  seed: z.number().int().default(42),
  split: z.enum(['track', 'segment']).default('track'),
  crop: z.boolean(),
  standardize: z.boolean().default(true),
};

describe('flagsFor', () => {
  const { options, shape: fields } = flagsFor(shape);
  const schema = z.object(fields);
  const parse = (...argv: string[]) => parseFlags(argv, options, schema).flags;

  it('names each field as a flag: values take text, booleans are switches with a --no- twin', () => {
    expect(options).toEqual({
      'batch-size': { type: 'string' },
      seed: { type: 'string' },
      split: { type: 'string' },
      crop: { type: 'boolean' },
      'no-crop': { type: 'boolean' },
      standardize: { type: 'boolean' },
      'no-standardize': { type: 'boolean' },
    });
  });

  it('reads numbers from their text, keeps defaults, leaves the rest absent', () => {
    expect(parse('--batch-size', '16', '--no-standardize')).toEqual({
      batchSize: 16,
      seed: 42,
      split: 'track',
      noStandardize: true,
    });
    expect(parse('--seed', '-3', '--split', 'segment')).toMatchObject({ seed: -3, split: 'segment' });
  });

  it("checks each value with the field's own schema, naming the flag", () => {
    expect(() => parse('--batch-size', '0')).toThrow('--batch-size: must be greater than 0');
    expect(() => parse('--batch-size', '1.5')).toThrow('--batch-size: must be a whole number');
    expect(() => parse('--seed', 'x')).toThrow('--seed: must be a number');
    expect(() => parse('--split', 'random')).toThrow(UsageError);
  });

  it('reads a switch with its twin: true, false, absent, or a contradiction', () => {
    expect(switchValue(parse('--crop'), 'crop')).toBe(true);
    expect(switchValue(parse('--no-crop'), 'crop')).toBe(false);
    expect(switchValue(parse(), 'crop')).toBeUndefined();
    expect(() => switchValue(parse('--crop', '--no-crop'), 'crop')).toThrow(
      '--crop and --no-crop contradict each other',
    );
  });
});
