import { augmentSchema, scheduleSchema } from '@audio-dl/trainer/portable';
import { z } from 'zod';

/** How a model is trained beyond epochs, batch size and learning rate; the course's models use none of it. */
export const recipeSchema = z
  .object({
    /** Decoupled weight decay (AdamW); 0 is the course's plain Adam. */
    weightDecay: z.number().min(0).default(0),
    schedule: scheduleSchema.default('constant'),
    labelSmoothing: z.number().min(0).lt(1).default(0),
    augment: augmentSchema.default(augmentSchema.parse({})),
  })
  .strict();
export type Recipe = z.infer<typeof recipeSchema>;
export type RecipeInput = z.input<typeof recipeSchema>;
