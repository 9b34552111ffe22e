"""Speed of initlab's engine against PyTorch's own nn + autograd on the same work (CPU, float32, 2 threads).

    python benchmarks/bench_engine.py            # every case, about two minutes
    python benchmarks/bench_engine.py --quick    # fewer repeats

Prints engine/torch time per training step as a ratio (below 1: the engine is faster), the share of the
engine's step spent in matrix multiplication for the 1024 case, and the population figures: 64 seeds in
one batched pass against one seed, and against a Python loop over 64 PyTorch models. Measures; asserts
nothing. Record the figures in benchmarks/README.md with the machine they came from.
"""

from __future__ import annotations

import os

THREADS = "2"
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = THREADS  # before NumPy and torch load their BLAS

import argparse
import itertools
import platform
import statistics
import time
from collections.abc import Callable

import numpy as np
import torch

from initlab.nn import Network, train

torch.set_num_threads(int(THREADS))


def seconds_per_call(function: Callable[[], object], calls: int, repeats: int) -> float:
    """Median over ``repeats`` of the mean time of ``calls`` calls (after one warm-up call)."""
    function()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            function()
        times.append((time.perf_counter() - start) / calls)
    return statistics.median(times)


def data(width: int, m: int, n_out: int = 1) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    return rng.standard_normal((width, m)).astype(np.float32), (rng.random((n_out, m)) > 0.5).astype(np.float32)


def engine_step(sizes, activation, X, Y, seeds=1, backend="numpy"):
    net = Network(sizes, activation, "bce", "glorot_normal", "zeros", seeds=seeds, dtype="float32", backend=backend,
                  device="cpu")
    return lambda steps=1: train(net, X, Y, "sgd", lr=0.01, steps=steps)


def torch_model(sizes, activation):
    layers = []
    nonlinearity = {"tanh": torch.nn.Tanh, "relu": torch.nn.ReLU}[activation]
    for n_in, n_out in itertools.pairwise(sizes[:-1]):  # hidden layers; the output layer follows
        layers += [torch.nn.Linear(n_in, n_out), nonlinearity()]
    layers.append(torch.nn.Linear(sizes[-2], sizes[-1]))
    return torch.nn.Sequential(*layers)


def torch_step(sizes, activation, X, Y):
    model = torch_model(sizes, activation)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    inputs, targets = torch.from_numpy(X.T.copy()), torch.from_numpy(Y.T.copy())
    loss = torch.nn.BCEWithLogitsLoss()

    def step(steps=1):
        for _ in range(steps):
            optimizer.zero_grad()
            loss(model(inputs), targets).backward()
            optimizer.step()

    return step


def matmul_share(sizes, X, calls, repeats) -> float:
    """Time of the step's matrix products alone (same shapes, float32) over the engine's whole step."""
    rng = np.random.default_rng(1)
    m = X.shape[1]
    weights = [rng.standard_normal((1, n, k)).astype(np.float32) for k, n in itertools.pairwise(sizes)]
    acts = [rng.standard_normal((1, k, m)).astype(np.float32) for k in sizes[:-1]]
    grads = [rng.standard_normal((1, n, m)).astype(np.float32) for n in sizes[1:]]

    def products():
        for W, A, dZ in zip(weights, acts, grads, strict=True):
            W @ A  # forward
            dZ @ A.mT  # dW
        for W, dZ in zip(weights[1:], grads[1:], strict=True):
            W.mT @ dZ  # dA of the layer below

    whole = seconds_per_call(engine_step(sizes, "tanh", X, data(sizes[0], m)[1]), calls, repeats)
    return seconds_per_call(products, calls, repeats) / whole


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (noisier)")
    args = parser.parse_args()
    repeats = 3 if args.quick else 7

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, {THREADS} threads; "
          f"numpy {np.__version__}, torch {torch.__version__}; float32")
    print(f"{'case':<28}{'engine ms':>11}{'engine(torch) ms':>18}{'torch ms':>10}{'ratio':>8}{'ratio(torch)':>14}")
    for depth, width, m, calls in [(6, 100, 1000, 20), (6, 512, 512, 5), (6, 1024, 1024, 2)]:
        sizes = [width] * (depth + 1) + [1]
        X, Y = data(width, m)
        ours = seconds_per_call(engine_step(sizes, "tanh", X, Y), calls, repeats)
        ours_torch = seconds_per_call(engine_step(sizes, "tanh", X, Y, backend="torch"), calls, repeats)
        theirs = seconds_per_call(torch_step(sizes, "tanh", X, Y), calls, repeats)
        print(f"{f'{depth} tanh x {width}, m={m}':<28}{ours * 1e3:>11.2f}{ours_torch * 1e3:>18.2f}"
              f"{theirs * 1e3:>10.2f}{ours / theirs:>8.2f}{ours_torch / theirs:>14.2f}")
        if width == 1024:
            share = matmul_share(sizes, X, calls, repeats)
            print(f"  matrix multiplication: {share:.0%} of the engine's step (the rest is overhead)")

    sizes, steps, P = [2, 10, 5, 1], 1000, 64
    X, Y = data(2, 300)
    one = seconds_per_call(lambda: engine_step(sizes, "relu", X, Y, seeds=1)(steps), 1, repeats)
    many = seconds_per_call(lambda: engine_step(sizes, "relu", X, Y, seeds=P)(steps), 1, repeats)
    steppers = [torch_step(sizes, "relu", X, Y) for _ in range(P)]
    looped = seconds_per_call(lambda: [step(steps) for step in steppers], 1, max(1, repeats // 3))
    print(f"population [2, 10, 5, 1] relu, m=300, {steps} full-batch steps:")
    print(f"  1 seed {one:.3f} s; {P} seeds in one pass {many:.3f} s = {many / one:.1f}x one seed")
    print(f"  loop over {P} PyTorch models {looped:.3f} s = {looped / many:.1f}x slower than the population")


if __name__ == "__main__":
    main()
