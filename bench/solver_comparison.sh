#!/usr/bin/env bash
# The virtual patient's equations under four solvers, in one command (issue 6):
#
#   bash bench/solver_comparison.sh [--build-dir DIR [--no-build]] [--work DIR] [--quick]
#
# 1. builds the optimised targets (bash scripts/build release, then cytostorm_solver_comparison,
#    cytostorm_plain_cvode and libcytostorm_ode in build/release; --build-dir DIR builds them in
#    an already configured build directory instead, --no-build uses them as they are);
# 2. exports three virtual patients (typical, severe, mild; 28 days, outputs every hour, rtol
#    1e-6, atol 1e-9, no interventions) to case files that every runner reads;
# 3. runs, on one core (taskset -c 0 when available):
#    - ours: solver::CvodeSolver over model::VirtualPatient (C++);
#    - plain-cvode: a plain C program against Debian's SUNDIALS CVODE, the same method and
#      settings (BDF, dense, exact Jacobian, CVODE's defaults, outputs interpolated as ours does
#      for the virtual patient) with SUNDIALS' own modules; ours uses its own compiled copies of
#      the vector arithmetic and the LU factorisation (Debian builds SUNDIALS without
#      optimisation), the same arithmetic: its trajectories must equal plain-cvode's to the bit;
#    - desolve-lsoda: R deSolve's lsoda with the compiled right-hand side and Jacobian;
#    - scipy-lsoda: SciPy's solve_ivp(method="LSODA") calling the compiled right-hand side and
#      Jacobian through ctypes (favours SciPy over a right-hand side written in Python);
#    - plain-cvode-stops (informational): the plain program stopping at every output;
#    every runner integrates the same compiled equations (libcytostorm_ode, built from
#    model::VirtualPatient: nothing is transcribed into C, R or Python);
# 4. checks that every trajectory agrees with a reference (the plain program at rtol 1e-10,
#    atol 1e-14) within the stated tolerance, on every state at every output time, and prints the
#    largest deviation of each runner, and whether ours equals plain-cvode to the last bit; then
#    prints the CPU time per run (median of repeated in-process runs) and the ratios with their
#    targets: ours/plain CVODE <= 1.25, deSolve/ours >= 3, SciPy/ours >= 100.
#
# --quick (the CTest smoke test) runs each runner once and checks agreement only. --work DIR
# keeps the case files, trajectories and timings there (default: a temporary directory, removed).
# Exit status: 0 when the runners agree, 1 when they do not, 2 on a usage or setup error. A missed
# speed target is reported, not an error.
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C

build_dir=""
build=1
work=""
quick=0
# Agreement: |y - y_ref| / max(|y_ref|, floor x the state's peak) at most tolerance. Each runner
# keeps its local error near rtol (1e-6) per step; over 28 days of expansion and contraction the
# global error grows to a few times 1e-4 (the deviations printed show the margin).
tolerance=1e-3
floor=1e-6

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; }
log() { echo "solver_comparison: $*" >&2; }
die() {
  echo "solver_comparison: $*" >&2
  exit 2
}

while [ $# -gt 0 ]; do
  case "$1" in
    --build-dir) build_dir=${2:?--build-dir needs a directory}; shift 2 ;;
    --no-build) build=0; shift ;;
    --work) work=${2:?--work needs a directory}; shift 2 ;;
    --quick) quick=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
[ "$build" -eq 1 ] || [ -n "$build_dir" ] || die "--no-build needs --build-dir"

python=${PYTHON:-/usr/bin/python3}
command -v Rscript >/dev/null 2>&1 || die "Rscript is missing: run bash scripts/setup"
Rscript -e 'suppressPackageStartupMessages(library(deSolve))' >/dev/null 2>&1 ||
  die "R's deSolve is missing: run bash scripts/setup (r-cran-desolve)"
"$python" -c 'import numpy, scipy.integrate' 2>/dev/null ||
  die "$python cannot import numpy and scipy: run bash scripts/setup (python3-scipy), or set PYTHON"

targets=(cytostorm_solver_comparison cytostorm_plain_cvode cytostorm_ode)
if [ -z "$build_dir" ]; then
  log "building build/release (bash scripts/build release)"
  bash scripts/build release >&2
  build_dir=build/release
