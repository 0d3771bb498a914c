// numpy.random.default_rng(seed).uniform(low, high, n), reimplemented so that tests can regenerate inputs the
// librosa fixtures were made from (e.g. track30.wav) instead of storing them. numpy 1.24: SeedSequence(seed) →
// generate_state(4, uint64) → PCG64 (XSL-RR 128/64) → random() = (next64 >> 11)·2⁻⁵³. Checked sample-exact against
// the stored noise.wav (seed 0) and ../shared's track30.wav (seed 1).
const M64 = (1n << 64n) - 1n;
const M128 = (1n << 128n) - 1n;
const PCG_MULT = (2549297995355413924n << 64n) + 4865540595714422341n;

const mul32 = (a: number, b: number): number => Math.imul(a, b) >>> 0;

/** SeedSequence(seed).generate_state(words64, uint64), for a non-negative seed below 2³². */
function seedSequenceState(seed: number, words64: number): bigint[] {
  const pool = [seed >>> 0, 0, 0, 0];
  let hashConst = 0x43b0d7e5;
  const hashmix = (v: number): number => {
    let value = (v ^ hashConst) >>> 0;
    hashConst = mul32(hashConst, 0x931e8875);
    value = mul32(value, hashConst);
    return (value ^ (value >>> 16)) >>> 0;
  };
  const mix = (x: number, y: number): number => {
    const r = (mul32(0xca01f9dd, x) - mul32(0x4973f715, y)) >>> 0;
    return (r ^ (r >>> 16)) >>> 0;
  };
  for (let i = 0; i < 4; i++) pool[i] = hashmix(pool[i]);
  for (let src = 0; src < 4; src++) {
    for (let dst = 0; dst < 4; dst++) if (src !== dst) pool[dst] = mix(pool[dst], hashmix(pool[src]));
  }
  let h = 0x8b51f9dd;
  const words32: number[] = [];
  for (let i = 0; i < 2 * words64; i++) {
    let v = (pool[i % 4] ^ h) >>> 0;
    h = mul32(h, 0x58f38ded);
    v = mul32(v, h);
    words32.push((v ^ (v >>> 16)) >>> 0);
  }
  const out: bigint[] = [];
  for (let i = 0; i < words64; i++) out.push((BigInt(words32[2 * i + 1]) << 32n) | BigInt(words32[2 * i]));
  return out;
}

/** `n` doubles of numpy.random.default_rng(seed).uniform(low, high, n). */
export function numpyUniform(seed: number, low: number, high: number, n: number): Float64Array {
  const [s0, s1, i0, i1] = seedSequenceState(seed, 4);
  const inc = ((((i0 << 64n) | i1) << 1n) | 1n) & M128;
  let state = 0n;
  const step = (): void => {
    state = (state * PCG_MULT + inc) & M128;
  };
  step();
  state = (state + ((s0 << 64n) | s1)) & M128;
  step();
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    step();
    const x = ((state >> 64n) ^ state) & M64;
    const rot = state >> 122n;
    const next = ((x >> rot) | (x << ((64n - rot) & 63n))) & M64;
    out[k] = low + (high - low) * (Number(next >> 11n) * 2 ** -53);
  }
  return out;
}
