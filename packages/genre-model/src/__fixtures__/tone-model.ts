import { join } from 'node:path';
import { disposeModel } from '../models';
import { saveTrainingRun } from '../save-run';
import { trainGenreModel } from '../train';
import { toneDataset } from './tones';

/** Trains the small tone MLP the prediction tests share (6 epochs, standardised) and saves it as `dir/model`. */
export async function saveToneModel(dir: string): Promise<string> {
  const result = await trainGenreModel(
    toneDataset(8),
    { model: 'mlp', epochs: 6, learningRate: 1e-3, standardize: true },
    { source: 'tones.json', sha256: '0', backend: 'wasm' },
  );
  const out = join(dir, 'model');
  await saveTrainingRun(out, result);
  disposeModel(result.model);
  return out;
}
