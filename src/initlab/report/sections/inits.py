"""Report section: the initializer catalog, and article 004's misprinted Glorot bound."""

from __future__ import annotations

import math

from initlab.init import parse
from initlab.outputs import cell
from initlab.plots.catalog import std_versus_width
from initlab.report.section import Figure, Finding, Section, Table
from initlab.studies import catalog

FAN = 100
WIDTHS = [10, 20, 50, 100, 200, 500, 1000, 2000]
CURVES = ["normal(std=0.01)", "normal(std=0.05)", "standard", "glorot_uniform", "he_normal"]


def build(quick: bool = False, progress=None) -> Section:
    config = catalog.Config(fan_in=FAN, fan_out=FAN, seed=0)
    result = catalog.run(config)
    rows = result.schemes
    random_rows = [row for row in rows if row["random"]]
    gaps = {row["name"]: abs(row["measured_std"] / row["std"] - 1) for row in random_rows}
    worst = max(gaps, key=gaps.get)

    glorot = parse("glorot_uniform")
    right = glorot.bound(FAN, FAN)
    misprint = math.sqrt(6) / (FAN + FAN)
    misprinted = parse(f"uniform(limit={misprint:.6g})")
    stds = catalog.std_by_width(CURVES, WIDTHS)
    misprint_spec = "article 004's ε = √6/(n+n)"
    stds[misprint_spec] = [math.sqrt(6) / (2 * n) / math.sqrt(3) for n in WIDTHS]

    verdicts = [
        f"For a {FAN}×{FAN} layer, the measured std of {len(random_rows)} random schemes (100,000 draws each) lies "
        f"within {100 * gaps[worst]:.2f}% of its formula (largest gap: {worst}).",
        f"glorot_uniform draws from U(±{right:.4f}) (std {glorot.std(FAN, FAN):.4f}); he_normal's std "
        f"{parse('he_normal').std(FAN, FAN):.4f} is √2 times larger, for ReLU's halved variance.",
        # glorot's std for a square layer is 1/√n, so a fixed std s matches it only at n = 1/s²
        f"A fixed std ignores the width: normal(std=0.01) has the std glorot_uniform gives a square layer of "
        f"{round(1 / 0.01**2):,} units, normal(std=0.05) that of {round(1 / 0.05**2):,} units.",
    ]
    findings = [
        Finding(
            claim="Article 004: choose W in [−ε, ε] with ε = √6 / (S_l + S_{l+1}).",
            measured=(
                f"For {FAN}→{FAN} units that gives ε = {misprint:.4f} (std {misprinted.std(FAN, FAN):.4f}), "
                f"{right / misprint:.1f}× smaller than Glorot's ε = √(6 / (S_l + S_{{l+1}})) = {right:.4f}: "
                "the square root belongs over the whole fraction."
            ),
            holds=False,
        )
    ]
    table = Table(
        caption=f"Every scheme for a layer W ({FAN}, {FAN}): theory and a measured sample (seed {config.seed}).",
        columns=["scheme", "formula", "std", "measured std", "bound", "PyTorch", "Keras"],
        rows=[
            [
                row["name"], row["formula"], cell(row["std"], 4), cell(row["measured_std"], 4),
                cell(row["bound"], 4), row["torch"], row["keras"],
            ]
            for row in rows
        ],
    )
    figure = Figure(
        "inits-std-by-width",
        std_versus_width(WIDTHS, stds, {spec: "--" for spec in CURVES[:2]} | {misprint_spec: ":"}),
        "The std of one initial weight against the width of a square layer: fixed-std schemes (dashed) stay flat "
        "while variance-scaling schemes fall as 1/√n; article 004's misprinted bound (dotted) falls as 1/n.",
    )
    return Section(
        key="inits",
        title="The initializer catalog",
        question=(
            "What does each initializer actually draw for a layer, and does a name mean the same thing here, in "
            "PyTorch and in Keras?"
        ),
        verdicts=verdicts,
        figures=[figure],
        tables=[table],
        findings=findings,
        result=result.to_dict(),
        config={"fan_in": FAN, "fan_out": FAN, "seed": config.seed, "widths": WIDTHS, "curves": CURVES},
        command=f"initlab inits --fan-in {FAN} --fan-out {FAN}",
    )
