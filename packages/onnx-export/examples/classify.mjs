// Classifies a WAV file with a model exported by `audio-dl export --format onnx`, with onnxruntime-node and
// node-wav only (no audio-dl): node classify.mjs model.onnx song.wav
import { readFileSync } from 'node:fs';
import wav from 'node-wav';
import * as ort from 'onnxruntime-node';

const [modelPath, audioPath] = process.argv.slice(2);
const info = JSON.parse(readFileSync(`${modelPath}.json`, 'utf8')); // written beside the model
const { sampleRate, channelData } = wav.decode(readFileSync(audioPath));
if (sampleRate !== info.sampleRate) {
  console.error(`${audioPath}: ${sampleRate} Hz, the model takes ${info.sampleRate} Hz: resample it first`);
  process.exit(1);
}
// Mono: the mean of the channels. Then the windows audio-dl predict reads: every full window of `segmentSamples`
// starting every `hopSamples` over the whole file.
const length = channelData[0].length;
const mono = new Float32Array(length);
for (const channel of channelData) for (let i = 0; i < length; i++) mono[i] += channel[i] / channelData.length;
const size = info.segmentSamples;
const hop = info.prediction.hopSamples;
const count = length < size ? 0 : 1 + Math.floor((length - size) / hop);
if (count < 1) {
  console.error(`${audioPath}: shorter than one segment (${info.segmentSeconds} s)`);
  process.exit(1);
}
const batch = new Float32Array(count * size);
for (let w = 0; w < count; w++) batch.set(mono.subarray(w * hop, w * hop + size), w * size);
const waveform = new ort.Tensor('float32', batch, [count, size]);
const session = await ort.InferenceSession.create(modelPath);
const { probabilities } = await session.run({ waveform });
// The file's answer: the mean of its windows' probabilities.
const scores = info.labels.map((label, c) => {
  let sum = 0;
  for (let s = 0; s < count; s++) sum += probabilities.data[s * info.labels.length + c];
  return { label, probability: sum / count };
});
scores.sort((a, b) => b.probability - a.probability);
console.log(JSON.stringify({ file: audioPath, segments: count, top: scores.slice(0, 3), probabilities: scores }));
