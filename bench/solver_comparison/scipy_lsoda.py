"""The cases of bench/solver_comparison.sh integrated by SciPy's solve_ivp with method "LSODA".

    python3 scipy_lsoda.py --lib PATH/libcytostorm_ode.so --out DIR [--samples S]
                           [--min-seconds X] CASE...

The right-hand side and the Jacobian are the virtual patient's compiled ones (libcytostorm_ode,
called through ctypes), not Python code: a Python transcription of the equations would be a second
copy that could drift, and it would be slower, so this measures SciPy at its most favourable
(every evaluation still crosses from Python into C and back). Writes each trajectory to
DIR/<case file name> and prints
`timing scipy-lsoda SECONDS_PER_RUN SAMPLES RUNS_PER_SAMPLE STEPS RHS_EVALS JAC_EVALS`: the median
over S samples of the CPU time per run of all cases, each sample repeating the run enough times to
last X seconds (STEPS is "-": solve_ivp does not report LSODA's steps).
"""

import argparse
import csv
import ctypes
import math
import os
import sys
import time

import numpy as np
from scipy.integrate import solve_ivp


def read_case(path):
    """A case file (case_file.hpp): settings, named inputs, initial state."""
    settings, names, values, state_names, y0 = {}, [], [], [], []
    with open(path, newline="") as f:
        rows = csv.reader(line for line in f if not line.startswith("#"))
        if next(rows, None) != ["kind", "name", "value"]:
            sys.exit(f"scipy_lsoda: {path}: expected the header kind,name,value")
        for kind, name, value in rows:
            if kind == "setting":
                settings[name] = float(value)
            elif kind == "input":
                names.append(name.encode())
                values.append(float(value))
            elif kind == "state":
                state_names.append(name)
                y0.append(float(value))
            else:
                sys.exit(f"scipy_lsoda: {path}: unknown kind '{kind}'")
    missing = {"rtol", "atol", "days", "outputs_per_day"} - settings.keys()
    if missing:
        sys.exit(f"scipy_lsoda: {path}: settings missing: {', '.join(sorted(missing))}")
    per_day = int(settings["outputs_per_day"])
    outputs = int(settings["days"]) * per_day
    return {
        "path": path,
        "rtol": settings["rtol"],
        "atol": settings["atol"],
        "times": np.arange(outputs + 1) / per_day,
        "names": names,
        "values": values,
        "state_names": state_names,
        "y0": np.array(y0),
    }


class Patient:
    """One case's virtual patient in libcytostorm_ode, with the callables solve_ivp takes."""

    def __init__(self, lib, case):
        self.lib = lib
        self.n = lib.cytostorm_ode_size()
        count = len(case["names"])
        error = ctypes.create_string_buffer(512)
        self.handle = lib.cytostorm_ode_create(
            count,
            (ctypes.c_char_p * count)(*case["names"]),
            (ctypes.c_double * count)(*case["values"]),
            error,
            len(error),
        )
        if not self.handle:
            sys.exit(f"scipy_lsoda: {case['path']}: {error.value.decode()}")

    def rhs(self, t, y):
        y = np.ascontiguousarray(y, dtype=np.float64)
        dydt = np.empty(self.n)
        self.lib.cytostorm_ode_rhs(self.handle, t, y.ctypes.data, dydt.ctypes.data)
        return dydt

    def jacobian(self, t, y):
        y = np.ascontiguousarray(y, dtype=np.float64)
        jac = np.empty((self.n, self.n), order="F")  # column-major, as the library writes it
        self.lib.cytostorm_ode_jacobian(self.handle, t, y.ctypes.data, jac.ctypes.data)
        return jac


def load(path):
    lib = ctypes.CDLL(os.path.abspath(path))
    lib.cytostorm_ode_size.restype = ctypes.c_int
    lib.cytostorm_ode_create.restype = ctypes.c_void_p
    lib.cytostorm_ode_create.argtypes = [
        ctypes.c_int,
        ctypes.POINTER(ctypes.c_char_p),
        ctypes.POINTER(ctypes.c_double),
        ctypes.c_char_p,
        ctypes.c_size_t,
    ]
    for function in (lib.cytostorm_ode_rhs, lib.cytostorm_ode_jacobian):
        function.restype = None
        function.argtypes = [ctypes.c_void_p, ctypes.c_double, ctypes.c_void_p, ctypes.c_void_p]
    return lib


def integrate(patient, case):
    solution = solve_ivp(
        patient.rhs,
        (case["times"][0], case["times"][-1]),
        case["y0"],
        method="LSODA",
        t_eval=case["times"],
        rtol=case["rtol"],
        atol=case["atol"],
        jac=patient.jacobian,
    )
    if solution.status != 0:
        sys.exit(f"scipy_lsoda: {case['path']}: {solution.message}")
    return solution


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lib", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--min-seconds", type=float, default=0.0)
    parser.add_argument("cases", nargs="+")
    args = parser.parse_args()
    if args.samples < 0 or args.min_seconds < 0:
        parser.error("--samples and --min-seconds must be non-negative")

    lib = load(args.lib)
    cases = [read_case(path) for path in args.cases]
    patients = [Patient(lib, case) for case in cases]

    def run_once():
        return [integrate(p, c) for p, c in zip(patients, cases)]

    start = time.process_time()
    solutions = run_once()
    first = time.process_time() - start
    os.makedirs(args.out, exist_ok=True)
    for case, solution in zip(cases, solutions):
        table = np.column_stack([solution.t, solution.y.T])
        np.savetxt(
            os.path.join(args.out, os.path.basename(case["path"])),
            table,
            fmt="%.17g",
            delimiter=",",
            header=",".join(["time"] + case["state_names"]),
            comments="",
        )

    runs = max(1, math.ceil(args.min_seconds / max(first, 1e-6)))
    per_run = []
    for _ in range(args.samples):
        start = time.process_time()
        for _ in range(runs):
            run_once()
        per_run.append((time.process_time() - start) / runs)
    median = sorted(per_run)[args.samples // 2] if per_run else first
    nfev = sum(s.nfev for s in solutions)
    njev = sum(s.njev for s in solutions)
    print(f"timing scipy-lsoda {median:.6e} {args.samples} {runs} - {nfev} {njev}")


if __name__ == "__main__":
    main()
