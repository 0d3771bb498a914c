// A few seconds from the microphone, as the bytes of a 32-bit float mono WAV file, so a recording goes through
// exactly the decoding a dropped file does.

/** 32-bit IEEE float mono WAV bytes of `signal` at `sr`. */
export function floatWav(signal: Float32Array, sr: number): Uint8Array {
  const bytes = new Uint8Array(44 + 4 * signal.length);
  const view = new DataView(bytes.buffer);
  const text = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) bytes[at + i] = s.charCodeAt(i);
  };
  text(0, 'RIFF');
  view.setUint32(4, 36 + 4 * signal.length, true);
  text(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 3, true); // IEEE float
  view.setUint16(22, 1, true);
  view.setUint32(24, sr, true);
  view.setUint32(28, 4 * sr, true);
  view.setUint16(32, 4, true);
  view.setUint16(34, 32, true);
  text(36, 'data');
  view.setUint32(40, 4 * signal.length, true);
  new Float32Array(bytes.buffer, 44, signal.length).set(signal);
  return bytes;
}

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
    return floatWav(samples, context.sampleRate);
  } finally {
    for (const track of stream.getTracks()) track.stop();
    await context.close();
  }
}
