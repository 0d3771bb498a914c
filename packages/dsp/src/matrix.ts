/** Row-major matrix: element (r, c) is `data[r * shape[1] + c]`. */
export interface Matrix {
  data: Float32Array;
  shape: [number, number];
}

/** Complex row-major matrix with separate real and imaginary planes. */
export interface ComplexMatrix {
  re: Float32Array;
  im: Float32Array;
  shape: [number, number];
}

/** Row `r` as a view (no copy). */
export function row(m: Matrix, r: number): Float32Array {
  const cols = m.shape[1];
  return m.data.subarray(r * cols, (r + 1) * cols);
}

/** Column `c` as a new array. */
export function column(m: Matrix, c: number): Float32Array {
  const [rows, cols] = m.shape;
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) out[r] = m.data[r * cols + c];
  return out;
}

/** Transposed copy ([frames, coefficients] for models that want time first). */
export function transpose(m: Matrix): Matrix {
  const [rows, cols] = m.shape;
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = m.data[r * cols + c];
  return { data: out, shape: [cols, rows] };
}

/** Nested arrays ([[…] × rows]) for JSON output. */
export function toRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < m.shape[0]; r++) out.push(Array.from(row(m, r)));
  return out;
}
