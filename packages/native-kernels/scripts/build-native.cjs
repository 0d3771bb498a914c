#!/usr/bin/env node
// Builds the native kernels with node-gyp (the copy npm ships) against the headers of the Node.js that runs this.
// A machine without a C++ toolchain still installs: training then keeps the wasm kernels, and this says why.
// AUDIO_DL_REQUIRE_NATIVE=1 (CI) turns that warning into a failure.
// It rebuilds when the hash of the sources, binding.gyp (which holds the flags), the compiler settings and Node's
// version differs from the one stored beside the addon (build/Release/audio_dl_native.node.sha256).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { nodeDir } = require('./node-headers.cjs');
const { root, sourceHash, builtFrom, recordBuild } = require('./source-hash.cjs');

const binary = path.join(root, 'build', 'Release', 'audio_dl_native.node');
// The environment node-gyp's make reads for the compiler and its flags.
const hash = sourceHash({ CXX: process.env.CXX, CXXFLAGS: process.env.CXXFLAGS, LDFLAGS: process.env.LDFLAGS });

function nodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    path.join(
      path.dirname(process.execPath),
      '..',
      'lib',
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js',
    ),
  ];
  return candidates.find((file) => file !== undefined && fs.existsSync(file));
}

function fail(reason) {
  const line = `@audio-dl/native-kernels: not built (${reason}); training uses the wasm kernels`;
  if (process.env.AUDIO_DL_REQUIRE_NATIVE === '1') {
    console.error(`${line}, and AUDIO_DL_REQUIRE_NATIVE=1 requires them`);
    process.exit(1);
  }
  console.warn(line);
  process.exit(0);
}

if (builtFrom(binary, hash)) process.exit(0);
const gyp = nodeGyp();
if (gyp === undefined) fail('node-gyp not found next to npm');
const dir = nodeDir();
const args = [gyp, 'rebuild', '--loglevel=warn', ...(dir === undefined ? [] : [`--nodedir=${dir}`])];
// Quiet on success; on failure the first line that names the error (a missing compiler, headers…) goes into ours.
const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
if (result.status !== 0) {
  const output = `${result.stdout ?? ''}\n${result.stderr ?? ''}`.split('\n');
  const cause = output.find((line) => /error|not found|No such file/i.test(line))?.trim();
  fail(`node-gyp rebuild exited with ${result.status ?? result.signal}${cause ? `: ${cause}` : ''}`);
}
recordBuild(binary, hash);
