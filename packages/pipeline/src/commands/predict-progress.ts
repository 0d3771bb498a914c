/**
 * A one-line progress indicator for a long file on a terminal (`file: 42%`, redrawn in place at most every 200 ms
 * and erased when done); nothing at all when the stream is not a terminal, so pipes and logs stay clean.
 */
export function fileProgress(
  file: string,
  stream: { isTTY?: boolean; write(text: string): unknown } = process.stderr,
): { update(fraction: number): void; done(): void } {
  if (!stream.isTTY) return { update() {}, done() {} };
  let last = 0;
  let drawn = false;
  return {
    update(fraction) {
      const now = performance.now();
      if (now - last < 200) return;
      last = now;
      drawn = true;
      stream.write(`\r\x1b[K${file}: ${Math.round(100 * Math.min(1, fraction))}%`);
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}
