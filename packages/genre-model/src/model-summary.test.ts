import { initBackend } from '@audio-dl/tfjs-kernels/node';
import { modelSummary, readableSize } from './model-summary';
import { buildModel } from './models';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('modelSummary', () => {
  it('prints the §10 MLP as Keras 3 does: one row per layer, shapes and counts that follow from the layers', () => {
    const model = buildModel('mlp', [130, 13], 10);
    const lines = modelSummary(model).split('\n');
    model.dispose();
    expect(lines[0]).toBe('Model: "mlp"');
    const table = lines.slice(1, lines.findIndex((l) => l.startsWith('└')) + 1);
    expect(new Set(table.map((l) => l.length)).size).toBe(1);
    expect(table[1].split('┃').map((c) => c.trim())).toEqual(['', 'Layer (type)', 'Output Shape', 'Param #', '']);
    // Flatten 130 × 13, then Dense 512, 256, 64 and 10: weights in·out plus out biases each.
    const widths = [130 * 13, 512, 256, 64, 10];
    const params = widths.slice(1).map((out, i) => widths[i] * out + out);
    const count = (n: number) => n.toLocaleString('en-US');
    const rows = table
      .filter((l) => l.startsWith('│'))
      .map((l) =>
        l
          .split('│')
          .slice(1, -1)
          .map((c) => c.trim()),
      );
    expect(rows).toEqual([
      ['flatten (Flatten)', '(None, 1690)', '0'],
      ...params.map((p, i) => [`${i === 0 ? 'dense' : `dense_${i}`} (Dense)`, `(None, ${widths[i + 1]})`, count(p)]),
    ]);
    const total = params.reduce((a, b) => a + b, 0);
    expect(total).toBe(1014218);
    const size = `${((4 * total) / 1024 ** 2).toFixed(2)} MB`;
    expect(lines.slice(table.length + 1, table.length + 4)).toEqual([
      ` Total params: ${count(total)} (${size})`,
      ` Trainable params: ${count(total)} (${size})`,
      ' Non-trainable params: 0 (0.00 B)',
    ]);
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
