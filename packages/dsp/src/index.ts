// Public API of @audio-dl/dsp: decoding from bytes, resampling and the librosa-exact features. No Node built-in,
// native addon or file system, so all of it runs in a browser as in Node. Reading files is Node-only: `loadAudio`
// is in the `@audio-dl/dsp/node` entry (node.ts); the figures are drawn by @audio-dl/plot.

export { decodeAu } from './au';
export type { DecodedAudio, RawAudio } from './audio';
export { type AudioInfo, readAudioInfo } from './audio-info';
export { type ColormapName, colormap, TAB10 } from './colormap';
export { amplitudeToDb, type DbOptions, powerToDb } from './db';
export { dctMatrix } from './dct';
export { type AudioFormat, type DecodeOptions, decodeAudio, sniffFormat, spanOf } from './decode';
export { type DeltaOptions, delta } from './delta';
export { AudioDecodeError } from './errors';
export { RealFft, realDft } from './fft';
export { type IstftOptions, istft } from './istft';
export { createLogMelExtractor, type LogMelExtractor, type LogMelOptions, logMel, logMelOptionsSchema } from './logmel';
export { type ComplexMatrix, column, type Matrix, row, toRows, transpose } from './matrix';
export {
  hzToMel,
  type MelOptions,
  type MelSpectrogramOptions,
  melFilterBank,
  melFrequencies,
  melSpectrogram,
  melToHz,
} from './mel';
export { createMfccExtractor, type MfccExtractor, type MfccOptions, mfcc, mfccOptionsSchema } from './mfcc';
export { type PhaseVocoderOptions, phaseVocoder } from './phase-vocoder';
export { type PitchShiftOptions, pitchShift } from './pitch-shift';
export { gaussian, mulberry32, type Rng } from './random';
export { type ResampleQuality, resample, resampledLength, toMono } from './resample';
export { type Spectrum, spectrum } from './spectrum';
export { frameCount, magnitude, type StftOptions, spectrogram, stft } from './stft';
export { type ByteSource, bytesSource } from './stream/byte-source';
export { type RawStreamOptions, rawAudioChunks, type StreamSpan } from './stream/raw-stream';
export { createStreamResampler, type StreamResampler } from './stream/resample-stream';
export { monoSignalStream, type SignalStreamOptions } from './stream/signal-stream';
export { type SignalWindow, slidingWindows } from './stream/windows';
export { type AudioSummary, summarize } from './summary';
export { type TimeStretchOptions, timeStretch } from './time-stretch';
export { decodeWav, readWavHeader, type WavFormat } from './wav';
export { encodeWav, type WavEncoding } from './wav-encode';
export { addNoise, applyGain } from './waveform-augment';
export { hann } from './window';
