#!/usr/bin/env bash
# make bench: throughput figures of a release build (not tests: nothing here
# asserts on timing). Prints one line per benchmark.
set -euo pipefail
tokenctl=${1:?usage: bench.sh PATH-TO-RELEASE-TOKENCTL}
work=$(mktemp -d "${TMPDIR:-/tmp}/tokenctl-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Best wall-clock milliseconds of N runs of a command.
best_ms() {
  local runs=$1; shift
  local best=
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    local ms=$(( (end - start) / 1000000 ))
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  done
  echo "$best"
}

python3 "$(dirname "$0")/generate_manifests.py" --files 10000 --per-file 1 --out "$work/lint" >/dev/null
docs=10000
ms=$(best_ms 5 "$tokenctl" lint "$work/lint")
printf 'lint: %d manifest files (1 document each) in %d ms = %d documents/s (target >= 30000)\n' \
  "$docs" "$ms" $(( docs * 1000 / (ms > 0 ? ms : 1) ))

python3 "$(dirname "$0")/generate_manifests.py" --files 10 --per-file 10000 --out "$work/create" >/dev/null
create_once() { rm -f "$work"/tokens.db*; "$tokenctl" --db "$work/tokens.db" create "$work"/create/*.yaml; }
ms=$(best_ms 3 create_once)
printf 'create: 100000 tokens (10 files of 10000) in one invocation in %d ms (target <= 3000)\n' "$ms"
create_once >/dev/null 2>&1
count=$("$tokenctl" --db "$work/tokens.db" list --format names | wc -l)
ms=$(best_ms 10 "$tokenctl" --db "$work/tokens.db" list --format names)
printf 'list --format names: %d tokens in %d ms (target <= 100)\n' "$count" "$ms"

# check: one rsa2048 blob against the 100,000-token store, with a few dozen
# ec2 rules naming the document's account.
vector="$(dirname "$0")/../fixtures/iid/rsa2048_us-west-2_2018_taskcluster-iid-verify"
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
ms=$(best_ms 20 "$tokenctl" --db "$work/tokens.db" check --iid "$vector/rsa2048.b64" --at pending+1m)
printf 'check: one rsa2048 blob against %d stored tokens in %d ms end to end (target <= 20)\n' "$((count + 40))" "$ms"
"$(dirname "$tokenctl")/tokenctl-bench" verify "$vector/rsa2048.der"

ms=$(best_ms 20 "$tokenctl" version)
printf 'start-up: tokenctl version in %d ms (target <= 15)\n' "$ms"
