import { KerasProgress } from './progress';

describe('KerasProgress', () => {
  it('on a terminal: Epoch header, a bar redrawn in place, then the epoch line with validation figures', () => {
    const out: string[] = [];
    let now = 0;
    const p = new KerasProgress({ write: (t: string) => out.push(t), isTTY: true }, 2, () => now);
    p.onEpochBegin(0);
    now = 500;
    p.onBatchEnd(4, 10, { loss: 1.5, accuracy: 0.25 }, 2);
    now = 550; // within 100 ms of the last draw: skipped
    p.onBatchEnd(5, 10, { loss: 1.4, accuracy: 0.3 }, 2.2);
    p.onEpochEnd(0, 10, { loss: 1.2, accuracy: 0.4, val_loss: 1.3, val_accuracy: 0.35 }, 4);
    expect(out).toEqual([
      'Epoch 1/2\n',
      '\r\x1b[K 5/10 ━━━━━━━━━━────────── 2s - accuracy: 0.2500 - loss: 1.5000',
      '\r\x1b[K10/10 ━━━━━━━━━━━━━━━━━━━━ 4s 400ms/step - accuracy: 0.4000 - loss: 1.2000 - val_accuracy: 0.3500 - val_loss: 1.3000\n',
    ]);
  });

  it('elsewhere: one plain line per epoch and nothing per batch', () => {
    const out: string[] = [];
    const p = new KerasProgress({ write: (t: string) => out.push(t) }, 3);
    p.onEpochBegin(1);
    p.onBatchEnd(0, 2, { loss: 1 }, 0.1);
    p.onEpochEnd(1, 2, { loss: 0.5 }, 0.001);
    expect(out).toEqual(['Epoch 2/3 - 2/2 ━━━━━━━━━━━━━━━━━━━━ 0s 500us/step - loss: 0.5000\n']);
  });
});
