"""cytostorm.grade and grade_timeline: equal to `cytostorm grade` (CSV, JSON) on the same
inputs, from paths and from DataFrames; bad rows raise InputError with the CLI's message."""

import io
import json
import math
import warnings

import pandas as pd
import pytest

import cytostorm
from conftest import EXAMPLES

COHORTS = [EXAMPLES / "cohort.csv", EXAMPLES / "cohort-iso.csv"]
FHIR = sorted((EXAMPLES / "fhir").glob("*.json"))


def as_cli_cells(frame):
    """The DataFrame's cells written as the CLI writes them."""
    def cell(column, value):
        if pd.isna(value):
            return "not_derivable" if column.endswith("_max_grade") else ""
        if isinstance(value, float):
            return f"{value:g}"
        return str(value)
    return [[cell(c, v) for c, v in zip(frame.columns, row)] for row in frame.itertuples(index=False)]


def cli_cells(text):
    table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    return list(table.columns), table.values.tolist()


@pytest.mark.parametrize("scale", ["astct", "lee2014", "mskcc", "all"])
def test_grade_equals_cli_csv(cli, scale):
    run = cli("grade", *COHORTS, "--scale", scale, "--format", "csv")
    frame = cytostorm.grade(COHORTS, scale)
    columns, rows = cli_cells(run.stdout)
    assert list(frame.columns) == columns
    assert as_cli_cells(frame) == rows
    assert len(rows) >= 6
    summary = json.loads(cli("grade", *COHORTS, "--scale", scale, "--format", "json",
                             "--summary").stdout)["summary"]
    assert frame.attrs["summary"] == summary


def test_grade_columns_are_typed():
    frame = cytostorm.grade(EXAMPLES / "cohort.csv")
    assert str(frame["crs_max_grade"].dtype) == "Int64"
    assert str(frame["crs_onset_day"].dtype) == "Int64"
    assert frame["crs_duration_hours"].dtype == "float64"
    assert frame["patient_id"].tolist()[0] == "P01"
    # Patients without ICANS have no onset.
    no_icans = frame[frame["icans_max_grade"] == 0]
    assert len(no_icans) > 0
    assert no_icans["icans_onset_day"].isna().all()


def test_not_derivable_reads_as_na(cli, tmp_path):
    table = tmp_path / "nd.csv"
    table.write_text("patient_id,time,kind,item,value,unit,note\n"
                     "N1,0,infusion,axi-cel,,,\n"
                     "N1,10,vital,temperature,38.6,C,\n"
                     "N1,10,oxygen,nasal_cannula,,,\n")  # no flow: grade 2 or 3
    run = cli("grade", table, "--format", "csv")
    frame = cytostorm.grade(table)
    assert as_cli_cells(frame) == cli_cells(run.stdout)[1]
    assert "not_derivable" in run.stdout
    assert pd.isna(frame.loc[0, "crs_max_grade"])
    assert frame.loc[0, "icans_max_grade"] == 0
    timeline = cytostorm.grade_timeline(table)
    undecided = timeline[timeline["grade"].isna()]
    assert len(undecided) >= 1
    assert (undecided["at_least"] == 2).all()
    assert all(m for m in undecided["missing"])
    assert timeline[timeline["syndrome"] == "icans"]["grade"].notna().all()


def test_grade_fhir_bundles_equal_cli(cli):
    assert FHIR
    run = cli("grade", *FHIR, "--format", "csv")
    frame = cytostorm.grade(FHIR)
    assert as_cli_cells(frame) == cli_cells(run.stdout)[1]


