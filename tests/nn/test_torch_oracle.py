"""Losses, gradients, BN statistics and optimizer steps equal PyTorch's on random networks (float64)."""

from __future__ import annotations

import numpy as np
import pytest

from initlab.nn import Network, train

torch = pytest.importorskip("torch")
F = torch.nn.functional

TORCH_ACTIVATIONS = {
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
    "leaky_relu": lambda z: F.leaky_relu(z, 0.01),
    "leaky_relu(0.2)": lambda z: F.leaky_relu(z, 0.2),
    "linear": lambda z: z,
    "softsign": F.softsign,
    "elu": F.elu,
    "selu": torch.selu,
}


def torch_cost(net: Network, X: np.ndarray, Y: np.ndarray, params: dict | None = None):
    """Member 0 of ``net`` written with PyTorch ops (BN in train mode, its running stats copied first).

    Returns (cost, parameters as leaf tensors, running statistics as torch updated them).
    """
    if params is None:
        params = {name: torch.tensor(np.asarray(v[0]), requires_grad=True) for name, v in net.parameters().items()}
    stats = {}
    A = torch.tensor(X)
    g = TORCH_ACTIVATIONS[net.activation.spec]
    for layer in net.layers:
        l = layer.index
        Z = params[f"W{l}"] @ A
        if f"b{l}" in params:
            Z = Z + params[f"b{l}"]
        if layer.batchnorm is not None:
            mean = torch.tensor(layer.batchnorm.running_mean[0][:, 0])
            var = torch.tensor(layer.batchnorm.running_var[0][:, 0])
            gamma, beta = params[f"gamma{l}"][:, 0], params[f"beta{l}"][:, 0]
            Z = F.batch_norm(Z.T, mean, var, gamma, beta, training=True, momentum=0.1, eps=1e-5).T
            stats[l] = (mean, var)
        A = g(Z) if l < net.L else Z
    m = X.shape[1]
    target = torch.tensor(Y)
    if net.loss.name == "bce":
        cost = F.binary_cross_entropy_with_logits(A, target, reduction="sum") / m
    elif net.loss.name == "softmax_ce":
        cost = F.cross_entropy(A.T, target.T, reduction="sum") / m
    else:
        cost = ((A - target) ** 2).sum() / (2 * m)
    return cost, params, stats


@pytest.mark.parametrize("batchnorm", [False, True], ids=["plain", "bn"])
@pytest.mark.parametrize("loss", ["bce", "softmax_ce", "mse"])
@pytest.mark.parametrize("activation", list(TORCH_ACTIVATIONS))
def test_loss_and_gradients_equal_autograd(activation, loss, batchnorm, rng, random_targets):
    net = Network([4, 6, 5, 3], activation, loss, "glorot_normal", "normal(std=0.3)", batchnorm, seeds=[7])
    X = rng.standard_normal((4, 9))
    Y = random_targets(rng, loss, 3, 9)
    cost, params, stats = torch_cost(net, X, Y)  # before our forward pass moves the running statistics
    cost.backward()
    net.forward(X)
    ours = float(net.cost(Y)[0])
    net.backward(Y)
    assert abs(ours - cost.item()) <= 1e-10
    for name, param in params.items():
        np.testing.assert_allclose(getattr(net, "d" + name)[0], param.grad.numpy(), rtol=0, atol=1e-10, err_msg=name)
    for l, (mean, var) in stats.items():  # torch updated its running stats in place; ours did in forward
        np.testing.assert_allclose(net.layers[l - 1].batchnorm.running_mean[0][:, 0], mean.numpy(), atol=1e-12)
        np.testing.assert_allclose(net.layers[l - 1].batchnorm.running_var[0][:, 0], var.numpy(), atol=1e-12)


def test_binary_cross_entropy_is_stable_for_huge_logits():
    """Finite loss and gradients for |z| up to 1e4, equal to torch's, with no overflow warning."""
    net = Network([1, 1], loss="bce", weight_init="ones", bias_init="zeros")
    X = np.array([[1e4, -1e4, 1e4, -1e4, 30.0]])
    Y = np.array([[0.0, 1.0, 1.0, 0.0, 1.0]])
    cost, params, _ = torch_cost(net, X, Y)
    cost.backward()
    net.forward(X)
    ours = float(net.cost(Y)[0])
    net.backward(Y)
    assert np.isfinite(ours) and abs(ours - cost.item()) <= 1e-10 * abs(cost.item())
    assert np.all(np.isfinite(net.dW1)) and np.all(np.isfinite(net.db1))
    np.testing.assert_allclose(net.dW1[0], params["W1"].grad.numpy(), rtol=1e-12)


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("sgd", lambda p: torch.optim.SGD(p, lr=0.05)),
        ("momentum", lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9)),
        ("adagrad", lambda p: torch.optim.Adagrad(p, lr=0.05)),
        ("rmsprop", lambda p: torch.optim.RMSprop(p, lr=0.05)),
        ("adam", lambda p: torch.optim.Adam(p, lr=0.05)),
    ],
)
def test_optimizers_follow_torch_optim(name, make, rng):
    net = Network([3, 5, 1], "tanh", "bce", "glorot_normal", "normal(std=0.1)", seeds=[1])
    X = rng.standard_normal((3, 16))
    Y = rng.integers(0, 2, (1, 16)).astype(float)
    _, params, _ = torch_cost(net, X, Y)
    optimizer = make(list(params.values()))
    for _ in range(5):
        optimizer.zero_grad()
        cost, _, _ = torch_cost(net, X, Y, params)
        cost.backward()
        optimizer.step()
    train(net, X, Y, name, lr=0.05, steps=5)
    for key, param in params.items():
        np.testing.assert_allclose(net.parameters()[key][0], param.detach().numpy(), rtol=1e-10, atol=1e-12)


def test_batchnorm_eval_mode_uses_running_statistics(rng):
    net = Network([3, 4, 1], "relu", "bce", "glorot_normal", batchnorm=True, seeds=[0])
    X = rng.standard_normal((3, 10)) * 3 + 1
    Y = rng.integers(0, 2, (1, 10)).astype(float)
    train(net, X, Y, "sgd", lr=0.1, steps=20)
    mean, var = np.asarray(net.running_mean1), np.asarray(net.running_var1)
    assert not np.allclose(mean, 0) and not np.allclose(var, 1)
    probe = rng.standard_normal((3, 2))
    net.predict(probe)
    Z = np.asarray(net.W1) @ probe
    expected = np.asarray(net.gamma1) * (Z - mean) / np.sqrt(var + 1e-5) + np.asarray(net.beta1)
    np.testing.assert_allclose(net.Ztilde1, expected, rtol=1e-12)
    # train mode on the same two samples normalizes with their own statistics instead
    net.forward(probe)
    assert not np.allclose(net.Ztilde1, expected)
