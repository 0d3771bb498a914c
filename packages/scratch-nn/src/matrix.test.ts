import { addScaled, dot, fromRows, hadamard, matrix, outer, toRows, transpose, vecMat, vecMatT } from './matrix';

const f64 = (xs: number[]): Float64Array => Float64Array.from(xs);

describe('matrix', () => {
  const a = fromRows([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  const b = fromRows([
    [7, 8],
    [9, 10],
    [11, 12],
  ]);

  it('builds from rows with an explicit shape and rejects ragged rows', () => {
    expect(a.shape).toEqual([2, 3]);
    expect(Array.from(a.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(() => fromRows([[1, 2], [3]])).toThrow(/row 1 has 1 values, expected 2/);
    expect(() => matrix(2, 2, new Float64Array(3))).toThrow(/needs 4 values, got 3/);
  });

  it('multiplies matrices', () => {
    const c = dot(a, b);
    expect(c.shape).toEqual([2, 2]);
    expect(toRows(c)).toEqual([
      [58, 64],
      [139, 154],
    ]);
    expect(() => dot(a, a)).toThrow(/shapes 2×3 and 2×3 do not align/);
  });

  it('writes into a reused output and checks its shape', () => {
    const out = matrix(2, 2);
    out.data.fill(99);
    expect(dot(a, b, out)).toBe(out);
    expect(Array.from(out.data)).toEqual([58, 64, 139, 154]);
    expect(() => dot(a, b, matrix(3, 3))).toThrow(/out is 3×3, expected 2×2/);
  });

  it('transposes', () => {
    expect(transpose(a).shape).toEqual([3, 2]);
    expect(toRows(transpose(a))).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
  });

  it('multiplies a row vector by a matrix and by its transpose', () => {
    expect(Array.from(vecMat(f64([1, 0, -1]), b))).toEqual([-4, -4]);
    expect(Array.from(vecMatT(f64([1, 0, -1]), a))).toEqual(Array.from(vecMat(f64([1, 0, -1]), transpose(a))));
    expect(Array.from(vecMatT(f64([1, 0, -1]), a))).toEqual([-2, -2]);
    expect(() => vecMat(f64([1, 2]), b)).toThrow(/vector of length 2 and matrix 3×2/);
    expect(() => vecMatT(f64([1, 2]), a)).toThrow(/do not align/);
  });

  it('forms the outer product uᵀ · v', () => {
    const o = outer(f64([1, 2]), f64([3, 4, 5]));
    expect(o.shape).toEqual([2, 3]);
    expect(toRows(o)).toEqual([
      [3, 4, 5],
      [6, 8, 10],
    ]);
  });

  it('takes the Hadamard product, in place too', () => {
    const x = f64([1, 2, 3]);
    expect(Array.from(hadamard(x, f64([4, 5, 6])))).toEqual([4, 10, 18]);
    hadamard(x, f64([2, 2, 2]), x);
    expect(Array.from(x)).toEqual([2, 4, 6]);
    expect(() => hadamard(x, f64([1]))).toThrow(/lengths 3 and 1 differ/);
  });

  it('adds a scaled matrix in place', () => {
    const w = fromRows([[1, 2]]);
    addScaled(w, 0.5, fromRows([[2, -4]]));
    expect(Array.from(w.data)).toEqual([2, 0]);
    expect(() => addScaled(w, 1, a)).toThrow(/shapes 1×2 and 2×3 differ/);
  });
});
