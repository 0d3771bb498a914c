"""Keras 3 / TensorFlow CPU side of tools/bench/keras-throughput.ts (issues 13, 19), which starts and drives it.

  keras-throughput.py THREADS

A worker: TensorFlow runs on THREADS intra-op threads and one inter-op thread (set before it starts, so one worker
per thread count). Each line on stdin is one run, as JSON: {"model", "frames", "bands", "samples", "epochs"}; the
worker builds a fresh model, makes the run's random inputs (uniform in [-1, 1), 10 classes), and trains it in ONE
fit() call of `epochs` epochs (batch 32, Adam 1e-4, sparse categorical cross-entropy, shuffled), timing every epoch
with a callback: wall, process CPU (all threads) and the busiest thread's CPU. It answers one JSON line per run with
every epoch's timings; the driver discards the first epoch (warm-up: tracing, allocation) exactly as it does for
audio-dl. Set-up before the first epoch (model build, compile, data adapter) is outside every timed interval on
both sides.

MODEL: mlp, cnn, lstm (the course's models, as ../shared/anchors/keras_anchor.py builds them) or mel-cnn (audio-dl's
recommended model: 4 x (conv 3x3 same, no bias -> batch norm -> relu -> max-pool 2), 16-32-64-128 -> global average
pool -> dropout 0.3 -> dense softmax). Keras' batch norm always sees the whole batch of 32.
"""
import json, os, sys, time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import keras
import tensorflow as tf

BATCH, CLASSES = 32, 10


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
    raise ValueError(f"unknown model {kind}")


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


class EpochTimer(keras.callbacks.Callback):
    """Wall, process CPU and busiest-thread CPU seconds of each epoch, as audio-dl's side records them."""

    def __init__(self):
        super().__init__()
        self.epochs = []

    def on_epoch_begin(self, epoch, logs=None):
        self.t, self.c, self.per = time.perf_counter(), time.process_time(), thread_cpu()

    def on_epoch_end(self, epoch, logs=None):
        wall, cpu = time.perf_counter() - self.t, time.process_time() - self.c
        busiest = max(s - self.per.get(tid, 0) for tid, s in thread_cpu().items())
        self.epochs.append({"wall": wall, "cpu": cpu, "busiest": busiest})


def run(req):
    kind, frames, bands, samples, epochs = req["model"], req["frames"], req["bands"], req["samples"], req["epochs"]
    rng = np.random.default_rng(req.get("seed", 1))
    X = rng.uniform(-1, 1, (samples, frames, bands)).astype(np.float32)
    y = np.arange(samples) % CLASSES
    if kind in ("cnn", "mel-cnn"):
        X = X[..., np.newaxis]
    m = build(kind, frames, bands, CLASSES)
    m.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-4), loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
    timer = EpochTimer()
    m.fit(X, y, batch_size=BATCH, epochs=epochs, verbose=0, shuffle=True, callbacks=[timer])
    keras.backend.clear_session()
    return {"epochs": timer.epochs}


def main():
    threads = int(sys.argv[1])
    tf.config.threading.set_intra_op_parallelism_threads(threads)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    hello = {"anchor": f"keras {keras.__version__}, tensorflow {tf.__version__}",
             "threads": tf.config.threading.get_intra_op_parallelism_threads(),
             "inter_op": tf.config.threading.get_inter_op_parallelism_threads()}
    print(json.dumps(hello), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            print(json.dumps(run(json.loads(line))), flush=True)
        except Exception as err:  # one clear line back to the driver, which stops
            print(json.dumps({"error": f"{type(err).__name__}: {err}"}), flush=True)


if __name__ == "__main__":
    main()
