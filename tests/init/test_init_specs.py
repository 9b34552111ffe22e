"""Specs and configs round-trip; aliases, gains and fans; every bad input is a one-line InitlabError."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from initlab.errors import ConfigError, InitlabError, ShapeError, SpecError, UnknownNameError
from initlab.init import (
    GlorotUniform,
    Initializer,
    Normal,
    Uniform,
    calculate_gain,
    catalog,
    fans,
    parse,
    parse_config,
)


def test_spec_round_trips(spec):
    init = parse(spec)
    again = parse(init.spec)
    assert again == init and hash(again) == hash(init)
    assert again.spec == init.spec
    assert parse(str(init)) == init


def test_config_round_trips_through_json(spec):
    init = parse(spec)
    config = json.loads(json.dumps(init.config()))
    assert config["name"] == init.name
    assert Initializer.from_config(config) == init
    assert parse_config(config) == init
    assert GlorotUniform.from_config(config) == init  # the name decides, not the class it is called on


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("he_normal", "he_normal"),
        ("normal(std=0.01)", "normal(std=0.01)"),
        ("normal(0, 0.01)", "normal(std=0.01)"),
        ("normal(mean=0.0, std=1.0)", "normal"),
        ("uniform(limit=0.05)", "uniform"),
        ("uniform(limit=0.1)", "uniform(limit=0.1)"),
        ("uniform(0.1)", "uniform(limit=0.1)"),
        ("uniform(-0.1, 0.1)", "uniform(limit=0.1)"),
        ("uniform(low=-0.1, high=0.3)", "uniform(low=-0.1, high=0.3)"),
        ("constant(0.1)", "constant(value=0.1)"),
        ("orthogonal(gain=1.0)", "orthogonal"),
        ("orthogonal(gain=linear)", "orthogonal(gain=linear)"),
        (
            "variance_scaling(scale=2, mode=fan_in, distribution=uniform)",
            "variance_scaling(scale=2.0, distribution=uniform)",
        ),
        ("variance_scaling(distribution=untruncated_normal)", "variance_scaling(distribution=normal)"),
        ("xavier_uniform", "glorot_uniform"),
        ("xavier_normal(gain=tanh)", "glorot_normal(gain=tanh)"),
        ("glorot_uniform(gain=leaky_relu(1))", "glorot_uniform(gain=leaky_relu(1.0))"),
        ("kaiming_normal(mode=fan_out)", "he_normal(mode=fan_out)"),
        ("kaiming_uniform(0.2)", "he_uniform(slope=0.2)"),
        ('he_normal(mode="fan_out")', "he_normal(mode=fan_out)"),
        ("He_Normal", "he_normal"),
        ("  truncated_normal(std=0.05, corrected=true) ", "truncated_normal(std=0.05, corrected=True)"),
        ("random_normal(std=0.05)", "normal(std=0.05)"),
        ("eye", "identity"),
        ("constant(-1e-05)", "constant(value=-1e-05)"),
    ],
)
def test_canonical_specs(text, canonical):
    init = parse(text)
    assert init.spec == canonical
    assert parse(canonical) == init


def test_names_aliases_and_equality():
    assert parse("xavier_uniform").name == "glorot_uniform"
    assert parse("kaiming_uniform") == parse("he_uniform")
    assert len({parse("glorot_uniform"), parse("xavier_uniform"), parse("glorot_uniform(gain=1)")}) == 1
    assert parse("standard") != parse("torch_default")  # same law, different schemes
    assert parse("he_normal") != parse("he_uniform")
    assert parse("glorot_uniform(gain=linear)") != parse("glorot_uniform")  # a gain by name stays a name
    assert Normal(0, 0.01) == parse("normal(std=0.01)") and Uniform(-0.2, 0.2) == parse("uniform(limit=0.2)")
    init = parse("he_normal")
    assert parse(init) is init


def test_random_flag():
    assert [parse(s).random for s in ("zeros", "ones", "constant(2)", "identity")] == [False] * 4
    assert all(parse(s).random for s in ("normal", "orthogonal", "standard", "variance_scaling"))


def test_catalog_describes_every_scheme():
    schemes = catalog()
    names = [s.name for s in schemes]
    assert len(names) == len(set(names)) >= 17
    for scheme in schemes:
        assert parse(scheme.name).name == scheme.name
        for alias in scheme.aliases:
            assert parse(alias).name == scheme.name
        assert scheme.formula and scheme.torch and scheme.keras and scheme.source
        assert json.loads(json.dumps(scheme.as_dict()))["name"] == scheme.name
    by_name = {s.name: s for s in schemes}
    assert "misprint" in by_name["glorot_uniform"].formula
    assert "truncated" in by_name["he_normal"].keras
    assert dict(by_name["variance_scaling"].defaults) == {
        "scale": 1.0,
        "mode": "fan_in",
        "distribution": "truncated_normal",
    }


@pytest.mark.parametrize(
    ("name", "param", "gain"),
    [
        ("linear", None, 1.0),
        ("sigmoid", None, 1.0),
        ("tanh", None, 5 / 3),
        ("relu", None, math.sqrt(2)),
        ("leaky_relu", None, math.sqrt(2 / (1 + 0.01**2))),
        ("leaky_relu", 0.2, math.sqrt(2 / 1.04)),
        ("selu", None, 0.75),
    ],
)
def test_calculate_gain(name, param, gain):
    assert calculate_gain(name, param) == pytest.approx(gain, rel=1e-15)


def test_gain_names_inside_specs():
    assert parse("glorot_normal(gain=tanh)").std(10, 30) == pytest.approx(5 / 3 * math.sqrt(2 / 40))
    assert parse("glorot_uniform(gain=leaky_relu(0.2))").bound(10, 30) == pytest.approx(
        math.sqrt(2 / 1.04) * math.sqrt(6 / 40)
    )
    assert parse("he_normal(nonlinearity=selu)").std(100, 5) == pytest.approx(0.75 / 10)


@pytest.mark.parametrize(
    ("shape", "expected"),
    [((5,), (5, 5)), ((3, 4), (4, 3)), ((7, 3, 4), (4, 3)), ([2, 9], (9, 2)), ((np.int64(3), 2), (2, 3))],
)
def test_fans(shape, expected):
    assert fans(shape) == expected


ERRORS = [
    # unknown names: did you mean, and the known list
    ("he_nromal", UnknownNameError, "did you mean 'he_normal'?"),
    ("gaussian_random", UnknownNameError, "known: constant, eye, glorot_normal"),
    ("normal(sdt=0.1)", UnknownNameError, "unknown parameter of normal 'sdt'; did you mean 'std'?"),
    ("glorot_uniform(gain=banana)", UnknownNameError, "gain of glorot_uniform 'banana'"),
    ("glorot_uniform(gain=tanhh)", UnknownNameError, "did you mean 'tanh'?"),
    ("he_normal(nonlinearity=rellu)", SpecError, "nonlinearity must be one of linear, sigmoid, tanh"),
    # bad values
    ("normal(std=-1)", SpecError, "normal: std must be >= 0, got -1.0"),
    ("truncated_normal(std=-0.5)", SpecError, "truncated_normal: std must be >= 0, got -0.5"),
    ("uniform(limit=-0.05)", SpecError, "uniform: limit must be >= 0, got -0.05"),
    ("uniform(-0.05)", SpecError, "uniform: limit must be >= 0"),
    ("uniform(low=0.2, high=0.1)", SpecError, "uniform: low must be <= high"),
    ("uniform(limit=0.1, low=-1)", SpecError, "either limit or low/high"),
    ("glorot_uniform(gain=0)", SpecError, "glorot_uniform: gain must be > 0, got 0.0"),
    ("glorot_normal(gain=-1)", SpecError, "gain must be > 0"),
    ("orthogonal(gain=0)", SpecError, "orthogonal: gain must be > 0"),
    ("identity(gain=-2)", SpecError, "identity: gain must be > 0"),
    ("glorot_uniform(gain=tanh(2))", SpecError, "only leaky_relu takes an argument"),
    ("glorot_uniform(gain=leaky_relu(x))", SpecError, "leaky_relu slope must be a finite number"),
    ("truncated_normal(low=2, high=-2)", SpecError, "bounds must increase, low < high; got low=2.0, high=-2.0"),
    ("truncated_normal(low=1, high=1)", SpecError, "bounds must increase"),
    ("truncated_normal(low=6, high=7)", SpecError, "keeps only"),
    ("truncated_normal(corrected=maybe)", SpecError, "corrected must be True or False"),
    (
        "he_normal(mode=fan_middle)",
        SpecError,
        "he_normal: mode must be one of fan_in, fan_out, fan_avg; got 'fan_middle'",
    ),
    (
        "variance_scaling(distribution=cauchy)",
        SpecError,
        "distribution must be one of normal, truncated_normal, uniform",
    ),
    ("variance_scaling(scale=0)", SpecError, "variance_scaling: scale must be > 0"),
    ("normal(std=tanh)", SpecError, "normal: std must be a number, got 'tanh'"),
    ("normal(std=True)", SpecError, "std must be a number, got True"),
    ("normal(std=1e999)", SpecError, "std must be finite"),
    ("he_normal(slope=relu)", SpecError, "slope must be a number"),
    # malformed specs
    ("normal(std=)", SpecError, "malformed initializer spec 'normal(std=)'"),
    ("normal(std=0.1", SpecError, "malformed initializer spec"),
    ("normal(std=[1])", SpecError, "'[1]' is not a number"),
    ("normal(std=1+2)", SpecError, "is not a number"),
    ("normal(**{'std': 1})", SpecError, "** arguments are not allowed"),
    ("normal(*[1])", SpecError, "is not a number"),
    ("normal[1]", SpecError, "expected a name or name(key=value"),
    ("torch.nn.init.normal_", SpecError, "malformed"),
    ("glorot_uniform(gain=leaky_relu(slope=0.2))", SpecError, "is not a number"),
    ("normal(std=None)", SpecError, "is not a number"),
    ("", SpecError, "empty initializer spec"),
    ("   ", SpecError, "empty initializer spec"),
    ("normal(1, 2, 3)", SpecError, "normal takes at most 2 arguments (mean, std); got 3"),
    ("normal(0, mean=1)", SpecError, "normal: mean is given twice"),
    ("zeros(1)", SpecError, "zeros takes no arguments; got 1"),
    ("he_normal(gain=2)", UnknownNameError, "parameter of he_normal 'gain'"),
    ("lecun_normal(scale=2)", SpecError, "lecun_normal takes no parameters"),
    ("normal(std=0.1, std=0.2)", SpecError, "std is given twice"),
    ("normal(\nstd=)", SpecError, "malformed"),
]


@pytest.mark.parametrize(("text", "error", "message"), ERRORS)
def test_bad_specs_raise_one_line_errors(text, error, message):
    with pytest.raises(error) as info:
        parse(text)
    assert isinstance(info.value, InitlabError)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("config", "error", "message"),
    [
        ({"name": "nope"}, UnknownNameError, "unknown initializer 'nope'"),
        ({"std": 1.0}, SpecError, "a dict with a 'name' string"),
        ("normal", SpecError, "a dict with a 'name' string"),
        ({"name": "normal", "sdt": 1.0}, UnknownNameError, "did you mean 'std'"),
        ({"name": "normal", "std": -1.0}, SpecError, "std must be >= 0"),
        ({"name": "normal", 3: 1.0}, SpecError, "keys must be strings"),
    ],
)
def test_bad_configs(config, error, message):
    with pytest.raises(error, match=message.replace("(", r"\(")):
        parse_config(config)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: parse(3), SpecError, "initializer spec must be a string, got int"),
        (lambda: parse(None), SpecError, "must be a string"),
        (lambda: Normal(std=-1), SpecError, "normal: std must be >= 0"),
        (lambda: Normal(0, -1), SpecError, "std must be >= 0"),
        (lambda: calculate_gain("tanhh"), UnknownNameError, "did you mean 'tanh'"),
        (lambda: calculate_gain("leaky_relu", "x"), SpecError, "slope must be a finite number"),
        (lambda: calculate_gain("leaky_relu", True), SpecError, "slope must be a finite number"),
        (lambda: fans((0, 3)), ShapeError, "positive integers"),
        (lambda: fans((1, 2, 3, 4)), ShapeError, "1 to 3"),
        (lambda: fans(5), ShapeError, "got 5"),
        (lambda: fans((2.5, 3)), ShapeError, "positive integers"),
        (lambda: fans((True, 3)), ShapeError, "positive integers"),
        (lambda: parse("normal").sample((3, 4), np.random.RandomState(0)), ConfigError, "numpy.random.Generator"),
        (lambda: parse("normal").sample((3, 4), 0), ConfigError, "numpy.random.Generator"),
        (lambda: parse("normal").sample((3, 4, 5), [np.random.default_rng(0)] * 2), ConfigError, "one per member"),
        (lambda: parse("normal").sample((4,), [np.random.default_rng(0)] * 4), ConfigError, "one per member"),
        (
            lambda: parse("normal").sample((3, 4), np.random.default_rng(0), fan_in=0),
            ConfigError,
            "fan_in must be a positive integer, got 0",
        ),
        (lambda: parse("he_normal").std(10, -1), ConfigError, "fan_out must be a positive integer, got -1"),
        (lambda: parse("he_normal").mean(1.5, 2), ConfigError, "fan_in must be a positive integer"),
        (
            lambda: parse("orthogonal").sample((5,), np.random.default_rng(0)),
            ShapeError,
            "orthogonal needs a matrix shape",
        ),
        (
            lambda: parse("identity").sample((2, 5), [np.random.default_rng(0)] * 2),
            ShapeError,
            "identity needs a matrix shape",
        ),
    ],
)
def test_bad_calls(call, error, message):
    with pytest.raises(error) as info:
        call()
    assert message in str(info.value)
    assert "\n" not in str(info.value)
