import { z } from 'zod';
import type { ComplexMatrix } from './matrix';

export const phaseVocoderOptionsSchema = z.strictObject({
  /** Speed-up factor: > 1 makes fewer frames (faster), < 1 more. */
  rate: z.number().positive().finite(),
  /** Hop of the STFT that made D; default nFft/4. */
  hopLength: z.number().int().positive().optional(),
  /** Default 2·(bins − 1). */
  nFft: z.number().int().min(2).optional(),
});
export type PhaseVocoderOptions = z.input<typeof phaseVocoderOptionsSchema>;

const TWO_PI = 2 * Math.PI;
const f32 = Math.fround;

/** numpy's `round` (half to even), so the phase wrap agrees with librosa's on exact ties. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

// fdlibm's kernels for sin and cos on [−π/4, π/4].
const S1 = -0.16666666666666632;
const S2 = 0.00833333333332249;
const S3 = -0.0001984126982985795;
const S4 = 0.0000027557313707070068;
const S5 = -2.5050760253406863e-8;
const S6 = 1.58969099521155e-10;
const C1 = 0.0416666666666666;
const C2 = -0.001388888888887411;
const C3 = 0.00002480158728947673;
const C4 = -2.7557314351390663e-7;
const C5 = 2.087572321298175e-9;
const C6 = -1.1359647557788195e-11;
const PIO2_HI = 1.5707963267341256; // first 33 bits of π/2
const PIO2_LO = 6.077100506506192e-11; // π/2 − PIO2_HI

/**
 * [sin x, cos x] into `out`, within ~1e-9 of Math.sin/cos for |x| up to 1e7 (the reduction by π/2 is two-part),
 * about three times faster than Math.sin + Math.cos here; the phase vocoder rounds both to float32 anyway.
 */
export function sinCos(x: number, out: Float64Array): void {
  const n = Math.round(x * (2 / Math.PI));
  const r = x - n * PIO2_HI - n * PIO2_LO;
  const z = r * r;
  const w = z * z;
  const s = r + z * r * (S1 + z * (S2 + z * (S3 + z * S4) + z * w * (S5 + z * S6)));
  const hz = 0.5 * z;
  const u = 1 - hz;
  const c = u + (1 - u - hz + z * (z * (C1 + z * (C2 + z * C3)) + w * w * (C4 + z * (C5 + z * C6))));
  switch (n & 3) {
    case 0:
      out[0] = s;
      out[1] = c;
      break;
    case 1:
      out[0] = c;
      out[1] = -s;
      break;
    case 2:
      out[0] = -s;
      out[1] = -c;
      break;
    default:
      out[0] = -c;
      out[1] = s;
  }
}

/**
 * librosa.phase_vocoder: frames at steps 0, rate, 2·rate, … < frames of D ([bins, frames], as `stft` returns);
 * each output frame's magnitude interpolates linearly between the two frames around the step, and its phase is
 * accumulated from the measured phase advance between them. Like librosa on a complex64 STFT, the angles and the
 * phase accumulator are float32 (the accumulator reaches ~10⁶ rad in the top bins, so its rounding shows).
 */
export function phaseVocoder(D: ComplexMatrix, opts: PhaseVocoderOptions): ComplexMatrix {
  const o = phaseVocoderOptionsSchema.parse(opts);
  const [bins, frames] = D.shape;
  const nFft = o.nFft ?? 2 * (bins - 1);
  const hop = o.hopLength ?? Math.floor(nFft / 4);
  const rate = o.rate;
  const steps = frames === 0 ? 0 : Math.ceil(frames / rate); // np.arange(0, frames, rate)
  // rfftfreq(n_fft, 1/2π) · hop: the phase a bin's centre frequency advances over one hop.
  const val = 1 / (nFft * (1 / TWO_PI));
  // Time steps and float32 interpolation weights (numpy 1.24, the fixtures', multiplies float32 magnitudes by
  // float32 weights).
  const index = new Int32Array(steps);
  const wa = new Float32Array(steps);
  const wb = new Float32Array(steps);
  for (let t = 0; t < steps; t++) {
    const step = t * rate;
    const i0 = Math.floor(step);
    index[t] = i0;
    wb[t] = step - i0;
    wa[t] = 1 - (step - i0);
  }
  // One bin's |D| and angle(D) in float32, with the two zero frames librosa pads D with.
  const mag = new Float32Array(frames + 2);
  const ang = new Float32Array(frames + 2);
  const re = new Float32Array(bins * steps);
  const im = new Float32Array(bins * steps);
  const sc = new Float64Array(2);
  // Each bin's phase evolves on its own, so run bin by bin: every read and write is contiguous.
  for (let k = 0; k < bins; k++) {
    for (let t = 0, j = k * frames; t < frames; t++, j++) {
      const x = D.re[j];
      const y = D.im[j];
      mag[t] = Math.sqrt(x * x + y * y); // Math.hypot is several times slower
      ang[t] = Math.atan2(y, x);
    }
    const phi = hop * (k * val);
    let acc = ang[0]; // float32 accumulator, as librosa's phase_acc
    for (let t = 0, j = k * steps; t < steps; t++, j++) {
      const i0 = index[t];
      const m = f32(f32(wa[t] * mag[i0]) + f32(wb[t] * mag[i0 + 1]));
      sinCos(acc, sc);
      re[j] = f32(sc[1]) * m;
      im[j] = f32(sc[0]) * m;
      let dphase = f32(ang[i0 + 1] - ang[i0]) - phi;
      dphase -= TWO_PI * roundHalfEven(dphase / TWO_PI);
      acc = f32(acc + (phi + dphase));
    }
  }
  return { re, im, shape: [bins, steps] };
}
