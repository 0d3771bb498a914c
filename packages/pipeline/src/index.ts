export { main } from './cli';
export { type Command, dispatch, parseFlags, runCommand, UsageError } from './command';
