import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from './backend';
import { modelSummary, readableSize } from './model-summary';
import { buildModel } from './models';

/** The course notes (the specification), read from the shared folder beside the repository. */
function seedText(): string {
  const path = join(__dirname, '../../../../shared/seeds/000_9edf8b0770b551b0.txt');
  if (!existsSync(path))
    throw new Error(`course notes missing: ${path} (expected ../shared/seeds beside the repository)`);
  return readFileSync(path, 'utf8');
}

beforeAll(async () => {
  await initBackend('cpu');
});

describe('modelSummary', () => {
  it('prints the §10 MLP exactly as the seed §10.1 shows it (apart from the model name)', () => {
    const seed = seedText();
    const block = seed.slice(seed.indexOf('Model: "sequential"'));
    const expected = block.slice(0, block.indexOf('```')).trimEnd().split('\n').slice(1);
    const model = buildModel('mlp', [130, 13], 10);
    expect(modelSummary(model).split('\n').slice(1)).toEqual(expected);
    model.dispose();
  });

  it('counts batch-norm moving statistics as non-trainable', () => {
    const model = buildModel('cnn', [130, 13], 10);
    const text = modelSummary(model);
    // 3 batch-norm layers × 32 channels × (moving mean + moving variance).
    expect(text).toMatch(/Non-trainable params: 192 \(768\.00 B\)/);
    expect(text).toMatch(/conv2d_2 \(Conv2D\) +│ \(None, 30, 1, 32\)/);
    model.dispose();
  });

  it('formats sizes with 1024-based units', () => {
    expect(readableSize(0)).toBe('0.00 B');
    expect(readableSize(4056872)).toBe('3.87 MB');
  });
});
