import { memorySchema } from './memory';

describe('memorySchema', () => {
  it('reads bytes and binary multiples', () => {
    expect(memorySchema.parse('1000')).toBe(1000);
    expect(memorySchema.parse('512M')).toBe(512 * 2 ** 20);
    expect(memorySchema.parse('1.5g')).toBe(1.5 * 2 ** 30);
    expect(memorySchema.parse('2GiB')).toBe(2 * 2 ** 30);
    expect(memorySchema.parse('64kb')).toBe(64 * 1024);
  });

  it('refuses what is not a positive size', () => {
    for (const bad of ['', '0', 'lots', '-1G', '2X'])
      expect(memorySchema.safeParse(bad).error?.issues[0].message).toMatch(/must be a size such as 512M or 2G/);
  });
});
