import type { FeatureParams } from '@audio-dl/dataset/portable';
import { z } from 'zod';

/**
 * How `mel-cnn` pools its last feature maps into one vector: `average` or `max` over frames and bands, or `max-time`:
 * max over frames only, the bands kept (where in frequency a sound sits reaches the logits).
 */
export const poolingSchema = z.enum(['average', 'max', 'max-time']);
export type Pooling = z.infer<typeof poolingSchema>;

/**
 * The recipe's pooling for data with feature parameters `params`: `max` when segments are cut to fit the clips
 * (`segmentSeconds`: a clip shorter than a segment is padded with silence, which an average would take in with the
 * sound), `average` for the course's fixed segments of long tracks (no padding).
 */
export function recipePooling(params: FeatureParams | null | undefined): Pooling {
  return params?.segmentSeconds === undefined ? 'average' : 'max';
}
