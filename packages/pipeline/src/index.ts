export { main } from './cli';
export {
  type CommandEntry,
  type CommandHelp,
  type CommandModule,
  formatHelp,
  parseFlags,
  runEntry,
  UsageError,
} from './command';
