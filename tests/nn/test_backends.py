"""The NumPy and PyTorch backends compute the same numbers from the same draws."""

from __future__ import annotations

import numpy as np
import pytest

from initlab.backend import to_numpy
from initlab.nn import Network, train

torch = pytest.importorskip("torch")


@pytest.mark.parametrize("batchnorm", [False, True])
@pytest.mark.parametrize(("activation", "loss"), [("tanh", "bce"), ("relu", "softmax_ce"), ("elu", "mse")])
def test_numpy_and_torch_agree(activation, loss, batchnorm, rng, random_targets):
    X = rng.standard_normal((4, 20))
    Y = random_targets(rng, loss, 3, 20)
    results = {}
    for backend in ("numpy", "torch"):
        net = Network([4, 6, 3], activation, loss, "he_normal", "normal(std=0.1)", batchnorm, seeds=3,
                      backend=backend, device="cpu")
        history = train(net, X, Y, "adam", lr=0.01, steps=15, batch_size=10)
        results[backend] = (history, {k: to_numpy(v) for k, v in net.parameters().items()})
    (h_np, p_np), (h_t, p_t) = results["numpy"], results["torch"]
    np.testing.assert_allclose(h_np.loss, h_t.loss, rtol=0, atol=1e-10)
    for name in p_np:
        np.testing.assert_allclose(p_np[name], p_t[name], rtol=0, atol=1e-10, err_msg=name)


def test_torch_arrays_are_tensors():
    net = Network([2, 3, 1], backend="torch", device="cpu")
    assert isinstance(net.W1, torch.Tensor) and net.W1.dtype == torch.float64
