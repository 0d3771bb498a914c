// Shared Jest setup: SWC transpiles TypeScript (fast, no type check: `typecheck` does that)
// and workspace imports resolve to sources, so tests never need a prior build.
const path = require('node:path');

module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.test.ts'],
  transform: {
    '^.+\\.(t|j|mj)s$': [
      '@swc/jest',
      { jsc: { target: 'es2022' }, module: { type: 'commonjs', ignoreDynamic: false } },
    ],
  },
  // ESM-only dependencies (the WebAssembly audio decoders) are transpiled to CommonJS for Jest.
  transformIgnorePatterns: [
    '/node_modules/(?!(h5wasm|mpg123-decoder|@wasm-audio-decoders|@eshaz|simple-yenc|codec-parser)/)',
  ],
  moduleNameMapper: {
    // h5wasm exports its Node build for `import` only, which Jest's resolver does not try.
    '^h5wasm/node$': path.join(__dirname, 'node_modules/h5wasm/dist/node/hdf5_hl.js'),
    '^@audio-dl/([a-z-]+)$': path.join(__dirname, 'packages/$1/src/index.ts'),
    '^@audio-dl/([a-z-]+)/(portable|inference|node|schemas)$': path.join(__dirname, 'packages/$1/src/$2.ts'),
    '^@audio-dl/tfjs-kernels/names$': path.join(__dirname, 'packages/tfjs-kernels/src/backend-names.ts'),
    // `import('./train.js')` (node16 resolution, as tsc compiles it) means `./train.ts` in the sources.
    '^(\\.{1,2}/.+)\\.js$': '$1',
  },
  testTimeout: 30000,
};
