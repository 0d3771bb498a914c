import { describeNative, native, random } from './__fixtures__/native';

// c[i, j] = sum_k a[i*ars + k*acs] b[k*brs + j*bcs], in float64.
function reference(
  M: number,
  N: number,
  K: number,
  a: Float32Array,
  ars: number,
  acs: number,
  b: Float32Array,
  brs: number,
  bcs: number,
) {
  const c = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += (a[i * ars + k * acs] ?? 0) * (b[k * brs + j * bcs] ?? 0);
      c[i * N + j] = s;
    }
  }
  return c;
}

function maxError(c: Float32Array, ref: Float64Array, ldc: number, N: number): number {
  let worst = 0;
  for (let i = 0; i < ref.length / N; i++) {
    for (let j = 0; j < N; j++) worst = Math.max(worst, Math.abs((c[i * ldc + j] ?? 0) - (ref[i * N + j] ?? 0)));
  }
  return worst;
}

describeNative('native gemm', () => {
  const kernels = native as NonNullable<typeof native>;

  test('names its micro-kernel', () => {
    expect(['avx2-fma', 'portable']).toContain(kernels.kernel);
  });

  // Sizes around the register tile (6 × 16), the depth block (256) and the row block (96).
  test.each([
    [1, 1, 1],
    [6, 16, 256],
    [7, 17, 257],
    [97, 33, 600],
    [13, 5, 3],
  ])('%i×%i by depth %i, every transpose, within 1e-4 of float64', (M, N, K) => {
    for (const [tA, tB] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      const a = random(M * K, 1);
      const b = random(K * N, 2);
      const c = new Float32Array(M * N);
      kernels.matMul(M, N, K, a, tA, b, tB, c, null, 0);
      const ref = reference(M, N, K, a, tA ? 1 : K, tA ? M : 1, b, tB ? 1 : N, tB ? K : 1);
      expect(maxError(c, ref, N, N)).toBeLessThan(1e-4);
    }
  });

  test('adds to c with accumulate, writes a row stride, and repeats bit for bit', () => {
    const [M, N, K, ldc] = [20, 18, 300, 25];
    const a = random(M * K, 3);
    const b = random(K * N, 4);
    const start = random(M * ldc, 5);
    const c = start.slice();
    kernels.gemm(M, N, K, a, K, 1, b, N, 1, c, ldc, true);
    const product = reference(M, N, K, a, K, 1, b, N, 1);
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) product[i * N + j] = (product[i * N + j] ?? 0) + (start[i * ldc + j] ?? 0);
    }
    expect(maxError(c, product, ldc, N)).toBeLessThan(1e-4);
    expect(c[M * ldc - 1]).toBe(start[M * ldc - 1]); // padding columns untouched
    const again = start.slice();
    kernels.gemm(M, N, K, a, K, 1, b, N, 1, again, ldc, true);
    expect(Buffer.from(again.buffer).equals(Buffer.from(c.buffer))).toBe(true);
  });

  test('split across 2 and 3 threads, gives the same bits as on one (columns, and rows when they are few)', () => {
    for (const [M, N, K] of [
      [40, 515, 600],
      [700, 20, 300],
    ]) {
      const a = random(M * K, 6);
      const b = random(K * N, 7);
      const results = [1, 2, 3].map((threads) => {
        kernels.setThreads(threads);
        expect(kernels.threads()).toBe(threads);
        const c = new Float32Array(M * N);
        kernels.matMul(M, N, K, a, false, b, false, c, null, 0);
        return c;
      });
      kernels.setThreads(1);
      expect(maxError(results[0], reference(M, N, K, a, K, 1, b, N, 1), N, N)).toBeLessThan(1e-4);
      for (const c of results.slice(1)) expect(Buffer.from(c.buffer).equals(Buffer.from(results[0].buffer))).toBe(true);
    }
  });

  test('Adam: one step as tfjs writes it, the same bits on 2 threads', () => {
    const n = 70_001; // above the size that splits, and not a multiple of 8
    const [w, g, m, v] = [1, 2, 3, 4].map((seed) => random(n, seed).map((x) => Math.abs(x)));
    const step = (threads: number) => {
      kernels.setThreads(threads);
      const out = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
      kernels.adamUpdate(n, w, g, m, v, out[0], out[1], out[2], 0.9, 0.999, 1e-7, 0.01, 0.1, 0.001);
      return out;
    };
    const [one, two] = [step(1), step(2)];
    kernels.setThreads(1);
    for (const i of [0, 12345, n - 1]) {
      const mi = 0.9 * m[i] + 0.1 * g[i];
      const vi = 0.999 * v[i] + 0.001 * g[i] * g[i];
      expect(one[1][i]).toBeCloseTo(mi, 6);
      expect(one[2][i]).toBeCloseTo(vi, 6);
      expect(one[0][i]).toBeCloseTo(w[i] - (0.01 * (mi / 0.1)) / (Math.sqrt(vi / 0.001) + 1e-7), 5);
    }
    for (let k = 0; k < 3; k++) expect(Buffer.from(two[k].buffer).equals(Buffer.from(one[k].buffer))).toBe(true);
  });

  test('adds the bias and applies relu', () => {
    const a = Float32Array.of(1, 2, 3, 4); // [2 × 2]
    const b = Float32Array.of(1, -1, 1, -1); // [2 × 2]
    const c = new Float32Array(4);
    kernels.matMul(2, 2, 2, a, false, b, false, c, Float32Array.of(0.5, 10), 1);
    expect(Array.from(c)).toEqual([3.5, 7, 7.5, 3]);
  });
});

describeNative('native kernels refuse arrays that do not fit', () => {
  const kernels = native as NonNullable<typeof native>;

  test('a short operand', () => {
    expect(() =>
      kernels.matMul(4, 4, 4, new Float32Array(15), false, new Float32Array(16), false, new Float32Array(16), null, 0),
    ).toThrow('a holds 15 values, 16 needed');
  });

  test('a geometry of the wrong length, a bad activation, a non-float array', () => {
    const f = new Float32Array(64);
    expect(() => kernels.conv2dBackpropFilter(new Int32Array(14), f, f, f)).toThrow(
      'geometry must be an Int32Array of 15 values',
    );
    expect(() => kernels.matMul(1, 1, 1, f, false, f, false, f, null, 2 as 0)).toThrow(
      'activation must be 0 (linear) or 1 (relu)',
    );
    expect(() =>
      kernels.matMul(1, 1, 1, new Float64Array(1) as unknown as Float32Array, false, f, false, f, null, 0),
    ).toThrow('a must be a Float32Array');
  });

  test('an output too small for the convolution', () => {
    // batch 1, 4×4×1 input, 3×3 filter to 2 channels, stride 1, valid: output 2×2×2 = 8 values.
    const g = Int32Array.of(1, 4, 4, 1, 3, 3, 2, 1, 1, 1, 1, 0, 0, 2, 2);
    expect(() => kernels.conv2d(g, new Float32Array(16), new Float32Array(18), null, 0, new Float32Array(7))).toThrow(
      'y holds 7 values, 8 needed',
    );
  });
});
