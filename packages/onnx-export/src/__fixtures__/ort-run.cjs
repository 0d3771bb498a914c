// Runs an ONNX model in onnxruntime-node outside Jest (whose sandbox has its own Float32Array, which
// onnxruntime's tensors refuse): node ort-run.cjs MODEL INPUT.f32 DIM,DIM,… OUTPUT.f32
const fs = require('node:fs');
const ort = require('onnxruntime-node');

async function main() {
  const [model, input, dims, output] = process.argv.slice(2);
  const session = await ort.InferenceSession.create(model);
  const bytes = fs.readFileSync(input);
  const data = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const shape = dims.split(',').map(Number);
  const result = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', data, shape) });
  const out = result[session.outputNames[0]];
  fs.writeFileSync(output, Buffer.from(out.data.buffer, out.data.byteOffset, out.data.byteLength));
  console.log(JSON.stringify({ inputs: session.inputNames, outputs: session.outputNames, dims: out.dims }));
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
