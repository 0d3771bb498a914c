import { formatHelp, runEntry } from './command';
import { commands } from './commands';

/** Entry point of the `audio-dl` binary; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    // Asked for, the help is the result (stdout); no command at all is a usage error (stderr, exit 2).
    (name === undefined ? process.stderr : process.stdout).write(formatHelp('audio-dl', commands));
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    process.stdout.write(`${require('../package.json').version}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`audio-dl: unknown command "${name}"; run \`audio-dl --help\` for the list\n`);
    return 2;
  }
  try {
    return await runEntry(command, rest);
  } catch (err) {
    process.stderr.write(`audio-dl ${name}: ${(err as Error).message}\n`);
    return 1;
  }
}
