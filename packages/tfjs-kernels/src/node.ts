// @audio-dl/tfjs-kernels/node, the Node entry: starts a backend (tfjs-node, else wasm with our kernels and, where
// they are built, the native ones, else cpu) and reports what runs. The kernels and layers are in the main entry.
export { type BackendInfo, backendInfo, describeBackend, initBackend, setOperationThreads } from './backend';
