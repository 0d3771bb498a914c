// A few seconds from the microphone, as the bytes of a 32-bit float mono WAV file, so a recording goes through
// exactly the decoding a dropped file does.
import { encodeWav } from '@audio-dl/dsp';

/** Records `seconds` of the default microphone at the audio device's rate; resolves to WAV bytes. */
export async function record(seconds: number): Promise<Uint8Array> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const context = new AudioContext();
  try {
    const source = context.createMediaStreamSource(stream);
    // ScriptProcessor (not an AudioWorklet) keeps the page to one script file; its latency does not matter here.
    const processor = context.createScriptProcessor(4096, 1, 1);
    const wanted = Math.round(seconds * context.sampleRate);
    const samples = new Float32Array(wanted);
    let got = 0;
    await new Promise<void>((resolve) => {
      processor.onaudioprocess = (e) => {
        const input = e.inputBuffer.getChannelData(0);
        const n = Math.min(input.length, wanted - got);
        samples.set(input.subarray(0, n), got);
        got += n;
        if (got >= wanted) resolve();
      };
      source.connect(processor);
      processor.connect(context.destination);
    });
    processor.disconnect();
    source.disconnect();
    return encodeWav(samples, context.sampleRate, 'float32');
  } finally {
    for (const track of stream.getTracks()) track.stop();
    await context.close();
  }
}
