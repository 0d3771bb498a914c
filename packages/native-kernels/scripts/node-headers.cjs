const fs = require('node:fs');
const path = require('node:path');

// Headers of the running Node.js: npm's nodedir setting, else the install prefix that holds them (Debian's
// node says '/' but installs them under /usr); node-gyp would otherwise try to download them.
function nodeDir() {
  if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir;
  const prefixes = [process.config.variables.node_prefix, path.dirname(path.dirname(process.execPath))];
  return prefixes.find((dir) => dir && fs.existsSync(path.join(dir, 'include', 'node', 'node_api.h')));
}

module.exports = { nodeDir };
