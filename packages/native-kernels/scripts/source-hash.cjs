// Whether a built addon is up to date, decided by content rather than file times: a SHA-256 of the C++ sources,
// binding.gyp, the flags and compiler that build it and the Node.js it builds against, stored beside the addon.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const nativeDir = path.join(root, 'src', 'native');

/** The addon's C++ sources (.cc), for builds that compile them directly. */
function nativeSources() {
  return fs
    .readdirSync(nativeDir)
    .filter((name) => name.endsWith('.cc'))
    .sort()
    .map((name) => path.join(nativeDir, name));
}

/** SHA-256 over binding.gyp, every file in src/native (names and contents), the Node.js version and `extra`. */
function sourceHash(extra) {
  const hash = crypto.createHash('sha256');
  const files = [
    path.join(root, 'binding.gyp'),
    ...fs
      .readdirSync(nativeDir)
      .sort()
      .map((n) => path.join(nativeDir, n)),
  ];
  for (const file of files) {
    hash.update(`${path.relative(root, file)}\0`);
    hash.update(fs.readFileSync(file));
    hash.update('\0');
  }
  hash.update(JSON.stringify({ node: process.version, arch: process.arch, extra }));
  return hash.digest('hex');
}

const hashFile = (binary) => `${binary}.sha256`;

/** Whether `binary` exists and was built from exactly this hash. */
function builtFrom(binary, hash) {
  try {
    return fs.existsSync(binary) && fs.readFileSync(hashFile(binary), 'utf8').trim() === hash;
  } catch {
    return false;
  }
}

function recordBuild(binary, hash) {
  fs.writeFileSync(hashFile(binary), `${hash}\n`);
}

module.exports = { root, nativeSources, sourceHash, builtFrom, recordBuild };
