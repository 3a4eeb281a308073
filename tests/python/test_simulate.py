"""cytostorm.simulate: the trajectory, events and grades equal `cytostorm simulate`'s files; the
trajectory is handed to NumPy and pandas without a copy; bad input raises the CLI's message."""

import json

import numpy as np
import pandas as pd
import pytest

import cytostorm


def owner_of(array):
    """The object at the end of an array's chain of bases."""
    while isinstance(array, np.ndarray) and array.base is not None:
        array = array.base
    return array


def test_simulate_equals_cli_files(cli, tmp_path):
    out = tmp_path / "sim"
    cli("simulate", "--product", "tisa-cel", "--tumor-burden", "2", "--days", "6", "--seed", "3",
        "--param", "il6_elimination_rate=20", "-o", out)
    frame = cytostorm.simulate("tisa-cel", tumor_burden=2, days=6, seed=3,
                               params={"il6_elimination_rate": 20})
    expected = pd.read_csv(out / "trajectory.csv", dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(expected.columns)
    assert len(frame) == len(expected) == 6 * 24 + 1
    cells = [[f"{v:.6g}" for v in row] for row in frame.itertuples(index=False)]
    assert cells == expected.values.tolist()
    events = pd.read_csv(out / "events.csv", dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(frame.attrs["events"], events)
    assert frame.attrs["grades"] == json.loads((out / "grades.json").read_text())
    assert frame.attrs["policy"] == "standard"
    # The parameter override changed the course.
    default = cytostorm.simulate("tisa-cel", tumor_burden=2, days=6, seed=3)
    assert not np.array_equal(default["il6"].to_numpy(), frame["il6"].to_numpy())


def test_simulated_events_grade_like_the_simulation():
    frame = cytostorm.simulate("axi-cel", days=5)
    graded = cytostorm.grade(frame.attrs["events"])
    patient = frame.attrs["grades"]["patients"][0]
    assert graded.loc[0, "patient_id"] == "virtual-axi-cel" == patient["patient_id"]
    assert graded.loc[0, "crs_max_grade"] == patient["crs"]["max_grade"]
    assert graded.loc[0, "icans_max_grade"] == patient["icans"]["max_grade"]
    assert frame.attrs["treatments"] == [
        (float(h), label) for h, label in frame.attrs["treatments"]]


def test_long_trajectory_is_not_copied():
    frame = cytostorm.simulate("axi-cel", days=120)
    assert len(frame) == 120 * 24 + 1
    values = frame.to_numpy(copy=False)
    # pandas keeps the array it was given: the memory belongs to the capsule that owns the
    # simulated course, not to NumPy.
    assert not values.flags.owndata
    assert type(owner_of(values)).__name__ == "PyCapsule"
    il6 = frame["il6"].to_numpy()
    assert not il6.flags.owndata
    assert np.shares_memory(il6, values)
    assert np.shares_memory(il6, frame["il6"].to_numpy())  # a second access: the same memory
    assert type(owner_of(il6)).__name__ == "PyCapsule"
    # One row after another, as the simulation wrote them.
    assert values.strides == (8 * len(frame.columns), 8)
    # The view outlives the DataFrame: the capsule keeps the course alive.
    time = frame["time_days"].to_numpy()
    del frame, values
    assert time[-1] == pytest.approx(120.0)
    assert np.all(np.diff(time) > 0)


def test_bad_input_raises_the_cli_message(cli, tmp_path):
    cases = [
        (["--product", "axi-cell"], {"product": "axi-cell"}),
        (["--product", "axi-cel", "--policy", "no-such-policy"],
         {"product": "axi-cel", "policy": "no-such-policy"}),
        (["--product", "axi-cel", "--param", "no_such_parameter=1"],
         {"product": "axi-cel", "params": {"no_such_parameter": 1}}),
    ]
    for args, kwargs in cases:
        run = cli("simulate", *args, "--days", "1", "-o", tmp_path / "out", check=False)
        assert run.returncode == 2, run.stderr
        with pytest.raises(cytostorm.InputError) as raised:
            cytostorm.simulate(days=1, **kwargs)
        assert str(raised.value) == run.stderr.strip()
    assert not (tmp_path / "out").exists()
    with pytest.raises(cytostorm.InputError, match="unknown preset|axi-cell"):
        cytostorm.simulate("axi-cell")
    with pytest.raises(cytostorm.InputError, match="cytostorm simulate: "):
        cytostorm.simulate("axi-cel", days=0)
    assert len(cytostorm.simulate("axi-cel", days=0.5)) == 13
