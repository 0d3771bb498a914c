"""Keras beside audio-dl (issue 10, item 6): trains in real Keras 3 / TensorFlow 2.21 (CPU) the models and recipes
that tools/bench/accuracy.ts trains in our TypeScript stack, on the very same features and track split, and prints
the same markdown table: test segment accuracy and track accuracy (mean ± sd over seeds), the validation accuracy of
the last epoch, and training seconds (mean; build + fit + test prediction, as accuracy.ts times trainGenreModel).

Run:
  python3 -m venv /work/venv-keras && /work/venv-keras/bin/pip install tensorflow_cpu==2.21.0 keras   # offline wheels
  npx tsx tools/bench/accuracy.ts --export DIR            # writes DIR/{mfcc,logmel}.json and DIR/split-SEED.json
  /work/venv-keras/bin/python tools/bench/keras-accuracy.py --data DIR --seeds 1,2,3 [--only KEY,KEY] [--out FILE]
      [--epochs N]
--only takes the keys below; --out rewrites FILE (atomically) with the table so far after every entry; --epochs
overrides every entry's epochs (smoke tests only: the table then says so). Per-seed lines go to stderr.

Inputs: DIR/mfcc.json and DIR/logmel.json in the course's JSON layout (mapping, labels, "mfcc"
[n][frames][bands] — 130×64 log-mel in logmel.json —, tracks, segments), and DIR/split-SEED.json ({seed, train,
val, test} row indices, the split accuracy.ts draws with `splitData(kind track, test 0.25, val 0.2, seed)`).

Entries, cheap ones first (key: what it is):
  stats-mfcc, stats-logmel   our `stats` baseline: each band's mean and std over time → BatchNormalization → Dense
                             (softmax regression); standardised input, loss from logits, AdamW peak 1e-2 with the
                             one-cycle schedule, weight decay 1e-3 on the kernel only, 60 epochs, batch 32.
  mlp-keras, mlp-regularized-keras, cnn-keras, lstm-keras
                             the course's Keras code exactly, as /work/shared/anchors/keras_anchor.py builds and
                             compiles it: softmax output, loss "sparse_categorical_crossentropy", Adam 1e-4,
                             raw features, epochs 50/100/30/30, batch 32, model.fit's shuffle.
  mlp-raw                    the course's mlp with the loss from logits but raw features (accuracy.ts'
                             "mlp, --no-standardize"). In Keras 3 it matches mlp-keras exactly: the TensorFlow
                             backend's cross-entropy takes the logits cached on a softmax output (`_keras_logits`),
                             so the course's Keras code already trains on logits and never clips probabilities.
  mlp, mlp-regularized, cnn, lstm
                             the course's four with audio-dl train's default fixes (accuracy.ts' "NAME (course)"):
                             features standardised per band with training-part statistics, last Dense linear and
                             sparse cross-entropy from_logits=True (softmax applied for prediction); otherwise as the
                             course (Adam 1e-4, same epochs, batch 32).
  mel-cnn                    the recommended recipe on log-mel (packages/genre-model/src/models/mel-cnn.ts):
                             standardised per band; 4× (Conv2D 3×3 same, no bias, he_normal →
                             BatchNormalization → ReLU → MaxPooling2D 2 same), channels 16-32-64-128 →
                             GlobalAveragePooling2D → Dropout 0.3 → Dense; AdamW peak 2e-3, weight decay 1e-2 on
                             kernels only (Keras multiplies it by the learning rate, as fit-classifier.ts does:
                             w ← w·(1 − lr·wd) before each step), one-cycle schedule (schedule.ts), label smoothing
                             0.1, 40 epochs, batch 32; each epoch one random crop per training row (a one-segment
                             window anywhere in the run of its track's consecutive segments, augment/crop.ts) and
                             SpecAugment (2 frequency masks up to 12.5 % of the bands, 2 time masks up to 15 % of the
                             frames, set to 0 after standardisation), from a seeded numpy generator fed through
                             tf.data.

Metrics: test segment accuracy (argmax); track accuracy = argmax of the mean of a test track's segment probabilities,
over tracks; last val accuracy = Keras' val_accuracy of the last epoch. Seeds: keras.utils.set_random_seed(seed)
before each model (initialisers, dropout, shuffles) and numpy.random.default_rng(seed) for the augmentation draws.
"""

