import { isSilent, SILENT_PEAK } from './silence';

describe('isSilent', () => {
  it('is true for zeros and a peak just under the threshold, false above it', () => {
    expect(isSilent(new Float32Array(100))).toBe(true);
    expect(isSilent(Float32Array.from([0, 0.9e-5, -0.9e-5]))).toBe(true);
    expect(isSilent(Float32Array.from([0, -2 * SILENT_PEAK, 0]))).toBe(false);
    expect(isSilent(Float32Array.from([0, 0.5, 0]))).toBe(false);
  });
});
