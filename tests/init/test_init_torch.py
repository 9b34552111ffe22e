"""PyTorch's ``torch.nn.init`` as an independent oracle: our theoretical std and bound describe its draws."""

from __future__ import annotations

import math

import numpy as np
import pytest

from initlab.init import calculate_gain, parse

torch = pytest.importorskip("torch")
init_ = torch.nn.init

SHAPES = [(400, 300), (300, 500)]  # torch layout (out, in), as ours


def _tensor(shape):
    return torch.empty(shape, dtype=torch.float64)


def _gen(seed=0):
    return torch.Generator().manual_seed(seed)


def _fans(shape):
    fan_in, fan_out = init_._calculate_fan_in_and_fan_out(_tensor(shape))
    return fan_in, fan_out


def _assert_std(w, std):
    """Empirical std within 5 standard errors (σ/√(2N) bounds it for kurtosis ≤ 3)."""
    w = w.numpy()
    assert abs(w.std() - std) <= 5 * std / math.sqrt(2 * w.size)
    assert abs(w.mean()) <= 5 * std / math.sqrt(w.size)


def _assert_bound(w, bound):
    top = np.abs(w.numpy()).max()
    assert top <= bound and top >= 0.995 * bound


@pytest.mark.parametrize("name", ["linear", "sigmoid", "tanh", "relu", "leaky_relu", "selu"])
@pytest.mark.parametrize("param", [None, 0.2])
def test_gains_equal_torch(name, param):
    assert calculate_gain(name, param) == pytest.approx(init_.calculate_gain(name, param), rel=1e-15)


@pytest.mark.parametrize("shape", SHAPES)
def test_fans_equal_torch(shape):
    from initlab.init import fans

    assert fans(shape) == _fans(shape)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("gain", [1.0, 5 / 3, math.sqrt(2)])
def test_xavier_uniform(shape, gain):
    fan_in, fan_out = _fans(shape)
    ours = parse(f"glorot_uniform(gain={gain!r})")
    assert ours.bound(fan_in, fan_out) == pytest.approx(gain * math.sqrt(6 / (fan_in + fan_out)), rel=1e-14)
    w = init_.xavier_uniform_(_tensor(shape), gain=gain, generator=_gen())
    _assert_bound(w, ours.bound(fan_in, fan_out))
    _assert_std(w, ours.std(fan_in, fan_out))


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("gain", ["1.0", "tanh", "relu"])
def test_xavier_normal(shape, gain):
    fan_in, fan_out = _fans(shape)
    ours = parse(f"xavier_normal(gain={gain})")
    torch_gain = 1.0 if gain == "1.0" else init_.calculate_gain(gain)
    assert ours.std(fan_in, fan_out) == pytest.approx(torch_gain * math.sqrt(2 / (fan_in + fan_out)), rel=1e-14)
    _assert_std(init_.xavier_normal_(_tensor(shape), gain=torch_gain, generator=_gen()), ours.std(fan_in, fan_out))


KAIMING = [
    (0.0, "relu"),
    (0.0, "leaky_relu"),
    (0.2, "leaky_relu"),
    (math.sqrt(5), "leaky_relu"),
    (0.0, "tanh"),
    (0.0, "linear"),
    (0.0, "selu"),
    (0.0, "sigmoid"),
]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("mode", ["fan_in", "fan_out"])
@pytest.mark.parametrize(("slope", "nonlinearity"), KAIMING)
def test_kaiming_normal(shape, mode, slope, nonlinearity):
    fan_in, fan_out = _fans(shape)
    ours = parse(f"kaiming_normal(slope={slope!r}, mode={mode}, nonlinearity={nonlinearity})")
    fan = fan_in if mode == "fan_in" else fan_out
    expected = init_.calculate_gain(nonlinearity, slope) / math.sqrt(fan)  # torch's own formula
    assert ours.std(fan_in, fan_out) == pytest.approx(expected, rel=1e-14)
    w = init_.kaiming_normal_(_tensor(shape), a=slope, mode=mode, nonlinearity=nonlinearity, generator=_gen())
    _assert_std(w, ours.std(fan_in, fan_out))


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("mode", ["fan_in", "fan_out"])
@pytest.mark.parametrize(("slope", "nonlinearity"), KAIMING)
def test_kaiming_uniform(shape, mode, slope, nonlinearity):
    fan_in, fan_out = _fans(shape)
    ours = parse(f"kaiming_uniform(slope={slope!r}, mode={mode}, nonlinearity={nonlinearity})")
    fan = fan_in if mode == "fan_in" else fan_out
    expected = init_.calculate_gain(nonlinearity, slope) * math.sqrt(3 / fan)
    assert ours.bound(fan_in, fan_out) == pytest.approx(expected, rel=1e-14)
    w = init_.kaiming_uniform_(_tensor(shape), a=slope, mode=mode, nonlinearity=nonlinearity, generator=_gen())
    _assert_bound(w, ours.bound(fan_in, fan_out))
    _assert_std(w, ours.std(fan_in, fan_out))


