import { byteSize, isLoopback, serveOptionsSchema } from './options';

describe('serve options', () => {
  it('reads sizes as 50M, 512K, 1G or bytes, and refuses anything else', () => {
    expect(byteSize.parse('50M')).toBe(50 * 1024 ** 2);
    expect(byteSize.parse('512k')).toBe(512 * 1024);
    expect(byteSize.parse('1GB')).toBe(1024 ** 3);
    expect(byteSize.parse('1000')).toBe(1000);
    expect(byteSize.safeParse('lots').success).toBe(false);
    expect(byteSize.safeParse('0').success).toBe(false);
  });

  it('binds loopback unless a host is named, and knows which hosts are loopback', () => {
    const o = serveOptionsSchema.parse({ model: 'm' });
    expect(o).toMatchObject({ host: '127.0.0.1', port: 8080, maxBytes: 50 * 1024 ** 2, maxSeconds: 600 });
    expect(o.concurrency).toBeGreaterThan(0);
    expect(['127.0.0.1', '127.1.2.3', '::1', 'localhost'].map(isLoopback)).toEqual([true, true, true, true]);
    expect(['0.0.0.0', '::', '192.168.1.4', 'example.com'].map(isLoopback)).toEqual([false, false, false, false]);
  });
});
