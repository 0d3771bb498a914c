import { progress } from './progress';

const sink = (isTTY: boolean) => {
  const lines: string[] = [];
  return { lines, stream: { isTTY, write: (s: string) => lines.push(s) } };
};

describe('progress', () => {
  it('prints a plain line at every tenth and a final summary when not on a terminal', () => {
    const { lines, stream } = sink(false);
    const bar = progress('mfcc', 20, { stream });
    for (let i = 0; i < 20; i++) bar.tick();
    bar.done();
    expect(lines).toHaveLength(10);
    expect(lines[0]).toMatch(/^mfcc: 2\/20 \(/);
    expect(lines[9]).toMatch(/^mfcc: 20\/20 in \d+\.\d s\n$/);
    expect(lines.join('')).not.toContain('\r');
  });

  it('rewrites one line on a terminal', () => {
    const { lines, stream } = sink(true);
    const bar = progress('decode', 3, { stream });
    bar.tick();
    bar.tick(2);
    bar.done();
    expect(lines).toHaveLength(3);
    expect(lines.every((l) => l.startsWith('\r'))).toBe(true);
  });

  it('names what it counts, prints notes on lines of their own and takes counts from the caller', () => {
    const { lines, stream } = sink(false);
    const bar = progress('preprocess', 3, { stream, unit: 'files' });
    bar.set(1);
    bar.note('skipped a/2.wav: truncated');
    bar.set(3);
    bar.done();
    expect(lines[0]).toMatch(/^preprocess: 1\/3 files \([\d.]+\/s, eta \d+ s\)\n$/);
    expect(lines[1]).toBe('preprocess: skipped a/2.wav: truncated\n');
    expect(lines[2]).toMatch(/^preprocess: 3\/3 files in \d+\.\d s\n$/);
    expect(lines).toHaveLength(3);
  });

  it('shows a percentage and leaves nothing behind when asked, and nothing at all off a terminal', () => {
    const tty = sink(true);
    const file = progress('long.wav', 1000, { stream: tty.stream, unit: '%', plain: false, summary: false });
    file.set(420);
    file.done();
    expect(tty.lines).toEqual(['\rlong.wav: 42%\x1b[K', '\r\x1b[K']);
    const piped = sink(false);
    const quiet = progress('long.wav', 1000, { stream: piped.stream, unit: '%', plain: false, summary: false });
    quiet.set(420);
    quiet.done();
    expect(piped.lines).toEqual([]);
  });
});
