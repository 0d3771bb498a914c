import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import { readModelInfo } from './model-info';
import { isLoopback, type ServeOptionsInput, serveOptionsSchema } from './options';
import { createInferencePool } from './pool';

export interface RunningServer {
  app: FastifyInstance;
  /** `http://host:port`, the port the system gave when 0 was asked for. */
  url: string;
  /** Stops taking requests, lets those in flight finish, stops the workers. */
  close(): Promise<void>;
}

/**
 * Starts `audio-dl serve`: reads the model's description, starts the inference workers (each loads the model),
 * listens on `host:port` (loopback unless another host is named) and resolves once the model is loaded everywhere.
 */
export async function startServer(
  input: ServeOptionsInput,
  log: (line: string) => void = () => {},
): Promise<RunningServer> {
  const options = serveOptionsSchema.parse(input);
  const info = await readModelInfo(options.model);
  const pool = createInferencePool(
    { model: options.model, backend: options.backend, maxSeconds: options.maxSeconds },
    options.concurrency,
    options.maxQueue ?? 4 * options.concurrency,
  );
  let ready = false;
  const app = buildApp({ pool, info, options, ready: () => ready });
  try {
    await pool.warm();
    ready = true;
    await app.listen({ host: options.host, port: options.port });
  } catch (err) {
    await pool.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  if (!isLoopback(options.host)) {
    log(
      `warning: listening on ${options.host}, reachable from other machines${options.token ? '' : ' without a token'}`,
    );
  }
  let closing: Promise<void> | null = null;
  return {
    app,
    url: `http://${host}:${port}`,
    close() {
      closing ??= (async () => {
        // Node stops timing requests out once closing: a client still sending after the grace period is cut off.
        const grace = setTimeout(() => app.server.closeAllConnections(), options.requestTimeout + 60_000);
        try {
          await app.close();
        } finally {
          clearTimeout(grace);
        }
        await pool.close();
      })();
      return closing;
    },
  };
}
