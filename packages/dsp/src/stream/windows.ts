/** One full window of a signal: its index, its first sample's position and its samples (owned by the receiver). */
export interface SignalWindow {
  index: number;
  start: number;
  samples: Float32Array;
}

/**
 * Cuts a signal that arrives in pieces into windows of `size` samples every `hop` samples (the last partial window
 * is left out), holding only about one window of samples. `counted.samples` ends up as the signal's length.
 */
export async function* slidingWindows(
  pieces: AsyncIterable<Float32Array>,
  size: number,
  hop: number,
  counted: { samples: number } = { samples: 0 },
): AsyncGenerator<SignalWindow> {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`window size must be a whole number ≥ 1, got ${size}`);
  if (!Number.isInteger(hop) || hop < 1) throw new RangeError(`hop must be a whole number ≥ 1, got ${hop}`);
  let buffer = new Float32Array(0); // samples [base, base + buffer.length)
  let base = 0;
  let index = 0;
  counted.samples = 0;
  for await (const piece of pieces) {
    counted.samples += piece.length;
    const joined = new Float32Array(buffer.length + piece.length);
    joined.set(buffer);
    joined.set(piece, buffer.length);
    buffer = joined;
    while (index * hop + size <= base + buffer.length) {
      const at = index * hop - base;
      yield { index, start: index * hop, samples: buffer.slice(at, at + size) };
      index++;
    }
    const drop = Math.min(index * hop - base, buffer.length);
    if (drop > 0) {
      buffer = buffer.slice(drop);
      base += drop;
    }
  }
}
