import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { z } from 'zod';

/** What a command's module (`src/commands/<name>.ts`) exports: `run` takes the arguments, resolves to the exit code. */
export interface CommandModule {
  run(argv: string[]): Promise<number>;
}

/** A command's help: its name, the line `--help` lists it with, and its usage. */
export interface CommandHelp {
  name: string;
  summary: string;
  usage: string;
}

/**
 * One `audio-dl` command as `commands/index.ts` lists it. Its help lives here, so `--help` at any level loads no
 * command module; `load` imports the module that runs it, with its dependencies (tfjs, Arrow, the canvas), only
 * when it runs. A command made of subcommands (`scratch addition`) lists them in `subcommands` instead.
 */
export type CommandEntry = CommandHelp & ({ load(): Promise<CommandModule> } | { subcommands: CommandEntry[] });

/** Bad flags or arguments: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

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

/** `batchSize` → `batch-size`: a flag's name from its schema field's. */
export const kebab = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

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
      const flag = issue.path.length > 0 ? `--${kebab(String(issue.path[0]))}` : 'flags';
      return `${flag}: ${issue.message}`;
    });
    throw new UsageError(issues.join('; '));
  }
  return { flags: result.data, positionals: parsed.positionals };
}

const isHelp = (arg: string | undefined): boolean => arg === '--help' || arg === '-h';

/**
 * Runs `entry` on `argv`: `--help` prints its help from the registry (exit 0); a command made of subcommands picks
 * one by `argv[0]`; otherwise its module is loaded and run. A `UsageError` is printed with the usage (exit 2).
 * `prefix` is the words before the command's name (`scratch ` for `scratch addition`).
 */
export async function runEntry(entry: CommandEntry, argv: string[], prefix = ''): Promise<number> {
  const title = `audio-dl ${prefix}${entry.name}`;
  const usage = `Usage: ${title}${entry.usage ? ` ${entry.usage}` : ''}`;
  if ('subcommands' in entry) {
    const [name, ...rest] = argv;
    if (name === undefined || isHelp(name)) {
      // Asked for, the help is the result (stdout); a missing subcommand is a usage error (stderr, exit 2).
      (name === undefined ? process.stderr : process.stdout).write(formatHelp(title, entry.subcommands));
      return name === undefined ? 2 : 0;
    }
    const sub = entry.subcommands.find((c) => c.name === name);
    if (!sub) {
      const names = entry.subcommands.map((c) => c.name).join(', ');
      process.stderr.write(`${title}: unknown subcommand "${name}"; try: ${names}\n${usage}\n`);
      return 2;
    }
    return runEntry(sub, rest, `${prefix}${entry.name} `);
  }
  if (isHelp(argv[0])) {
    process.stdout.write(`${entry.summary}\n\n${usage}\n`);
    return 0;
  }
  const command = await entry.load();
  try {
    return await command.run(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${title}: ${err.message}\n${usage}\n`);
      return 2;
    }
    throw err;
  }
}

export function formatHelp(title: string, commands: { name: string; summary: string }[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage: ${title} <command> [flags]\n\nCommands:\n${lines.join('\n')}\n\nRun \`${title} <command> --help\` for a command's flags.\n`;
}
