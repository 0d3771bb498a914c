import { featureParamsSchema } from '@audio-dl/dataset/portable';
import { describeFeatures } from './feature-text';
import { pageHtml } from './page-html';

describe('describeFeatures', () => {
  it('names MFCCs with their count, and the segment length rather than the track length', () => {
    expect(describeFeatures(featureParamsSchema.parse({}))).toBe(
      '13 MFCCs (from 128 mel bands), n_fft 2048, hop 512, in 10 segments of 3 s from 30 s at 22050 Hz',
    );
  });

  it('names log-mel features with their band count', () => {
    const p = featureParamsSchema.parse({ features: 'logmel', nMels: 64, duration: 6, segments: 4 });
    expect(describeFeatures(p)).toBe(
      'log-mel spectrogram of 64 bands, n_fft 2048, hop 512, in 4 segments of 1.5 s from 6 s at 22050 Hz',
    );
  });

  it('names the mel filters’ range where it is not 0 to sr / 2', () => {
    const p = featureParamsSchema.parse({ features: 'logmel', nMels: 64, segmentSeconds: 1.7, fmax: 4000 });
    expect(describeFeatures(p)).toMatch(/^log-mel spectrogram of 64 bands from 0 to 4000 Hz, n_fft 2048/);
    const mfcc = featureParamsSchema.parse({ fmin: 50, fmax: 11025 });
    expect(describeFeatures(mfcc)).toMatch(/^13 MFCCs \(from 128 mel bands from 50 to 11025 Hz\)/);
  });
});

describe('pageHtml', () => {
  it("states the model's features on the page", () => {
    const featureParams = featureParamsSchema.parse({ features: 'logmel', nMels: 64 });
    const html = pageHtml(
      { model: 'mel-cnn', mapping: ['a', 'b'], featureParams } as Parameters<typeof pageHtml>[0],
      '1.0.0',
    );
    expect(html).toContain('It reads the log-mel spectrogram of 64 bands, n_fft 2048');
    expect(html).not.toContain('MFCC');
  });

  it('speaks of labels, not genres: a model may be trained on any labelled audio', () => {
    const html = pageHtml({ model: 'mlp', mapping: ['brass', 'string'] } as Parameters<typeof pageHtml>[0], '1.0.0');
    expect(html).toContain('<title>Audio classifier (mlp) — audio-dl</title>');
    expect(html).toContain('<h1>Which class is it?</h1>');
    expect(html).toContain('trained by audio-dl 1.0.0 on 2 labels: brass, string.');
    expect(html).toMatch(/value="2"> labels<\/label>/);
    expect(html).not.toMatch(/genre/i);
  });
});
