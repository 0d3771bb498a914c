// Tests of the contributor tools (tools/scale/…), on the shared preset; tools live outside src/.
module.exports = { ...require('../jest.preset.cjs'), testMatch: ['<rootDir>/**/*.test.ts'] };
