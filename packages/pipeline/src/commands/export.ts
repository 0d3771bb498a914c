import { z } from 'zod';
import { type CommandModule, parseFlags, UsageError } from '../command';
import { checkOutputFile, checkOutputFolder, requireInput } from '../paths';

const flagsSchema = z.object({
  format: z.enum(['keras', 'web'], { error: 'must be keras or web' }),
  model: z.string({ error: 'is required (a folder written by `audio-dl train`)' }),
  out: z.string({ error: 'is required (keras: the file to write, e.g. model.keras; web: the site folder)' }),
});

const options = {
  format: { type: 'string' },
  model: { type: 'string' },
  out: { type: 'string' },
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
    if (flags.format === 'web') return exportSite(flags.model, flags.out, version);
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