@pytest.mark.parametrize("shape", [*SHAPES, (50, 50)])
@pytest.mark.parametrize("gain", [1.0, 2.0])
def test_orthogonal(shape, gain):
    fan_in, fan_out = _fans(shape)
    w = init_.orthogonal_(_tensor(shape), gain=gain, generator=_gen()).numpy()
    # The entries' RMS is fixed exactly by orthogonality: ‖W‖² = gain²·min(shape).
    assert np.sqrt(np.mean(w**2)) == pytest.approx(parse(f"orthogonal(gain={gain})").std(fan_in, fan_out), rel=1e-10)
    ours = parse(f"orthogonal(gain={gain})").sample(shape, np.random.default_rng(0))
    gram = (lambda m: m @ m.T) if shape[0] <= shape[1] else (lambda m: m.T @ m)
    np.testing.assert_allclose(gram(ours), gram(w), atol=1e-10)  # both gain²·I


@pytest.mark.parametrize(("in_features", "out_features"), [(300, 400), (500, 300)])
def test_nn_linear_default(in_features, out_features):
    with torch.random.fork_rng():
        torch.manual_seed(0)
        layer = torch.nn.Linear(in_features, out_features, dtype=torch.float64)
    ours = parse("torch_default")
    weight, bias = layer.weight.detach(), layer.bias.detach()
    _assert_bound(weight, ours.bound(in_features, out_features))
    _assert_std(weight, ours.std(in_features, out_features))
    # The bias is (out,), drawn with its layer's fan_in, as the engine passes fan_in=n_in.
    top = bias.abs().max().item()
    assert top <= ours.bound(in_features, out_features) and top >= 0.95 * ours.bound(in_features, out_features)
    assert parse("standard").bound(in_features, out_features) == ours.bound(in_features, out_features)


@pytest.mark.parametrize("shape", SHAPES)
def test_trunc_normal(shape):
    mean, std, low, high = 0.1, 0.5, -1.0, 3.0  # ours in std units; torch's a, b absolute
    ours = parse(f"truncated_normal(mean={mean}, std={std}, low={low}, high={high})")
    w = init_.trunc_normal_(_tensor(shape), mean, std, mean + low * std, mean + high * std, generator=_gen()).numpy()
    assert mean + low * std <= w.min() and w.max() <= mean + high * std
    assert abs(w.mean() - ours.mean(1, 1)) <= 5 * ours.std(1, 1) / math.sqrt(w.size)
    assert abs(w.std() - ours.std(1, 1)) <= 5 * ours.std(1, 1) / math.sqrt(2 * w.size)


@pytest.mark.parametrize(
    ("spec", "fill"),
    [
        ("normal(mean=0.5, std=0.01)", lambda t: init_.normal_(t, 0.5, 0.01, generator=_gen())),
        ("uniform(low=-0.1, high=0.3)", lambda t: init_.uniform_(t, -0.1, 0.3, generator=_gen())),
    ],
)
def test_plain_laws(spec, fill):
    ours = parse(spec)
    w = fill(_tensor((400, 300))).numpy()
    assert abs(w.mean() - ours.mean(300, 400)) <= 5 * ours.std(300, 400) / math.sqrt(w.size)
    assert abs(w.std() - ours.std(300, 400)) <= 5 * ours.std(300, 400) / math.sqrt(2 * w.size)


@pytest.mark.parametrize("shape", [(3, 5), (5, 3), (4, 4)])
def test_constants_and_eye_equal_torch(shape):
    rng = np.random.default_rng(0)
    np.testing.assert_array_equal(parse("identity").sample(shape, rng), init_.eye_(_tensor(shape)).numpy())
    np.testing.assert_array_equal(parse("zeros").sample(shape, rng), init_.zeros_(_tensor(shape)).numpy())
    np.testing.assert_array_equal(parse("ones").sample(shape, rng), init_.ones_(_tensor(shape)).numpy())
    np.testing.assert_array_equal(
        parse("constant(0.3)").sample(shape, rng), init_.constant_(_tensor(shape), 0.3).numpy()
    )
