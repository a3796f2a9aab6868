#!/usr/bin/env bash
# make bench: figures of a release build beside their floors measured in the
# same run (SPEC §6), on the realistic corpus (scripts/generate_manifests.py).
# Benchmarks, not tests: nothing here asserts on timing. Every figure is the
# median of RUNS runs (default 11).
set -euo pipefail
tokenctl=${1:?usage: bench.sh PATH-TO-RELEASE-TOKENCTL [PATH-TO-STATIC-TOKENCTL]}
# The binary make install builds (the Swift standard library linked statically), when given.
static_tokenctl=${2:-}
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
# Start-up floor: a Swift hello-world loading the same shared libraries (--no-as-needed keeps them all).
swiftc -O "$here/bench/hello.swift" -o "$work/hello" -Xlinker --no-as-needed -lsqlite3 -lyaml -lstdc++ 2>/dev/null
hello_us=$(median_us "$work/hello")
printf 'start-up: tokenctl version %s ms; Swift hello-world linking the same libraries %s ms; ratio %s (target <= 1.5)\n' \
  "$(ms "$version_us")" "$(ms "$hello_us")" "$(ratio "$version_us" "$hello_us")"
if [ -n "$static_tokenctl" ]; then
  static_version_us=$(median_us "$static_tokenctl" version)
  printf 'start-up of the binary make install builds (Swift libraries linked statically): version %s ms (target <= 8)\n' "$(ms "$static_version_us")"
fi

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
# Where create's time goes, per token of one file of 10,000 (in process, best of 5).
"$(dirname "$tokenctl")/tokenctl-bench" phases "$work/create/tokens-00000.yaml"
"$(dirname "$tokenctl")/tokenctl-bench" store "$work/create/tokens-00000.yaml" "$work/phases.db"
# Peak memory of create (one run each): 10,000, 100,000 and 300,000 tokens.
python3 "$here/generate_manifests.py" --files 30 --per-file 10000 --out "$work/create300" >/dev/null
peak_kib() {
  rm -f "$work"/memory.db*
  /usr/bin/time -f '%M' -o "$work/peak" "$tokenctl" --db "$work/memory.db" create "$@" >/dev/null 2>&1 || true
  cat "$work/peak"
}
peaks=()
for files in 1 10 30; do
  peaks+=("$(( files * 10000 )) tokens $(( $(peak_kib $(ls "$work"/create300/*.yaml | head -n "$files")) / 1024 )) MiB")
done
printf 'create peak memory: %s; %s; %s (target: 100000 tokens <= 250 MiB)\n' "${peaks[@]}"
rm -rf "$work/create300" "$work"/memory.db*

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
if [ -n "$static_tokenctl" ]; then
  static_check=("$static_tokenctl" --db "$work/tokens.db" check --iid "$vector/rsa2048.b64" --at pending+1m)
  static_text_us=$(median_us "${static_check[@]}")
  static_json_us=$(median_us "${static_check[@]}" --format json)
  printf 'check, the binary make install builds: text %s ms, json %s ms; its version + 10 = %s ms (target: both <=)\n' \
    "$(ms "$static_text_us")" "$(ms "$static_json_us")" "$(ms $(( static_version_us + 10000 )))"
fi
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

