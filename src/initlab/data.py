"""Data sets made here or shipped inside a package: nothing is downloaded.

Every set comes back in the engine's layout: ``X`` is (n_features, m) with samples in the last axis, and the
targets are shaped for the loss: (1, m) 0/1 labels for two classes (bce), one-hot (K, m) for more (softmax_ce).
Train and test sets are drawn separately from one seed, so a split is reproducible and balanced.

- ``circles``: two concentric circles (scikit-learn's make_circles, factor 0.8), noise 0.05 — the course exercise.
- ``moons``: two interleaving half moons (make_moons), noise 0.2.
- ``spiral``: two interleaved spiral arms, noise 0.2 (CS231n's spiral, two classes).
- ``flower``: the 8-petal "flower" of Andrew Ng's planar-data exercise, noise 0.2.
- ``xor``: points in [−1, 1]², label 1 where x₁·x₂ > 0, inputs jittered by noise 0.1.
- ``blobs``: Gaussian blobs (make_blobs), ``classes`` centers (2 by default), std 1.0 — separable.
- ``digits``: the 8×8 handwritten digits bundled with scikit-learn (1797 images, 10 classes), pixels / 16.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from initlab.errors import ConfigError, unknown_name

DEFAULT_NOISE = {"circles": 0.05, "moons": 0.2, "spiral": 0.2, "flower": 0.2, "xor": 0.1, "blobs": 1.0}
DATASETS = (*DEFAULT_NOISE, "digits")
DIGITS_AVAILABLE = 1797


@dataclass
class Dataset:
    """A train/test split in the engine's layout; see the module docstring."""

    name: str
    X_train: np.ndarray
    Y_train: np.ndarray
    X_test: np.ndarray
    Y_test: np.ndarray
    classes: int
    config: dict[str, Any] = field(default_factory=dict)

    @property
    def loss(self) -> str:
        """The loss these targets are shaped for."""
        return "bce" if self.classes == 2 else "softmax_ce"

    @property
    def n_features(self) -> int:
        return self.X_train.shape[0]

    @property
    def n_outputs(self) -> int:
        return self.Y_train.shape[0]

    def labels(self, split: str = "train") -> np.ndarray:
        """Class index of every sample, shape (m,)."""
        Y = self.Y_train if split == "train" else self.Y_test
        return Y[0].astype(int) if self.classes == 2 else Y.argmax(axis=0)

    def majority_rate(self, split: str = "test") -> float:
        """Accuracy of always answering the most common class: what a network that learned nothing scores."""
        return float(np.bincount(self.labels(split), minlength=self.classes).max() / self.labels(split).size)


