"""The examples of examples/python run (small cohorts, few patients) and print or draw what
they promise."""

import importlib.util
import json

import pytest

from conftest import EXAMPLES, SOURCE_DIR


def load(name):
    spec = importlib.util.spec_from_file_location(name, SOURCE_DIR / "examples" / "python" /
                                                  f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_regrade_cohort_prints_the_cli_concordance(cli, capsys):
    grades = load("regrade_cohort").main([])
    printed = capsys.readouterr().out
    summary = json.loads(cli("grade", EXAMPLES / "cohort.csv", EXAMPLES / "cohort-iso.csv",
                             "--scale", "all", "--format", "json", "--summary").stdout)["summary"]
    assert len(summary["concordance"]) == 21
    for c in summary["concordance"]:
        line = (f"{c['scale_a']:<9} {c['scale_b']:<9} {c['n']:>4} "
                f"{c['presence_agreement_pct']:>8.1f}% {c['exact_grade_agreement_pct']:>11.1f}%")
        assert line in printed
    assert "P01" in printed
    assert len(grades) == 6


def test_zuma1_example_writes_a_png(tmp_path, capsys):
    output = tmp_path / "crs.png"
    patients, summary = load("zuma1_crs_incidence").main(
        ["--patients", "4", "--threads", "2", "-o", str(output)])
    assert output.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(patients) == 4
    assert f"CRS any grade {summary['crs_any_pct']:.1f}%" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        load("zuma1_crs_incidence").main(["--patients", "many"])
