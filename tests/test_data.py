"""Data sets: engine layout, reproducible splits, balance, standardization, and one-line errors."""

from __future__ import annotations

import socket

import numpy as np
import pytest

from initlab.data import DATASETS, DIGITS_AVAILABLE, load_dataset
from initlab.errors import ConfigError, UnknownNameError

GENERATED = [name for name in DATASETS if name != "digits"]


@pytest.mark.parametrize("name", DATASETS)
def test_layout_samples_in_the_last_axis_and_targets_shaped_for_the_loss(name):
    ds = load_dataset(name, n_train=60, n_test=20)
    features = 64 if name == "digits" else 2
    assert ds.X_train.shape == (features, 60) and ds.X_test.shape == (features, 20)
    assert np.isfinite(ds.X_train).all() and np.isfinite(ds.X_test).all()
    if name == "digits":
        assert ds.classes == 10 and ds.loss == "softmax_ce" and ds.n_outputs == 10
        assert ds.Y_train.shape == (10, 60) and set(np.unique(ds.Y_train)) == {0.0, 1.0}
        assert (ds.Y_train.sum(axis=0) == 1).all() and (ds.Y_test.sum(axis=0) == 1).all()
        assert ds.X_train.min() >= 0 and ds.X_train.max() <= 1  # pixels 0…16 scaled by 1/16
    else:
        assert ds.classes == 2 and ds.loss == "bce" and ds.n_outputs == 1
        assert ds.Y_train.shape == (1, 60) and set(np.unique(ds.Y_train)) <= {0.0, 1.0}
    assert np.array_equal(ds.labels("train"), ds.Y_train.argmax(axis=0) if name == "digits" else ds.Y_train[0])
    assert ds.labels("test").shape == (20,)


@pytest.mark.parametrize("name", DATASETS)
def test_same_seed_same_split_other_seed_other_split(name):
    first, again, other = (load_dataset(name, 50, 30, seed=seed) for seed in (3, 3, 4))
    for attribute in ("X_train", "Y_train", "X_test", "Y_test"):
        assert np.array_equal(getattr(first, attribute), getattr(again, attribute))
    assert not np.array_equal(first.X_train, other.X_train)
    assert not np.array_equal(first.X_train[:, :30], first.X_test)  # test is a separate draw, not a copy


def test_digits_train_and_test_images_are_disjoint():
    ds = load_dataset("digits", n_train=1000, n_test=797)
    rows = {tuple(column) for column in ds.X_train.T}
    duplicates_in_sklearn = DIGITS_AVAILABLE - len({tuple(r) for r in np.concatenate([ds.X_train, ds.X_test], 1).T})
    assert sum(tuple(column) in rows for column in ds.X_test.T) <= duplicates_in_sklearn


@pytest.mark.parametrize("name", ["circles", "moons", "spiral", "flower"])
def test_two_class_sets_are_balanced(name):
    ds = load_dataset(name, n_train=300, n_test=100)
    assert ds.Y_train.mean() == 0.5 and ds.Y_test.mean() == 0.5
    assert ds.majority_rate("train") == ds.majority_rate("test") == 0.5


def test_blobs_are_balanced_across_classes_and_xor_roughly():
    blobs = load_dataset("blobs", n_train=300, n_test=90, classes=3)
    assert blobs.classes == 3 and blobs.Y_train.shape == (3, 300)
    assert np.bincount(blobs.labels("train")).tolist() == [100, 100, 100]
    assert np.bincount(blobs.labels("test")).tolist() == [30, 30, 30]
    xor = load_dataset("xor", n_train=1000, n_test=100)
    assert 0.45 < xor.Y_train.mean() < 0.55


def test_majority_rate_is_the_share_of_the_commonest_class():
    ds = load_dataset("digits", n_train=300, n_test=100)
    counts = np.bincount(ds.labels("test"), minlength=10)
    assert ds.majority_rate("test") == counts.max() / 100 > 0.1


def test_noise_option_changes_the_points():
    exact = load_dataset("circles", n_train=100, n_test=10, noise=0.0)
    radius = np.hypot(*exact.X_train)
    assert np.allclose(np.sort(np.unique(radius.round(9))), [0.8, 1.0])
    noisy = load_dataset("circles", n_train=100, n_test=10, noise=0.2)
    off_circle = np.minimum(abs(np.hypot(*noisy.X_train) - 0.8), abs(np.hypot(*noisy.X_train) - 1.0))
    assert noisy.config["noise"] == 0.2 and off_circle.mean() > 0.05
    assert load_dataset("circles").config["noise"] == 0.05  # the course exercise


@pytest.mark.parametrize("name", ["moons", "digits"])
def test_standardize_uses_training_statistics_only(name):
    raw = load_dataset(name, n_train=200, n_test=50)
    scaled = load_dataset(name, n_train=200, n_test=50, standardize=True)
    mean = raw.X_train.mean(axis=1, keepdims=True)
    std = raw.X_train.std(axis=1, keepdims=True)
    constant = std[:, 0] == 0  # digits' blank corner pixels
    std[constant] = 1.0
    assert np.allclose(scaled.X_test, (raw.X_test - mean) / std)
    assert np.allclose(scaled.X_train.mean(axis=1), 0, atol=1e-12)
    assert np.allclose(scaled.X_train.std(axis=1)[~constant], 1)
    assert not np.allclose(scaled.X_test.mean(axis=1), 0, atol=1e-3)  # test set: not its own statistics
    assert np.array_equal(scaled.Y_train, raw.Y_train)


def test_digits_ship_with_scikit_learn_no_network_needed(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("load_dataset tried to open a network connection")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    ds = load_dataset("digits", n_train=100, n_test=50)
    assert ds.X_train.shape == (64, 100)


def test_unknown_name_suggests_the_close_one():
    with pytest.raises(UnknownNameError, match=r"unknown data set 'circle'; did you mean 'circles'\?"):
        load_dataset("circle")
    with pytest.raises(UnknownNameError, match="known: blobs, circles, digits"):
        load_dataset("mnist")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_train": 1}, "n_train must be an integer >= 2, got 1"),
        ({"n_test": 0}, "n_test must be an integer >= 1, got 0"),
        ({"n_train": 10.5}, "n_train must be an integer"),
        ({"noise": -0.1}, "noise must be a finite number >= 0"),
        ({"noise": float("nan")}, "noise must be a finite number >= 0"),
        ({"seed": -1}, "seed must be a non-negative integer"),
        ({"classes": 3}, "classes can only be chosen for blobs"),
        ({"name": "blobs", "classes": 1}, "blobs needs classes >= 2"),
        ({"name": "digits", "n_train": 1500, "n_test": 400}, "digits has 1797 images; n_train + n_test = 1900"),
        ({"name": "digits", "noise": 0.1}, "noise applies to generated data sets only"),
    ],
)
def test_impossible_settings_raise_one_line_errors(kwargs, message):
    kwargs = {"name": "circles", **kwargs}
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace("+", r"\+")) as caught:
        load_dataset(**kwargs)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("name", GENERATED)
def test_generated_sets_have_their_default_noise_and_two_features(name):
    ds = load_dataset(name, n_train=20, n_test=10)
    assert ds.config["noise"] is not None and ds.n_features == 2
