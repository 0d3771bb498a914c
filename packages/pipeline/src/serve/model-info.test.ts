import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { readModelInfo } from './model-info';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'audio-dl-model-info-'));
  await fs.writeFile(path.join(dir, 'model.json'), '{}');
  await fs.writeFile(path.join(dir, 'weights.bin'), new Uint8Array(4));
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

const meta = (featureParams: Record<string, unknown> | null) =>
  fs.writeFile(
    path.join(dir, 'audio-dl.json'),
    JSON.stringify({ model: 'mel-cnn', mapping: ['a', 'b'], featureParams, inputShape: [10, 64, 1] }),
  );

describe('readModelInfo', () => {
  it("reports the course's segment: duration / segments", async () => {
    await meta({ sr: 22050, duration: 30, segments: 10 });
    expect((await readModelInfo(dir)).segmentSeconds).toBeCloseTo(3, 4);
  });

  it("reports a clip model's own segment length, not the course's", async () => {
    await meta({ sr: 16000, duration: 30, segments: 10, segmentSeconds: 0.7, features: 'logmel', nMels: 64 });
    expect((await readModelInfo(dir)).segmentSeconds).toBe(0.7);
  });

  it('reports no segment for a model without feature parameters', async () => {
    await meta(null);
    expect(await readModelInfo(dir)).toMatchObject({ model: 'mel-cnn', labels: ['a', 'b'], segmentSeconds: null });
  });
});
