// Public API of @audio-dl/demo-data: a deterministic synthetic genre set in GTZAN layout, for trying the pipeline
// without downloading anything. Rendered on worker threads; written through dataset's atomic file write.

export {
  DEMO_GENERATOR_VERSION,
  DEMO_GENRES,
  type DemoOptions,
  type DemoSummary,
  demoOptionsSchema,
  generateDemoData,
  synthesizeTrack,
} from './demo';
