// The backend names alone, with no tfjs import: a command line or a config schema can list them without loading
// TensorFlow.js.

/** The backends `initBackend` knows how to start, in the order the default tries them. */
export const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
