export { BACKENDS, type BackendInfo, type BackendName, backendInfo, initBackend } from './backend';
