import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, featureFixtureNames, fixture, need, segmentsFixture } from './librosa';

describe('librosa fixture schema', () => {
  it.each(featureFixtureNames)('%s.json validates, its MFCC matrix agreeing with its shape', (name) => {
    const fx = fixture(name);
    expect(fx.mfcc.data).toHaveLength(13);
    expect(fx.mfcc.data[0]).toHaveLength(fx.mfcc.shape[1]);
    expect(fx.load.first64).toHaveLength(64);
  });

  it('segments.json validates: ten segments, 13 × 130 MFCCs for segments 0 and 9', () => {
    const fx = segmentsFixture();
    expect(fx.segments).toHaveLength(10);
    expect(fx.segment9.shape).toEqual([13, 130]);
    expect([fx.segment9.start, fx.segment9.finish]).toEqual([595350, 661500]);
  });

  it('only chirp has the mel filter bank; only stereo44k the resampler comparison', () => {
    expect(need(fixture('chirp').mel_filterbank, 'mel_filterbank').shape).toEqual([128, 1025]);
    expect(fixture('noise').mel_filterbank).toBeUndefined();
    expect(need(fixture('stereo44k').resampler_comparison, 'resampler_comparison').fft.max_abs_mfcc_diff).toBe(10.62);
    expect(() => need(fixture('sine440').resampler_comparison, 'resampler_comparison')).toThrow(
      'librosa fixture has no resampler_comparison',
    );
  });

  it('rejects a fixture whose MFCC rows disagree with its shape, naming the file and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'librosa-fixture-'));
    const fx: { mfcc: { data: number[][] }; melspectrogram?: unknown } = JSON.parse(
      readFileSync(join(FIXTURES, 'noise.json'), 'utf8'),
    );
    fx.mfcc.data.pop();
    writeFileSync(join(dir, 'noise.json'), JSON.stringify(fx));
    expect(() => fixture('noise', dir)).toThrow(
      /noise\.json is not as expected:[\s\S]*not 13 rows of 44 values[\s\S]*mfcc\.data/,
    );
    delete fx.melspectrogram;
    writeFileSync(join(dir, 'noise.json'), JSON.stringify(fx));
    expect(() => fixture('noise', dir)).toThrow(/at melspectrogram/);
    rmSync(dir, { recursive: true, force: true });
  });
});
