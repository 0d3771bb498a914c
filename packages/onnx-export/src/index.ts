export {
  exportOnnx,
  infoPath,
  type OnnxExportOptions,
  type OnnxModelInfo,
  onnxExportOptionsSchema,
  onnxModel,
  onnxModelInfoSchema,
} from './export';
export { addFrontEnd } from './front-end';
export { OPSET } from './graph';
export { OnnxExportError } from './layers';
