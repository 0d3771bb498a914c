"""Classifies an audio file with a model exported by `audio-dl export --format onnx`, with onnxruntime and
soundfile only (no audio-dl): python classify.py model.onnx song.wav"""
import json
import sys

import numpy as np
import onnxruntime as ort
import soundfile as sf

model_path, audio_path = sys.argv[1:3]
with open(model_path + ".json") as f:
    info = json.load(f)  # written beside the model
y, sr = sf.read(audio_path, dtype="float32", always_2d=True)
if sr != info["sampleRate"]:
    sys.exit(f"{audio_path}: {sr} Hz, the model takes {info['sampleRate']} Hz: resample it first")
y = y.mean(axis=1)  # mono
# The windows audio-dl predict reads: every full window of `segmentSamples` every `hopSamples` over the file.
size, hop = info["segmentSamples"], info["prediction"]["hopSamples"]
count = 0 if len(y) < size else 1 + (len(y) - size) // hop
if count < 1:
    sys.exit(f"{audio_path}: shorter than one segment ({info['segmentSeconds']} s)")
batch = np.stack([y[w * hop : w * hop + size] for w in range(count)])
session = ort.InferenceSession(model_path)
(probabilities,) = session.run(["probabilities"], {"waveform": batch})
mean = probabilities.mean(axis=0)  # the file's answer: the mean of its windows'
scores = sorted(
    ({"label": label, "probability": float(p)} for label, p in zip(info["labels"], mean)),
    key=lambda s: -s["probability"],
)
print(json.dumps({"file": audio_path, "segments": int(count), "top": scores[:3], "probabilities": scores}))
