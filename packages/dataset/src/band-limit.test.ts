import { bandLimitFor, checkBands } from './band-limit';
import { featureParamsSchema } from './params';

describe('bandLimitFor: mel bands every clip fills', () => {
  it('stops at the lowest recording rate’s Nyquist frequency and says why', () => {
    expect(bandLimitFor([8000, 44100, 16000, 8000], 22050)).toEqual({
      fmax: 4000,
      reason:
        'mel bands up to 4000 Hz: 50 % of clips were recorded at 8000 Hz, which holds nothing higher (--fmax HZ to choose)',
    });
    expect(bandLimitFor([16000, ...new Array(200).fill(48000)], 22050, 'mfcc.fmax')?.reason).toBe(
      'mel bands up to 8000 Hz: < 1 % of clips were recorded at 16000 Hz, which holds nothing higher (mfcc.fmax to choose)',
    );
  });

  it('leaves the bands alone when every clip reaches sr / 2, or there are no clips', () => {
    expect(bandLimitFor([22050, 44100, 48000], 22050)).toBeNull();
    expect(bandLimitFor([16000], 16000)).toBeNull();
    expect(bandLimitFor([], 22050)).toBeNull();
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
