#!/usr/bin/env bash
# make fuzz: runs each libFuzzer target for RUNS executions, or for TIME
# seconds when TIME is set, starting from the seed corpus in fixtures/fuzz/.
# Any crash, leak, timeout or out-of-memory fails the run; the input that
# caused it is left in .build-fuzz/artifacts/ (make it a fixture and a test).
set -euo pipefail
binary=${1:?usage: fuzz.sh BINARY RUNS TIME TARGET...}
runs=${2:-1000000}
seconds=${3:-}
shift 3
root=$(cd "$(dirname "$0")/.." && pwd)
work=$root/.build-fuzz
mkdir -p "$work/artifacts"

# The Swift runtime's crash backtracer would hold a crashing run instead of
# letting libFuzzer report it; leaks are checked with the suppressions below.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/fuzz/lsan.supp:print_suppressions=0}

if [ -n "$seconds" ]; then limit=(-max_total_time="$seconds"); else limit=(-runs="$runs"); fi
# libFuzzer runs one thread per target: the targets run side by side, one per
# core (FUZZ_JOBS), so each still gets its whole time.
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}

# One target; its verdict goes to its .result file, printed in order below.
run_target() {
  local target=$1 corpus=$work/corpus/$1 log=$work/$1.log result=$work/$1.result
  mkdir -p "$corpus"
  if ! "$binary" "$target" "$corpus" "$root/fixtures/fuzz/$target" "${limit[@]}" \
      -timeout=10 -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 \
      -artifact_prefix="$work/artifacts/$target-" >"$log" 2>&1; then
    { echo "fuzz $target: FAILED"; tail -n 40 "$log"; } >"$result"
    return 1
  fi
  # The figures the closing note asks for: executions and coverage.
  local executions coverage features seconds_taken
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  features=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  seconds_taken=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | grep -o 'in [0-9]*' | cut -d' ' -f2)
  echo "fuzz $target: ${executions:-?} executions in ${seconds_taken:-?} s, coverage ${coverage:-?} edges, ${features:-?} features, no crash, leak or timeout" >"$result"
}

status=0
running=0
for target in "$@"; do
  echo "fuzz $target: ${limit[*]} (log: $work/$target.log)"
  run_target "$target" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || status=1
    running=$((running - 1))
  fi
done
while [ "$running" -gt 0 ]; do
  wait -n || status=1
  running=$((running - 1))
done
for target in "$@"; do cat "$work/$target.result"; done
exit "$status"