import argparse
import json
import math
import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass
from typing import NoReturn

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

L = keras.layers

# The course's epochs per model (keras_anchor.EPOCHS).
COURSE_EPOCHS = {"mlp": 50, "mlp-regularized": 100, "cnn": 30, "lstm": 30}


@dataclass
class Entry:
    key: str
    name: str
    features: str  # 'mfcc' | 'logmel'
    model: str
    epochs: int
    standardize: bool
    # 'course': softmax + sparse CE on probabilities, Adam 1e-4, model.fit (keras_anchor exactly);
    # 'logits': linear head + sparse CE from logits, Adam 1e-4, model.fit;
    # 'recipe': linear head, AdamW + one-cycle, label smoothing, our per-epoch generator (fit-classifier.ts).
    mode: str
    lr: float = 1e-4
    weight_decay: float = 0.0
    label_smoothing: float = 0.0
    crop: bool = False
    spec_augment: dict | None = None


SPEC_AUGMENT = {"freq_masks": 2, "freq_width": 0.125, "time_masks": 2, "time_width": 0.15}

ENTRIES = [
    Entry("stats-mfcc", "stats (mfcc)", "mfcc", "stats", 60, True, "recipe", lr=1e-2, weight_decay=1e-3),
    Entry("stats-logmel", "stats (logmel)", "logmel", "stats", 60, True, "recipe", lr=1e-2, weight_decay=1e-3),
    *[
        Entry(f"{m}-keras", f"{m}, the course's Keras code", "mfcc", m, COURSE_EPOCHS[m], False, "course")
        for m in ("mlp", "mlp-regularized")
    ],
    Entry("mlp-raw", "mlp, logits loss, raw features", "mfcc", "mlp", 50, False, "logits"),
    *[
        Entry(m, f"{m} (course), standardised + logits loss", "mfcc", m, COURSE_EPOCHS[m], True, "logits")
        for m in ("mlp", "mlp-regularized")
    ],
    Entry("cnn-keras", "cnn, the course's Keras code", "mfcc", "cnn", 30, False, "course"),
    Entry("cnn", "cnn (course), standardised + logits loss", "mfcc", "cnn", 30, True, "logits"),
    Entry(
        "mel-cnn", "mel-cnn (logmel), recommended recipe", "logmel", "mel-cnn", 40, True, "recipe",
        lr=2e-3, weight_decay=1e-2, label_smoothing=0.1, crop=True, spec_augment=SPEC_AUGMENT,
    ),
    Entry("lstm-keras", "lstm, the course's Keras code", "mfcc", "lstm", 30, False, "course"),
    Entry("lstm", "lstm (course), standardised + logits loss", "mfcc", "lstm", 30, True, "logits"),
]


def fail(msg: str) -> NoReturn:
    print(msg, file=sys.stderr)
    sys.exit(1)


# ---------------------------------------------------------------- data


@dataclass
class Data:
    path: str
    mapping: list
    x: np.ndarray  # [n, frames, bands] float32
    y: np.ndarray  # [n] int
    tracks: list
    segments: np.ndarray  # [n] int (-1: unknown)


def read_json(path: str, how_to_make: str):
    """The JSON document at path; a missing or unparsable file ends the run with one line naming it."""
    try:
        with open(path) as f:
            return json.load(f)
    except FileNotFoundError:
        fail(f"{path}: no such file ({how_to_make})")
    except json.JSONDecodeError as err:
        fail(f"{path}: not valid JSON ({err})")


