"""Type stub of the compiled module `cytostorm` (python/cytostorm_module.cpp; docs/python.md).

CRS and ICANS grading, virtual CAR-T patients and virtual trials, with the results of the
cytostorm command line. Decision support for clinicians, not a substitute for clinical judgement.
"""

import os
from typing import Any, Literal, Mapping, Sequence, Union

import pandas

__version__: str

_Path = Union[str, os.PathLike[str]]
_Events = Union[_Path, pandas.DataFrame, Sequence[Union[_Path, pandas.DataFrame]]]
_Scale = Literal["astct", "lee2014", "ctcae_v4", "ctcae_v5", "penn", "mskcc", "cartox", "all"]
_CapdAgeCutoff = Literal["under-12", "up-to-12"]
_MaskingDrugs = Literal["antipyretic-or-anticytokine", "anticytokine-only"]

class InputError(ValueError):
    """Bad input; str(error) is the CLI's message, 'file:line: column: what is wrong'."""

    file: str | None
    line: int | None
    column: str | None

class SimulationError(RuntimeError):
    """The integration of a virtual patient failed."""

def data_dir() -> str:
    """The folder of built-in data: $CYTOSTORM_DATA, the source tree's data/, or share/cytostorm."""

def assess(
    snapshot: Union[Mapping[str, Any], _Path],
    *,
    capd_age_cutoff: _CapdAgeCutoff = "under-12",
    count_airway_protection_oxygen: bool = False,
) -> dict[str, Any]:
    """One bedside snapshot graded: the JSON of `cytostorm assess` as a dict."""

def grade(
    events: _Events,
    scale: _Scale = "astct",
    *,
    skip_bad_rows: bool = False,
    fever_window_hours: float = 24.0,
    resolution_hours: float = 24.0,
    masking_drugs: _MaskingDrugs = "antipyretic-or-anticytokine",
    capd_age_cutoff: _CapdAgeCutoff = "under-12",
    count_airway_protection_oxygen: bool = False,
) -> pandas.DataFrame:
    """One row per patient (the CSV of `cytostorm grade`); attrs["summary"], attrs["skipped"]."""

def grade_timeline(
    events: _Events,
    scale: _Scale = "astct",
    *,
    skip_bad_rows: bool = False,
    fever_window_hours: float = 24.0,
    resolution_hours: float = 24.0,
    masking_drugs: _MaskingDrugs = "antipyretic-or-anticytokine",
    capd_age_cutoff: _CapdAgeCutoff = "under-12",
    count_airway_protection_oxygen: bool = False,
) -> pandas.DataFrame:
    """The audit trail: one row per grade change (the timelines of `cytostorm grade`)."""

def simulate(
    product: str,
    *,
    tumor_burden: float = 1.0,
    baseline_ang2: float = 1439.0,
    baseline_lymphocytes: float = 1000.0,
    lymphodepletion: Literal["flu_cy", "bendamustine", "none"] = "flu_cy",
    lymphodepletion_intensity: float = 1.0,
    weight: float = 75.0,
    age: float = 60.0,
    policy: str = "standard",
    days: float = 28.0,
    seed: int = 1,
    params: Mapping[str, float] = {},
) -> pandas.DataFrame:
    """One virtual patient: the trajectory, viewing the simulation's memory without a copy;
    attrs["events"], attrs["grades"], attrs["treatments"], attrs["policy"]."""

def trial(
    preset_or_spec: _Path,
    *,
    patients: int | None = None,
    threads: int | None = None,
    seed: int | None = None,
    policy: str | None = None,
    days: float | None = None,
) -> tuple[pandas.DataFrame, dict[str, Any]]:
    """A virtual trial: (patients.csv as a DataFrame, summary.json as a dict)."""
