import { z } from 'zod';

/** SpecAugment (Park et al. 2019): masks of random width and place, set to 0 (the mean of standardised features). */
export const specAugmentSchema = z
  .object({
    /** Masks across bands per sample, each up to `freqWidth` of the bands wide. */
    freqMasks: z.number().int().min(0).default(2),
    freqWidth: z.number().min(0).max(1).default(0.125),
    /** Masks across frames per sample, each up to `timeWidth` of the frames wide. */
    timeMasks: z.number().int().min(0).default(2),
    timeWidth: z.number().min(0).max(1).default(0.15),
  })
  .strict();
export type SpecAugmentOptions = z.infer<typeof specAugmentSchema>;

/** Training-time augmentation; it touches training samples only, never validation or test. */
export const augmentSchema = z
  .object({
    /** Random crops in time: each training sample is a window of one sample's length anywhere in its track. */
    crop: z.boolean().default(false),
    specAugment: specAugmentSchema.nullable().default(null),
    /** Mixup's Beta(α, α) parameter; 0 turns mixup off. */
    mixup: z.number().min(0).default(0),
    /** A clip shorter than a segment (centred in silence) is moved to a random place in it (`placement.ts`). */
    placement: z.boolean().default(false),
  })
  .strict();
export type AugmentOptions = z.infer<typeof augmentSchema>;
export type AugmentInput = z.input<typeof augmentSchema>;

/** Overrides of a recipe's augmentation: an absent field keeps the recipe's (no defaults, unlike `augmentSchema`). */
export const augmentOverrideSchema = z
  .object({
    crop: z.boolean().optional(),
    specAugment: specAugmentSchema.nullable().optional(),
    mixup: z.number().min(0).optional(),
    placement: z.boolean().optional(),
  })
  .strict();
