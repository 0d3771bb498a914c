#!/usr/bin/env node
'use strict';
// The `audio-dl` command. `npm ci` builds dist/ through the root `prepare` script.
const path = require('node:path');
const fs = require('node:fs');

const entry = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(entry)) {
  process.stderr.write(`audio-dl: ${entry} is missing; run \`npm run build\` at the repository root.\n`);
  process.exit(1);
}
require(entry)
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