# Live AWS (SPEC §6), against moto's server on loopback with signature checking on.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 "$here/../fixtures/aws/moto_server.py" "$port" > "$work/moto.log" 2>&1 &
moto_pid=$!
trap 'kill -9 $moto_pid 2>/dev/null; rm -rf "$work"' EXIT
export INITIAL_NO_AUTH_ACTION_COUNT=100000
for _ in $(seq 100); do python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null && break; sleep 0.2; done
python3 "$here/../fixtures/aws/moto_setup.py" "http://127.0.0.1:$port" 100 > "$work/moto.json"
field() { python3 -c "import json, sys; d = json.load(open('$work/moto.json')); print(eval(sys.argv[1]))" "$1"; }
account=$(field 'd["account"]')
export AWS_ENDPOINT_URL="http://127.0.0.1:$port" AWS_ACCESS_KEY_ID=$(field 'd["auth"]["id"]') AWS_SECRET_ACCESS_KEY=$(field 'd["auth"]["secret"]') AWS_REGION=us-east-1
export AWS_CONFIG_FILE=/nonexistent AWS_SHARED_CREDENTIALS_FILE=/nonexistent
role=$(field 'd["roles"]["describe-role"]')
instance=$(field 'd["instances"]["us-west-2"]["running"]')
printf '{"accountId": "%s", "region": "us-west-2", "instanceId": "%s", "pendingTime": "2026-12-03T12:00:00Z"}' "$account" "$instance" > "$work/live.json"
printf 'kind: token\nversion: v2\nmetadata: {name: live}\nspec: {roles: [Node], join_method: ec2, allow: [{aws_account: "%s", aws_regions: [us-west-2], aws_role: "%s"}]}\n' "$account" "$role" > "$work/live.yaml"
live_us=$(median_us "$tokenctl" check -f "$work/live.yaml" --iid "$work/live.json" --at 2026-12-03T12:01:00Z --live)
cli_calls() {
  aws sts assume-role --endpoint-url "$AWS_ENDPOINT_URL" --role-arn "$role" --role-session-name bench --duration-seconds 900 >/dev/null &&
    aws ec2 describe-instances --endpoint-url "$AWS_ENDPOINT_URL" --region us-west-2 --instance-ids "$instance" >/dev/null
}
cli_us=$(median_us cli_calls)
printf 'check --live (AssumeRole + DescribeInstances): %s ms; AWS CLI making the same two calls %s ms; ratio %s (target <= 0.2)\n' \
  "$(ms "$live_us")" "$(ms "$cli_us")" "$(ratio "$live_us" "$cli_us")"

# preflight: 100 rules (each its own role) x 3 regions, concurrent against one request at a time.
python3 - "$work/preflight.yaml" "$work/moto.json" <<'PY'
import json, sys
setup = json.load(open(sys.argv[2]))
rules = [f'  - {{aws_account: "{setup["account"]}", aws_regions: [us-west-2, eu-west-1, us-east-1], aws_role: "arn:aws:iam::{setup["account"]}:role/role-{i:03d}"}}'
         for i in range(100)]
open(sys.argv[1], "w").write("kind: token\nversion: v2\nmetadata: {name: fleet}\nspec:\n  roles: [Node]\n  join_method: ec2\n  allow:\n" + "\n".join(rules) + "\n")
PY
# moto answers from this machine's CPU; AWS calls wait on a round trip. A proxy adds 20 ms to each
# request (a nearby region's round trip), so the figure shows what concurrency buys against that wait.
proxy_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 "$here/bench/latency_proxy.py" "$proxy_port" "$AWS_ENDPOINT_URL" 20 &
proxy_pid=$!
trap 'kill -9 $moto_pid $proxy_pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do python3 -c "import socket; socket.create_connection(('127.0.0.1', $proxy_port), 0.2)" 2>/dev/null && break; sleep 0.2; done
RUNS_SAVED=$runs; runs=${PREFLIGHT_RUNS:-5}
concurrent_us=$(AWS_ENDPOINT_URL="http://127.0.0.1:$proxy_port" median_us "$tokenctl" preflight -f "$work/preflight.yaml" --concurrency 16)
sequential_us=$(AWS_ENDPOINT_URL="http://127.0.0.1:$proxy_port" median_us "$tokenctl" preflight -f "$work/preflight.yaml" --concurrency 1)
runs=$RUNS_SAVED
printf 'preflight: 100 rules x 3 regions (400 requests, 20 ms added to each): concurrent (16) %s ms; one at a time %s ms; speed-up %s (target >= 3)\n' \
  "$(ms "$concurrent_us")" "$(ms "$sequential_us")" "$(ratio "$sequential_us" "$concurrent_us")"

