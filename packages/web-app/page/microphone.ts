// The default microphone as a stream of mono samples at the audio device's rate, for Record and Listen. An
// AudioWorklet taps the signal off the main thread; where one cannot start, a ScriptProcessor does.

/** A tap on the microphone: its rate, which node taps it, and `stop` (releases the device). */
export interface Microphone {
  sampleRate: number;
  tap: 'AudioWorklet' | 'ScriptProcessor';
  stop(): Promise<void>;
}

const TAP = 'audio-dl-tap';
/** Samples per message from the worklet (its render quantum is 128). */
const BLOCK = 2048;
// The worklet's module, given as text (a Blob URL) so the page stays one script file.
const WORKLET = `registerProcessor('${TAP}', class extends AudioWorkletProcessor {
  constructor() { super(); this.block = new Float32Array(${BLOCK}); this.filled = 0; }
  process(inputs) {
    const x = inputs[0] && inputs[0][0];
    for (let i = 0; x && i < x.length; ) {
      const n = Math.min(x.length - i, ${BLOCK} - this.filled);
      this.block.set(x.subarray(i, i + n), this.filled);
      this.filled += n;
      i += n;
      if (this.filled === ${BLOCK}) {
        this.port.postMessage(this.block, [this.block.buffer]);
        this.block = new Float32Array(${BLOCK});
        this.filled = 0;
      }
    }
    return true;
  }
});`;

async function workletTap(context: AudioContext, onSamples: (x: Float32Array) => void): Promise<AudioNode> {
  const url = URL.createObjectURL(new Blob([WORKLET], { type: 'text/javascript' }));
  try {
    await context.audioWorklet.addModule(url);
  } finally {
    URL.revokeObjectURL(url);
  }
  // One input channel: a stereo device is mixed down to the mean of its channels, as files are.
  const node = new AudioWorkletNode(context, TAP, { channelCount: 1, channelCountMode: 'explicit' });
  node.port.onmessage = (e: MessageEvent<Float32Array>) => onSamples(e.data);
  return node;
}

function scriptTap(context: AudioContext, onSamples: (x: Float32Array) => void): AudioNode {
  const node = context.createScriptProcessor(4096, 1, 1);
  node.onaudioprocess = (e) => onSamples(e.inputBuffer.getChannelData(0).slice());
  return node;
}

/** Opens the default microphone; `onSamples` gets its mono samples, in order, until `stop`. */
export async function openMicrophone(onSamples: (x: Float32Array) => void): Promise<Microphone> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const context = new AudioContext();
  const source = context.createMediaStreamSource(stream);
  let node: AudioNode;
  let tap: Microphone['tap'] = 'AudioWorklet';
  try {
    node = await workletTap(context, onSamples);
  } catch {
    // No AudioWorklet (an old browser, a page that forbids Blob URLs): the main-thread processor.
    node = scriptTap(context, onSamples);
    tap = 'ScriptProcessor';
  }
  source.connect(node);
  // Connected to the output (silent: the tap writes nothing) so the graph pulls it.
  node.connect(context.destination);
  await context.resume();
  return {
    sampleRate: context.sampleRate,
    tap,
    async stop() {
      source.disconnect();
      node.disconnect();
      for (const track of stream.getTracks()) track.stop();
      await context.close();
    },
  };
}
