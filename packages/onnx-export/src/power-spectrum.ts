import { hann } from '@audio-dl/dsp';
import type { GraphBuilder } from './graph';

/**
 * The power spectrum of every centred, Hann-windowed frame, and the order of its bins: `power` is
 * `float32[batch, frames, n]` where column j holds FFT bin `bins[j]` (-1: a bin above nFft/2, which the mel filters
 * do not use). The caller orders its filter bank rows the same way, so no reordering runs in the graph.
 */
export interface PowerSpectrum {
  power: string;
  bins: Int32Array;
}

/** nFft = n1 · n2 with n1 the largest factor ≤ √nFft (1 when nFft is prime). */
export function splitSize(nFft: number): [number, number] {
  let n1 = Math.floor(Math.sqrt(nFft));
  while (nFft % n1 !== 0) n1--;
  return [n1, nFft / n1];
}

/**
 * Adds the power spectrum of `padded` (`float32[batch, samples + nFft]`, already zero-padded by nFft/2 on both
 * sides) for `frames` frames of `nFft` samples every `hop`. The DFT runs as two small matrix products (Cooley–Tukey,
 * nFft = n1 · n2: a DFT of size n1 down the columns, a twiddle, a DFT of size n2 along the rows, keeping only the
 * columns that reach bins up to nFft/2), which ONNX Runtime computes on its sgemm: several times faster than its
 * `STFT` kernel. Where nFft does not factor (a prime), the `STFT` operator does it.
 */
export function addPowerSpectrum(
  g: GraphBuilder,
  padded: string,
  nFft: number,
  hop: number,
  frames: number,
): PowerSpectrum {
  const [n1, n2] = splitSize(nFft);
  const onesided = (nFft >> 1) + 1;
  if (n1 === 1) {
    const real = g.node('Unsqueeze', [padded, g.int64('real_axis', [2])], {}, 'as_real');
    const spectrum = g.node(
      'STFT',
      [real, g.int64('hop_length', [hop], []), g.float('hann_window', hann(nFft))],
      { onesided: 1 },
      'stft',
    );
    // |X|² from [batch, frames, bins, (re, im)].
    const squared = g.node('Mul', [spectrum, spectrum], {}, 'squared');
    const power = g.node('ReduceSum', [squared, g.int64('complex_axis', [3])], { keepdims: 0 }, 'power');
    return { power, bins: Int32Array.from({ length: onesided }, (_, k) => k) };
  }
  // Frame t is padded[t·hop … t·hop + nFft): one Gather with indices built in the graph.
  const starts = g.node(
    'Mul',
    [
      g.node(
        'Range',
        [g.int64('zero', [0], []), g.int64('frames', [frames], []), g.int64('one', [1], [])],
        {},
        'frame',
      ),
      g.int64('hop', [hop], []),
    ],
    {},
    'frame_start',
  );
  const offsets = g.node(
    'Range',
    [g.int64('zero', [0], []), g.int64('n_fft', [nFft], []), g.int64('one', [1], [])],
    {},
    'offset',
  );
  const index = g.node(
    'Add',
    [g.node('Unsqueeze', [starts, g.int64('column_axis', [1])], {}, 'frame_column'), offsets],
    {},
    'frame_index',
  );
  const framed = g.node('Gather', [padded, index], { axis: 1 }, 'frames');
  const windowed = g.node('Mul', [framed, g.float('hann_window', hann(nFft))], {}, 'windowed');
  // Sample n = n2·a + b of a frame sits at [a, b]; bin k = c + n1·d comes out at [c, d].
  const x = g.node('Reshape', [windowed, g.int64('split_frame', [0, 0, n1, n2])], {}, 'split');
  const cos1 = new Float32Array(n1 * n1);
  const negSin1 = new Float32Array(n1 * n1);
  for (let c = 0; c < n1; c++)
    for (let a = 0; a < n1; a++) {
      const theta = (2 * Math.PI * ((a * c) % n1)) / n1;
      cos1[c * n1 + a] = Math.cos(theta);
      negSin1[c * n1 + a] = -Math.sin(theta);
    }
  // Stage 1: A[c, b] = Σ_a x[a, b] e^{-2πi·a·c/n1}.
  const ar = g.node('MatMul', [g.float('dft1_cos', cos1, [n1, n1]), x], {}, 'stage1_re');
  const ai = g.node('MatMul', [g.float('dft1_neg_sin', negSin1, [n1, n1]), x], {}, 'stage1_im');
  // Twiddle: B[c, b] = A[c, b] e^{-2πi·b·c/nFft}.
  const tr = new Float32Array(n1 * n2);
  const ti = new Float32Array(n1 * n2);
  for (let c = 0; c < n1; c++)
    for (let b = 0; b < n2; b++) {
      const theta = (2 * Math.PI * ((b * c) % nFft)) / nFft;
      tr[c * n2 + b] = Math.cos(theta);
      ti[c * n2 + b] = -Math.sin(theta);
    }
  const twR = g.float('twiddle_re', tr, [n1, n2]);
  const twI = g.float('twiddle_im', ti, [n1, n2]);
  const br = g.node('Sub', [g.node('Mul', [ar, twR], {}, 'rr'), g.node('Mul', [ai, twI], {}, 'ii')], {}, 'twiddled_re');
  const bi = g.node('Add', [g.node('Mul', [ar, twI], {}, 'ri'), g.node('Mul', [ai, twR], {}, 'ir')], {}, 'twiddled_im');
  // Stage 2: X[c, d] = Σ_b B[c, b] e^{-2πi·b·d/n2}, only for d ≤ n2/2 (bins c + n1·d up to nFft/2 and a few above).
  const kept = (n2 >> 1) + 1;
  const cos2 = new Float32Array(n2 * kept);
  const sin2 = new Float32Array(n2 * kept);
  for (let b = 0; b < n2; b++)
    for (let d = 0; d < kept; d++) {
      const theta = (2 * Math.PI * ((b * d) % n2)) / n2;
      cos2[b * kept + d] = Math.cos(theta);
      sin2[b * kept + d] = Math.sin(theta);
    }
  const c2 = g.float('dft2_cos', cos2, [n2, kept]);
  const s2 = g.float('dft2_sin', sin2, [n2, kept]);
  // (Br + i·Bi)(C − i·S) = (Br·C + Bi·S) + i(Bi·C − Br·S).
  const xr = g.node('Add', [g.node('MatMul', [br, c2], {}, 'rc'), g.node('MatMul', [bi, s2], {}, 'is')], {}, 'dft_re');
  const xi = g.node('Sub', [g.node('MatMul', [bi, c2], {}, 'ic'), g.node('MatMul', [br, s2], {}, 'rs')], {}, 'dft_im');
  const power4 = g.node(
    'Add',
    [g.node('Mul', [xr, xr], {}, 'power_re'), g.node('Mul', [xi, xi], {}, 'power_im')],
    {},
    'power_split',
  );
  const power = g.node('Reshape', [power4, g.int64('join_bins', [0, 0, n1 * kept])], {}, 'power');
  const bins = new Int32Array(n1 * kept);
  for (let c = 0; c < n1; c++)
    for (let d = 0; d < kept; d++) {
      const k = c + n1 * d;
      bins[c * kept + d] = k < onesided ? k : -1;
    }
  return { power, bins };
}
