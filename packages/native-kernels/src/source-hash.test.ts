// The rebuild decision (scripts/source-hash.cjs): by the hash stored beside the addon, not by file times.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

interface SourceHash {
  sourceHash(extra: unknown): string;
  builtFrom(binary: string, hash: string): boolean;
  recordBuild(binary: string, hash: string): void;
}
const { sourceHash, builtFrom, recordBuild } = require('../scripts/source-hash.cjs') as SourceHash;

test('the hash covers the flags, and a build is current only for the hash it was recorded with', () => {
  const hash = sourceHash({ flags: ['-O3'] });
  expect(hash).toMatch(/^[0-9a-f]{64}$/);
  expect(sourceHash({ flags: ['-O3'] })).toBe(hash);
  expect(sourceHash({ flags: ['-O2'] })).not.toBe(hash);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'native-hash-'));
  try {
    const binary = path.join(dir, 'addon.node');
    expect(builtFrom(binary, hash)).toBe(false); // nothing built
    fs.writeFileSync(binary, 'x');
    expect(builtFrom(binary, hash)).toBe(false); // built, no hash recorded
    recordBuild(binary, hash);
    expect(builtFrom(binary, hash)).toBe(true);
    expect(builtFrom(binary, sourceHash({ flags: ['-O2'] }))).toBe(false);
    // Newer file times alone change nothing.
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(binary, later, later);
    expect(builtFrom(binary, hash)).toBe(true);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
