import { initBackend } from '@audio-dl/genre-model';
import { z } from 'zod';
import { type Command, parseFlags, UsageError } from '../command';
import { exportKeras } from '../export/keras';

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
export const exportCommand: Command = {
  name: 'export',
  summary: 'export a trained model for use elsewhere (keras: a Keras 3 .keras archive for Python)',
  usage: 'export --format keras --model DIR --out FILE.keras',
  async run(argv) {
    const { flags, positionals } = parseFlags(argv, options, flagsSchema);
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    if (!flags.out.endsWith('.keras'))
      throw new UsageError('--out: must end in .keras (Keras 3 loads archives by that suffix)');
    await initBackend();
    const result = await exportKeras(flags.model, flags.out, require('../../package.json').version);
    process.stdout.write(
      `${result.out}: Keras 3 archive, ${result.layers.length} layers (${result.layers.join(', ')}), ${result.params} parameters, ${result.bytes} bytes; load with keras.models.load_model\n`,
    );
    return 0;
  },
};
