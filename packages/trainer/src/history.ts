import { z } from 'zod';

/** Per-epoch history with Keras' key names, plus where early stopping ended. */
export const historySchema = z.object({
  epoch: z.array(z.number().int()),
  loss: z.array(z.number()),
  accuracy: z.array(z.number()).optional(),
  val_loss: z.array(z.number()).optional(),
  val_accuracy: z.array(z.number()).optional(),
  seconds: z.array(z.number()),
  /** 1-based epoch whose weights the model holds after training. */
  bestEpoch: z.number().int(),
  stoppedEarly: z.boolean(),
});
export type History = z.infer<typeof historySchema>;