def load_data(path: str) -> Data:
    d = read_json(path, "write it with `npx tsx tools/bench/accuracy.ts --export DIR`")
    for key in ("mapping", "labels", "mfcc", "tracks"):
        if key not in d:
            fail(f"{path}: missing key {key!r} (expected the course's layout: mapping, labels, mfcc, tracks, segments)")
    try:
        x = np.asarray(d["mfcc"], dtype=np.float32)
    except ValueError:
        fail(f"{path}: \"mfcc\" is not a rectangular [segments][frames][bands] array of numbers")
    n = len(d["labels"])
    if x.ndim != 3 or x.shape[0] != n:
        fail(f"{path}: \"mfcc\" has shape {list(x.shape)}, expected [{n} segments, frames, bands]")
    if not np.isfinite(x).all():
        fail(f"{path}: \"mfcc\" holds non-finite values")
    y = np.asarray(d["labels"], dtype=np.int64)
    k = len(d["mapping"])
    if n and (y.min() < 0 or y.max() >= k):
        fail(f"{path}: labels must lie in 0..{k - 1} (the mapping has {k} classes)")
    if len(d["tracks"]) != n:
        fail(f"{path}: {len(d['tracks'])} tracks for {n} labels")
    segments = np.asarray(d.get("segments") or [-1] * n, dtype=np.int64)
    if len(segments) != n:
        fail(f"{path}: {len(segments)} segment numbers for {n} labels")
    return Data(path, list(d["mapping"]), x, y, list(d["tracks"]), segments)


def load_split(path: str, n: int) -> dict:
    s = read_json(path, "export the split of this seed with accuracy.ts --export DIR --seeds ...")
    parts = {}
    for key in ("train", "val", "test"):
        idx = s.get(key)
        if not isinstance(idx, list) or not all(isinstance(i, int) and 0 <= i < n for i in idx):
            fail(f"{path}: {key!r} must be a list of row indices in 0..{n - 1}")
        parts[key] = np.asarray(idx, dtype=np.int64)
    all_rows = np.concatenate(list(parts.values()))
    if len(np.unique(all_rows)) != len(all_rows):
        fail(f"{path}: train, val and test overlap")
    if len(parts["train"]) == 0:
        fail(f"{path}: the training part is empty")
    return parts


def standardize(x: np.ndarray, train: np.ndarray) -> np.ndarray:
    """Per-band statistics over every frame of the training rows (standardize.ts: population std, 0 → 1)."""
    t = x[train].reshape(-1, x.shape[-1]).astype(np.float64)
    mean = t.mean(axis=0)
    std = np.sqrt(np.maximum(0.0, (t * t).mean(axis=0) - mean**2))
    std[std == 0] = 1.0
    return ((x - mean) / std).astype(np.float32)


# ---------------------------------------------------------------- models


class SummaryStats(L.Layer):
    """[batch, frames, bands] → [batch, 2·bands]: each band's mean over time, then its std
    (layers/summary-stats.ts)."""

    def call(self, x):
        mean = keras.ops.mean(x, axis=1)
        var = keras.ops.var(x, axis=1)
        return keras.ops.concatenate([mean, keras.ops.sqrt(var + 1e-6)], axis=-1)

    def compute_output_shape(self, shape):
        return (shape[0], 2 * shape[-1])


