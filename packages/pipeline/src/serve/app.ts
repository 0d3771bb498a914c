import { timingSafeEqual } from 'node:crypto';
import * as http from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { ServerMetrics } from './metrics';
import type { ModelInfo } from './model-info';
import type { ServeOptions } from './options';
import { type InferencePool, QueueFull } from './pool';

export interface AppDeps {
  pool: InferencePool;
  info: ModelInfo;
  options: Pick<ServeOptions, 'token' | 'maxBytes' | 'requestTimeout' | 'maxSeconds'>;
  /** False until every worker has loaded the model (health answers 503 till then). */
  ready: () => boolean;
}

const sameToken = (given: string, expected: string): boolean => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * The HTTP API on Fastify: POST /v1/predict (audio bytes in, `predict --json`'s answer for one file out),
 * GET /v1/health, GET /v1/model, GET /metrics. Every error is one JSON line `{"error": "…"}` with its status.
 */
export function buildApp(deps: AppDeps): FastifyInstance {
  const { pool, info, options } = deps;
  const metrics = new ServerMetrics();
  const app = Fastify({
    bodyLimit: options.maxBytes,
    // Node's own clock for slow clients: a request not fully received in time gets 408 and its socket closed.
    serverFactory: (handler) =>
      http.createServer(
        {
          requestTimeout: options.requestTimeout,
          headersTimeout: Math.min(options.requestTimeout, 60_000),
          connectionsCheckingInterval: Math.max(100, Math.min(1000, options.requestTimeout / 4)),
        },
        handler,
      ),
    return503OnClosing: true,
  });

  // Any body is taken as bytes (the audio's format is found from its first bytes, never from its Content-Type).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.addHook('onRequest', async (req, reply) => {
    (req as unknown as { started: number }).started = performance.now();
    if (options.token && req.url !== '/v1/health') {
      const auth = req.headers.authorization ?? '';
      const given = auth.startsWith('Bearer ') ? auth.slice(7) : '';
      if (!sameToken(given, options.token)) {
        reply.header('WWW-Authenticate', 'Bearer');
        return reply.code(401).send({ error: 'missing or wrong token (send Authorization: Bearer <token>)' });
      }
    }
  });
  app.addHook('onResponse', async (req, reply) => {
    const started = (req as unknown as { started?: number }).started ?? performance.now();
    const route = req.routeOptions.url ?? 'unknown';
    metrics.record(route, reply.statusCode, (performance.now() - started) / 1000);
  });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, _req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    const message =
      err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? `body larger than the server's limit of ${options.maxBytes} bytes`
        : status === 500
          ? 'internal error'
          : err.message;
    if (status === 500) reply.log.error(err);
    return reply.code(status).send({ error: message });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({ error: `no route ${req.method} ${req.url.split('?')[0]}` }),
  );

  app.get('/v1/health', async (_req, reply) =>
    deps.ready() ? { status: 'ok' } : reply.code(503).send({ error: 'the model is still loading' }),
  );
  app.get('/v1/model', async () => ({ ...info, maxSeconds: options.maxSeconds, maxBytes: options.maxBytes }));
  app.get('/metrics', async (_req, reply) =>
    reply.type('text/plain; version=0.0.4').send(metrics.render(pool.stats())),
  );
  app.post('/v1/predict', async (req, reply) => {
    const body = req.body;
    const bytes = Buffer.isBuffer(body) ? new Uint8Array(body.buffer, body.byteOffset, body.length) : new Uint8Array(0);
    try {
      const result = await pool.submit({ kind: 'predict', bytes, query: req.query });
      return reply.code(result.status).send(result.body);
    } catch (err) {
      if (err instanceof QueueFull) {
        reply.header('Retry-After', '1');
        return reply.code(503).send({ error: 'busy: the prediction queue is full, retry shortly' });
      }
      throw err;
    }
  });
  return app;
}
