#!/usr/bin/env bash
# Throughput and memory of `cytostorm grade --format csv` on a synthetic cohort (issue 3).
#
#   bash bench/grade_throughput.sh [--patients N] [--days D] [--seed S] [--runs R]
#                                  [--build-dir DIR]
#
# Builds the optimised CLI and the cohort generator (bash scripts/build release, then the
# generator target in build/release), generates N patients x D days (default 10,000 x 30; the
# environment variables PATIENTS, DAYS, SEED, RUNS set the defaults), and in the same run times
# `wc -l FILE` and `cytostorm grade FILE --format csv -o OUT`, both on one core (taskset -c 0 when
# available), each the best of R runs (default 3). Prints the rows, both rates and their ratio
# (from CPU time, user + system, which other work on a shared machine stretches less than the
# wall clock; wall time is shown too), and the peak memory (RSS, GNU time's %M) of grade on the
# grouped cohort at N and N/4 patients (roughly equal: the reader streams, memory is bounded by
# the largest patient) and on the --ungrouped cohort at N and N/4 (grows with N: every row is
# held). The last line says whether grade reaches 0.25 of wc -l's rate. Progress goes to stderr.
#
# --build-dir DIR uses an already configured build directory instead of calling scripts/build
# (its cytostorm_cli and cytostorm_generate_cohort targets are built).
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C

patients=${PATIENTS:-10000}
days=${DAYS:-30}
seed=${SEED:-1}
runs=${RUNS:-3}
build_dir=""
target=0.25

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; }
log() { echo "grade_throughput: $*" >&2; }
die() {
  echo "grade_throughput: $*" >&2
  exit 2
}

while [ $# -gt 0 ]; do
  case "$1" in
    --patients) patients=${2:?--patients needs a number}; shift 2 ;;
    --days) days=${2:?--days needs a number}; shift 2 ;;
    --seed) seed=${2:?--seed needs a number}; shift 2 ;;
    --runs) runs=${2:?--runs needs a number}; shift 2 ;;
    --build-dir) build_dir=${2:?--build-dir needs a directory}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
for v in patients days seed runs; do
  [[ ${!v} =~ ^[0-9]+$ ]] || die "--$v must be a non-negative integer (got '${!v}')"
done
[ "$patients" -ge 4 ] || die "--patients must be at least 4 (the memory check also grades N/4)"
if [ "$days" -lt 1 ] || [ "$runs" -lt 1 ]; then die "--days and --runs must be at least 1"; fi
[ -x /usr/bin/time ] || die "GNU time (/usr/bin/time) is missing: run bash scripts/setup"

# Build.
if [ -z "$build_dir" ]; then
  log "building build/release (bash scripts/build release)"
  bash scripts/build release >&2
  build_dir=build/release
fi
if ! cmake --build "$build_dir" --target cytostorm_cli cytostorm_generate_cohort >&2; then
  die "cannot build cytostorm_cli and cytostorm_generate_cohort in $build_dir (errors above; a" \
    "build directory configured with -DCYTOSTORM_BUILD_BENCHMARKS=OFF has no generator target)"
fi
cli=$build_dir/apps/cytostorm/cytostorm
generator=$build_dir/bench/cytostorm_generate_cohort

