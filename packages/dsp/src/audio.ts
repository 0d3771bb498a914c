/** Samples as they are in the file: one float array per channel, at the file's rate. */
export interface RawAudio {
  channelData: Float32Array[];
  sampleRate: number;
}

/** What `decodeAudio`/`loadAudio` return (mirrors `librosa.load`). */
export interface DecodedAudio {
  /** Mono (mean of channels) when `mono`, else channels interleaved. */
  signal: Float32Array;
  /** Rate of `signal`. */
  sr: number;
  /** Rate stored in the file. */
  originalSr: number;
  /** Channels in the file. */
  channels: number;
  /** Seconds of `signal`. */
  duration: number;
}
