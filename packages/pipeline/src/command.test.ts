import { z } from 'zod';
import { parseFlags, UsageError } from './command';

const schema = z.object({ epochs: z.coerce.number().int().positive().default(50), dryRun: z.boolean().default(false) });
const options = { epochs: { type: 'string' }, 'dry-run': { type: 'boolean' } } as const;

describe('parseFlags', () => {
  it('maps kebab-case flags to camelCase and applies defaults', () => {
    const { flags, positionals } = parseFlags(['a.wav', '--dry-run'], options, schema);
    expect(flags).toEqual({ epochs: 50, dryRun: true });
    expect(positionals).toEqual(['a.wav']);
  });

  it('names the flag that fails validation', () => {
    expect(() => parseFlags(['--epochs', '-3'], options, schema)).toThrow(UsageError);
    expect(() => parseFlags(['--epochs', 'abc'], options, schema)).toThrow(/--epochs/);
  });

  it('rejects unknown flags', () => {
    expect(() => parseFlags(['--nope'], options, schema)).toThrow(/Unknown option '--nope'/);
  });
});

describe('parseFlags with negative numbers', () => {
  it('validates a negative value given as a separate argument', () => {
    expect(() => parseFlags(['--epochs', '-3'], options, schema)).toThrow(/^--epochs: must be greater than 0$/);
  });
});
