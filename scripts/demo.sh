#!/usr/bin/env bash
# make demo: a walk-through of tokenctl in a temporary directory.
set -uo pipefail
tokenctl=${1:?usage: demo.sh PATH-TO-TOKENCTL}
fixtures=$(cd "$(dirname "$0")/../fixtures" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/tokenctl-demo.XXXXXX")
trap 'rm -rf "$work"' EXIT
export TOKENCTL_DB="$work/tokens.db"

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; echo "(exit $?)"; }

cat > "$work/tokens.yaml" <<'YAML'
# The two EC2 join tokens from Teleport's documentation.
kind: token
version: v2
metadata:
  name: ec2-token
spec:
  roles: [Node]
  join_method: ec2
  aws_iid_ttl: 5m
  allow:
  - aws_account: "111111111111"
    aws_regions:
    - us-west-1
    - us-west-2
---
kind: token
version: v2
metadata:
  name: ec2-multiaccount-token
spec:
  roles: [Node]
  aws_iid_ttl: 5m
  allow:
  - aws_account: "222222222222"
    aws_regions: [us-west-1, us-west-2]
    aws_role: "arn:aws:iam::222222222222:role/teleport-DescribeInstances-role"
  - aws_account: "333333333333"
    aws_regions: [us-west-1, us-west-2]
    aws_role: "arn:aws:iam::333333333333:role/teleport-DescribeInstances-role"
YAML

cat > "$work/typos.yaml" <<'YAML'
# Three easy mistakes: Teleport would reject the first two and silently
# accept the third, allowing every region.
kind: token
version: v2
metadata:
  name: ec2-typos
spec:
  roles: [Node]
  join_method: ec2
  aws_iid_ttl: 1d
  allow:
  - aws_account: 111111111111
    aws_region: [us-west-2]
YAML

cd "$work" || exit 1
echo "tokenctl demo in $work (database: \$TOKENCTL_DB=$TOKENCTL_DB)"
step "$tokenctl" lint tokens.yaml
step "$tokenctl" lint typos.yaml
step "$tokenctl" lint --format github typos.yaml
step "$tokenctl" create tokens.yaml
step "$tokenctl" list
step "$tokenctl" get ec2-token
step "$tokenctl" create tokens.yaml
step "$tokenctl" create --force tokens.yaml

# The guide's first step for the multi-account token: the IAM policies. The
# Auth Service runs in account 111111111111; the roles it assumes live in
# 222222222222 and 333333333333, each needing a trust policy for it.
step "$tokenctl" policy --auth-account 111111111111

# Identity documents as an instance in account 111111111111 would present
# them (plain JSON here, so unsigned; on an instance use the rsa2048 blob).
iid() { # region
  cat <<JSON
{
  "accountId" : "111111111111",
  "architecture" : "x86_64",
  "availabilityZone" : "${1}a",
  "imageId" : "ami-0123456789abcdef0",
  "instanceId" : "i-0123456789abcdef0",
  "instanceType" : "t3.micro",
  "pendingTime" : "2026-11-24T10:00:00Z",
  "privateIp" : "10.0.0.12",
  "region" : "$1",
  "version" : "2017-09-30"
}
JSON
}
iid us-west-2 > west.json
iid us-east-1 > east.json
step "$tokenctl" check --iid west.json --at pending+2m
step "$tokenctl" check --iid east.json --at pending+2m
step "$tokenctl" check --iid west.json --at pending+6m

# A real document signed by AWS (us-west-2, account 692406183521): the
# signature is verified with AWS's us-west-2 certificate, embedded in tokenctl.
cp "$fixtures/iid/rsa2048_us-west-2_2018_taskcluster-iid-verify/rsa2048.b64" signed.rsa2048
cat > signed-account.yaml <<'YAML'
kind: token
version: v2
metadata:
  name: west-fleet
  description: web servers in us-west-2
spec:
  roles: [Node]
  join_method: ec2
  allow:
  - aws_account: "692406183521"
    aws_regions: [us-west-2]
YAML
step "$tokenctl" create signed-account.yaml
step "$tokenctl" check --iid signed.rsa2048 --at pending+1m

# A fleet: 200 tokens with role-only rules (no aws_account: candidates for
# every account) for other regions. check shows the deciding token's
# checklist and one line for all the others; --all would print them all.
python3 - fleet.yaml <<'PY'
import sys
docs = [f"kind: token\nversion: v2\nmetadata: {{name: east-{i:03d}}}\n"
        f"spec: {{roles: [Node], allow: [{{aws_regions: [us-east-1], "
        f"aws_role: \"arn:aws:iam::444444444444:role/describe\"}}]}}\n" for i in range(200)]
open(sys.argv[1], "w").write("---\n".join(docs))
PY
"$tokenctl" create fleet.yaml > /dev/null 2>&1  # (each role-only rule is an any-account warning)
step "$tokenctl" check --iid signed.rsa2048 --at pending+1m

# Expected verdicts as tests, for CI: one allowed and one denied expectation.
cat > joins.tokentest.yaml <<'YAML'
manifests: [signed-account.yaml]
cases:
- name: a west-2 web server joins
  iid: signed.rsa2048
  at: pending+2m
  role: Node
  expect: allowed
  token: west-fleet
  rule: 1
- name: a stale document is refused
  iid: signed.rsa2048
  at: pending+10m
  expect: denied
  reason: older than configured TTL
YAML
step "$tokenctl" test joins.tokentest.yaml

# An IAM join: the ARN the joining host's credentials resolve to (aws sts
# get-caller-identity). The second token holds the role ARN instead of the
# assumed-role ARN a host presents: a classic mistake, refused.
cat > iam.yaml <<'YAML'
kind: token
version: v2
metadata:
  name: iam-token
spec:
  roles: [Node]
  join_method: iam
  allow:
  - aws_account: "111111111111"
    aws_arn: "arn:aws:sts::111111111111:assumed-role/teleport-node-role/i-*"
---
kind: token
version: v2
metadata:
  name: iam-role-arn
spec:
  roles: [Node]
  join_method: iam
  allow:
  - aws_arn: "arn:aws:iam::111111111111:role/teleport-node-role"
YAML
step "$tokenctl" check -f iam.yaml --caller-arn arn:aws:sts::111111111111:assumed-role/teleport-node-role/i-0123456789abcdef0
step "$tokenctl" check -f iam.yaml --token iam-role-arn --caller-arn arn:aws:sts::111111111111:assumed-role/teleport-node-role/i-0123456789abcdef0

# The node's side: its teleport.yaml. An app service was added to the west
# web server, but its token grants only Node, so the join is refused...
cat > teleport.yaml <<'YAML'
version: v3
teleport:
  join_params:
    token_name: west-fleet
    method: ec2
  proxy_server: https://teleport.example.com:443
auth_service:
  enabled: no
proxy_service:
  enabled: no
ssh_service:
  enabled: yes
app_service:
  enabled: yes
  apps:
  - name: grafana
    uri: http://localhost:3000
YAML
step "$tokenctl" lint teleport.yaml
step "$tokenctl" check --config teleport.yaml --iid signed.rsa2048 --at pending+1m
# ...until the token grants App too.
sed 's/roles: \[Node\]/roles: [Node, App]/' signed-account.yaml > signed-account-app.yaml
step "$tokenctl" create --force signed-account-app.yaml
step "$tokenctl" check --config teleport.yaml --iid signed.rsa2048 --at pending+1m
exit 0
