import { type CommandModule, parseFlags } from '../command';
import { requireInput } from '../paths';
import { serveOptionsSchema } from '../serve/options';
// Static: this module is itself loaded only when `serve` runs.
import { startServer } from '../serve/server';

const options = {
  model: { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  token: { type: 'string' },
  'max-bytes': { type: 'string' },
  'max-seconds': { type: 'string' },
  concurrency: { type: 'string' },
  'max-queue': { type: 'string' },
  'request-timeout': { type: 'string' },
  backend: { type: 'string' },
} as const;

/**
 * `audio-dl serve`: the model over HTTP until SIGTERM or SIGINT, which stop new requests, let those in flight
 * finish and exit 0.
 */
export const serve: CommandModule = {
  async run(argv) {
    const { flags } = parseFlags(argv, options, serveOptionsSchema.strict());
    await requireInput(flags.model, 'folder');
    const log = (line: string) => process.stderr.write(`audio-dl serve: ${line}\n`);
    const server = await startServer(flags, log);
    log(`model ${flags.model}, ${flags.concurrency} worker(s); listening on ${server.url}`);
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        log(`${signal}: draining requests in flight`);
        server.close().then(resolve, (err: unknown) => {
          log(`while closing: ${(err as Error).message}`);
          resolve();
        });
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
    log('stopped');
    return 0;
  },
};
