"""Checks that the runners of bench/solver_comparison.sh agree, then prints their times and ratios.

    python3 compare.py --work DIR --tolerance T [--floor F] [--no-targets]

DIR holds cases/ (the case files), reference/ (the plain CVODE program at tight tolerances),
one directory of trajectories per runner (ours, plain-cvode, desolve-lsoda, scipy-lsoda, and
the informational plain-cvode-stops) and timings.txt (the runners' `timing` lines).

Agreement: for every case, state and output time, the deviation from the reference is
|y - y_ref| / max(|y_ref|, F * peak), where peak is the largest |y_ref| of that state over the run
(so a state passing near zero is compared on the scale of its own course, not divided by ~0).
Every runner's largest deviation must be at most T, and ours must equal plain-cvode to the last
bit (the same method and settings; ours only compiles the vector arithmetic and the LU
factorisation itself); the exit status is 1 when not (or when a trajectory is missing or has
other times or states), 0 otherwise. The ratios and their targets
follow (ours/plain CVODE <= 1.25, deSolve/ours >= 3, SciPy/ours >= 100); a missed target is
reported, not an error. --no-targets (the smoke test) prints the times without judging them.
"""

import argparse
import os
import sys

import numpy as np

RUNNERS = ["ours", "plain-cvode", "desolve-lsoda", "scipy-lsoda"]
INFORMATIONAL = ["plain-cvode-stops"]
TARGETS = [
    # (label, numerator, denominator, target, "at most" or "at least")
    ("ours / plain CVODE", "ours", "plain-cvode", 1.25, "at most"),
    ("deSolve lsoda / ours", "desolve-lsoda", "ours", 3.0, "at least"),
    ("SciPy LSODA / ours", "scipy-lsoda", "ours", 100.0, "at least"),
]


def load(path):
    with open(path) as f:
        header = f.readline().strip().split(",")
    return header, np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2)


def deviation(reference, values, floor):
    """The largest deviation and where it is: (deviation, row, column)."""
    peak = np.abs(reference).max(axis=0)
    scale = np.maximum(np.abs(reference), floor * peak)
    diff = np.abs(values - reference)
    # A state that is exactly zero throughout (no drug given) must stay exactly zero.
    dev = np.divide(diff, scale, out=np.where(diff > 0, np.inf, 0.0), where=scale > 0)
    row, col = np.unravel_index(np.argmax(dev), dev.shape)
    return dev[row, col], row, col


def check_agreement(work, tolerance, floor):
    cases = sorted(f for f in os.listdir(os.path.join(work, "cases")) if f.endswith(".csv"))
    ok = True
    print(f"agreement with the reference: largest "
          f"|y - y_ref| / max(|y_ref|, {floor:g} x the state's peak) over {len(cases)} cases, every "
          f"state, every output time; tolerance {tolerance:g}")
    for runner in RUNNERS + INFORMATIONAL:
        worst = (0.0, "", 0.0, "")
        for case in cases:
            names, reference = load(os.path.join(work, "reference", case))
            path = os.path.join(work, runner, case)
            if not os.path.exists(path):
                print(f"  {runner}: {case} missing")
                ok = False
                continue
            header, values = load(path)
            if header != names or values.shape != reference.shape or not np.allclose(
                values[:, 0], reference[:, 0], rtol=0, atol=1e-12
            ):
                print(f"  {runner}: {case} has other states or output times than the reference")
                ok = False
                continue
            dev, row, col = deviation(reference[:, 1:], values[:, 1:], floor)
            if dev >= worst[0]:
                worst = (dev, case, reference[row, 0], names[col + 1])
        dev, case, t, state = worst
        verdict = "ok" if dev <= tolerance else "DISAGREES"
        print(f"  {runner:26s} {dev:9.2e}  ({state} at day {t:.3f}, {case})  {verdict}")
        ok = ok and dev <= tolerance
    return ok


def check_same_as_plain(work):
    """ours and plain-cvode run the same method with the same settings: the same bits."""
    cases = sorted(f for f in os.listdir(os.path.join(work, "cases")) if f.endswith(".csv"))
    differing, largest = 0, 0.0
    for case in cases:
        _, ours = load(os.path.join(work, "ours", case))
        _, plain = load(os.path.join(work, "plain-cvode", case))
        if ours.shape != plain.shape:
            differing += 1
            continue
        diff = ours != plain
        differing += int(diff.sum())
        if diff.any():
            scale = np.maximum(np.abs(plain), np.finfo(float).tiny)
            largest = max(largest, float((np.abs(ours - plain) / scale)[diff].max()))
    if differing == 0:
        print("  ours against plain-cvode: equal to the last bit on every state at every output "
              "time (the same method and settings)")
        return True
    print(f"  ours against plain-cvode: {differing} values differ (largest relative difference "
          f"{largest:.2e}): not the same method or settings  DIFFERS")
    return False


def read_timings(work):
    timings = {}
    with open(os.path.join(work, "timings.txt")) as f:
        for line in f:
            fields = line.split()
            if len(fields) == 8 and fields[0] == "timing":
                timings[fields[1]] = {
                    "seconds": float(fields[2]),
                    "samples": int(fields[3]),
                    "runs": int(fields[4]),
                    "work": fields[5:],
                }
    return timings


def print_timings(work, judge):
    timings = read_timings(work)
    missing = [r for r in RUNNERS if r not in timings]
    if missing:
        print(f"no timing from {', '.join(missing)}")
        return False
    n_cases = len([f for f in os.listdir(os.path.join(work, "cases")) if f.endswith(".csv")])
    print(f"\nCPU time per run of the {n_cases} cases (median of the samples; each sample repeats "
          "the run runs times), and the solver's work per run:")
    print(f"  {'runner':26s} {'ms/run':>9s} {'samples':>7s} {'runs':>5s} {'steps':>6s} "
          f"{'rhs':>6s} {'jac':>5s}")
    for runner in RUNNERS + INFORMATIONAL:
        if runner not in timings:
            continue
        t = timings[runner]
        steps, rhs, jac = t["work"]
        print(f"  {runner:26s} {t['seconds'] * 1e3:9.3f} {t['samples']:7d} {t['runs']:5d} "
              f"{steps:>6s} {rhs:>6s} {jac:>5s}")
    print()
    for label, num, den, target, sense in TARGETS:
        ratio = timings[num]["seconds"] / timings[den]["seconds"]
        if not judge:
            print(f"{label:22s} {ratio:8.3f}  (smoke run: not judged)")
            continue
        met = ratio <= target if sense == "at most" else ratio >= target
        verdict = "MET" if met else f"MISSED by {max(ratio / target, target / ratio):.1f}x"
        print(f"{label:22s} {ratio:8.3f}  target {sense} {target:g}: {verdict}")
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", required=True)
    parser.add_argument("--tolerance", type=float, required=True)
    parser.add_argument("--floor", type=float, default=1e-6)
    parser.add_argument("--no-targets", action="store_true")
    args = parser.parse_args()
    agree = check_agreement(args.work, args.tolerance, args.floor)
    agree = check_same_as_plain(args.work) and agree
    if not agree:
        print("the runners disagree: no times are reported")
        return 1
    return 0 if print_timings(args.work, not args.no_targets) else 1


if __name__ == "__main__":
    sys.exit(main())
