// Piscina worker: one task per track. Loaded as dist/worker.js, or as src/worker.ts through tsx (see preprocess.ts).
import { processTrack } from './track';

export default processTrack;