def build(model: str, frames: int, bands: int, n_cls: int, logits: bool) -> keras.Model:
    """keras_anchor.build for the course's four (the head linear when `logits`), plus stats and mel-cnn."""
    r = keras.regularizers
    head = L.Dense(n_cls, activation=None if logits else "softmax")
    if model in ("mlp", "mlp-regularized"):
        reg = (lambda: r.l2(0.001)) if model == "mlp-regularized" else (lambda: None)
        layers = [keras.Input((frames, bands)), L.Flatten()]
        for n in (512, 256, 64):
            layers.append(L.Dense(n, activation="relu", kernel_regularizer=reg()))
            if model == "mlp-regularized":
                layers.append(L.Dropout(0.3))
        return keras.Sequential([*layers, head])
    if model == "cnn":
        layers = [keras.Input((frames, bands, 1))]
        for k in (3, 3, 2):
            layers += [L.Conv2D(32, (k, k), activation="relu"),
                       L.MaxPooling2D((k, k), strides=(2, 2), padding="same"), L.BatchNormalization()]
        return keras.Sequential([*layers, L.Flatten(), L.Dense(64, activation="relu"), L.Dropout(0.3), head])
    if model == "lstm":
        return keras.Sequential([
            keras.Input((frames, bands)), L.LSTM(64, return_sequences=True), L.LSTM(64),
            L.Dense(64, activation="relu"), L.Dropout(0.3), head])
    if model == "stats":
        return keras.Sequential([keras.Input((frames, bands)), SummaryStats(), L.BatchNormalization(), head])
    if model == "mel-cnn":
        layers = [keras.Input((frames, bands, 1))]
        for filters in (16, 32, 64, 128):
            layers += [
                L.Conv2D(filters, 3, padding="same", use_bias=False, kernel_initializer="he_normal"),
                L.BatchNormalization(), L.ReLU(), L.MaxPooling2D(2, padding="same"),
            ]
        return keras.Sequential([*layers, L.GlobalAveragePooling2D(), L.Dropout(0.3), head])
    raise ValueError(f"unknown model {model}")


def image_input(model: str) -> bool:
    return model in ("cnn", "mel-cnn")


@keras.saving.register_keras_serializable(package="audio_dl")
class OneCycle(keras.optimizers.schedules.LearningRateSchedule):
    """schedule.ts' one-cycle (PyTorch OneCycleLR defaults): cosine warm-up from peak/25 to peak over the first 30 % of
    the steps, then cosine annealing to peak/25/1e4. Keras calls it with the step about to be taken (0-based)."""

    def __init__(self, peak: float, total: int):
        self.peak, self.total = float(peak), int(total)

    def __call__(self, step):
        step = keras.ops.cast(step, "float32")
        warm = float(max(1, math.floor(0.3 * self.total)))
        start = self.peak / 25
        end = start / 1e4

        def cosine(a, b, p):
            return b + (a - b) * (1 + keras.ops.cos(math.pi * p)) / 2

        up = cosine(start, self.peak, step / warm)
        down = cosine(self.peak, end, keras.ops.minimum(1.0, (step - warm) / max(1.0, self.total - 1 - warm)))
        return keras.ops.where(step < warm, up, down)

    def get_config(self):
        return {"peak": self.peak, "total": self.total}


def adamw(model: keras.Model, peak: float, weight_decay: float, total_steps: int) -> keras.optimizers.AdamW:
    """AdamW whose decay (w ← w − w·wd·lr before each step, as fit-classifier.ts) touches kernels only."""
    opt = keras.optimizers.AdamW(learning_rate=OneCycle(peak, total_steps), weight_decay=weight_decay)
    opt.exclude_from_weight_decay(var_list=[v for v in model.trainable_variables if not v.path.endswith("kernel")])
    return opt


# ---------------------------------------------------------------- augmentation


def track_runs(train: np.ndarray, data: Data) -> list:
    """augment/crop.ts trackRuns: training rows grouped by track into runs of consecutive segment numbers."""
    by_track: dict = {}
    runs = []
    for i in train:
        if data.tracks[i] == "" or data.segments[i] < 0:
            runs.append([int(i)])
        else:
            by_track.setdefault(data.tracks[i], []).append(int(i))
    for rows in by_track.values():
        rows.sort(key=lambda r: data.segments[r])
        run = [rows[0]]
        for a, b in zip(rows, rows[1:]):
            if data.segments[b] == data.segments[a] + 1:
                run.append(b)
            else:
                runs.append(run)
                run = [b]
        runs.append(run)
    return runs


def spec_augment(sample: np.ndarray, opts: dict, rng: np.random.Generator) -> None:
    """augment/spec-augment.ts on one [frames, bands] sample in place."""
    frames, bands = sample.shape
    for axis, count, max_width in (
        (1, opts["freq_masks"], math.floor(opts["freq_width"] * bands)),
        (0, opts["time_masks"], math.floor(opts["time_width"] * frames)),
    ):
        size = sample.shape[axis]
        for _ in range(count):
            width = int(rng.integers(0, max_width + 1))
            if width == 0 or width >= size:
                continue
            start = int(rng.integers(0, size - width + 1))
            if axis == 0:
                sample[start:start + width, :] = 0
            else:
                sample[:, start:start + width] = 0


