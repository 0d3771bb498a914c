import { progress } from './progress';

const sink = (isTTY: boolean) => {
  const lines: string[] = [];
  return { lines, stream: { isTTY, write: (s: string) => lines.push(s) > 0 } as unknown as NodeJS.WriteStream };
};

describe('progress', () => {
  it('prints a plain line at every tenth and a final summary when not on a terminal', () => {
    const { lines, stream } = sink(false);
    const bar = progress('mfcc', 20, stream);
    for (let i = 0; i < 20; i++) bar.tick();
    bar.done();
    expect(lines).toHaveLength(10);
    expect(lines[0]).toMatch(/^mfcc: 2\/20 \(/);
    expect(lines[9]).toMatch(/^mfcc: 20\/20 in \d+\.\d s\n$/);
    expect(lines.join('')).not.toContain('\r');
  });

  it('rewrites one line on a terminal', () => {
    const { lines, stream } = sink(true);
    const bar = progress('decode', 3, stream);
    bar.tick();
    bar.tick(2);
    bar.done();
    expect(lines).toHaveLength(3);
    expect(lines.every((l) => l.startsWith('\r'))).toBe(true);
  });
});
