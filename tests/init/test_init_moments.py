"""Draws match their formulas: mean, std, bounds, orthogonality, and population members equal solo draws."""

from __future__ import annotations

import math

import numpy as np
import pytest

from initlab.init import SCHEMES, parse, truncated_moments

FAN_PAIRS = [(100, 100), (300, 50), (20, 500), (7, 3)]
ENTRIES = 100_000


def _draw(init, fan_in: int, fan_out: int, seed: int = 0) -> np.ndarray:
    """At least ENTRIES entries: whole (fan_out, fan_in) matrices, since orthogonal depends on the shape."""
    repeats = math.ceil(ENTRIES / (fan_in * fan_out))
    return init.sample((repeats, fan_out, fan_in), np.random.default_rng(seed))


def test_every_scheme_has_a_spec_under_test(all_specs):
    assert {parse(s).name for s in all_specs} == {cls.name for cls in SCHEMES}


@pytest.mark.parametrize(("fan_in", "fan_out"), FAN_PAIRS)
def test_sample_mean_and_std_match_the_formula(spec, fan_in, fan_out):
    init = parse(spec)
    w = _draw(init, fan_in, fan_out, seed=fan_in)
    mean, std = init.mean(fan_in, fan_out), init.std(fan_in, fan_out)
    if not init.random:
        assert w.mean() == pytest.approx(mean, abs=1e-12)
        assert w.std() == pytest.approx(std, abs=1e-12)
        return
    # 5 standard errors: of the mean σ/√N, of the std σ·√((κ−1)/4N) ≤ σ/√(2N) for kurtosis κ ≤ 3.
    n = w.size
    assert abs(w.mean() - mean) <= 5 * std / math.sqrt(n)
    assert abs(w.std() - std) <= 5 * std / math.sqrt(2 * n)


@pytest.mark.parametrize(
    "spec",
    [
        "uniform(limit=0.2)",
        "standard",
        "torch_default",
        "glorot_uniform",
        "glorot_uniform(gain=tanh)",
        "he_uniform",
        "he_uniform(slope=0.2, mode=fan_out)",
        "lecun_uniform",
        "variance_scaling(scale=3, mode=fan_avg, distribution=uniform)",
    ],
)
@pytest.mark.parametrize(("fan_in", "fan_out"), FAN_PAIRS)
def test_uniform_samples_fill_their_bound(spec, fan_in, fan_out):
    init = parse(spec)
    bound = init.bound(fan_in, fan_out)
    w = _draw(init, fan_in, fan_out, seed=1)
    assert np.abs(w).max() <= bound
    assert w.max() >= bound * (1 - 1e-3) and w.min() <= -bound * (1 - 1e-3)
    assert init.std(fan_in, fan_out) == pytest.approx(bound / math.sqrt(3), rel=1e-12)


def test_asymmetric_uniform_stays_in_low_high():
    init = parse("uniform(low=-0.1, high=0.3)")
    w = _draw(init, 10, 10)
    assert -0.1 <= w.min() <= -0.1 + 1e-4 and 0.3 - 1e-4 <= w.max() <= 0.3
    assert init.bound(10, 10) == 0.3


@pytest.mark.parametrize(
    ("spec", "low", "high"),
    [
        ("truncated_normal(std=0.05)", -0.1, 0.1),
        ("truncated_normal(mean=0.1, std=0.5, low=-1, high=3)", 0.1 - 0.5, 0.1 + 1.5),
        ("truncated_normal(std=2, corrected=True)", -4 / 0.87962566103423978, 4 / 0.87962566103423978),
    ],
)
def test_truncated_samples_stay_in_their_bounds(spec, low, high):
    init = parse(spec)
    w = _draw(init, 50, 50)
    assert low <= w.min() and w.max() <= high
    assert w.min() <= low + 0.01 * (high - low) and w.max() >= high - 0.01 * (high - low)
    assert init.bound(50, 50) == pytest.approx(max(abs(low), abs(high)), rel=1e-12)


