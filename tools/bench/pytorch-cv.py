"""An expert's PyTorch log-mel CNN, cross-validated over a data set's folds, beside tools/bench/accuracy.ts --manifest.

Run: /usr/bin/python3 tools/bench/pytorch-cv.py DATA.json [--epochs 60] [--seed 42] [--threads 2] [--val-size 0.2]
(Debian's python3-torch: `apt-get install python3-torch`; it installs for /usr/bin/python3.)

DATA.json is what `audio-dl preprocess --manifest FILE --group-column G --out DATA.json` writes: the very features
audio-dl trains on (here 1.7-s segments of 64-band log-mel, short clips centred in silence), with each row's clip,
group and fold. For each fold F it trains on the other folds and reports clip accuracy on F (a clip's answer is the
mean of its segments' probabilities). Like audio-dl's `--test-fold`, it first sets aside `--val-size` of each
label's groups in the training folds (at least one, and at least one kept) and does not train on them, so both
learn from about as many rows; `--val-size 0` trains on all of them, as a benchmark's fixed-epoch protocol would.

The network is what a practitioner would write for short clips (PANNs' CNN6 pattern at a quarter of its width):
four blocks of 3x3 conv -> batch norm -> ReLU -> 2x2 average pool, 32-64-128-256 channels, the frequency axis
averaged, then the max plus the mean over time, dropout 0.3 and a linear layer. Per-band standardisation fitted on
the training rows; AdamW (lr 1e-3, weight decay 1e-2) with a cosine schedule, batch 32, label smoothing 0.1;
training batches get a random circular shift in time and SpecAugment (two time masks up to 15 % of the frames, two
frequency masks up to 12.5 % of the bands).
"""

import argparse
import json
import math
import statistics
import time

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self, classes: int, channels=(32, 64, 128, 256)) -> None:
        super().__init__()
        blocks, c_in = [], 1
        for c in channels:
            blocks += [nn.Conv2d(c_in, c, 3, padding=1, bias=False), nn.BatchNorm2d(c), nn.ReLU(), nn.AvgPool2d(2)]
            c_in = c
        self.features = nn.Sequential(*blocks)
        self.dropout = nn.Dropout(0.3)
        self.fc = nn.Linear(c_in, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # x: [batch, frames, bands]
        h = self.features(x.unsqueeze(1)).mean(dim=3)  # [batch, channels, frames]
        h = h.max(dim=2).values + h.mean(dim=2)
        return self.fc(self.dropout(h))


def augment(x: torch.Tensor, rng: np.random.Generator) -> torch.Tensor:
    x = x.clone()
    n, frames, bands = x.shape
    for i in range(n):
        x[i] = torch.roll(x[i], int(rng.integers(frames)), dims=0)
        for _ in range(2):
            w = int(rng.integers(0, int(0.15 * frames) + 1))
            t0 = int(rng.integers(0, frames - w + 1))
            x[i, t0 : t0 + w, :] = 0
            w = int(rng.integers(0, int(0.125 * bands) + 1))
            f0 = int(rng.integers(0, bands - w + 1))
            x[i, :, f0 : f0 + w] = 0
    return x


def carve(rows: np.ndarray, labels: np.ndarray, groups: list, val_size: float, rng: np.random.Generator) -> np.ndarray:
    """The training rows left once `val_size` of each label's groups are set aside (at least one, one kept)."""
    if val_size == 0:
        return rows
    held = set()
    for label in sorted(set(labels[rows].tolist())):
        gs = sorted({groups[r] for r in rows if labels[r] == label})
        rng.shuffle(gs)
        k = min(max(1, round(val_size * len(gs))), len(gs) - 1)
        held.update(gs[:k])
    return np.array([r for r in rows if groups[r] not in held])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("--epochs", type=int, default=60)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--val-size", type=float, default=0.2)
    ap.add_argument("--folds", default="", help="comma-separated subset of the folds (default: all)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)

    d = json.load(open(args.data))
    x_all = np.asarray(d["mfcc"], dtype=np.float32)  # [n, frames, bands]: the features, whatever their kind
    labels = np.asarray(d["labels"])
    tracks, groups, folds = d["tracks"], d["groups"], d["folds"]
    classes = len(d["mapping"])
    fold_names = sorted(set(folds), key=lambda f: (len(f), f))
    if args.folds:
        fold_names = [f for f in fold_names if f in args.folds.split(",")]
    print(f"{args.data}: {x_all.shape[0]} rows of {list(x_all.shape[1:])}, {classes} classes, folds {fold_names}")

    accs, times = [], []
    for fold in fold_names:
        torch.manual_seed(args.seed)
        rng = np.random.default_rng(args.seed)
        test = np.array([i for i, f in enumerate(folds) if f == fold])
        train = carve(np.array([i for i, f in enumerate(folds) if f != fold]), labels, groups, args.val_size, rng)
        mean = x_all[train].mean(axis=(0, 1), keepdims=True)
        std = x_all[train].std(axis=(0, 1), keepdims=True) + 1e-6
        x = torch.from_numpy((x_all - mean) / std)
        y = torch.from_numpy(labels).long()

        model = Net(classes)
        opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-2)
        steps = args.epochs * math.ceil(len(train) / 32)
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, steps)
        started = time.perf_counter()
        for _ in range(args.epochs):
            model.train()
            order = rng.permutation(train)
            for b in range(0, len(order), 32):
                idx = torch.from_numpy(order[b : b + 32])
                loss = F.cross_entropy(model(augment(x[idx], rng)), y[idx], label_smoothing=0.1)
                opt.zero_grad()
                loss.backward()
                opt.step()
                sched.step()
        seconds = time.perf_counter() - started

        model.eval()
        with torch.no_grad():
            probs = torch.softmax(model(x[torch.from_numpy(test)]), dim=1).numpy()
        by_clip: dict = {}
        for p, r in zip(probs, test):
            by_clip.setdefault(tracks[r], [labels[r], []])[1].append(p)
        right = sum(int(np.mean(ps, axis=0).argmax() == label) for label, ps in by_clip.values())
        accs.append(right / len(by_clip))
        times.append(seconds)
        print(f"fold {fold}: clip accuracy {accs[-1]:.3f} ({right}/{len(by_clip)}), trained on {len(train)} rows in {seconds:.0f} s", flush=True)

    sd = statistics.stdev(accs) if len(accs) > 1 else 0.0
    print(f"clip accuracy {statistics.mean(accs):.3f} ± {sd:.3f}, worst {min(accs):.3f}; per fold " + " ".join(f"{a:.3f}" for a in accs))
    print(f"train s per fold: median {statistics.median(times):.0f}")


if __name__ == "__main__":
    main()
