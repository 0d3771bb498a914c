import type { Command } from '../command';
import { scratch } from './scratch';

/** Every `audio-dl` subcommand, in the order `--help` lists them. One file per command in this folder. */
export const commands: Command[] = [scratch];
