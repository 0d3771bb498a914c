import { z } from 'zod';
import type { GenreData } from './data';
import { trainSettingsShape } from './train-settings';

/** The split's options, declared with the other train options (`trainSettingsShape`). */
export const splitSchema = z.object({
  /**
   * `track`: all segments of a track on one side, stratified by genre; `segment`: the course's random split;
   * `group`: all tracks of a group (speaker, instrument, session) on one side (`group-split.ts`).
   */
  kind: trainSettingsShape.split.default('track'),
  /** Test on the rows of this fold; train and validation (split by `kind`) come from the other folds. */
  testFold: trainSettingsShape.testFold.optional(),
  testSize: trainSettingsShape.testSize,
  valSize: trainSettingsShape.valSize,
  seed: trainSettingsShape.seed,
});
export type SplitOptions = z.infer<typeof splitSchema>;

export interface Split {
  train: Int32Array;
  val: Int32Array;
  test: Int32Array;
}

/** What a split reads: labels, track names and genres, never features (a scan of a file gives them). */
export type SplitInput = Pick<GenreData, 'mapping' | 'labels' | 'tracks' | 'groups' | 'folds'>;
