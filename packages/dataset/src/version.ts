import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** This package's version (from package.json, one folder up from both src/ and dist/), recorded in every output. */
export const VERSION: string = (
  JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }
).version;
