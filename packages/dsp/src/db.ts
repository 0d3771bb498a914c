import type { Matrix } from './matrix';

export interface DbOptions {
  /** Reference power (or amplitude for `amplitudeToDb`); 'max' uses the matrix maximum, as `ref=np.max`. */
  ref?: number | 'max';
  /** Floor before the log: 1e-10 for power, 1e-5 for amplitude (librosa's defaults). */
  amin?: number;
  /** Clamp everything to at least max(dB) − topDb over the WHOLE matrix; null disables. Default 80. */
  topDb?: number | null;
}

function maxOf(a: Float32Array): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
  return m;
}

function toDb(values: Float32Array, shape: [number, number], square: boolean, opts: DbOptions, aminDefault: number) {
  const amin = opts.amin ?? aminDefault;
  if (!(amin > 0)) throw new RangeError(`amin must be > 0, got ${amin}`);
  const topDb = opts.topDb === undefined ? 80 : opts.topDb;
  if (topDb !== null && !(topDb >= 0)) throw new RangeError(`topDb must be ≥ 0, got ${topDb}`);
  const a2 = square ? amin * amin : amin;
  const ref = opts.ref === undefined ? 1 : opts.ref === 'max' ? maxOf(values) : opts.ref;
  const refPower = square ? ref * ref : Math.abs(ref);
  const offset = 10 * Math.log10(Math.max(a2, refPower));
  const out = new Float32Array(values.length);
  let top = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = square ? values[i] * values[i] : values[i];
    const d = 10 * Math.log10(Math.max(a2, v)) - offset;
    out[i] = d;
    if (d > top) top = d;
  }
  if (topDb !== null) {
    const floor = top - topDb;
    for (let i = 0; i < out.length; i++) if (out[i] < floor) out[i] = floor;
  }
  return { data: out, shape: [shape[0], shape[1]] as [number, number] };
}

/** librosa `power_to_db`: 10·log10(max(amin, S)) − 10·log10(max(amin, ref)), clamped to max − topDb. */
export function powerToDb(s: Matrix, opts: DbOptions = {}): Matrix {
  return toDb(s.data, s.shape, false, opts, 1e-10);
}

/** librosa `amplitude_to_db`: `power_to_db(S², ref², amin²)`. */
export function amplitudeToDb(s: Matrix, opts: DbOptions = {}): Matrix {
  return toDb(s.data, s.shape, true, opts, 1e-5);
}
