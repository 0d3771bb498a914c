/**
 * Dense linear algebra on `Float64Array`. A matrix is row-major with an explicit shape
 * (`data[r * cols + c]`); a vector is a plain `Float64Array` and acts as a row vector, as numpy's
 * 1-D arrays do in `a · W`. Every function takes an optional `out` so hot loops can reuse buffers.
 */
export interface Matrix {
  data: Float64Array;
  shape: [number, number];
}

function checkSize(what: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative integer, got ${n}`);
}

/** A `rows × cols` matrix of zeros, or wrapping `data` (which must hold exactly rows·cols values). */
export function matrix(rows: number, cols: number, data?: Float64Array): Matrix {
  checkSize('rows', rows);
  checkSize('cols', cols);
  if (data && data.length !== rows * cols)
    throw new RangeError(`matrix ${rows}×${cols} needs ${rows * cols} values, got ${data.length}`);
  return { data: data ?? new Float64Array(rows * cols), shape: [rows, cols] };
}

/** Builds a matrix from nested rows; every row must have the same length. */
export function fromRows(rows: readonly (readonly number[])[]): Matrix {
  const cols = rows.length > 0 ? rows[0].length : 0;
  const m = matrix(rows.length, cols);
  rows.forEach((row, r) => {
    if (row.length !== cols) throw new RangeError(`row ${r} has ${row.length} values, expected ${cols}`);
    m.data.set(row, r * cols);
  });
  return m;
}

/** The matrix as nested rows (for printing and tests). */
export function toRows(m: Matrix): number[][] {
  const [rows, cols] = m.shape;
  return Array.from({ length: rows }, (_, r) => Array.from(m.data.subarray(r * cols, (r + 1) * cols)));
}

function target(rows: number, cols: number, out: Matrix | undefined, op: string): Matrix {
  if (!out) return matrix(rows, cols);
  if (out.shape[0] !== rows || out.shape[1] !== cols)
    throw new RangeError(`${op}: out is ${out.shape[0]}×${out.shape[1]}, expected ${rows}×${cols}`);
  return out;
}

function targetVec(n: number, out: Float64Array | undefined, op: string): Float64Array {
  if (!out) return new Float64Array(n);
  if (out.length !== n) throw new RangeError(`${op}: out has length ${out.length}, expected ${n}`);
  return out;
}

/** Matrix product `a · b` of an m×k and a k×n matrix. `out` must not alias `a` or `b`. */
export function dot(a: Matrix, b: Matrix, out?: Matrix): Matrix {
  const [m, k] = a.shape;
  const [k2, n] = b.shape;
  if (k !== k2) throw new RangeError(`dot: shapes ${m}×${k} and ${k2}×${n} do not align`);
  const o = target(m, n, out, 'dot');
  const A = a.data;
  const B = b.data;
  const O = o.data;
  O.fill(0, 0, m * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const aip = A[i * k + p];
      for (let j = 0; j < n; j++) O[i * n + j] += aip * B[p * n + j];
    }
  }
  return o;
}

/** Row vector times matrix, `v · W` (length k times k×n → length n). */
export function vecMat(v: Float64Array, w: Matrix, out?: Float64Array): Float64Array {
  const [k, n] = w.shape;
  if (v.length !== k) throw new RangeError(`vecMat: vector of length ${v.length} and matrix ${k}×${n} do not align`);
  const o = targetVec(n, out, 'vecMat');
  const W = w.data;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let p = 0; p < k; p++) s += v[p] * W[p * n + j];
    o[j] = s;
  }
  return o;
}

/** Row vector times a transposed matrix, `v · Wᵀ` (length n times (k×n)ᵀ → length k), without forming Wᵀ. */
export function vecMatT(v: Float64Array, w: Matrix, out?: Float64Array): Float64Array {
  const [k, n] = w.shape;
  if (v.length !== n)
    throw new RangeError(`vecMatT: vector of length ${v.length} and matrix (${k}×${n})ᵀ do not align`);
  const o = targetVec(k, out, 'vecMatT');
  const W = w.data;
  for (let i = 0; i < k; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += v[j] * W[i * n + j];
    o[i] = s;
  }
  return o;
}

/** The transpose of an m×n matrix (n×m). `out` must not alias `a`. */
export function transpose(a: Matrix, out?: Matrix): Matrix {
  const [m, n] = a.shape;
  const o = target(n, m, out, 'transpose');
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) o.data[j * m + i] = a.data[i * n + j];
  return o;
}

/** Outer product `uᵀ · v` (column times row): a u.length × v.length matrix. */
export function outer(u: Float64Array, v: Float64Array, out?: Matrix): Matrix {
  const m = u.length;
  const n = v.length;
  const o = target(m, n, out, 'outer');
  const O = o.data;
  for (let i = 0; i < m; i++) {
    const ui = u[i];
    for (let j = 0; j < n; j++) O[i * n + j] = ui * v[j];
  }
  return o;
}

/** Element-wise (Hadamard) product `a ⊙ b` of two equal-length vectors; `out` may alias either. */
export function hadamard(a: Float64Array, b: Float64Array, out?: Float64Array): Float64Array {
  if (a.length !== b.length) throw new RangeError(`hadamard: lengths ${a.length} and ${b.length} differ`);
  const o = targetVec(a.length, out, 'hadamard');
  for (let i = 0; i < a.length; i++) o[i] = a[i] * b[i];
  return o;
}

/** In place `target += scale · source` (the §04 update `W += η · Deriv`). */
export function addScaled(target: Matrix, scale: number, source: Matrix): Matrix {
  const [m, n] = target.shape;
  if (source.shape[0] !== m || source.shape[1] !== n)
    throw new RangeError(`addScaled: shapes ${m}×${n} and ${source.shape[0]}×${source.shape[1]} differ`);
  const T = target.data;
  const S = source.data;
  for (let i = 0; i < T.length; i++) T[i] += scale * S[i];
  return target;
}
