"""librosa side of tools/bench/dsp-mfcc.ts (issue 19): the same four measurements on the same file, timed the same
way (WARMUP untimed calls, then RUNS timed calls; wall and process CPU of each, in ms).

  python librosa_mfcc.py TRACK.wav RUNS WARMUP

Measurements: MFCC of the whole track and of ten 3 s segments (13 coefficients, n_fft 2048, hop 512, 128 mels, as
the course calls librosa.feature.mfcc), librosa.load at 22 050 Hz (the course's decode), and load + ten segments.
Prints one JSON line. Needs librosa (~/.cache/audio-dl/venv-librosa: pip install --retries 0 librosa).
"""
import json
import sys
import time

import librosa

SR, SEG = 22050, 66150


def mfcc(y):
    return librosa.feature.mfcc(y=y, sr=SR, n_mfcc=13, n_fft=2048, hop_length=512, n_mels=128)


def ten_segments(y):
    for s in range(10):
        mfcc(y[s * SEG:(s + 1) * SEG])


def timed(fn, runs, warmup):
    for _ in range(warmup):
        fn()
    wall, cpu = [], []
    for _ in range(runs):
        c, t = time.process_time(), time.perf_counter()
        fn()
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return {"wall": wall, "cpu": cpu}


def main():
    path, runs, warmup = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    y, _ = librosa.load(path, sr=SR)
    print(json.dumps({
        "librosa": librosa.__version__,
        "whole": timed(lambda: mfcc(y), runs, warmup),
        "segments": timed(lambda: ten_segments(y), runs, warmup),
        "decode": timed(lambda: librosa.load(path, sr=SR), runs, warmup),
        "perTrack": timed(lambda: ten_segments(librosa.load(path, sr=SR)[0]), runs, warmup),
    }))


if __name__ == "__main__":
    main()
