#!/usr/bin/env node
// Builds the addon with AddressSanitizer and UndefinedBehaviorSanitizer into build-sanitized/ (apart from the
// normal build/, rebuilt only when the sources or flags change) and runs the native-kernels tests against it.
// Extra arguments go to jest (e.g. a test file). Needs g++ (or $CXX) with libasan and libubsan.
// Node is not built with ASan, so the runtime is preloaded; leak detection is off (Node leaves memory at exit),
// and the first UBSan report fails the run.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { nodeDir } = require('./node-headers.cjs');
const { root, nativeSources, sourceHash, builtFrom, recordBuild } = require('./source-hash.cjs');

const cxx = process.env.CXX || 'g++';
const flags = [
  '-std=c++17',
  '-O1',
  '-g',
  '-fPIC',
  '-pthread',
  '-fno-math-errno',
  '-fsanitize=address,undefined',
  '-fno-sanitize-recover=undefined',
  '-fno-omit-frame-pointer',
  '-DNAPI_VERSION=8',
];
const out = path.join(root, 'build-sanitized');
const binary = path.join(out, 'audio_dl_native.node');

function run(command, args, options) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

const headers = nodeDir();
if (headers === undefined) {
  console.error('test-sanitized: Node.js headers (include/node/node_api.h) not found');
  process.exit(1);
}
const hash = sourceHash({ cxx, flags, headers });
if (!builtFrom(binary, hash)) {
  fs.mkdirSync(out, { recursive: true });
  const args = [...flags, `-I${path.join(headers, 'include', 'node')}`, '-shared', '-o', binary, ...nativeSources()];
  console.log(`test-sanitized: ${cxx} ${flags.join(' ')} → ${path.relative(process.cwd(), binary)}`);
  if (run(cxx, args) !== 0) process.exit(1);
  recordBuild(binary, hash);
}

const libasan = spawnSync(cxx, ['-print-file-name=libasan.so'], { encoding: 'utf8' }).stdout.trim();
if (!path.isAbsolute(libasan) || !fs.existsSync(libasan)) {
  console.error(`test-sanitized: ${cxx} does not name its libasan.so (got '${libasan}')`);
  process.exit(1);
}
const env = {
  ...process.env,
  LD_PRELOAD: libasan,
  ASAN_OPTIONS: 'detect_leaks=0:detect_stack_use_after_return=1',
  UBSAN_OPTIONS: 'halt_on_error=1:print_stacktrace=1',
  AUDIO_DL_NATIVE_BUILD: 'sanitized',
  AUDIO_DL_REQUIRE_NATIVE: '1',
};
const jest = require.resolve('jest/bin/jest');
const config = path.join(root, 'jest.config.cjs');
process.exit(run(process.execPath, [jest, '-c', config, ...process.argv.slice(2)], { env, cwd: root }));
