import type { Command } from '../command';
import { demoData } from './demo-data';
import { preprocess } from './preprocess';
import { runs } from './runs';
import { scratch } from './scratch';

/** Every `audio-dl` subcommand, in the order `--help` lists them. One file per command in this folder. */
export const commands: Command[] = [scratch, runs, preprocess, demoData];
