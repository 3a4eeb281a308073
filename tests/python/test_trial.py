"""cytostorm.trial: the patient table and summary equal `cytostorm trial`'s patients.csv and
summary.json for a small trial with a fixed seed, for any number of threads."""

import json

import pandas as pd
import pytest

import cytostorm


def test_trial_equals_cli_outputs(cli, tmp_path):
    out = tmp_path / "trial"
    cli("trial", "--preset", "zuma-1", "--patients", "3", "--seed", "11", "--days", "10",
        "--threads", "1", "-o", out)
    patients, summary = cytostorm.trial("zuma-1", patients=3, seed=11, days=10, threads=2)
    assert summary == json.loads((out / "summary.json").read_text())
    expected = pd.read_csv(out / "patients.csv", keep_default_na=False, na_values=[""])
    pd.testing.assert_frame_equal(patients, expected)
    assert len(patients) == 3
    assert summary["n"] == 3 and summary["seed"] == 11


def test_spec_file_and_policy(cli, tmp_path):
    spec = cytostorm.data_dir() + "/trials/karmma.toml"
    out = tmp_path / "karmma"
    cli("trial", spec, "--patients", "2", "--days", "5", "--policy", "early-tocilizumab",
        "--threads", "1", "-o", out)
    from pathlib import Path
    patients, summary = cytostorm.trial(Path(spec), patients=2, days=5,
                                        policy="early-tocilizumab")
    assert summary == json.loads((out / "summary.json").read_text())
    assert summary["policy"] == "early-tocilizumab"
    assert len(patients) == 2


def test_bad_trials_raise_the_cli_message(cli, tmp_path):
    run = cli("trial", "--preset", "zuma-9", "-o", tmp_path / "x", check=False)
    assert run.returncode == 2
    with pytest.raises(cytostorm.InputError) as raised:
        cytostorm.trial("zuma-9")
    assert str(raised.value) == run.stderr.strip()
    assert 'unknown preset "zuma-9" (presets: cartitude-1, eliana' in str(raised.value)
    run = cli("trial", "--preset", "zuma-1", "--policy", "no-such-policy", "-o", tmp_path / "x",
              check=False)
    with pytest.raises(cytostorm.InputError) as raised:
        cytostorm.trial("zuma-1", policy="no-such-policy")
    assert str(raised.value) == run.stderr.strip()
    with pytest.raises(cytostorm.InputError, match="patients"):
        cytostorm.trial("zuma-1", patients=0)
    with pytest.raises(cytostorm.InputError, match="threads: must be at least 1"):
        cytostorm.trial("zuma-1", patients=1, threads=0)
    assert len(cytostorm.trial("zuma-1", patients=1, days=1, threads=1)[0]) == 1
