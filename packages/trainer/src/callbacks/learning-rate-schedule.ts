import { z } from 'zod';
import type { StepSettings, TrainingCallback } from './callback';

export const scheduleSchema = z.enum(['constant', 'one-cycle']);
export type Schedule = z.infer<typeof scheduleSchema>;

const cosine = (from: number, to: number, progress: number): number =>
  to + ((from - to) * (1 + Math.cos(Math.PI * progress))) / 2;

/**
 * Learning rate of step `step` of `total`. `one-cycle` is PyTorch's OneCycleLR with its defaults: cosine warm-up
 * from peak/25 to the peak over the first 30 % of the steps, then cosine annealing to peak/25/1e4.
 */
export function learningRateAt(schedule: Schedule, peak: number, step: number, total: number): number {
  if (schedule === 'constant') return peak;
  const warm = Math.max(1, Math.floor(0.3 * total));
  const start = peak / 25;
  if (step < warm) return cosine(start, peak, step / warm);
  return cosine(peak, start / 1e4, Math.min(1, (step - warm) / Math.max(1, total - 1 - warm)));
}

/** Sets each step's learning rate from `schedule`, peaking at `peak` (the only rate under `constant`). */
export class LearningRateSchedule implements TrainingCallback {
  constructor(
    readonly schedule: Schedule,
    readonly peak: number,
  ) {}

  onBatchBegin(step: number, totalSteps: number, settings: StepSettings): void {
    settings.learningRate = learningRateAt(this.schedule, this.peak, step, totalSteps);
  }
}
