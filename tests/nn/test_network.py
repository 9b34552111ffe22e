"""The articles' notation: shapes, names, settable parameters, the formulas themselves."""

from __future__ import annotations

import numpy as np
import pytest

from initlab.nn import Network


def test_shapes_follow_the_articles(rng):
    net = Network([3, 4, 2], "sigmoid", "bce", "normal(std=0.5)", "normal(std=0.5)", seeds=5)
    X = rng.standard_normal((3, 7))
    Y = rng.integers(0, 2, (2, 7)).astype(float)
    net.forward(X)
    net.backward(Y)
    assert net.W1.shape == (5, 4, 3) and net.b1.shape == (5, 4, 1)
    assert net.W2.shape == (5, 2, 4) and net.b2.shape == (5, 2, 1)
    assert net.Z1.shape == net.A1.shape == net.dZ1.shape == net.dA1.shape == (5, 4, 7)
    assert net.A2.shape == net.dZ2.shape == (5, 2, 7)
    assert net.dW1.shape == net.W1.shape and net.db2.shape == net.b2.shape
    assert net.A0.shape == (3, 7)


def test_the_formulas_hold(rng):
    """Z = W A + b, A = g(Z), dZ[L] = A[L] − Y, dW = 1/m dZ Aᵀ, db = 1/m Σ dZ, dA = Wᵀ dZ, dZ = dA·g'(Z)."""
    net = Network([3, 4, 2], "sigmoid", "bce", "normal(std=0.5)", "normal(std=0.5)")
    X = rng.standard_normal((3, 5))
    Y = rng.integers(0, 2, (2, 5)).astype(float)
    net.forward(X)
    net.backward(Y)
    W1, b1, W2, b2 = (np.asarray(a[0]) for a in (net.W1, net.b1, net.W2, net.b2))
    Z1 = W1 @ X + b1
    A1 = 1 / (1 + np.exp(-Z1))
    A2 = 1 / (1 + np.exp(-(W2 @ A1 + b2)))
    dZ2 = A2 - Y
    dA1 = W2.T @ dZ2
    dZ1 = dA1 * A1 * (1 - A1)
    for ours, theirs in [
        (net.Z1, Z1), (net.A1, A1), (net.A2, A2), (net.dZ2, dZ2), (net.dW2, dZ2 @ A1.T / 5),
        (net.db2, dZ2.sum(axis=1, keepdims=True) / 5), (net.dA1, dA1), (net.dZ1, dZ1), (net.dW1, dZ1 @ X.T / 5),
    ]:
        np.testing.assert_allclose(ours[0], theirs, rtol=1e-12, atol=1e-15)


def test_parameters_can_be_set_for_every_member_or_per_member():
    net = Network([3, 4, 2], seeds=2)
    net.W1 = np.arange(12.0).reshape(4, 3)
    assert np.array_equal(net.W1[1], np.arange(12.0).reshape(4, 3))
    net.b2 = [1.0, 2.0]
    assert net.b2.shape == (2, 2, 1) and net.b2[0, 1, 0] == 2.0
    net.W2 = np.stack([np.zeros((2, 4)), np.ones((2, 4))])
    assert net.W2[0].sum() == 0 and net.W2[1].sum() == 8


def test_batchnorm_layers_have_gamma_beta_and_no_bias():
    net = Network([3, 4, 4, 1], "relu", batchnorm=True)
    assert list(net.parameters()) == ["W1", "gamma1", "beta1", "W2", "gamma2", "beta2", "W3", "b3"]
    with pytest.raises(AttributeError, match="no bias"):
        _ = net.b1
    assert net.running_var1.shape == (1, 4, 1)


def test_unknown_attribute_is_an_attribute_error():
    net = Network([3, 4, 2])
    with pytest.raises(AttributeError):
        _ = net.W3
    with pytest.raises(AttributeError):
        _ = net.something


def test_network_without_loss_backpropagates_a_given_gradient(rng):
    net = Network([5, 5, 5], "tanh", loss=None, weight_init="glorot_normal")
    X = rng.standard_normal((5, 10))
    A2 = net.forward(X)
    assert np.allclose(A2, np.tanh(net.Z2))  # the last layer uses the hidden activation
    net.backward(dA=np.ones((1, 5, 10)))
    assert net.dW1.shape == (1, 5, 5)
