"""PyTorch CPU baseline for tools/bench/train-throughput.ts (issue 6): the same three architectures, data sizes and
protocol, so the ratio in BENCHMARKS.md compares like with like on the machine the benchmark ran on.

Run: /usr/bin/python3 tools/bench/pytorch-baseline.py [--model mlp|cnn|lstm] [--threads 1] [--samples 1024] [--chunks 5]
(Debian's python3-torch 1.13.1: `apt-get install python3-torch`; it installs for /usr/bin/python3.)

Random 130x13 inputs, 10 classes, batch 32, Adam 1e-4, cross-entropy; one 64-sample warm-up, then --chunks epochs
of --samples samples each; prints the median chunk's samples/s and its extrapolation to a 7000-sample epoch.
"""

import argparse
import statistics
import time

import torch
from torch import nn
import torch.nn.functional as F

FRAMES, MFCC, CLASSES, BATCH, EPOCH_SAMPLES = 130, 13, 10, 32, 7000


class SamePool(nn.Module):
    """Keras' max-pool with padding 'same': output ceil(in / stride), the extra row/column at the bottom/right."""

    def __init__(self, size: int, stride: int) -> None:
        super().__init__()
        self.size, self.stride = size, stride

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h, w = x.shape[2], x.shape[3]
        pad_h = max((-(-h // self.stride) - 1) * self.stride + self.size - h, 0)
        pad_w = max((-(-w // self.stride) - 1) * self.stride + self.size - w, 0)
        x = F.pad(x, (pad_w // 2, pad_w - pad_w // 2, pad_h // 2, pad_h - pad_h // 2), value=float("-inf"))
        return F.max_pool2d(x, self.size, self.stride)


class Cnn(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        blocks = []
        channels = 1
        for k in (3, 3, 2):
            blocks += [nn.Conv2d(channels, 32, k), nn.ReLU(), SamePool(k, 2), nn.BatchNorm2d(32, eps=1e-3, momentum=0.01)]
            channels = 32
        self.features = nn.Sequential(*blocks)
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(32 * 15 * 1, 64), nn.ReLU(), nn.Dropout(0.3), nn.Linear(64, CLASSES))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x.unsqueeze(1)))


class Lstm(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.lstm1 = nn.LSTM(MFCC, 64, batch_first=True)
        self.lstm2 = nn.LSTM(64, 64, batch_first=True)
        self.head = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Dropout(0.3), nn.Linear(64, CLASSES))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        seq, _ = self.lstm1(x)
        out, _ = self.lstm2(seq)
        return self.head(out[:, -1, :])


def build(name: str) -> nn.Module:
    if name == "mlp":
        return nn.Sequential(
            nn.Flatten(),
            nn.Linear(FRAMES * MFCC, 512), nn.ReLU(),
            nn.Linear(512, 256), nn.ReLU(),
            nn.Linear(256, 64), nn.ReLU(),
            nn.Linear(64, CLASSES),
        )
    return Cnn() if name == "cnn" else Lstm()


def epoch(model: nn.Module, opt: torch.optim.Optimizer, x: torch.Tensor, y: torch.Tensor) -> None:
    order = torch.randperm(len(x))
    for start in range(0, len(x), BATCH):
        idx = order[start : start + BATCH]
        opt.zero_grad()
        loss = F.cross_entropy(model(x[idx]), y[idx])
        loss.backward()
        opt.step()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", choices=["mlp", "cnn", "lstm"], default="mlp")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--samples", type=int, default=1024)
    parser.add_argument("--chunks", type=int, default=5)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    model = build(args.model)
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-4)
    x = torch.randn(args.samples, FRAMES, MFCC)
    y = torch.randint(0, CLASSES, (args.samples,))
    epoch(model, opt, x[:64], y[:64])
    rates = []
    for i in range(args.chunks):
        t = time.perf_counter()
        epoch(model, opt, x, y)
        rate = args.samples / (time.perf_counter() - t)
        rates.append(rate)
        print(f"chunk {i + 1}/{args.chunks}: {rate:.1f} samples/s")
    params = sum(p.numel() for p in model.parameters())
    median = statistics.median(rates)
    print(f"torch {torch.__version__}, {args.threads} thread(s); model {args.model}, {params:,} params")
    print(f"median: {median:.1f} samples/s = {EPOCH_SAMPLES / median:.2f} s per {EPOCH_SAMPLES}-sample epoch")


if __name__ == "__main__":
    main()
