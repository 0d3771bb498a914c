// Piscina worker for generateDemoData: one task per track. Loaded through @audio-dl/dataset's createPool.
import { writeDemoTrack } from './demo';

export default writeDemoTrack;
