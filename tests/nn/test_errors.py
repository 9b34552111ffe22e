"""Every bad input raises an InitlabError whose one-line message names the problem."""

from __future__ import annotations

import numpy as np
import pytest

from initlab.errors import InitlabError
from initlab.nn import Network, get_activation, get_loss, get_optimizer, train


@pytest.fixture
def net():
    return Network([3, 4, 1], "relu", "bce", seeds=2)


@pytest.fixture
def data(rng):
    return rng.standard_normal((3, 6)), rng.integers(0, 2, (1, 6)).astype(float)


@pytest.mark.parametrize(
    ("call", "pattern"),
    [
        (lambda: Network([3]), "layer_sizes"),
        (lambda: Network([3, 0, 1]), ">= 1"),
        (lambda: Network([3, 2.5, 1]), ">= 1"),
        (lambda: Network([3, 4, 1], seeds=0), "seeds"),
        (lambda: Network([3, 4, 1], seeds=[-1]), "non-negative"),
        (lambda: Network([3, 4, 1], dtype="float16"), "float32, float64"),
        (lambda: Network([3, 4, 1], backend="jax"), "unknown backend"),
        (lambda: get_activation("tanhh"), "did you mean 'tanh'"),
        (lambda: get_activation("leaky_relu(x)"), "slope"),
        (lambda: get_loss("bce_loss"), "did you mean 'bce'"),
        (lambda: get_optimizer("adamw"), "did you mean 'adam'"),
        (lambda: get_optimizer("sgd", lr=0), "learning rate"),
        (lambda: get_optimizer("sgd", lr=-1), "learning rate"),
    ],
)
def test_bad_configuration(call, pattern):
    with pytest.raises(InitlabError, match=pattern) as info:
        call()
    assert "\n" not in str(info.value)


def test_mismatched_shapes(net, data):
    X, Y = data
    with pytest.raises(InitlabError, match=r"X must be \(n_0, m\) = \(3, m\).*got \(4, 6\)"):
        net.forward(np.zeros((4, 6)))
    with pytest.raises(InitlabError, match=r"X must be"):
        net.forward(X.T)
    with pytest.raises(InitlabError, match=r"Y must be \(n_L, m\) = \(1, 6\).*got \(1, 5\)"):
        train(net, X, Y[:, :5], steps=1)


def test_nan_or_inf_in_data(net, data):
    X, Y = data
    X[0, 0] = np.nan
    with pytest.raises(InitlabError, match="NaN or inf"):
        train(net, X, Y, steps=1)
    X[0, 0] = 0.0
    Y[0, 0] = np.inf
    with pytest.raises(InitlabError, match="NaN or inf"):
        train(net, X, Y, steps=1)


def test_labels_outside_the_loss(rng, data):
    X, _ = data
    with pytest.raises(InitlabError, match=r"bce takes labels in \[0, 1\]"):
        train(Network([3, 4, 1], loss="bce"), X, np.full((1, 6), 2.0), steps=1)
    with pytest.raises(InitlabError, match="one-hot"):
        train(Network([3, 4, 3], loss="softmax_ce"), X, np.ones((3, 6)), steps=1)
    with pytest.raises(InitlabError, match=r"class labels must lie in 0…2"):
        train(Network([3, 4, 3], loss="softmax_ce"), X, np.array([0, 1, 2, 3, 0, 1]), steps=1)


def test_training_settings(net, data):
    X, Y = data
    with pytest.raises(InitlabError, match="learning rate"):
        train(net, X, Y, lr=0.0, steps=1)
    with pytest.raises(InitlabError, match="batch size must be an integer from 1 to m = 6, got 0"):
        train(net, X, Y, batch_size=0, steps=1)
    with pytest.raises(InitlabError, match="batch size must be an integer from 1 to m = 6, got 7"):
        train(net, X, Y, batch_size=7, steps=1)
    with pytest.raises(InitlabError, match="exactly one of steps and epochs"):
        train(net, X, Y)
    with pytest.raises(InitlabError, match="steps must be an integer >= 1"):
        train(net, X, Y, steps=0)


def test_batchnorm_on_one_sample_in_train_mode(rng):
    net = Network([3, 4, 1], batchnorm=True)
    with pytest.raises(InitlabError, match="at least 2 samples"):
        net.forward(rng.standard_normal((3, 1)))
    net.predict(rng.standard_normal((3, 1)))  # eval mode uses running statistics: fine
    with pytest.raises(InitlabError, match="batch of 1 sample"):
        train(net, rng.standard_normal((3, 6)), np.ones((1, 6)), batch_size=5, steps=1)


def test_setting_a_parameter_with_the_wrong_shape(net):
    with pytest.raises(InitlabError, match=r"W1 must have shape \(4, 3\)"):
        net.W1 = np.zeros((3, 4))
