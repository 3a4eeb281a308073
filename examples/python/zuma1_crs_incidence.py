#!/usr/bin/python3
"""Run the ZUMA-1 virtual trial and plot the CRS incidence with matplotlib.

    PYTHONPATH=build/release/python /usr/bin/python3 examples/python/zuma1_crs_incidence.py \
        [--patients N] [--threads T] [-o crs_incidence.png]

Left: the share of virtual patients by maximum CRS grade (ASTCT 2019). Right: the cumulative
incidence of CRS (grade >= 1) and of severe CRS (grade >= 3) by day after the infusion. The
title gives the trial's summary (summary.json of `cytostorm trial --preset zuma-1`).
A virtual trial is a model's prediction, not a clinical result.
"""

import argparse

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import cytostorm  # noqa: E402


def cumulative_incidence(onset_days, patients, days):
    """The share of patients (%) whose onset came on or before each day."""
    onsets = np.sort(onset_days.dropna().to_numpy())
    return 100.0 * np.searchsorted(onsets, days, side="right") / patients


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=200)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("-o", "--output", default="crs_incidence.png")
    args = parser.parse_args(argv)

    patients, summary = cytostorm.trial("zuma-1", patients=args.patients, threads=args.threads)
    ok = patients[patients["failure"].isna()]
    n = len(ok)

    fig, (grades, onset) = plt.subplots(1, 2, figsize=(10, 4))
    shares = [100.0 * (ok["crs_max_grade"] == g).sum() / n for g in range(6)]
    grades.bar(range(6), shares, color="#c0504d")
    grades.set_xlabel("maximum CRS grade (ASTCT 2019)")
    grades.set_ylabel("virtual patients (%)")
    days = np.linspace(0, summary["days"], 200)
    onset.step(days, cumulative_incidence(ok["crs_onset_day"], n, days), where="post",
               label="CRS, any grade")
    onset.step(days, cumulative_incidence(ok["crs_ge3_day"], n, days), where="post",
               label="CRS grade >= 3")
    onset.set_xlabel("days after infusion")
    onset.set_ylabel("cumulative incidence (%)")
    onset.legend()
    fig.suptitle(f"{summary['title']}: {n} virtual patients, CRS any {summary['crs_any_pct']:.1f}%,"
                 f" grade >= 3 {summary['crs_ge3_pct']:.1f}% (virtual trial, {summary['kind']})",
                 fontsize=9)
    fig.tight_layout()
    fig.savefig(args.output, dpi=120)
    print(f"CRS any grade {summary['crs_any_pct']:.1f}%, grade >= 3 {summary['crs_ge3_pct']:.1f}%"
          f" of {n} virtual patients; wrote {args.output}")
    return patients, summary


if __name__ == "__main__":
    main()
