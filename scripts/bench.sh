#!/usr/bin/env bash
# make bench: figures of a release build beside their floors measured in the
# same run (SPEC §6), on the realistic corpus (scripts/generate_manifests.py).
# Benchmarks, not tests: nothing here asserts on timing. Every figure is the
# median of RUNS runs (default 11).
set -euo pipefail
tokenctl=${1:?usage: bench.sh PATH-TO-RELEASE-TOKENCTL}
here=$(cd "$(dirname "$0")" && pwd)
runs=${RUNS:-11}
work=$(mktemp -d "${TMPDIR:-/tmp}/tokenctl-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Median wall-clock microseconds of $runs runs of a command (output discarded).
median_us() {
  local samples=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    samples+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${samples[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}
ms() { awk -v us="$1" 'BEGIN { printf "%.1f", us / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

cc -O2 -o "$work/yaml_events" "$here/bench/yaml_events.c" $(pkg-config --cflags --libs yaml-0.1)
echo "tokenctl bench: release build, median of $runs runs, floors measured in the same run"

version_us=$(median_us "$tokenctl" version)
printf 'start-up: tokenctl version %s ms\n' "$(ms "$version_us")"

# lint: 10,000 files of one document, against libyaml parsing the same files to events.
python3 "$here/generate_manifests.py" --files 10000 --per-file 1 --out "$work/lint" >/dev/null
lint_us=$(median_us "$tokenctl" lint "$work/lint")
floor_us=$(median_us "$work/yaml_events" "$work/lint")
printf 'lint: 10000 files in %s ms = %d documents/s; libyaml events floor %s ms = %d documents/s; ratio %s (target >= 0.5)\n' \
  "$(ms "$lint_us")" $(( 10000 * 1000000 / lint_us )) "$(ms "$floor_us")" $(( 10000 * 1000000 / floor_us )) "$(ratio "$floor_us" "$lint_us")"

# create: 100,000 tokens in 10 files, against SQLite loading the same rows plus libyaml parsing the files.
python3 "$here/generate_manifests.py" --files 10 --per-file 10000 --out "$work/create" >/dev/null
create_once() { rm -f "$work"/tokens.db*; "$tokenctl" --db "$work/tokens.db" create "$work"/create/*.yaml; }
create_us=$(median_us create_once)
create_once >/dev/null 2>&1
sqlite3 "$work/tokens.db" .dump > "$work/dump.sql"
load_once() { rm -f "$work"/floor.db*; sqlite3 "$work/floor.db" < "$work/dump.sql"; }
load_us=$(median_us load_once)
parse_us=$(median_us "$work/yaml_events" "$work/create")
floor_us=$(( load_us + parse_us ))
printf 'create: 100000 tokens (10 files) in %s ms; floor %s ms (sqlite3 loading the same rows %s ms + libyaml %s ms); ratio %s (target <= 1.5)\n' \
  "$(ms "$create_us")" "$(ms "$floor_us")" "$(ms "$load_us")" "$(ms "$parse_us")" "$(ratio "$create_us" "$floor_us")"

# list --format names against the sqlite3 CLI printing the same names.
count=$("$tokenctl" --db "$work/tokens.db" list --format names | wc -l)
list_us=$(median_us "$tokenctl" --db "$work/tokens.db" list --format names)
floor_us=$(median_us sqlite3 "$work/tokens.db" "SELECT name FROM token ORDER BY name")
printf 'list --format names: %d tokens in %s ms; sqlite3 %s ms; ratio %s (target <= 3)\n' \
  "$count" "$(ms "$list_us")" "$(ms "$floor_us")" "$(ratio "$list_us" "$floor_us")"

# check: one rsa2048 blob against the realistic store plus a few dozen rules naming the document's account.
vector="$here/../fixtures/iid/rsa2048_us-west-2_2018_taskcluster-iid-verify"
python3 - "$work/account.yaml" <<'PY'
import sys
docs = []
for i in range(40):
    regions = "[us-west-2]" if i % 3 else "[us-east-1, eu-west-1]"
    docs.append(f"kind: token\nversion: v2\nmetadata: {{name: acct-{i:03d}}}\n"
                f"spec: {{roles: [Node], allow: [{{aws_account: \"692406183521\", aws_regions: {regions}}}]}}\n")
open(sys.argv[1], "w").write("---\n".join(docs))
PY
"$tokenctl" --db "$work/tokens.db" create "$work/account.yaml" >/dev/null 2>&1
check=("$tokenctl" --db "$work/tokens.db" check --iid "$vector/rsa2048.b64" --at pending+1m)
candidates=$("${check[@]}" --format json | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["tokens"]))')
lines=$("${check[@]}" | wc -l)
text_us=$(median_us "${check[@]}")
json_us=$(median_us "${check[@]}" --format json)
printf 'check: one rsa2048 blob, %d stored tokens, %d candidates: text %s ms (%d lines), json %s ms; version + 10 = %s ms (target: both <=)\n' \
  "$((count + 40))" "$candidates" "$(ms "$text_us")" "$lines" "$(ms "$json_us")" "$(ms $(( version_us + 10000 )))"
"$(dirname "$tokenctl")/tokenctl-bench" check "$work/tokens.db" "$vector/rsa2048.der"

# test: 1,000 cases, each with its own copy of a signed rsa2048 document (each read and verified).
python3 - "$work/cases" "$vector/rsa2048.b64" <<'PY'
import os, shutil, sys
root, blob = sys.argv[1], sys.argv[2]
os.makedirs(f"{root}/samples", exist_ok=True)
os.makedirs(f"{root}/tokens", exist_ok=True)
open(f"{root}/tokens/t.yaml", "w").write(
    'kind: token\nversion: v2\nmetadata: {name: ec2-token}\n'
    'spec: {roles: [Node], allow: [{aws_account: "692406183521", aws_regions: [us-west-2]}]}\n')
cases = ["manifests: [tokens/]", "cases:"]
for i in range(1000):
    shutil.copy(blob, f"{root}/samples/{i:04d}.rsa2048")
    expect = "allowed" if i % 2 else "denied"
    at = "pending+2m" if i % 2 else "pending+10m"
    cases.append(f"- name: case {i}\n  iid: samples/{i:04d}.rsa2048\n  at: {at}\n  expect: {expect}")
open(f"{root}/joins.tokentest.yaml", "w").write("\n".join(cases) + "\n")
PY
test_us=$(median_us "$tokenctl" test "$work/cases/joins.tokentest.yaml")
printf 'test: 1000 cases with signed documents in %s ms = %d cases/s (target >= 5000)\n' "$(ms "$test_us")" $(( 1000 * 1000000 / test_us ))

"$(dirname "$tokenctl")/tokenctl-bench" verify "$vector/rsa2048.der"
