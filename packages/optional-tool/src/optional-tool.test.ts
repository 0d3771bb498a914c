import { toolAvailable, underCi } from './optional-tool';

describe('optional tools in tests', () => {
  const ci = process.env.CI;
  afterEach(() => {
    if (ci === undefined) delete process.env.CI;
    else process.env.CI = ci;
  });

  it('reads CI as set unless empty, 0 or false', () => {
    for (const [value, set] of [
      ['true', true],
      ['1', true],
      ['', false],
      ['0', false],
      ['false', false],
    ] as const) {
      process.env.CI = value;
      expect([value, underCi()]).toEqual([value, set]);
    }
    delete process.env.CI;
    expect(underCi()).toBe(false);
  });

  it('runs the checks when the tool is there; otherwise skips with one line, or fails under CI', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      delete process.env.CI;
      expect(toolAvailable('Chromium', null)).toBe(true);
      expect(toolAvailable('Chromium', 'no chromium on PATH')).toBe(false);
      expect(warn).toHaveBeenCalledWith('skipping the Chromium checks: no chromium on PATH');
      process.env.CI = 'true';
      expect(() => toolAvailable('Chromium', 'no chromium on PATH')).toThrow(
        'CI must run the Chromium checks, but no chromium on PATH',
      );
    } finally {
      warn.mockRestore();
    }
  });
});
