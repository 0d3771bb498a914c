import { z } from 'zod';

const UNITS: Record<string, number> = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 };

/**
 * A memory size as `--memory` takes it: bytes, or a number with K, M, G or T (binary multiples; a trailing B or
 * iB is allowed: 512M, 1.5G, 2GiB).
 */
export const memorySchema = z.string().transform((text, ctx) => {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  const bytes = m ? Math.floor(Number(m[1]) * UNITS[m[2].toLowerCase()]) : Number.NaN;
  if (!(bytes > 0)) {
    ctx.addIssue({ code: 'custom', message: `must be a size such as 512M or 2G, got "${text}"` });
    return z.NEVER;
  }
  return bytes;
});
