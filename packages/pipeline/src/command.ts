import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { z } from 'zod';

/** A subcommand of `audio-dl`. `run` returns the process exit code. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(argv: string[]): Promise<number>;
}

/** Bad flags or arguments: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

type OptionSpec = NonNullable<ParseArgsConfig['options']>;

const camel = (flag: string): string => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * Joins `--flag -3` into `--flag=-3` for string-valued flags: node's parseArgs refuses a separate value that
 * starts with a dash, and the zod schema then gives the clearer error ("--epochs: must be at least 1").
 */
function joinNegativeValues(argv: string[], options: OptionSpec): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1];
    const name = argv[i].startsWith('--') ? argv[i].slice(2) : undefined;
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && /^-[\d.]/.test(next)) {
      joined.push(`${argv[i]}=${next}`);
      i++;
    } else joined.push(argv[i]);
  }
  return joined;
}

/** Flag-sized wording for zod's usual number issues ("must be a whole number"); other issues keep zod's text. */
function flagMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type' && issue.expected === 'number') return 'must be a number';
  if (issue.code === 'invalid_type' && issue.expected === 'int') return 'must be a whole number';
  if (issue.code === 'too_small' && issue.origin === 'number') {
    return issue.inclusive ? `must be at least ${issue.minimum}` : `must be greater than ${issue.minimum}`;
  }
  if (issue.code === 'too_big' && issue.origin === 'number') {
    return issue.inclusive ? `must be at most ${issue.maximum}` : `must be less than ${issue.maximum}`;
  }
  return undefined;
}

/**
 * Parses `argv` with node's `parseArgs` (unknown flags are errors), maps `--kebab-case` to
 * `camelCase` keys and validates the result with `schema`; any problem becomes a `UsageError`.
 */
export function parseFlags<S extends z.ZodType>(
  argv: string[],
  options: OptionSpec,
  schema: S,
): { flags: z.infer<S>; positionals: string[] } {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: joinNegativeValues(argv, options), options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed.values)) raw[camel(key)] = value;
  const result = schema.safeParse(raw, { error: flagMessage });
  if (!result.success) {
    const issues = result.error.issues.map((issue) => {
      const flag =
        issue.path.length > 0 ? `--${String(issue.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}` : 'flags';
      return `${flag}: ${issue.message}`;
    });
    throw new UsageError(issues.join('; '));
  }
  return { flags: result.data, positionals: parsed.positionals };
}

/** Dispatches `argv[0]` to one of `subcommands` (e.g. `audio-dl scratch addition`). */
export async function dispatch(parent: string, subcommands: Command[], argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const sub = subcommands.find((c) => c.name === name);
  if (name === undefined || name === '--help' || name === '-h') {
    process.stdout.write(formatHelp(`audio-dl ${parent}`, subcommands));
    return name === undefined ? 2 : 0;
  }
  if (!sub)
    throw new UsageError(
      `unknown subcommand "${name}" of "${parent}"; try: ${subcommands.map((c) => c.name).join(', ')}`,
    );
  return runCommand(sub, rest, `${parent} `);
}

/** Runs a command with `--help` handling and turns a `UsageError` into exit code 2. */
export async function runCommand(command: Command, argv: string[], prefix = ''): Promise<number> {
  if (argv[0] === '--help' || argv[0] === '-h') {
    process.stdout.write(`${command.summary}\n\nUsage: audio-dl ${prefix}${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(
        `audio-dl ${prefix}${command.name}: ${err.message}\nUsage: audio-dl ${prefix}${command.usage}\n`,
      );
      return 2;
    }
    throw err;
  }
}

export function formatHelp(title: string, commands: Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage: ${title} <command> [flags]\n\nCommands:\n${lines.join('\n')}\n\nRun \`${title} <command> --help\` for a command's flags.\n`;
}
