// node-wav 0.0.2 ships no types; only `decode` is used (see wav.ts for what it gets wrong and how we guard it).
declare module 'node-wav' {
  export function decode(
    buffer: ArrayBuffer | Uint8Array,
  ): { sampleRate: number; channelData: Float32Array[] } | undefined;
}
