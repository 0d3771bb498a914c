"""Writes librosa-delta.json: librosa.feature.delta of the MFCCs in librosa/music.json (copied unchanged from
../shared/fixtures/librosa/music.json).

Run from this folder with librosa installed (python3 -m venv V && V/bin/pip install librosa; the local wheel
index has it): V/bin/python librosa-delta.py. Keeps frames 0-9, 60-69 and 120-129 of every row (both edges, where
mode='interp' fits a polynomial to the first/last `width` frames, and the middle).
"""
import json
from pathlib import Path

import librosa
import numpy as np
import scipy

here = Path(__file__).resolve().parent
music = json.loads((here / "librosa/music.json").read_text())
mfcc = np.asarray(music["mfcc"]["data"], dtype=np.float32)
frames = list(range(0, 10)) + list(range(60, 70)) + list(range(120, 130))
cases = []
for width, order in [(9, 1), (9, 2), (5, 1), (3, 2)]:
    d = librosa.feature.delta(mfcc, width=width, order=order)
    cases.append(
        {
            "width": width,
            "order": order,
            "call": f"librosa.feature.delta(mfcc, width={width}, order={order})",
            "dtype": str(d.dtype),
            "frames": frames,
            "data": [[float(str(v)) for v in row[frames]] for row in d],  # shortest float32 repr
        }
    )
out = {
    "librosa_version": librosa.__version__,
    "scipy_version": scipy.__version__,
    "numpy_version": np.__version__,
    "input": "shared/fixtures/librosa/music.json mfcc.data (13 x 130, float32)",
    "cases": cases,
}
(here / "librosa-delta.json").write_text(json.dumps(out, separators=(",", ":")) + "\n")
