// Piscina worker for generateDemoData: one task per track. Loaded through createPool (pool.ts).
import { writeDemoTrack } from './demo';

export default writeDemoTrack;
