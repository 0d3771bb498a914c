import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pffft } from './pffft';
import { PFFFT_WASM_BASE64 } from './pffft-binary';

test('pffft-binary.ts holds the pinned SIMD pffft.wasm (rerun tools/build-pffft-binary.ts after an upgrade)', () => {
  const wasm = join(dirname(require.resolve('@echogarden/pffft-wasm/simd')), 'pffft.wasm');
  expect(PFFFT_WASM_BASE64).toBe(readFileSync(wasm).toString('base64'));
});

test('the embedded module instantiates and exports the three functions the FFT calls', () => {
  const m = pffft();
  expect(m).not.toBeNull();
  expect(typeof m?.newSetup).toBe('function');
  expect(m?.newSetup(2048, 0)).toBeGreaterThan(0);
});
