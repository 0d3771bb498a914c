import { scheduleSchema } from '@audio-dl/trainer/portable';
import { z } from 'zod';
import { classifierNames } from './model-names';
import { poolingSchema } from './pooling';

const positiveInt = z.number().int().positive();
const fraction = z.number().min(0).lt(1);

/**
 * The train options as a person sets them, each declared once: `audio-dl train`'s flags, the pipeline config's
 * `train` section and `trainGenreModel`'s options (`trainOptionsSchema`) are all built from these fields. A field
 * left out keeps the model's own recipe; the split's fields carry their defaults.
 */
export const trainSettingsShape = {
  model: z.enum(classifierNames, { error: `must be one of ${classifierNames.join(', ')}` }),
  epochs: positiveInt,
  batchSize: positiveInt,
  /** The learning rate (`learningRate` in the library's options). */
  lr: z.number().positive(),
  /**
   * `track`: all segments of a track on one side, stratified by genre; `segment`: the course's random split; `group`:
   * all tracks of a group (speaker, instrument, session) on one side. Absent: by group when the data names groups.
   */
  split: z.enum(['track', 'segment', 'group']),
  /** Test on the rows of this fold (a predefined fold of the data); train and validation come from the others. */
  testFold: z.string().min(1),
  /** `balanced`: weigh each class's loss by n / (k · its training rows); unbalanced data. */
  classWeights: z.enum(['none', 'balanced']),
  testSize: fraction.default(0.25),
  /** Fraction of what remains after the test split. */
  valSize: fraction.default(0.2),
  seed: z.number().int().default(42),
  /** Early stopping on validation loss; absent trains every epoch. */
  patience: positiveInt,
  /** Standardise each band with training-part statistics; false reproduces the course exactly. */
  standardize: z.boolean().default(true),
  weightDecay: z.number().min(0),
  schedule: scheduleSchema,
  labelSmoothing: fraction,
  /** Random crops in time of each training sample. */
  crop: z.boolean(),
  /** SpecAugment's masks with their default sizes (true) or none (false). */
  specAugment: z.boolean(),
  /** Mixup's Beta(α, α) parameter; 0 turns mixup off. */
  mixup: z.number().min(0),
  /**
   * mel-cnn's pooling of its last feature maps; absent: the recipe's (`max` for clips padded to a segment, else
   * `average`). `max-time` takes the max over frames only and keeps the bands.
   */
  pooling: poolingSchema,
  /**
   * mel-cnn's channels in its first block, doubled in each of the next three; absent: the recipe's (24 for clips
   * padded to a segment, else 16).
   */
  width: positiveInt,
  /** Threads that share each training batch; 1 trains in one thread. */
  threads: positiveInt,
};

/** The fields without a default are optional (absent: the model's recipe); the others take their defaults. */
export const trainSettingsSchema = z.object(trainSettingsShape).partial({
  model: true,
  epochs: true,
  batchSize: true,
  lr: true,
  split: true,
  testFold: true,
  classWeights: true,
  patience: true,
  weightDecay: true,
  schedule: true,
  labelSmoothing: true,
  crop: true,
  specAugment: true,
  mixup: true,
  pooling: true,
  width: true,
  threads: true,
});
export type TrainSettings = z.input<typeof trainSettingsSchema>;
