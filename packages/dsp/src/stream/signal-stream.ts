import type { ResampleQuality } from '../resample';
import { toMono } from '../resample';
import type { ByteSource } from './byte-source';
import { rawAudioChunks, type StreamSpan } from './raw-stream';
import { createStreamResampler } from './resample-stream';

export interface SignalStreamOptions {
  /** Target rate; null keeps the file's. */
  sr: number | null;
  span?: StreamSpan;
  resType?: ResampleQuality;
  onProgress?: (fraction: number) => void;
  /** Set once the first chunk is decoded: the file's own rate and channel count. */
  info?: { originalSr: number; channels: number };
}

/**
 * `loadAudio(path, { sr, mono: true, offset, duration })` as a stream of pieces: decoded, downmixed to the mean of the
 * channels and resampled chunk by chunk. The pieces concatenated equal `loadAudio`'s signal within float32 rounding,
 * and memory stays at a chunk and a filter's length whatever the file's length.
 */
export async function* monoSignalStream(
  source: ByteSource,
  name: string,
  opts: SignalStreamOptions,
): AsyncGenerator<Float32Array> {
  let resampler: Awaited<ReturnType<typeof createStreamResampler>> | null = null;
  for await (const raw of rawAudioChunks(source, name, { span: opts.span, onProgress: opts.onProgress })) {
    if (!resampler) {
      if (opts.info) {
        opts.info.originalSr = raw.sampleRate;
        opts.info.channels = raw.channelData.length;
      }
      resampler = await createStreamResampler(raw.sampleRate, opts.sr ?? raw.sampleRate, opts.resType);
    }
    const mono = toMono(raw.channelData);
    const out = resampler.push(mono);
    if (out.length > 0) yield out;
  }
  if (resampler) {
    const tail = resampler.end();
    if (tail.length > 0) yield tail;
  }
}
