"""The probe: per-layer statistics of a network's last pass, on fixed bins."""

from __future__ import annotations

import json

import numpy as np
import pytest

from initlab.errors import ConfigError
from initlab.nn import Network
from initlab.probe import LOG_EDGES, PERCENTILES, activation_edges, probe, statistics


def test_statistics_of_known_values(rng):
    x = rng.standard_normal((3, 40, 50))
    x[0, 0, :7] = 0.0
    stats = statistics(x, LOG_EDGES, "log10_abs")
    flat = x.ravel()
    assert stats.count == flat.size and stats.nonfinite == 0
    assert stats.mean == pytest.approx(flat.mean()) and stats.std == pytest.approx(flat.std())
    assert stats.mean_square == pytest.approx(np.mean(flat**2))
    assert [stats.percentiles[f"p{p}"] for p in PERCENTILES] == pytest.approx(np.percentile(flat, PERCENTILES))
    assert stats.zero_fraction == pytest.approx(7 / flat.size)
    histogram = stats.histogram
    assert histogram.zeros == 7 and histogram.total == flat.size
    assert len(histogram.counts) == len(LOG_EDGES) - 1
    # log10|x| puts each value in the bin of its magnitude
    assert sum(histogram.counts) + histogram.below + histogram.above == flat.size - 7
    assert stats.saturated_fraction is None


def test_linear_bins_count_what_falls_outside():
    a = np.array([-3.0, -0.5, 0.0, 0.5, 0.995, 2.0, np.nan])
    stats = statistics(a, activation_edges("tanh"), "linear", "tanh")
    assert stats.nonfinite == 1 and stats.count == 6
    assert stats.histogram.below == 1 and stats.histogram.above == 1
    assert sum(stats.histogram.counts) == 4
    assert stats.saturated_fraction == pytest.approx(3 / 6)  # -3, 0.995, 2


def test_sigmoid_saturation_counts_both_ends():
    a = np.array([0.001, 0.5, 0.999, 0.3])
    assert statistics(a, activation_edges("sigmoid"), "linear", "sigmoid").saturated_fraction == 0.5


def test_histogram_size_does_not_grow_with_samples(rng):
    small = statistics(rng.standard_normal(10), LOG_EDGES, "log10_abs")
    large = statistics(rng.standard_normal(100_000), LOG_EDGES, "log10_abs")
    assert len(small.histogram.counts) == len(large.histogram.counts) == len(LOG_EDGES) - 1


def test_probe_of_a_stack_without_loss(rng):
    net = Network([5, 6, 6], "relu", loss=None, weight_init="he_normal", seeds=3)
    X = rng.standard_normal((5, 30))
    net.forward(X)
    net.backward(dA=rng.standard_normal((3, 6, 30)))
    result = probe(net)
    assert [layer.layer for layer in result.layers] == [1, 2]
    assert result.members == 3 and result.samples == 30 and result.activation == "relu"
    first = result.layers[0]
    assert first.A.count == 3 * 6 * 30 and first.dW.count == 3 * 6 * 5
    assert first.A.std == pytest.approx(np.std(net.A1)) and first.dA.std == pytest.approx(np.std(net.dA1))
    assert first.Z.mean_square == pytest.approx(np.mean(net.Z1**2))
    assert first.A.zero_fraction == pytest.approx(np.mean(net.A1 == 0))
    assert first.A.histogram.edges[0] == 0.0  # relu's fixed range starts at 0
    json.dumps(result.to_dict(), allow_nan=False)


def test_probe_finds_dead_units(rng):
    net = Network([2, 4, 1], "relu", loss=None, seeds=1)
    net.W1 = np.array([[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-2.0, -0.5]])
    net.forward(np.abs(rng.standard_normal((2, 20))) + 0.1)  # positive inputs: rows 2 and 4 never fire
    assert probe(net).layers[0].dead_units == 0.5


def test_probe_of_a_network_with_a_loss_and_forward_only(rng):
    net = Network([3, 4, 2], "tanh", loss="bce", seeds=2)
    X, Y = rng.standard_normal((3, 8)), rng.integers(0, 2, (2, 8)).astype(float)
    net.forward(X)
    before = probe(net)
    assert before.layers[0].dA is None and before.layers[1].dW is None
    net.backward(Y)
    after = probe(net)
    output = after.layers[1]
    assert output.dA is None and output.dZ is not None and output.dW is not None  # dZ[L] = A[L] − Y directly
    assert output.A.histogram.edges[-1] == 1.0 and output.A.saturated_fraction is not None  # sigmoid outputs
    assert after.layers[0].A.saturated_fraction is not None  # tanh hidden units


def test_probe_with_batchnorm_reads_the_linear_part(rng):
    net = Network([4, 5, 5], "tanh", loss=None, batchnorm=True, weight_init="normal(std=3)", seeds=1)
    net.forward(rng.standard_normal((4, 16)))
    layer = probe(net).layers[0]
    assert layer.Z.mean_square == pytest.approx(np.mean(net.Z1**2))  # Z before BN, not Ztilde
    assert layer.A.std == pytest.approx(np.std(net.A1))


def test_probe_needs_a_forward_pass():
    with pytest.raises(ConfigError, match="forward pass"):
        probe(Network([2, 3], "tanh", loss=None))
