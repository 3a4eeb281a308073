"""cytostorm.assess: the dict equals the CLI's JSON; bad input raises InputError with the CLI's
message."""

import json

import pytest

import cytostorm
from conftest import EXAMPLES

SNAPSHOTS = sorted(EXAMPLES.glob("*.json"))


def test_there_are_example_snapshots():
    assert len(SNAPSHOTS) >= 6


@pytest.mark.parametrize("path", SNAPSHOTS, ids=lambda p: p.stem)
def test_assess_equals_cli_json(cli, path):
    expected = json.loads(cli("assess", path).stdout)
    assert cytostorm.assess(path) == expected
    # The same snapshot as a dict gives the same result.
    with open(path) as f:
        text = "\n".join(line.split("//")[0] for line in f)
    assert cytostorm.assess(json.loads(text)) == expected


def test_rule_options_match_cli_options(cli):
    path = EXAMPLES / "04-child-capd.json"
    expected = json.loads(cli("assess", path, "--capd-age-cutoff", "up-to-12").stdout)
    assert cytostorm.assess(path, capd_age_cutoff="up-to-12") == expected
    snapshot = {"temperature_c": 38.4,
                "oxygen": {"device": "nasal_cannula", "flow_l_min": 4,
                           "purpose": "airway_protection"}}
    counted = cytostorm.assess(snapshot, count_airway_protection_oxygen=True)
    default = cytostorm.assess(snapshot)
    assert counted == json.loads(
        cli("assess", "-", "--count-airway-protection-oxygen", stdin=json.dumps(snapshot)).stdout)
    assert counted["crs"]["astct"]["grade"] == 2
    assert default["crs"]["astct"]["grade"] == 1


def test_bad_file_raises_the_cli_message(cli, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "temperature_c": 38.5,\n'
                   '  "oxygen": {"device": "nasal_cannula", "flow_l_min": -2}\n}')
    run = cli("assess", bad, check=False)
    assert run.returncode == 2
    with pytest.raises(cytostorm.InputError) as raised:
        cytostorm.assess(bad)
    assert str(raised.value) == run.stderr.strip()
    assert raised.value.file == str(bad)
    assert raised.value.line == 3
    assert raised.value.column == "column 41"
    assert isinstance(raised.value, ValueError)


def test_bad_dict_names_the_key():
    with pytest.raises(cytostorm.InputError) as raised:
        cytostorm.assess({"temp": 38.5})
    assert str(raised.value).startswith('<snapshot>:2: column 3: key "temp": unknown key')
    with pytest.raises(cytostorm.InputError, match=r'key "ice.writing": "NA" needs the reason'):
        cytostorm.assess({"ice": {"orientation": 4, "naming": 3, "commands": 1,
                                  "writing": "NA", "attention": 1}})


def test_missing_file_and_bad_choice(cli):
    run = cli("assess", "/nonexistent/case.json", check=False)
    with pytest.raises(cytostorm.InputError) as raised:
        cytostorm.assess("/nonexistent/case.json")
    assert str(raised.value) == run.stderr.strip()
    assert "cannot open" in str(raised.value)
    with pytest.raises(cytostorm.InputError, match='capd_age_cutoff: unknown choice "under-13"'):
        cytostorm.assess({}, capd_age_cutoff="under-13")
    with pytest.raises(TypeError):
        cytostorm.assess(42)
