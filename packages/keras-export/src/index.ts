export { exportKeras, KERAS_VERSION, type KerasExport, kerasArchive, tfjsLayers } from './keras';
export { KerasExportError } from './keras-layers';
