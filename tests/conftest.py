"""Shared fixtures: small, seeded data in the engine's layout (X is (n_features, m))."""

from __future__ import annotations

import numpy as np
import pytest


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(12345)


@pytest.fixture
def random_targets():
    """``random_targets(rng, loss, n_out, m)``: 0/1 labels for bce, one-hot columns for softmax_ce, reals for mse."""

    def make(rng: np.random.Generator, loss: str, n_out: int, m: int) -> np.ndarray:
        if loss == "bce":
            return rng.integers(0, 2, (n_out, m)).astype(float)
        if loss == "softmax_ce":
            return np.eye(n_out)[:, rng.integers(0, n_out, m)]
        return rng.standard_normal((n_out, m))

    return make


@pytest.fixture
def assert_user_error(capsys):
    """``assert_user_error([...argv], message)``: initlab exits 2 with one ``error: …`` line holding ``message``.

    Nothing on stdout and no traceback: how every command must answer a mistake in its input.
    """

    def check(argv: list[str], message: str) -> None:
        from initlab.cli import main

        status = main(argv)
        captured = capsys.readouterr()
        assert status == 2, captured
        assert captured.err.startswith("error: ") and message in captured.err, captured.err
        assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
        assert captured.out == ""

    return check