def load_dataset(
    name: str,
    n_train: int = 300,
    n_test: int = 100,
    noise: float | None = None,
    seed: int = 1,
    standardize: bool = False,
    classes: int = 2,
) -> Dataset:
    """Make (or load) data set ``name`` with ``n_train`` training and ``n_test`` test samples.

    ``noise`` defaults per set (see the module docstring); ``standardize`` rescales every feature to mean 0
    and std 1 using the training set's statistics; ``classes`` is the number of blobs (``blobs`` only).
    For ``digits`` the n_train + n_test images are a seeded random choice among the 1797 (default 300/100).
    """
    if name not in DATASETS:
        raise unknown_name("data set", name, DATASETS)
    for value, what, minimum in ((n_train, "n_train", 2), (n_test, "n_test", 1)):
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise ConfigError(f"{what} must be an integer >= {minimum}, got {value!r}")
    if noise is not None and not (math.isfinite(noise) and noise >= 0):
        raise ConfigError(f"noise must be a finite number >= 0, got {noise!r}")
    if noise is not None and name == "digits":
        raise ConfigError(f"noise applies to generated data sets only; digits are scanned images (got noise={noise})")
    if not isinstance(seed, int) or seed < 0:
        raise ConfigError(f"seed must be a non-negative integer, got {seed!r}")
    if name == "blobs" and not (isinstance(classes, int) and classes >= 2):
        raise ConfigError(f"blobs needs classes >= 2, got {classes!r}")
    if name != "blobs" and classes != 2:
        raise ConfigError(f"classes can only be chosen for blobs; {name} has a fixed number of classes")
    noise = DEFAULT_NOISE.get(name) if noise is None else float(noise)
    config = {"name": name, "n_train": n_train, "n_test": n_test, "noise": noise, "seed": seed,
              "standardize": standardize}

    if name == "digits":
        from sklearn.datasets import load_digits  # here, not at the top: importing scikit-learn takes about 1 s

        if n_train + n_test > DIGITS_AVAILABLE:
            raise ConfigError(
                f"digits has {DIGITS_AVAILABLE} images; n_train + n_test = {n_train + n_test} is too many"
            )
        bunch = load_digits()
        order = np.random.default_rng(seed).permutation(DIGITS_AVAILABLE)
        images, labels = bunch.data / 16.0, bunch.target
        train_idx, test_idx = order[:n_train], order[n_train : n_train + n_test]
        parts = [(images[train_idx], labels[train_idx]), (images[test_idx], labels[test_idx])]
        n_classes = 10
    else:
        train_seed, test_seed = np.random.SeedSequence(seed).generate_state(2)
        parts = [_make(name, n, noise, int(s), classes) for n, s in ((n_train, train_seed), (n_test, test_seed))]
        n_classes = classes if name == "blobs" else 2
        config["classes"] = n_classes

    (X_train, y_train), (X_test, y_test) = parts
    X_train, X_test = X_train.T.astype(float), X_test.T.astype(float)
    if standardize:
        mean = X_train.mean(axis=1, keepdims=True)
        std = X_train.std(axis=1, keepdims=True)
        std[std == 0] = 1.0  # constant features (digits' blank corners) stay as they are
        X_train, X_test = (X_train - mean) / std, (X_test - mean) / std
    return Dataset(name, X_train, _targets(y_train, n_classes), X_test, _targets(y_test, n_classes), n_classes, config)


def _targets(labels: np.ndarray, n_classes: int) -> np.ndarray:
    labels = np.asarray(labels, dtype=int)
    if n_classes == 2:
        return labels[None, :].astype(float)
    return np.eye(n_classes)[:, labels]


def _make(name: str, m: int, noise: float, seed: int, classes: int) -> tuple[np.ndarray, np.ndarray]:
    """``m`` samples (m, 2) and their labels (m,) of a generated set."""
    from sklearn import datasets as sk  # here, not at the top: importing scikit-learn takes about 1 s

    if name == "circles":
        return sk.make_circles(n_samples=m, noise=noise, factor=0.8, random_state=seed)
    if name == "moons":
        return sk.make_moons(n_samples=m, noise=noise, random_state=seed)
    if name == "blobs":
        return sk.make_blobs(n_samples=m, centers=_blob_centers(classes), cluster_std=noise, random_state=seed)
    rng = np.random.default_rng(seed)
    labels = np.arange(m) % 2  # balanced classes
    if name == "xor":
        points = rng.uniform(-1.0, 1.0, (m, 2))
        labels = (points[:, 0] * points[:, 1] > 0).astype(int)
        return points + noise * rng.standard_normal((m, 2)), labels
    if name == "spiral":
        radius = rng.uniform(0.05, 1.0, m)
        angle = 4.0 * radius + np.pi * labels + noise * rng.standard_normal(m)
        return np.column_stack([radius * np.sin(angle), radius * np.cos(angle)]), labels
    # flower: r = 4 sin(4t) with two classes on alternating petals (Ng's planar data set)
    t = np.where(labels == 0, 0.0, 3.12) + rng.uniform(0.0, 3.12, m) + noise * rng.standard_normal(m)
    r = 4.0 * np.sin(4.0 * t) + noise * rng.standard_normal(m)
    return np.column_stack([r * np.sin(t), r * np.cos(t)]), labels


def _blob_centers(classes: int) -> np.ndarray:
    """Centers on a circle of radius 5: with std 1 the blobs barely touch."""
    angles = 2 * np.pi * np.arange(classes) / classes
    return 5.0 * np.column_stack([np.cos(angles), np.sin(angles)])
