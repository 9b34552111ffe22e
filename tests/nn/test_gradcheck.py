"""The hand-written backward pass agrees with central finite differences for every combination."""

from __future__ import annotations

import pytest

from initlab.nn import ACTIVATIONS, LOSSES, Network, check_architecture, gradient_check


@pytest.mark.parametrize("batchnorm", [False, True], ids=["plain", "bn"])
@pytest.mark.parametrize("loss", sorted(LOSSES))
@pytest.mark.parametrize("activation", [*sorted(ACTIVATIONS), "leaky_relu(0.2)"])
def test_every_activation_loss_and_bn_passes(activation, loss, batchnorm):
    result = check_architecture([3, 5, 4, 3], activation, loss, batchnorm, seed=1, samples=6)
    names = set(result.relative_errors)
    assert {"dW1", "dW2", "dW3", "db3"} <= names
    assert ({"dgamma1", "dbeta1"} <= names) == batchnorm
    assert result.max_relative_error < 1e-6, result.relative_errors


def test_a_wrong_gradient_is_caught(rng):
    """The check can fail: a backward pass that drops a factor is reported."""
    net = Network([3, 4, 1], "tanh", "bce", "glorot_normal", "normal(std=0.1)", seeds=[0])
    X = rng.standard_normal((3, 6))
    Y = rng.integers(0, 2, (1, 6)).astype(float)
    layer = net.layers[0]
    original = layer.backward

    def broken_backward(xp, dA=None, dZtilde=None, need_dA_prev=True):
        result = original(xp, dA, dZtilde, need_dA_prev)
        layer.dW = layer.dW * 1.01
        return result

    layer.backward = broken_backward
    result = gradient_check(net, X, Y)
    assert not result.passed
    assert result.relative_errors["dW1"] > 1e-3
    assert result.relative_errors["dW2"] < 1e-6


def test_gradcheck_leaves_running_statistics_alone(rng):
    net = Network([3, 4, 2], "relu", "mse", batchnorm=True, seeds=[0])
    before = net.running_mean1.copy(), net.running_var1.copy()
    gradient_check(net, rng.standard_normal((3, 5)), rng.standard_normal((2, 5)))
    assert (net.running_mean1 == before[0]).all()
    assert (net.running_var1 == before[1]).all()
