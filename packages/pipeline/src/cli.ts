import { formatHelp, runCommand, UsageError } from './command';
import { commands } from './commands';

/** Entry point of the `audio-dl` binary; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    process.stdout.write(formatHelp('audio-dl', commands));
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    process.stdout.write(`${require('../package.json').version}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  try {
    if (!command) throw new UsageError(`unknown command "${name}"; run \`audio-dl --help\` for the list`);
    return await runCommand(command, rest);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`audio-dl: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`audio-dl ${name}: ${(err as Error).message}\n`);
    return 1;
  }
}
