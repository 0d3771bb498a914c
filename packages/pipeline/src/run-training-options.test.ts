import { trainSettingsSchema } from '@audio-dl/genre-model/schemas';
import { trainOptions } from './run-training';

describe('trainOptions', () => {
  const run = { model: 'mel-cnn', epochs: 40, threads: 2, splitKind: 'group' } as const;

  it('passes --pooling to the library, and leaves it to the recipe when absent', () => {
    expect(trainOptions(trainSettingsSchema.parse({ pooling: 'max' }), run).pooling).toBe('max');
    expect('pooling' in trainOptions(trainSettingsSchema.parse({}), run)).toBe(false);
    expect(trainSettingsSchema.safeParse({ pooling: 'median' }).success).toBe(false);
  });

  it('passes --width to the library, and leaves it to the recipe when absent', () => {
    expect(trainOptions(trainSettingsSchema.parse({ width: 24 }), run).width).toBe(24);
    expect('width' in trainOptions(trainSettingsSchema.parse({}), run)).toBe(false);
    expect(trainSettingsSchema.safeParse({ width: 0 }).success).toBe(false);
    expect(trainSettingsSchema.safeParse({ width: 1.5 }).success).toBe(false);
  });
});