fi
if [ "$build" -eq 1 ] && ! cmake --build "$build_dir" --target "${targets[@]}" >&2; then
  die "cannot build ${targets[*]} in $build_dir (errors above; a build directory configured" \
    "with -DCYTOSTORM_BUILD_BENCHMARKS=OFF has none of them)"
fi
bench=$build_dir/bench
lib=$bench/libcytostorm_ode.so
for f in "$bench/cytostorm_solver_comparison" "$bench/cytostorm_plain_cvode" "$lib"; do
  [ -e "$f" ] || die "$f is missing (build the targets ${targets[*]})"
done

if [ -z "$work" ]; then
  work=$(mktemp -d "${TMPDIR:-/tmp}/cytostorm-solvers.XXXXXX")
  trap 'rm -rf "$work"' EXIT
else
  rm -rf "$work"
  mkdir -p "$work"
fi

# One core: taskset -c 0 when it works here.
pin=()
cpu="not pinned (taskset unavailable)"
if command -v taskset >/dev/null 2>&1 && taskset -c 0 true 2>/dev/null; then
  pin=(taskset -c 0)
  cpu="cpu 0 (taskset -c 0)"
fi

# A sanitized build's library needs the address sanitizer's runtime loaded first in R and Python.
foreign=()
asan=$(ldd "$lib" | awk '/libasan/ { print $3 }')
if [ -n "$asan" ]; then
  foreign=(env "LD_PRELOAD=$asan" ASAN_OPTIONS=detect_leaks=0)
fi

# Samples per runner and the CPU seconds each sample lasts at least (runs are repeated within it).
if [ "$quick" -eq 1 ]; then
  fast=(--samples 0 --min-seconds 0)
  slow=(--samples 0 --min-seconds 0)
else
  fast=(--samples 15 --min-seconds 0.3)
  slow=(--samples 7 --min-seconds 0.5)
fi

"$bench/cytostorm_solver_comparison" export "$work/cases" 2>&1 | sed 's/^/  /' >&2
cases=("$work"/cases/case-*.csv)
load=$(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || echo unknown)
log "running on $cpu; load average before: $load"

run() {  # run NAME COMMAND...: the runner's timing line goes to timings.txt
  local name=$1
  shift
  log "$name"
  if ! "$@" >"$work/$name.out"; then
    cat "$work/$name.out" >&2
    die "$name failed: $*"
  fi
  grep '^timing ' "$work/$name.out" >>"$work/timings.txt"
}
: >"$work/timings.txt"
log "reference (plain CVODE, rtol 1e-10, atol 1e-14)"
"$bench/cytostorm_plain_cvode" --out "$work/reference" --samples 0 --rtol 1e-10 --atol 1e-14 \
  --stop-at-outputs \
  "${cases[@]}" >/dev/null || die "the reference run failed"
run ours "${pin[@]}" "$bench/cytostorm_solver_comparison" run --out "$work/ours" "${fast[@]}" \
  "${cases[@]}"
run plain-cvode "${pin[@]}" "$bench/cytostorm_plain_cvode" --out "$work/plain-cvode" "${fast[@]}" \
  "${cases[@]}"
run plain-cvode-stops "${pin[@]}" "$bench/cytostorm_plain_cvode" --stop-at-outputs \
  --out "$work/plain-cvode-stops" "${fast[@]}" "${cases[@]}"
run desolve-lsoda "${foreign[@]}" "${pin[@]}" Rscript bench/solver_comparison/desolve_lsoda.R \
  --lib "$lib" --out "$work/desolve-lsoda" "${slow[@]}" "${cases[@]}"
run scipy-lsoda "${foreign[@]}" "${pin[@]}" "$python" bench/solver_comparison/scipy_lsoda.py \
  --lib "$lib" --out "$work/scipy-lsoda" "${slow[@]}" "${cases[@]}"

echo "cases: $(grep -h '^# ' "${cases[@]}" | sed 's/^# //' | paste -sd ';' | sed 's/;/; /g')"
echo "settings: $(awk -F, '$1 == "setting" { printf "%s%s %s", sep, $2, $3; sep = ", " }' \
  "${cases[0]}"); no interventions; $cpu"
echo "load average before the runs: $load (other work on the machine slows every runner)"
judge=()
[ "$quick" -eq 0 ] || judge=(--no-targets)
"$python" bench/solver_comparison/compare.py --work "$work" --tolerance "$tolerance" \
  --floor "$floor" "${judge[@]}"
