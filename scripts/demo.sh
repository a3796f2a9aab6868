#!/usr/bin/env bash
# make demo: a walk-through of tokenctl in a temporary directory.
set -uo pipefail
tokenctl=${1:?usage: demo.sh PATH-TO-TOKENCTL}
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
exit 0