# PostgreSQL (SPEC §3.1, §6): a throwaway local server, and its own psql doing the same work in the same run.
pg_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 "$here/../fixtures/postgres/pg_server.py" "$pg_port" > "$work/pg.json" &
pg_pid=$!
trap 'kill -9 $moto_pid $proxy_pid 2>/dev/null; kill $pg_pid 2>/dev/null; sleep 1; rm -rf "$work"' EXIT
for _ in $(seq 300); do grep -q port "$work/pg.json" 2>/dev/null && break; sleep 0.2; done
export PGPASSWORD=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["password"])' "$work/pg.json")
pg_bin=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["bindir"])' "$work/pg.json")
psql=("$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U tokenctl -v ON_ERROR_STOP=1 -qtA)
uri() { echo "postgresql://tokenctl@127.0.0.1:$pg_port/$1"; }
fresh_db() { "${psql[@]}" -d postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1"; }
# Median microseconds of a command, each run after an untimed set-up command.
median_after_us() {
  local setup=$1; shift
  local samples=()
  for _ in $(seq "$runs"); do
    $setup >/dev/null 2>&1
    local start end
    start=$(date +%s%N); "$@" >/dev/null 2>&1 || true; end=$(date +%s%N)
    samples+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${samples[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}
pg_setup_create() { fresh_db bench; }
pg_create_us=$(median_after_us pg_setup_create "$tokenctl" --db "$(uri bench)" create "$work"/create/*.yaml)
fresh_db bench >/dev/null 2>&1
"$tokenctl" --db "$(uri bench)" create "$work"/create/*.yaml "$work/account.yaml" >/dev/null 2>&1
"$pg_bin/pg_dump" -h 127.0.0.1 -p "$pg_port" -U tokenctl -d bench --schema-only -n tokenctl > "$work/pg-schema.sql"
"${psql[@]}" -d bench -c "\\copy tokenctl.token TO '$work/pg-token.copy'" -c "\\copy tokenctl.allow_rule TO '$work/pg-rule.copy'"
pg_setup_floor() { fresh_db floor && "${psql[@]}" -d floor -f "$work/pg-schema.sql"; }
pg_copy_us=$(median_after_us pg_setup_floor "${psql[@]}" -d floor -c "BEGIN" \
  -c "\\copy tokenctl.token FROM '$work/pg-token.copy'" -c "\\copy tokenctl.allow_rule FROM '$work/pg-rule.copy'" -c "COMMIT")
printf 'postgresql create: 100000 tokens in %s ms; floor %s ms (psql COPY of the same rows %s ms + libyaml %s ms); ratio %s (target <= 2)\n' \
  "$(ms "$pg_create_us")" "$(ms $(( pg_copy_us + parse_us )))" "$(ms "$pg_copy_us")" "$(ms "$parse_us")" "$(ratio "$pg_create_us" $(( pg_copy_us + parse_us )))"
select_us=$(median_us "${psql[@]}" -d bench -c "select 1")
pg_check=("$tokenctl" --db "$(uri bench)" check --iid "$vector/rsa2048.b64" --at pending+1m)
pg_text_us=$(median_us "${pg_check[@]}")
pg_json_us=$(median_us "${pg_check[@]}" --format json)
printf 'postgresql check: text %s ms, json %s ms; version + psql select 1 + 10 = %s ms (target: both <=)\n' \
  "$(ms "$pg_text_us")" "$(ms "$pg_json_us")" "$(ms $(( version_us + select_us + 10000 )))"
pg_list_us=$(median_us "$tokenctl" --db "$(uri bench)" list --format names)
pg_psql_list_us=$(median_us "${psql[@]}" -d bench -c "SELECT name FROM tokenctl.token ORDER BY name")
printf 'postgresql list --format names: %s ms; psql %s ms; ratio %s (target <= 3)\n' \
  "$(ms "$pg_list_us")" "$(ms "$pg_psql_list_us")" "$(ratio "$pg_list_us" "$pg_psql_list_us")"
