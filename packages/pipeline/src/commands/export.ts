import { z } from 'zod';
import { type CommandModule, parseFlags, UsageError } from '../command';
import { checkOutputFile, requireInput } from '../paths';

const flagsSchema = z.object({
  format: z.enum(['keras'], { error: 'must be keras' }),
  model: z.string({ error: 'is required (a folder written by `audio-dl train`)' }),
  out: z.string({ error: 'is required (the file to write, e.g. model.keras)' }),
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
    if (!flags.out.endsWith('.keras'))
      throw new UsageError('--out: must end in .keras (Keras 3 loads archives by that suffix)');
    await requireInput(flags.model, 'folder');
    await checkOutputFile(flags.out);
    const [{ initBackend }, { exportKeras }] = await Promise.all([
      import('@audio-dl/genre-model'),
      import('../export/keras.js'),
    ]);
    await initBackend();
    const result = await exportKeras(flags.model, flags.out, require('../../package.json').version);
    process.stdout.write(
      `${result.out}: Keras 3 archive, ${result.layers.length} layers (${result.layers.join(', ')}), ${result.params} parameters, ${result.bytes} bytes; load with keras.models.load_model\n`,
    );
    return 0;
  },
};
