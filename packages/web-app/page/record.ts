// A few seconds from the microphone, as the bytes of a 32-bit float mono WAV file, so a recording goes through
// exactly the decoding a dropped file does.
import { encodeWav } from '@audio-dl/dsp';
import { openMicrophone } from './microphone';

/** Records `seconds` of the default microphone at the audio device's rate; resolves to WAV bytes. */
export async function record(seconds: number): Promise<Uint8Array> {
  const parts: Float32Array[] = [];
  let got = 0;
  // Known once the device is open: its rate sets how many samples `seconds` is.
  let wanted = Number.POSITIVE_INFINITY;
  let full = (): void => {};
  const filled = new Promise<void>((resolve) => {
    full = resolve;
  });
  const mic = await openMicrophone((x) => {
    if (got >= wanted) return;
    parts.push(x);
    got += x.length;
    if (got >= wanted) full();
  });
  try {
    wanted = Math.round(seconds * mic.sampleRate);
    if (got >= wanted) full();
    await filled;
  } finally {
    await mic.stop();
  }
  const samples = new Float32Array(wanted);
  let at = 0;
  for (const p of parts) {
    const n = Math.min(p.length, wanted - at);
    samples.set(p.subarray(0, n), at);
    at += n;
  }
  return encodeWav(samples, mic.sampleRate, 'float32');
}
