"""The course's §09 preprocessing script with librosa, the anchor of tools/bench/dataset-preprocess.ts (issue 19).

The course notes (§09.1-§09.4) describe it: os.walk over DATASET/<genre>/<track>, librosa.load at 22 050 Hz, each
30 s track cut into num_segments segments, librosa.feature.mfcc (13 coefficients, n_fft 2048, hop 512) per segment,
transposed, kept only when it has the expected ceil(samples per segment / hop) frames, and everything written with
json.dump(indent=4). This is that script, written from the notes (the repository had no copy), with the timing
around it.

  python course_preprocess.py DATASET JSON_OUT [NUM_SEGMENTS]

Prints one JSON line: seconds for the whole save_mfcc call (walk, decode, MFCC, json.dump), the seconds before
json.dump, process CPU seconds, segments kept, and the librosa version. Needs librosa
(python3 -m venv ~/.cache/audio-dl/venv-librosa && ~/.cache/audio-dl/venv-librosa/bin/pip install --retries 0 librosa).
"""
import json
import math
import os
import sys
import time

import librosa

SAMPLE_RATE = 22050
DURATION = 30  # seconds
SAMPLES_PER_TRACK = SAMPLE_RATE * DURATION


def save_mfcc(dataset_path, json_path, n_mfcc=13, n_fft=2048, hop_length=512, num_segments=5):
    data = {"mapping": [], "mfcc": [], "labels": []}
    num_samples_per_segment = int(SAMPLES_PER_TRACK / num_segments)
    expected_num_mfcc_vectors_per_segment = math.ceil(num_samples_per_segment / hop_length)
    for i, (dirpath, dirnames, filenames) in enumerate(os.walk(dataset_path)):
        if dirpath is not dataset_path:
            semantic_label = dirpath.split("/")[-1]
            data["mapping"].append(semantic_label)
            for f in filenames:
                file_path = os.path.join(dirpath, f)
                signal, sr = librosa.load(file_path, sr=SAMPLE_RATE)
                for s in range(num_segments):
                    start_sample = num_samples_per_segment * s
                    finish_sample = start_sample + num_samples_per_segment
                    mfcc = librosa.feature.mfcc(y=signal[start_sample:finish_sample], sr=sr, n_fft=n_fft,
                                                n_mfcc=n_mfcc, hop_length=hop_length)
                    mfcc = mfcc.T
                    if len(mfcc) == expected_num_mfcc_vectors_per_segment:
                        data["mfcc"].append(mfcc.tolist())
                        data["labels"].append(i - 1)
    save_mfcc.features_done = time.perf_counter()
    with open(json_path, "w") as fp:
        json.dump(data, fp, indent=4)
    return len(data["labels"])


if __name__ == "__main__":
    dataset, out = sys.argv[1], sys.argv[2]
    segments = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    t0, c0 = time.perf_counter(), time.process_time()
    kept = save_mfcc(dataset, out, num_segments=segments)
    t1, c1 = time.perf_counter(), time.process_time()
    print(json.dumps({"seconds": t1 - t0, "features_seconds": save_mfcc.features_done - t0, "cpu_seconds": c1 - c0,
                      "segments": kept, "librosa": librosa.__version__}))
