"""The course's §06 script: a multilayer perceptron written with numpy learns to add two numbers.

The course notes (§02, §05, §06) describe it: weights from numpy's random generator, forward propagation with
numpy.dot and a sigmoid, backpropagation (delta = error ⊙ σ'(a), derivative = aᵀ · delta), gradient descent with
η = 0.1, 1000 pairs of random()/2, 50 epochs (50,000 updates), the mean squared error printed per epoch, then the
network asked 0.3 + 0.1. This is that script, written from the notes (the repository had no copy), so that
`tools/bench/cli-startup.ts` can time it as a whole process beside `audio-dl scratch addition`.
Run: python3 tools/bench/course_addition.py
     python3 tools/bench/course_addition.py --bench RUNS   (for tools/bench/scratch-addition.ts: times only
     `mlp.train(...)` of each run, as that script times audio-dl's `train(...)`; fresh data and weights each run,
     seeded with the run number; the per-epoch prints go to a buffer; one JSON line of milliseconds out)
"""

import contextlib
import io
import json
import random as random_module
import sys
import time
from random import random

import numpy as np


class MLP:
    def __init__(self, num_inputs=3, hidden_layers=(3, 3), num_outputs=2):
        layers = [num_inputs, *hidden_layers, num_outputs]
        # The course's published code draws the initial weights with numpy.random.rand.
        self.weights = [np.random.rand(layers[i], layers[i + 1]) for i in range(len(layers) - 1)]
        self.derivatives = [np.zeros((layers[i], layers[i + 1])) for i in range(len(layers) - 1)]
        self.activations = [np.zeros(n) for n in layers]

    def forward_propagate(self, inputs):
        activations = inputs
        self.activations[0] = activations
        for i, w in enumerate(self.weights):
            activations = self._sigmoid(np.dot(activations, w))
            self.activations[i + 1] = activations
        return activations

    def back_propagate(self, error):
        for i in reversed(range(len(self.derivatives))):
            delta = error * self._sigmoid_derivative(self.activations[i + 1])
            delta_re = delta.reshape(delta.shape[0], -1).T
            current = self.activations[i].reshape(self.activations[i].shape[0], -1)
            self.derivatives[i] = np.dot(current, delta_re)
            error = np.dot(delta, self.weights[i].T)

    def gradient_descent(self, learning_rate=1.0):
        for weights, derivatives in zip(self.weights, self.derivatives):
            weights += derivatives * learning_rate

    def train(self, inputs, targets, epochs, learning_rate):
        for epoch in range(epochs):
            sum_errors = 0.0
            for x, target in zip(inputs, targets):
                output = self.forward_propagate(x)
                self.back_propagate(target - output)
                self.gradient_descent(learning_rate)
                sum_errors += self._mse(target, output)
            print(f"Error: {sum_errors / len(inputs)} at epoch {epoch + 1}")
        print("Training complete!")

    @staticmethod
    def _sigmoid(x):
        return 1.0 / (1 + np.exp(-x))

    @staticmethod
    def _sigmoid_derivative(x):
        return x * (1.0 - x)

    @staticmethod
    def _mse(target, output):
        return np.average((target - output) ** 2)


def bench(runs):
    times, final = [], None
    for run in range(runs):
        random_module.seed(run + 1)
        np.random.seed(run + 1)
        items = np.array([[random() / 2 for _ in range(2)] for _ in range(1000)])
        targets = np.array([[a + b] for a, b in items])
        mlp = MLP(2, [5], 1)
        with contextlib.redirect_stdout(io.StringIO()) as log:
            start = time.perf_counter()
            mlp.train(items, targets, 50, 0.1)
            times.append((time.perf_counter() - start) * 1000)
        final = log.getvalue().splitlines()[-2]  # the last epoch's error line
    print(json.dumps({"ms": times, "numpy": np.__version__, "python": sys.version.split()[0], "last": final}))


if __name__ == "__main__" and sys.argv[1:2] == ["--bench"]:
    bench(int(sys.argv[2]))
elif __name__ == "__main__":
    items = np.array([[random() / 2 for _ in range(2)] for _ in range(1000)])
    targets = np.array([[a + b] for a, b in items])
    mlp = MLP(2, [5], 1)
    mlp.train(items, targets, 50, 0.1)
    x = np.array([0.3, 0.1])
    print(f"Our network believes that {x[0]} + {x[1]} is equal to {mlp.forward_propagate(x)[0]}")
