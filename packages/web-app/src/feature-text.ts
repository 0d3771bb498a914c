import { type FeatureParams, melRangeText } from '@audio-dl/dataset/portable';

/** The features a model reads, in words, for the exported page: kind and band count, segment and track length. */
export function describeFeatures(p: FeatureParams): string {
  const kind =
    p.features === 'logmel'
      ? `log-mel spectrogram of ${p.nMels} bands${melRangeText(p)}`
      : `${p.nMfcc} MFCCs (from ${p.nMels} mel bands${melRangeText(p)})`;
  if (p.segmentSeconds !== undefined)
    return `${kind}, n_fft ${p.nFft}, hop ${p.hopLength}, in segments of ${p.segmentSeconds} s at ${p.sr} Hz (a shorter clip centred in silence)`;
  const seconds = +(p.duration / p.segments).toFixed(3);
  return `${kind}, n_fft ${p.nFft}, hop ${p.hopLength}, in ${p.segments} segment${p.segments === 1 ? '' : 's'} of ${seconds} s from ${p.duration} s at ${p.sr} Hz`;
}