def test_dataframe_in_the_event_layout_grades_like_the_file():
    path = EXAMPLES / "cohort.csv"
    from_file = cytostorm.grade(path, "all")
    events = pd.read_csv(path)  # pandas' own types: floats, NaN for empty cells
    from_frame = cytostorm.grade(events, "all")
    pd.testing.assert_frame_equal(from_frame, from_file)
    assert from_frame.attrs["summary"] == from_file.attrs["summary"]
    as_text = pd.read_csv(path, dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(cytostorm.grade(as_text, "all"), from_file)


def test_engine_options_are_the_cli_options(cli):
    path = EXAMPLES / "cohort.csv"
    run = cli("grade", path, "--format", "csv", "--resolution-hours", "6",
              "--fever-window-hours", "8", "--masking-drugs", "anticytokine-only")
    frame = cytostorm.grade(path, resolution_hours=6, fever_window_hours=8,
                            masking_drugs="anticytokine-only")
    assert as_cli_cells(frame) == cli_cells(run.stdout)[1]
    assert as_cli_cells(frame) != as_cli_cells(cytostorm.grade(path))


def flatten(document):
    rows = []
    for patient in document["patients"]:
        courses = (patient["crs_by_scale"].values() if "crs_by_scale" in patient
                   else [patient["crs"]])
        for syndrome, course in [("crs", c) for c in courses] + [("icans", patient["icans"])]:
            for entry in course["timeline"]:
                grade = entry["grade"]
                rows.append((patient["patient_id"], syndrome, course["scale"], entry["hours"],
                             entry["day"], None if grade == "not_derivable" else grade,
                             entry.get("at_least"), entry.get("missing", []), entry["drivers"],
                             entry.get("notes", [])))
    return rows


@pytest.mark.parametrize("scale", ["astct", "all"])
def test_grade_timeline_equals_cli_json(cli, scale):
    document = json.loads(cli("grade", *COHORTS, "--scale", scale, "--format", "json").stdout)
    timeline = cytostorm.grade_timeline(COHORTS, scale)
    assert list(timeline.columns) == ["patient_id", "syndrome", "scale", "hours", "day", "grade",
                                      "at_least", "missing", "drivers", "notes"]
    rows = [tuple(None if not isinstance(v, list) and pd.isna(v) else v for v in row)
            for row in timeline.itertuples(index=False)]
    expected = flatten(document)
    assert len(expected) > 20
    assert rows == expected
    assert any(d for d in timeline["drivers"])


def test_bad_row_raises_the_cli_message(cli, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("patient_id,time,kind,item,value,unit,note\n"
                   "P1,0,infusion,axi-cel,,,\n"
                   "P1,12,vital,temperature,38,K,\n")
    run = cli("grade", bad, "--format", "csv", check=False)
    assert run.returncode == 2
    with pytest.raises(cytostorm.InputError) as raised:
        cytostorm.grade(bad)
    assert str(raised.value) == run.stderr.strip()
    assert raised.value.file == str(bad)
    assert raised.value.line == 3
    with pytest.raises(cytostorm.InputError) as from_frame:
        cytostorm.grade(pd.read_csv(bad, dtype=str, keep_default_na=False))
    assert str(from_frame.value) == str(raised.value).replace(str(bad), "<DataFrame>")


def test_skip_bad_rows_warns_like_the_cli(cli, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("patient_id,time,kind,item,value,unit,note\n"
                   "P1,0,infusion,axi-cel,,,\n"
                   "P1,12,vital,temperature,38,K,\n"
                   "P1,14,vital,temperature,38.5,C,\n")
    run = cli("grade", bad, "--format", "csv", "--skip-bad-rows")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = cytostorm.grade(bad, skip_bad_rows=True)
    assert [str(w.message) for w in caught] == run.stderr.splitlines()[:-1]
    assert frame.attrs["skipped"] == [str(w.message).removesuffix(" (skipped)") for w in caught]
    assert as_cli_cells(frame) == cli_cells(run.stdout)[1]
    assert frame.loc[0, "crs_max_grade"] == 1


def test_other_bad_inputs(cli):
    run = cli("grade", "/nonexistent/events.csv", check=False)
    with pytest.raises(cytostorm.InputError) as raised:
        cytostorm.grade("/nonexistent/events.csv")
    assert str(raised.value) == run.stderr.strip()
    with pytest.raises(cytostorm.InputError, match=r'--scale: unknown scale "asct" \(scales: all'):
        cytostorm.grade(EXAMPLES / "cohort.csv", "asct")
    with pytest.raises(cytostorm.InputError, match="patient P01 is given again"):
        cytostorm.grade([EXAMPLES / "cohort.csv", EXAMPLES / "cohort.csv"])
    with pytest.raises(cytostorm.InputError, match="must be positive"):
        cytostorm.grade(EXAMPLES / "cohort.csv", resolution_hours=0)
    with pytest.raises(TypeError):
        cytostorm.grade(3.5)
    assert not math.isnan(cytostorm.grade(EXAMPLES / "cohort.csv", resolution_hours=1e-3)
                          ["crs_duration_hours"].max())
