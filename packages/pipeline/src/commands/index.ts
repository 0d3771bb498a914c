import type { Command } from '../command';
import { demoData } from './demo-data';
import { evaluate } from './evaluate';
import { exportCommand } from './export';
import { features } from './features';
import { inspect } from './inspect';
import { predict } from './predict';
import { preprocess } from './preprocess';
import { runs } from './runs';
import { scratch } from './scratch';
import { tf } from './tf';
import { train } from './train';

/** Every `audio-dl` subcommand, in the order `--help` lists them. One file per command in this folder. */
export const commands: Command[] = [
  scratch,
  inspect,
  features,
  demoData,
  preprocess,
  tf,
  train,
  evaluate,
  predict,
  exportCommand,
  runs,
];
