// Public API of @audio-dl/optional-tool, for the packages' tests: the one place that decides what a test does when a
// tool it needs (Python with some modules, Keras, Chromium, the native addon) is missing. Outside CI it says so in
// one line and the suite skips; under CI it fails, so that CI cannot go green with suites skipped.
export { toolAvailable, underCi } from './optional-tool';