def recipe_batches(x, y_onehot, train, runs, entry: Entry, batch_size: int, rng):
    """fit-classifier.ts' epochs as an endless stream of batches: each epoch one item per training row (with crops: a
    window anywhere in its run), shuffled, cut into batches; SpecAugment on each training sample."""
    frames, bands = x.shape[1], x.shape[2]
    if entry.crop:
        items = [(run, row) for run in runs for row in run]
        # Each run's frames laid end to end once, so a crop is a slice.
        laid = {id(run): x[run].reshape(-1, bands) for run in runs}
    else:
        items = [(None, int(row)) for row in train]
    n = len(items)
    while True:
        order = rng.permutation(n)
        for b in range(0, n, batch_size):
            picked = order[b:b + batch_size]
            xb = np.empty((len(picked), frames, bands), dtype=np.float32)
            yb = np.empty((len(picked), y_onehot.shape[1]), dtype=np.float32)
            for i, p in enumerate(picked):
                run, row = items[p]
                if entry.crop and len(run) > 1:
                    start = int(rng.integers(0, (len(run) - 1) * frames + 1))
                    xb[i] = laid[id(run)][start:start + frames]
                else:
                    xb[i] = x[row]
                yb[i] = y_onehot[row]
                if entry.spec_augment:
                    spec_augment(xb[i], entry.spec_augment, rng)
            yield (xb[..., None] if image_input(entry.model) else xb), yb


# ---------------------------------------------------------------- training


def run_entry(entry: Entry, data: Data, split: dict, seed: int, epochs: int) -> dict:
    keras.utils.set_random_seed(seed)
    start = time.perf_counter()
    x = standardize(data.x, split["train"]) if entry.standardize else data.x
    tr, va, te = split["train"], split["val"], split["test"]
    n, frames, bands = x.shape
    k = len(data.mapping)
    model = build(entry.model, frames, bands, k, logits=entry.mode != "course")
    shape = (lambda a: a[..., None]) if image_input(entry.model) else (lambda a: a)
    batch_size = 32
    if entry.mode == "recipe":
        # Soft targets: label smoothing as fit-classifier.ts (y·(1 − ε) + ε/k), the loss from logits.
        onehot = np.eye(k, dtype=np.float32)[data.y]
        runs = track_runs(tr, data)
        batches = math.ceil(len(tr) / batch_size)
        model.compile(
            optimizer=adamw(model, entry.lr, entry.weight_decay, batches * epochs),
            loss=keras.losses.CategoricalCrossentropy(from_logits=True, label_smoothing=entry.label_smoothing),
            metrics=[keras.metrics.CategoricalAccuracy(name="accuracy")],
        )
        sig_x = tf.TensorSpec((None, frames, bands, *((1,) if image_input(entry.model) else ())), tf.float32)
        stream = tf.data.Dataset.from_generator(
            lambda: recipe_batches(x, onehot, tr, runs, entry, batch_size, np.random.default_rng(seed)),
            output_signature=(sig_x, tf.TensorSpec((None, k), tf.float32)),
        )
        history = model.fit(stream, steps_per_epoch=batches, epochs=epochs,
                            validation_data=(shape(x[va]), onehot[va]), verbose=0)
    else:
        loss = ("sparse_categorical_crossentropy" if entry.mode == "course"
                else keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=entry.lr), loss=loss, metrics=["accuracy"])
        history = model.fit(shape(x[tr]), data.y[tr], validation_data=(shape(x[va]), data.y[va]),
                            batch_size=batch_size, epochs=epochs, verbose=0)
    out = model.predict(shape(x[te]), batch_size=256, verbose=0)
    secs = time.perf_counter() - start
    probs = out if entry.mode == "course" else keras.ops.convert_to_numpy(keras.ops.softmax(out, axis=-1))
    pred = probs.argmax(axis=1)
    seg_acc = float((pred == data.y[te]).mean())
    sums: dict = {}
    for row, p in zip(te, probs):
        t = data.tracks[row]
        if t not in sums:
            sums[t] = [np.zeros(k, dtype=np.float64), int(data.y[row])]
        sums[t][0] += p
    track_acc = float(np.mean([s.argmax() == label for s, label in sums.values()]))
    return {
        "segment": seg_acc,
        "track": track_acc,
        "val": float(history.history["val_accuracy"][-1]),
        "seconds": secs,
        "final_loss": float(history.history["loss"][-1]),
        "params": model.count_params(),
    }


