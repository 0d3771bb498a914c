import { availableParallelism } from 'node:os';
import { z } from 'zod';

const UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

/** `50M`, `512K`, `1G` or plain bytes. */
export const byteSize = z
  .union([z.number(), z.string()])
  .transform((v, ctx) => {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([KMG]?)B?\s*$/i.exec(String(v));
    if (!m) {
      ctx.addIssue({ code: 'custom', message: 'must be a size such as 50M, 512K or 1000000' });
      return z.NEVER;
    }
    return Math.round(Number(m[1]) * UNITS[m[2].toUpperCase()]);
  })
  .pipe(z.number().int().positive());

/** True for addresses that only this machine reaches. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** `audio-dl serve`'s options: the one schema its flags and `startServer` share. */
export const serveOptionsSchema = z.object({
  model: z.string({ error: 'is required (a folder written by `audio-dl train`)' }),
  /** Loopback unless another address is asked for by name. */
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65_535).default(8080),
  /** When set, every route but /v1/health needs `Authorization: Bearer <token>`. */
  token: z.string().min(1).optional(),
  maxBytes: byteSize.default(50 * 1024 ** 2),
  /** Longer recordings are refused (422) once decoding passes this many seconds. */
  maxSeconds: z.coerce.number().positive().default(600),
  /** Worker threads, each with its own copy of the model. */
  concurrency: z.coerce.number().int().positive().default(availableParallelism()),
  /** Requests waiting for a worker beyond which new ones get 503; default 4 per worker. */
  maxQueue: z.coerce.number().int().min(0).optional(),
  /** Milliseconds a client has to send its whole request (slow clients get 408 and are disconnected). */
  requestTimeout: z.coerce.number().int().positive().default(30_000),
  backend: z.enum(['tensorflow', 'wasm', 'cpu']).optional(),
});
export type ServeOptions = z.output<typeof serveOptionsSchema>;
export type ServeOptionsInput = z.input<typeof serveOptionsSchema>;
