import { z } from 'zod';
import { kebab, type OptionSpec, UsageError } from './command';

// Flags derived from an options schema, for the commands (not command.ts: `--help` loads no zod).

type Shape = Record<string, z.ZodType>;

/** A field's kind of value under its optional, nullable and default wrappers (`number`, `boolean`, `enum`, …). */
function valueType(schema: z.ZodType): string {
  let def = schema._zod.def as { type: string; innerType?: z.ZodType };
  while (def.innerType) def = def.innerType._zod.def as typeof def;
  return def.type;
}

const negated = (key: string): string => `no${key[0].toUpperCase()}${key.slice(1)}`;
const toNumber = (v: unknown): unknown => (typeof v === 'string' ? Number(v) : v);

/** The zod fields `flagsFor` gives: each field of `S` as a flag reads it, and `noX` for each switch. */
export type FlagShape<S extends Shape> = { [K in keyof S]: z.ZodOptional<S[K]> } & {
  [K in keyof S as `no${Capitalize<string & K>}`]: z.ZodOptional<z.ZodBoolean>;
};

/**
 * Command-line flags for the fields of `shape`, the one schema a set of options is declared in (shared with the
 * config and the library): the parseArgs options, `--kebab-case` for each field — a boolean field is a switch with a
 * `--no-` twin, any other takes a value — and the zod fields that read them: numbers from their text, a field's
 * default kept (a switch has none: `switchValue` reads it with its twin), every other field optional.
 */
export function flagsFor<S extends Shape>(shape: S): { options: OptionSpec; shape: FlagShape<S> } {
  const options: OptionSpec = {};
  const fields: Shape = {};
  for (const [key, field] of Object.entries(shape)) {
    const type = valueType(field);
    if (type === 'boolean') {
      options[kebab(key)] = { type: 'boolean' };
      options[`no-${kebab(key)}`] = { type: 'boolean' };
      fields[key] = z.boolean().optional();
      fields[negated(key)] = z.boolean().optional();
      continue;
    }
    options[kebab(key)] = { type: 'string' };
    const read = type === 'number' ? z.preprocess(toNumber, field) : field;
    fields[key] = field._zod.def.type === 'default' ? read : read.optional();
  }
  return { options, shape: fields as FlagShape<S> };
}

/** A switch and its `--no-` twin as `flagsFor` reads them: true, false, or undefined when neither is given. */
export function switchValue(flags: Record<string, unknown>, key: string): boolean | undefined {
  const on = flags[key] === true;
  const off = flags[negated(key)] === true;
  if (on && off) throw new UsageError(`--${kebab(key)} and --no-${kebab(key)} contradict each other`);
  return on ? true : off ? false : undefined;
}