def fmt(v: list) -> str:
    sd = statistics.stdev(v) if len(v) > 1 else 0.0
    return f"{statistics.mean(v):.3f} ± {sd:.3f}"


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True, help="folder with mfcc.json, logmel.json and split-SEED.json")
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--only", help="comma-separated entry keys: " + ", ".join(e.key for e in ENTRIES))
    ap.add_argument("--out", help="markdown file rewritten with the table so far after each entry")
    ap.add_argument("--epochs", type=int, help="override every entry's epochs (smoke tests)")
    args = ap.parse_args()
    try:
        seeds = [int(s) for s in args.seeds.split(",")]
    except ValueError:
        fail(f"--seeds must be whole numbers separated by commas, got {args.seeds}")
    entries = ENTRIES
    if args.only:
        keys = args.only.split(",")
        unknown = [k for k in keys if k not in {e.key for e in ENTRIES}]
        if unknown:
            fail(f"--only: unknown entries {', '.join(unknown)}; known: {', '.join(e.key for e in ENTRIES)}")
        entries = [e for e in ENTRIES if e.key in keys]
    if args.epochs is not None and args.epochs < 1:
        fail(f"--epochs must be a positive whole number, got {args.epochs}")

    data = {f: load_data(os.path.join(args.data, f"{f}.json")) for f in sorted({e.features for e in entries})}
    first = next(iter(data.values()))
    for d in data.values():
        if d.tracks != first.tracks or not np.array_equal(d.y, first.y):
            fail(f"{d.path}: its rows are not those of {first.path} (tracks or labels differ)")
    splits = {s: load_split(os.path.join(args.data, f"split-{s}.json"), len(first.y)) for s in seeds}

    header = [
        f"{args.data}: {len(first.y)} segments, {len(first.mapping)} classes; keras {keras.__version__}, tensorflow "
        f"{tf.__version__} (CPU, {os.cpu_count()} cores); seeds {', '.join(map(str, seeds))}; {cpu_model()}"
        + (f"; EPOCHS OVERRIDDEN TO {args.epochs} (smoke test)" if args.epochs else ""),
        "",
        "| model / recipe | features | segment accuracy | track accuracy | last val accuracy | train s |",
        "|---|---|---|---|---|---|",
    ]
    rows: list = []

    def write_out() -> None:
        if not args.out:
            return
        tmp = args.out + ".tmp"
        with open(tmp, "w") as f:
            f.write("\n".join(header + rows) + "\n")
        os.replace(tmp, args.out)

    print("\n".join(header), flush=True)
    for entry in entries:
        results = []
        epochs = args.epochs or entry.epochs
        for seed in seeds:
            r = run_entry(entry, data[entry.features], splits[seed], seed, epochs)
            results.append(r)
            print(f"  {entry.key} seed {seed}: segment {r['segment']:.3f}, track {r['track']:.3f}, val {r['val']:.3f}, "
                  f"final loss {r['final_loss']:.3f}, {r['params']} params ({r['seconds']:.0f} s)",
                  file=sys.stderr, flush=True)
        row = (f"| {entry.name} | {entry.features} | {fmt([r['segment'] for r in results])} | "
               f"{fmt([r['track'] for r in results])} | {fmt([r['val'] for r in results])} | "
               f"{statistics.mean(r['seconds'] for r in results):.0f} |")
        rows.append(row)
        print(row, flush=True)
        write_out()


if __name__ == "__main__":
    main()
