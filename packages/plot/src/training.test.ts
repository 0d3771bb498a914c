import { PNG } from 'pngjs';
import { confusionPlot, historyPlot } from './training';

// Plotting takes well under a second alone but far longer on a loaded, shared machine.
jest.setTimeout(180_000);

const history = {
  epoch: [1, 2, 3],
  loss: [2.1, 1.5, 1.2],
  accuracy: [0.3, 0.5, 0.6],
  val_loss: [2.0, 1.7, 1.8],
  val_accuracy: [0.35, 0.45, 0.44],
  seconds: [1, 1, 1],
  bestEpoch: 3,
  stoppedEarly: false,
};

describe('plots', () => {
  it('draws the §10.4 figure as two stacked panels (accuracy over loss)', () => {
    const png = PNG.sync.read(historyPlot(history));
    expect(png.width).toBe(900);
    expect(png.height).toBe(720);
  });

  it('draws only the loss panel for a model without accuracy (addition)', () => {
    const png = PNG.sync.read(historyPlot({ epoch: [1, 2], loss: [0.1, 0.05] }));
    expect(png.height).toBe(360);
  });

  it('draws the confusion matrix as a heatmap', () => {
    // Three segments, true [rock, jazz, jazz], predicted [rock, jazz, rock].
    const m = {
      mapping: ['rock', 'jazz'],
      confusion: [
        [1, 0],
        [1, 1],
      ],
    };
    const png = PNG.sync.read(confusionPlot(m));
    expect(png.width).toBe(650);
    expect(png.height).toBe(500);
  });
});