@pytest.mark.parametrize(("fan_in", "fan_out"), FAN_PAIRS)
def test_variance_scaling_truncated_is_keras(fan_in, fan_out):
    """Keras: stddev = √(scale/fan)/0.87962566103423978, truncated at ±2·stddev, so the entries' std is √(scale/fan)."""
    init = parse("variance_scaling(scale=2, mode=fan_out)")
    sigma = math.sqrt(2 / fan_out)
    assert init.std(fan_in, fan_out) == pytest.approx(sigma, rel=1e-12)
    assert init.bound(fan_in, fan_out) == pytest.approx(2 * sigma / 0.87962566103423978, rel=1e-12)
    w = _draw(init, fan_in, fan_out)
    assert np.abs(w).max() <= init.bound(fan_in, fan_out)


def test_truncated_moments_give_keras_constant_and_match_scipy():
    from scipy.stats import truncnorm

    assert truncated_moments(-2.0, 2.0)[1] == pytest.approx(0.87962566103423978, abs=1e-15)
    for low, high in [(-1.0, 3.0), (-0.5, 0.5), (0.5, 2.5), (-3.0, -1.0)]:
        mean, std, mass = truncated_moments(low, high)
        assert mean == pytest.approx(truncnorm.mean(low, high), abs=1e-12)
        assert std == pytest.approx(truncnorm.std(low, high), abs=1e-12)
        assert mass == pytest.approx(truncnorm.cdf(high, -40, 40) - truncnorm.cdf(low, -40, 40), abs=1e-12)


def test_formula_values_by_hand():
    fan_in, fan_out = 300, 50
    assert parse("glorot_normal").std(fan_in, fan_out) == pytest.approx(math.sqrt(2 / 350))
    assert parse("glorot_uniform").bound(fan_in, fan_out) == pytest.approx(math.sqrt(6 / 350))
    assert parse("glorot_uniform(gain=tanh)").bound(fan_in, fan_out) == pytest.approx(5 / 3 * math.sqrt(6 / 350))
    assert parse("he_normal").std(fan_in, fan_out) == pytest.approx(math.sqrt(2 / 300))
    assert parse("he_normal(mode=fan_out)").std(fan_in, fan_out) == pytest.approx(math.sqrt(2 / 50))
    assert parse("he_normal(slope=0.2)").std(fan_in, fan_out) == pytest.approx(math.sqrt(2 / 1.04 / 300))
    assert parse("he_uniform(nonlinearity=relu, slope=0.5)").bound(fan_in, fan_out) == pytest.approx(
        math.sqrt(2) * math.sqrt(3 / 300)
    )
    assert parse("lecun_normal").std(fan_in, fan_out) == pytest.approx(1 / math.sqrt(300))
    assert parse("standard").bound(fan_in, fan_out) == pytest.approx(1 / math.sqrt(300))
    assert parse("torch_default").bound(fan_in, fan_out) == pytest.approx(
        math.sqrt(2 / (1 + 5)) * math.sqrt(3 / 300)  # kaiming_uniform with a = √5
    )
    assert parse("orthogonal(gain=2)").std(fan_in, fan_out) == pytest.approx(2 / math.sqrt(300))
    assert parse("normal(mean=0.5, std=0.01)").mean(fan_in, fan_out) == 0.5
    assert parse("zeros").bound(3, 4) is None and parse("normal").bound(3, 4) is None


@pytest.mark.parametrize("shape", [(5, 5), (3, 7), (7, 3), (1, 4), (4, 1), (30, 200)])
@pytest.mark.parametrize("gain", ["1.0", "2.5", "relu"])
def test_orthogonal_rows_or_columns_are_orthonormal(shape, gain):
    init = parse(f"orthogonal(gain={gain})")
    g = {"1.0": 1.0, "2.5": 2.5, "relu": math.sqrt(2)}[gain]
    w = init.sample(shape, np.random.default_rng(3))
    gram = w @ w.T if shape[0] <= shape[1] else w.T @ w
    np.testing.assert_allclose(gram, g**2 * np.eye(min(shape)), rtol=0, atol=1e-10)
    assert np.sqrt(np.mean(w**2)) == pytest.approx(init.std(shape[1], shape[0]), rel=1e-10)


