"""Full-batch and minibatch training of a whole population, with a per-member history.

Member p shuffles its minibatches with its own stream (derived from its seed, separate from the stream its
weights were drawn from), so member p of a population trains exactly as the network built alone with seed p.
A member whose loss becomes NaN or inf is marked diverged at that step; its numbers stay its own (no
operation mixes members), so it never disturbs the others, and no overflow warnings are printed.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from initlab.backend import to_numpy
from initlab.errors import ConfigError
from initlab.nn.network import Network
from initlab.nn.optimizers import Optimizer, get_optimizer

Progress = Callable[[int, int], None]


@dataclass
class History:
    """What training recorded, per step and per member.

    ``loss[t, p]`` and ``accuracy[t, p]`` are member p's cost and accuracy on the batch it used at step t,
    before that step's update. ``diverged_at[p]`` is the first step whose loss was NaN or inf, or None.
    """

    seeds: list[int]
    loss: np.ndarray
    accuracy: np.ndarray
    diverged_at: list[int | None]

    @property
    def steps(self) -> int:
        return self.loss.shape[0]


def batch_stream(seed: int) -> np.random.Generator:
    """The generator member ``seed`` shuffles its minibatches with (not the one its weights came from)."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(1,)))


def train(
    net: Network,
    X: Any,
    Y: Any,
    optimizer: str | Optimizer = "sgd",
    lr: float | None = None,
    steps: int | None = None,
    epochs: int | None = None,
    batch_size: int | None = None,
    progress: Progress | None = None,
    callback: Callable[[int], None] | None = None,
    callback_every: int = 1,
) -> History:
    """Train every member of ``net`` on (X, Y) and return the history.

    Args:
        X: (n_0, m) inputs shared by every member; Y: (n_L, m) targets (or class indices for softmax_ce).
        optimizer: sgd, momentum, adagrad, rmsprop, adam (or an Optimizer); ``lr`` overrides its default.
        steps or epochs: how long (exactly one of them); an epoch is ⌈m / batch_size⌉ steps.
        batch_size: None for full batch (every step sees all m samples, in order); else 1 ≤ batch_size ≤ m,
            each member drawing a fresh permutation every epoch (the last batch of an epoch may be smaller).
        progress: called as ``progress(done, total)`` now and then, for a progress bar.
        callback: called as ``callback(steps_done)`` after every ``callback_every`` updates (and after the
            last), e.g. to evaluate the members on a test set with ``net.evaluate`` along the way.
    """
    if net.loss is None:
        raise ConfigError("train needs a network with a loss")
    X = net.as_input(X)
    if X.ndim != 2:
        raise ConfigError("train takes one data set X of shape (n_0, m) shared by every member")
    m = X.shape[-1]
    Y = net.as_targets(Y, m)
    if Y.ndim != 2:
        raise ConfigError("train takes one set of targets Y of shape (n_L, m) shared by every member")
    batch = m if batch_size is None else batch_size
    if not isinstance(batch, int) or isinstance(batch, bool) or not 1 <= batch <= m:
        raise ConfigError(f"batch size must be an integer from 1 to m = {m}, got {batch_size!r}")
    if net.batchnorm and (batch == 1 or m % batch == 1):
        raise ConfigError(
            f"batch size {batch} leaves a batch of 1 sample (m = {m}), which Batch Normalization cannot normalize"
        )
    per_epoch = math.ceil(m / batch)
    total = _count_steps(steps, epochs, per_epoch)
    optimizer = get_optimizer(optimizer, lr)

    xp = net.xp
    params = list(net.parameters().values())
    loss_history = xp.zeros((total, net.P), dtype=net.backend.dtype(net.dtype), device=X.device)
    accuracy_history = xp.zeros_like(loss_history)
    full_batch = batch == m
    if not full_batch:
        streams = [batch_stream(seed) for seed in net.seeds]
        rows_X, rows_Y = xp.matrix_transpose(X), xp.matrix_transpose(Y)  # (m, n): one row per sample
    report_every = max(1, total // 100)
    if not isinstance(callback_every, int) or callback_every < 1:
        raise ConfigError(f"callback_every must be an integer >= 1, got {callback_every!r}")

    with np.errstate(all="ignore"):
        for step in range(total):
            if full_batch:
                batch_X, batch_Y = X, Y
            else:
                position = step % per_epoch
                if position == 0:
                    orders = np.stack([stream.permutation(m) for stream in streams])
                indices = orders[:, position * batch : (position + 1) * batch]
                if net.backend.name != "numpy":
                    indices = xp.asarray(indices, device=X.device)
                batch_X = xp.matrix_transpose(rows_X[indices])
                batch_Y = xp.matrix_transpose(rows_Y[indices])
            net._forward(batch_X, train=True)
            last = net.layers[-1]
            loss_history[step] = net.loss.value(xp, last.Z, batch_Y)
            accuracy_history[step] = net.loss.accuracy(xp, last.Z, batch_Y)
            net._backward(dZ_L=net.loss.dZ(xp, last.A, batch_Y))
            optimizer.step(xp, params, list(net.gradients().values()))
            done = step + 1
            if callback is not None and (done % callback_every == 0 or done == total):
                callback(done)
            if progress is not None and (done % report_every == 0 or done == total):
                progress(done, total)

    loss = to_numpy(loss_history)
    finite = np.isfinite(loss)
    diverged_at = [None if finite[:, p].all() else int(np.argmin(finite[:, p])) for p in range(net.P)]
    return History(list(net.seeds), loss, to_numpy(accuracy_history), diverged_at)


def _count_steps(steps: int | None, epochs: int | None, per_epoch: int) -> int:
    if (steps is None) == (epochs is None):
        raise ConfigError("give exactly one of steps and epochs")
    count, what = (steps, "steps") if steps is not None else (epochs, "epochs")
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise ConfigError(f"{what} must be an integer >= 1, got {count!r}")
    return count if steps is not None else count * per_epoch
