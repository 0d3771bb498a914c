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
# The segments audio-dl predict reads: `segments` of `segmentSamples` from `offsetSeconds` on.
size = info["segmentSamples"]
start = round(info["prediction"]["offsetSeconds"] * sr)
count = min(info["prediction"]["segments"], (len(y) - start) // size)
if count < 1:
    sys.exit(f"{audio_path}: shorter than one segment ({info['segmentSeconds']} s)")
batch = y[start : start + count * size].reshape(count, size)
session = ort.InferenceSession(model_path)
(probabilities,) = session.run(["probabilities"], {"waveform": batch})
mean = probabilities.mean(axis=0)  # the file's answer: the mean of its segments'
scores = sorted(
    ({"label": label, "probability": float(p)} for label, p in zip(info["labels"], mean)),
    key=lambda s: -s["probability"],
)
print(json.dumps({"file": audio_path, "segments": int(count), "top": scores[:3], "probabilities": scores}))