work=$(mktemp -d "${TMPDIR:-/tmp}/cytostorm-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

# One core: taskset -c 0 when it works here.
pin=()
cpu="not pinned (taskset unavailable)"
if command -v taskset >/dev/null 2>&1 && taskset -c 0 true 2>/dev/null; then
  pin=(taskset -c 0)
  cpu="cpu 0 (taskset -c 0)"
fi

# One run of a command, its output discarded: "CPU WALL" in seconds, CPU = user + system time
# of the command (bash's time, millisecond resolution). Rates use CPU time: on a shared machine
# other processes on the same core stretch the wall clock but not the command's CPU time.
measure() {
  local TIMEFORMAT='%3U %3S %3R' t
  if ! t=$({ time "$@" >/dev/null 2>"$work/stderr.txt"; } 2>&1); then
    cat "$work/stderr.txt" >&2
    die "failed: $*"
  fi
  awk '{ printf "%.3f %.3f", $1 + $2, $3 }' <<<"$t"
}

# The best (least CPU time) of $runs runs: "CPU WALL".
best_of() {
  local best="" t i
  for ((i = 0; i < runs; i++)); do
    t=$(measure "$@")
    if [ -z "$best" ] || awk -v t="${t%% *}" -v b="${best%% *}" 'BEGIN { exit !(t < b) }'; then
      best=$t
    fi
  done
  echo "$best"
}

generate() {  # generate FILE PATIENTS [--ungrouped]
  local file=$1 n=$2
  shift 2
  log "generating $n patients x $days days (seed $seed${1:+, ungrouped})"
  "$generator" --patients "$n" --days "$days" --seed "$seed" "$@" -o "$file"
}

grade() {  # grade FILE: the command under test
  "${pin[@]}" "$cli" grade "$1" --format csv -o "$work/out.csv"
}

# Peak RSS of grade in KiB, and a check that it graded every patient.
peak_kib() {  # peak_kib FILE PATIENTS
  /usr/bin/time -f %M -o "$work/time.txt" "${pin[@]}" "$cli" grade "$1" --format csv \
    -o "$work/mem.csv"
  local lines
  lines=$(wc -l <"$work/mem.csv")
  [ "$lines" -eq $(($2 + 1)) ] || die "grade wrote $lines lines for $2 patients ($1)"
  tail -n 1 "$work/time.txt"
}


quarter=$((patients / 4))
file=$work/cohort.csv
generate "$file" "$patients"
lines=$(wc -l <"$file")
rows=$((lines - 1))
bytes=$(stat -c %s "$file")

log "timing wc -l and cytostorm grade, best of $runs each, $cpu"
cat "$file" >/dev/null  # into the page cache: both read from memory
grade "$file"
graded=$(wc -l <"$work/out.csv")
[ "$graded" -eq $((patients + 1)) ] || die "grade wrote $graded lines for $patients patients"
load=$(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || echo unknown)
read -r wc_s wc_wall <<<"$(best_of "${pin[@]}" wc -l "$file")"
read -r grade_s grade_wall <<<"$(best_of grade "$file")"

log "peak memory, grouped and ungrouped, at $patients and $quarter patients"
rss_n=$(peak_kib "$file" "$patients")
generate "$work/quarter.csv" "$quarter"
rss_q=$(peak_kib "$work/quarter.csv" "$quarter")
rm -f "$work/quarter.csv"
generate "$work/ungrouped.csv" "$patients" --ungrouped
rss_un=$(peak_kib "$work/ungrouped.csv" "$patients")
generate "$work/ungrouped-quarter.csv" "$quarter" --ungrouped
rss_uq=$(peak_kib "$work/ungrouped-quarter.csv" "$quarter")

awk -v rows="$rows" -v bytes="$bytes" -v wc="$wc_s" -v gr="$grade_s" \
  -v wc_wall="$wc_wall" -v gr_wall="$grade_wall" -v target="$target" \
  -v n="$patients" -v q="$quarter" -v days="$days" -v seed="$seed" -v runs="$runs" \
  -v cpu="$cpu" -v load="$load" -v rn="$rss_n" -v rq="$rss_q" -v run="$rss_un" -v ruq="$rss_uq" '
  function mib(k) { return sprintf("%.1f MiB", k / 1024) }
  BEGIN {
    ratio = (rows / gr) / (rows / wc)
    printf "cohort:                                %d patients x %d days, seed %d, grouped by patient\n", n, days, seed
    printf "rows:                                  %d data rows (%.1f MB)\n", rows, bytes / 1e6
    printf "cpu:                                   %s, best of %d runs, rates from CPU time (user + system)\n", cpu, runs
    printf "load average before timing:            %s (other work on the machine slows both)\n", load
    printf "wc -l:                                 %.0f rows/s  (CPU %.3f s, wall %.3f s)\n", rows / wc, wc, wc_wall
    printf "cytostorm grade --format csv:          %.0f rows/s  (CPU %.3f s, wall %.3f s)\n", rows / gr, gr, gr_wall
    printf "ratio grade/wc:                        %.4f\n", ratio
    printf "peak RSS grade, grouped,   N=%-6d   %s\n", n, mib(rn)
    printf "peak RSS grade, grouped,   N/4=%-6d %s  (%.2fx of N)\n", q, mib(rq), rq / rn
    printf "peak RSS grade, ungrouped, N=%-6d   %s\n", n, mib(run)
    printf "peak RSS grade, ungrouped, N/4=%-6d %s  (%.2fx of N)\n", q, mib(ruq), ruq / run
    printf "ratio_vs_wc=%.3f target=%s %s\n", ratio, target, (ratio >= target ? "MET" : "MISSED")
  }'
