import {
  checkBands,
  defaultFeatureParams,
  featureParamsSchema,
  featureShape,
  segmentLayout,
  withDefaultFeatures,
} from './params';

describe('featureParamsSchema', () => {
  it('defaults to the course parameters', () => {
    expect(defaultFeatureParams).toEqual({
      sr: 22050,
      duration: 30,
      offset: 0,
      segments: 10,
      nMfcc: 13,
      nFft: 2048,
      hopLength: 512,
      nMels: 128,
      features: 'mfcc',
    });
  });

  it('rejects unknown keys and non-positive values', () => {
    expect(featureParamsSchema.safeParse({ segment: 5 }).success).toBe(false);
    expect(featureParamsSchema.safeParse({ hopLength: 0 }).success).toBe(false);
    expect(featureParamsSchema.safeParse({ nMfcc: 1.5 }).success).toBe(false);
  });
});

describe('segmentLayout', () => {
  it('gives 66150 samples and 130 vectors for the defaults (§09.3)', () => {
    expect(segmentLayout(defaultFeatureParams)).toEqual({ samplesPerSegment: 66150, expectedVectors: 130 });
  });

  it('gives the seed example: 5 segments of 6 s → 132300 samples, 259 vectors', () => {
    expect(segmentLayout({ ...defaultFeatureParams, segments: 5 })).toEqual({
      samplesPerSegment: 132300,
      expectedVectors: 259,
    });
  });

  it('refuses a layout with empty segments', () => {
    expect(() => segmentLayout({ ...defaultFeatureParams, sr: 10, duration: 0.5, segments: 10 })).toThrow(
      /no samples per segment/,
    );
  });
});

describe('featureShape', () => {
  it('is [130, 13] for the defaults and follows hop length and coefficients', () => {
    expect(featureShape(defaultFeatureParams)).toEqual([130, 13]);
    expect(featureShape({ ...defaultFeatureParams, hopLength: 1024, nMfcc: 20 })).toEqual([65, 20]);
    expect(featureShape({ ...defaultFeatureParams, features: 'logmel' })).toEqual([130, 128]);
  });
});

describe('withDefaultFeatures', () => {
  it("keeps the course's MFCC for fixed segments and gives clip-length segments 64-band log-mel", () => {
    expect(withDefaultFeatures({})).toEqual({ features: 'mfcc' });
    expect(withDefaultFeatures({ segmentSeconds: 1 })).toEqual({ segmentSeconds: 1, features: 'logmel', nMels: 64 });
  });

  it('keeps features and bands that are named', () => {
    expect(withDefaultFeatures({ segmentSeconds: 1, features: 'mfcc' })).toEqual({
      segmentSeconds: 1,
      features: 'mfcc',
    });
    expect(withDefaultFeatures({ segmentSeconds: 1, nMels: 96 })).toMatchObject({ features: 'logmel', nMels: 96 });
    expect(withDefaultFeatures({ features: 'logmel' })).toEqual({ features: 'logmel', nMels: 64 });
  });
});

describe('checkBands', () => {
  const params = (p: object) => featureParamsSchema.parse(p);
  it('refuses filters past the Nyquist frequency, or fmin not below fmax, in one line', () => {
    expect(() => checkBands(params({ fmax: 11026 }))).toThrow(
      'fmax 11026 Hz is above the Nyquist frequency of sr 22050 Hz',
    );
    expect(() => checkBands(params({ sr: 8000, fmin: 4000 }))).toThrow('fmin 4000 Hz must be below fmax 4000 Hz');
    expect(() => checkBands(params({ fmin: 300, fmax: 200 }))).toThrow('fmin 300 Hz must be below fmax 200 Hz');
  });
  it('accepts sr / 2 and bands within it', () => {
    expect(() => checkBands(params({ fmax: 11025 }))).not.toThrow();
    expect(() => checkBands(params({ fmin: 50, fmax: 4000 }))).not.toThrow();
  });
});
