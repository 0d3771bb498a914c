import { decimate, type FirKernel } from '../decimate';
import { createConverter, decimationKernel, flushFrames, type ResampleQuality, resampledLength } from '../resample';

/**
 * `resample` for a signal that arrives in pieces: `push` each piece, then `end`; the outputs concatenated are the
 * samples `resample` gives for the whole signal (within float32 rounding), ⌈n · srOut / srIn⌉ of them, while only a
 * filter's length of input is held. Mono.
 */
export interface StreamResampler {
  push(x: Float32Array): Float32Array;
  end(): Float32Array;
}

export async function createStreamResampler(
  srIn: number,
  srOut: number,
  quality: ResampleQuality = 'sinc_best',
): Promise<StreamResampler> {
  if (!(srIn > 0) || !(srOut > 0)) throw new RangeError(`sample rates must be > 0, got ${srIn} → ${srOut}`);
  if (srIn === srOut) return { push: (x) => x, end: () => new Float32Array(0) };
  const factor = srIn / srOut;
  if (Number.isInteger(factor)) return streamDecimator(factor, await decimationKernel(factor, quality), srIn, srOut);
  return streamLibsamplerate(srIn, srOut, quality);
}

/**
 * The FIR decimation of `decimate` over a stream. The input is seen as `pad` zeros followed by the signal, so every
 * output k reads v[D·k + o .. D·k + o + L) with o ≥ 0; outputs are computed as soon as their last input is in.
 */
function streamDecimator(factor: number, kernel: FirKernel, srIn: number, srOut: number): StreamResampler {
  const L = kernel.taps.length;
  const pad = Math.max(0, -kernel.offset);
  const o = kernel.offset + pad;
  const shifted: FirKernel = { taps: kernel.taps, offset: 0 };
  let buffer = new Float32Array(pad); // v[base, base + buffer.length)
  let base = 0;
  let next = 0; // the next output index
  let received = 0;
  const run = (outputs: number): Float32Array => {
    const s = factor * next + o;
    const y = decimate(buffer.subarray(s - base), factor, shifted, outputs);
    next += outputs;
    const drop = Math.min(factor * next + o - base, buffer.length);
    buffer = buffer.slice(drop);
    base += drop;
    return y;
  };
  return {
    push(x) {
      received += x.length;
      const joined = new Float32Array(buffer.length + x.length);
      joined.set(buffer);
      joined.set(x, buffer.length);
      buffer = joined;
      const end = base + buffer.length;
      const ready = Math.min(Math.floor((end - o - L) / factor) + 1, resampledLength(received, srIn, srOut));
      return ready > next ? run(ready - next) : new Float32Array(0);
    },
    end() {
      const target = resampledLength(received, srIn, srOut);
      return target > next ? run(target - next) : new Float32Array(0);
    },
  };
}

/** libsamplerate's `full` API keeps its filter state between calls; flushed with zeros and cut to length at the end. */
async function streamLibsamplerate(srIn: number, srOut: number, quality: ResampleQuality): Promise<StreamResampler> {
  const src = await createConverter(1, srIn, srOut, quality);
  let received = 0;
  let emitted = 0;
  const limit = (y: Float32Array, target: number): Float32Array => {
    const out = y.length > target - emitted ? y.subarray(0, Math.max(0, target - emitted)) : y;
    emitted += out.length;
    return out;
  };
  return {
    push(x) {
      received += x.length;
      // Never more than ⌈n · ratio⌉ for what has arrived; the converter's latency keeps it below that anyway.
      return limit(src.full(x).slice(), resampledLength(received, srIn, srOut));
    },
    end() {
      const target = resampledLength(received, srIn, srOut);
      try {
        const tail = limit(src.full(new Float32Array(flushFrames(srIn, srOut))).slice(), target);
        if (emitted >= target) return tail;
        // The converter still held some samples: the rest is zeros, as `resample` pads its output.
        const out = new Float32Array(tail.length + target - emitted);
        out.set(tail);
        emitted = target;
        return out;
      } finally {
        src.destroy();
      }
    },
  };
}