def test_orthogonal_population_members_are_each_orthogonal():
    w = parse("orthogonal").sample((4, 3, 6), [np.random.default_rng(p) for p in range(4)])
    for member in w:
        np.testing.assert_allclose(member @ member.T, np.eye(3), atol=1e-10)
    assert not np.allclose(w[0], w[1])


def test_orthogonal_sign_correction_makes_the_first_entry_symmetric():
    """Without multiplying by sign(diag R), Householder QR makes W[0, 0] ≤ 0 in every draw."""
    rng = np.random.default_rng(7)
    first = np.array([parse("orthogonal").sample((4, 4), rng)[0, 0] for _ in range(400)])
    assert 0.4 < np.mean(first > 0) < 0.6


@pytest.mark.parametrize("shape", [(3, 5), (5, 3), (4, 4)])
def test_identity_is_a_scaled_eye(shape):
    init = parse("identity(gain=2)")
    w = init.sample(shape, np.random.default_rng(0))
    np.testing.assert_array_equal(w, 2 * np.eye(*shape))
    assert w.mean() == pytest.approx(init.mean(shape[1], shape[0]))
    assert w.std() == pytest.approx(init.std(shape[1], shape[0]))


@pytest.mark.parametrize("spec", ["zeros", "ones", "constant(0.25)", "identity"])
def test_constants_draw_nothing_from_the_generator(spec):
    rng = np.random.default_rng(0)
    before = rng.bit_generator.state
    w = parse(spec).sample((2, 3, 4), rng)
    assert rng.bit_generator.state == before
    assert w.dtype == np.float64 and w.shape == (2, 3, 4)


def test_population_member_p_is_the_solo_draw_with_seed_p(spec):
    init = parse(spec)
    seeds = [0, 1, 2, 17]
    weights = init.sample((len(seeds), 4, 6), [np.random.default_rng(s) for s in seeds])
    biases = init.sample((len(seeds), 4, 1), [np.random.default_rng(s) for s in seeds], fan_in=6, fan_out=4)
    assert weights.dtype == np.float64 and weights.shape == (4, 4, 6)
    for p, seed in enumerate(seeds):
        np.testing.assert_array_equal(weights[p], init.sample((4, 6), np.random.default_rng(seed)))
        np.testing.assert_array_equal(biases[p], init.sample((4, 1), np.random.default_rng(seed), fan_in=6, fan_out=4))
    if init.random:
        assert not np.array_equal(weights[0], weights[1])


def test_one_generator_draws_the_members_one_after_another(spec):
    init = parse(spec)
    together = init.sample((3, 4, 6), np.random.default_rng(5))
    rng = np.random.default_rng(5)
    one_by_one = np.stack([init.sample((4, 6), rng) for _ in range(3)])
    np.testing.assert_array_equal(together, one_by_one)


def test_engine_layer_then_bias_order_is_reproducible():
    """W then b from the same per-member generators, as the engine draws them, gives the same numbers twice."""

    def draw():
        rngs = [np.random.default_rng(s) for s in range(3)]
        w = parse("he_normal").sample((3, 5, 4), rngs)
        b = parse("torch_default").sample((3, 5, 1), rngs, fan_in=4, fan_out=5)
        return w, b

    (w1, b1), (w2, b2) = draw(), draw()
    np.testing.assert_array_equal(w1, w2)
    np.testing.assert_array_equal(b1, b2)


def test_torch_default_bias_uses_the_layer_fan_in():
    init = parse("torch_default")
    b = init.sample((20, 50, 1), [np.random.default_rng(s) for s in range(20)], fan_in=400, fan_out=50)
    assert np.abs(b).max() <= 1 / math.sqrt(400)
    assert np.abs(b).max() >= 0.99 / math.sqrt(400)


def test_one_dimensional_shape_has_equal_fans():
    init = parse("lecun_uniform")
    w = init.sample((50_000,), np.random.default_rng(0))
    assert np.abs(w).max() <= math.sqrt(3 / 50_000)
