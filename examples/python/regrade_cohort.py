#!/usr/bin/python3
"""Regrade a cohort by every CRS scale and print the concordance between the scales.

    PYTHONPATH=build/release/python /usr/bin/python3 examples/python/regrade_cohort.py \
        [EVENTS.csv|BUNDLE.json ...]

With no argument it regrades the example cohort (data/examples/cohort.csv and cohort-iso.csv).
The same numbers as `cytostorm grade --scale all`. Decision support, not a prescription.
"""

import sys
from pathlib import Path

import cytostorm


def main(paths):
    if not paths:
        examples = Path(cytostorm.data_dir()) / "examples"
        paths = [examples / "cohort.csv", examples / "cohort-iso.csv"]
    grades = cytostorm.grade(paths, scale="all")
    scales = ["astct"] + [c[len("crs_"):-len("_max_grade")] for c in grades.columns
                          if c.startswith("crs_") and c.endswith("_max_grade")
                          and c != "crs_max_grade"]
    maxima = grades[["patient_id", "crs_max_grade"] +
                    [f"crs_{s}_max_grade" for s in scales[1:]]]
    maxima.columns = ["patient"] + scales
    print("Maximum CRS grade by scale (<NA>: not derivable from the record)")
    print(maxima.to_string(index=False))
    print()
    summary = grades.attrs["summary"]
    print("Concordance of maximum CRS grades between scales (patients derivable on both)")
    print(f"{'scale':<9} {'scale':<9} {'n':>4} {'presence':>9} {'exact grade':>12}")
    for c in summary["concordance"]:
        print(f"{c['scale_a']:<9} {c['scale_b']:<9} {c['n']:>4} "
              f"{c['presence_agreement_pct']:>8.1f}% {c['exact_grade_agreement_pct']:>11.1f}%")
    return grades


if __name__ == "__main__":
    main(sys.argv[1:])
