import { z } from 'zod';
import { type CommandModule, parseFlags, UsageError } from '../command';
import { checkOutputFile, checkOutputFolder, requireInput } from '../paths';

const flagsSchema = z.object({
  format: z.enum(['keras', 'web', 'onnx'], { error: 'must be keras, web or onnx' }),
  model: z.string({ error: 'is required (a folder written by `audio-dl train`)' }),
  out: z.string({
    error: 'is required (keras: the file to write, e.g. model.keras; onnx: e.g. model.onnx; web: the site folder)',
  }),
  frontEnd: z.enum(['waveform', 'none'], { error: 'must be waveform or none' }).optional(),
});

const options = {
  format: { type: 'string' },
  model: { type: 'string' },
  out: { type: 'string' },
  'front-end': { type: 'string' },
} as const;

/** `audio-dl export`: a trained model in a form other tools load. */
export const exportCommand: CommandModule = {
  async run(argv) {
    const { flags, positionals } = parseFlags(argv, options, flagsSchema);
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    if (flags.format === 'keras' && !flags.out.endsWith('.keras'))
      throw new UsageError('--out: must end in .keras (Keras 3 loads archives by that suffix)');
    await requireInput(flags.model, 'folder');
    const version: string = require('../../package.json').version;
    if (flags.frontEnd && flags.format !== 'onnx') throw new UsageError('--front-end: only with --format onnx');
    if (flags.format === 'web') return exportSite(flags.model, flags.out, version);
    if (flags.format === 'onnx') return exportOnnxFile(flags.model, flags.out, flags.frontEnd ?? 'waveform');
    await checkOutputFile(flags.out);
    const [{ initBackend }, { exportKeras }] = await Promise.all([
      import('@audio-dl/tfjs-kernels/node'),
      import('@audio-dl/keras-export'),
    ]);
    await initBackend();
    const result = await exportKeras(flags.model, flags.out, version);
    process.stdout.write(
      `${result.out}: Keras 3 archive, ${result.layers.length} layers (${result.layers.join(', ')}), ${result.params} parameters, ${result.bytes} bytes; load with keras.models.load_model\n`,
    );
    return 0;
  },
};

/** `--format web`: a static site that predicts in the browser. */
async function exportSite(model: string, out: string, version: string): Promise<number> {
  await checkOutputFolder(out);
  const [{ initBackend }, { exportWeb }, { writeDirAtomic }] = await Promise.all([
    import('@audio-dl/tfjs-kernels/node'),
    import('@audio-dl/web-app'),
    import('@audio-dl/dataset'),
  ]);
  // Only to load and check the model before bundling: the page itself runs tfjs' wasm backend.
  await initBackend('cpu');
  const result = await exportWeb(model, out, version, writeDirAtomic);
  const bytes = result.files.reduce((sum, f) => sum + f.bytes, 0);
  process.stdout.write(
    `${result.out}: static site, ${result.files.length} files, ${(bytes / 1e6).toFixed(1)} MB (index.html, audio-dl.js, model/); serve the folder over http (e.g. python3 -m http.server -d ${result.out}) and open index.html\n`,
  );
  return 0;
}

/** `--format onnx`: one ONNX file, from the waveform (or the features with `--front-end none`) to the probabilities. */
async function exportOnnxFile(model: string, out: string, frontEnd: 'waveform' | 'none'): Promise<number> {
  await checkOutputFile(out);
  const [{ initBackend }, { exportOnnx }] = await Promise.all([
    import('@audio-dl/tfjs-kernels/node'),
    import('@audio-dl/onnx-export'),
  ]);
  // Only to load and check the model: its weights are read once into the graph.
  await initBackend('cpu');
  const { info, bytes } = await exportOnnx(model, out, { frontEnd });
  process.stdout.write(
    `${out}: ONNX opset ${info.opset}, ${(bytes / 1e6).toFixed(2)} MB; input "${info.input.name}" ${info.input.description}; output "${info.output.name}" [batch, ${info.labels.length}] (${info.labels.join(', ')}); described in ${out}.json\n`,
  );
  return 0;
}
