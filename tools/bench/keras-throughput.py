"""Keras 3 / TensorFlow CPU side of tools/bench/keras-throughput.ts (issue 13).

  keras-throughput.py MODEL FRAMES BANDS SAMPLES CHUNKS

MODEL: mlp, cnn, lstm (the course's models, as ../shared/anchors/keras_anchor.py builds them) or mel-cnn (audio-dl's
recommended model: 4 x (conv 3x3 same, no bias -> batch norm -> relu -> max-pool 2), 16-32-64-128 -> global average
pool -> dropout 0.3 -> dense softmax). Random inputs, 10 classes, batch 32, Adam 1e-4, sparse categorical
cross-entropy; one epoch per chunk after a warm-up chunk. Prints one JSON line: median samples/s of wall time and of
process CPU time (all threads) and of the busiest thread's CPU time, and every chunk's wall figure.
"""
import json, os, statistics, sys, time
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import keras
import tensorflow as tf


def build(kind, frames, bands, n_cls):
    L = keras.layers
    if kind == "mlp":
        return keras.Sequential([keras.Input((frames, bands)), L.Flatten(), L.Dense(512, activation="relu"),
                                 L.Dense(256, activation="relu"), L.Dense(64, activation="relu"),
                                 L.Dense(n_cls, activation="softmax")])
    if kind == "cnn":
        return keras.Sequential([
            keras.Input((frames, bands, 1)),
            L.Conv2D(32, (3, 3), activation="relu"), L.MaxPooling2D((3, 3), strides=(2, 2), padding="same"), L.BatchNormalization(),
            L.Conv2D(32, (3, 3), activation="relu"), L.MaxPooling2D((3, 3), strides=(2, 2), padding="same"), L.BatchNormalization(),
            L.Conv2D(32, (2, 2), activation="relu"), L.MaxPooling2D((2, 2), strides=(2, 2), padding="same"), L.BatchNormalization(),
            L.Flatten(), L.Dense(64, activation="relu"), L.Dropout(0.3), L.Dense(n_cls, activation="softmax")])
    if kind == "lstm":
        return keras.Sequential([
            keras.Input((frames, bands)), L.LSTM(64, return_sequences=True), L.LSTM(64),
            L.Dense(64, activation="relu"), L.Dropout(0.3), L.Dense(n_cls, activation="softmax")])
    if kind == "mel-cnn":
        layers = [keras.Input((frames, bands, 1))]
        for filters in (16, 32, 64, 128):
            layers += [L.Conv2D(filters, 3, padding="same", use_bias=False, kernel_initializer="he_normal"),
                       L.BatchNormalization(), L.ReLU(), L.MaxPooling2D(2, padding="same")]
        layers += [L.GlobalAveragePooling2D(), L.Dropout(0.3), L.Dense(n_cls, activation="softmax")]
        return keras.Sequential(layers)
    raise SystemExit(f"unknown model {kind}")


def thread_cpu():
    """CPU seconds of each thread of this process so far (utime + stime from /proc/self/task/<tid>/stat)."""
    out = {}
    tick = os.sysconf("SC_CLK_TCK")
    for tid in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{tid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            out[tid] = (int(fields[11]) + int(fields[12])) / tick
        except OSError:
            pass  # the thread ended between listing and reading
    return out


def main():
    kind, frames, bands, samples, chunks = sys.argv[1], *map(int, sys.argv[2:6])
    rng = np.random.default_rng(1)
    X = rng.standard_normal((samples, frames, bands)).astype(np.float32)
    y = rng.integers(0, 10, samples)
    if kind in ("cnn", "mel-cnn"):
        X = X[..., np.newaxis]
    m = build(kind, frames, bands, 10)
    m.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-4), loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
    m.fit(X[:64], y[:64], batch_size=32, epochs=1, verbose=0)
    wall, cpu, busiest = [], [], []
    for _ in range(chunks):
        t, c, per = time.perf_counter(), time.process_time(), thread_cpu()
        m.fit(X, y, batch_size=32, epochs=1, verbose=0)
        wall.append(samples / (time.perf_counter() - t))
        cpu.append(samples / (time.process_time() - c))
        busiest.append(samples / max(s - per.get(tid, 0) for tid, s in thread_cpu().items()))
    print(json.dumps({"anchor": f"keras {keras.__version__}, tensorflow {tf.__version__}", "model": kind,
                      "wall": statistics.median(wall), "cpu": statistics.median(cpu), "busiest": statistics.median(busiest),
                      "threads": tf.config.threading.get_intra_op_parallelism_threads() or os.cpu_count(),
                      "all_wall": [round(r) for r in wall], "all_cpu": [round(r) for r in cpu]}))


if __name__ == "__main__":
    main()
