import { existsSync } from 'node:fs';
import type * as Canvas from '@napi-rs/canvas';

let addon: typeof Canvas | null = null;

/** The native canvas addon, loaded by the first plot: code that imports this package but never draws never loads it. */
export function canvas(): typeof Canvas {
  addon ??= require('@napi-rs/canvas') as typeof Canvas;
  return addon;
}

/** Family name every plot uses; registered from a font file so text renders on machines without system fonts. */
export const FONT_FAMILY = 'AudioDlSans';

const SYSTEM_DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
let registered = false;

/** Registers DejaVu Sans once: the system copy if present, else the one in the dejavu-fonts-ttf package. */
export function ensureFont(): void {
  if (registered) return;
  const file = existsSync(SYSTEM_DEJAVU) ? SYSTEM_DEJAVU : require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
  if (!canvas().GlobalFonts.registerFromPath(file, FONT_FAMILY))
    throw new Error(`could not register plot font ${file}`);
  registered = true;
}

export function font(px: number, weight: '' | 'bold' = ''): string {
  return `${weight} ${px}px ${FONT_FAMILY}`.trim();
}
