#!/usr/bin/env python3
"""Generates a realistic mix of token manifests for benchmarks.

SPEC §6's realistic corpus: mostly ec2 tokens with descriptions and labels
and one to four allow rules across a few hundred accounts and the real
regions; 30% of the rules name an aws_role, and about 6% of those have no
aws_account (a candidate for every account: some 3,000 in 100,000 tokens); some iam tokens and some secret "token"
tokens.
"""
import argparse
import os
import random

REGIONS = ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-central-1",
           "ap-southeast-2", "ap-northeast-1", "ca-central-1", "sa-east-1"]


def account(rng):
    return "%012d" % rng.randrange(100000000000, 100000000300)


WORDS = ["web", "batch", "ingest", "frontend", "payments", "search", "analytics", "edge", "ci", "bastion"]
TEAMS = ["platform", "data", "security", "payments", "growth"]


def description(rng):
    return f"{rng.choice(WORDS)} nodes of the {rng.choice(TEAMS)} team, joined by {rng.choice(['ec2', 'terraform', 'asg'])}"


def labels(rng):
    return (f"  labels:\n    env: {rng.choice(['prod', 'staging', 'dev'])}\n"
            f"    team: {rng.choice(TEAMS)}\n")


def ec2_rule(rng):
    regions = ", ".join(sorted(rng.sample(REGIONS, rng.randint(1, 3))))
    acct = account(rng)
    role = f'    aws_role: "arn:aws:iam::{acct}:role/teleport-DescribeInstances-role"\n'
    if rng.random() >= 0.3:
        return f'  - aws_account: "{acct}"\n    aws_regions: [{regions}]\n'
    if rng.random() < 0.06:
        # About 6% of the rules with aws_role have no aws_account (SPEC §6): each is a
        # candidate for every account, some 3,000 in a store of 100,000 tokens.
        return f"  - aws_regions: [{regions}]\n" + role
    return f'  - aws_account: "{acct}"\n    aws_regions: [{regions}]\n' + role


def token(rng, index):
    kind = rng.random()
    if kind < 0.8:
        rules = "".join(ec2_rule(rng) for _ in range(rng.randint(1, 4)))
        return (f"kind: token\nversion: v2\nmetadata:\n  name: ec2-{index:07d}\n"
                f"  description: {description(rng)}\n" + labels(rng) +
                f"spec:\n  roles: [Node]\n  join_method: ec2\n  aws_iid_ttl: 5m\n  allow:\n" + rules)
    if kind < 0.9:
        acct = account(rng)
        return (f"kind: token\nversion: v2\nmetadata:\n  name: iam-{index:07d}\n"
                f"  description: {description(rng)}\n" + labels(rng) +
                f"spec:\n  roles: [Node, App]\n  join_method: iam\n  allow:\n"
                f'  - aws_account: "{acct}"\n    aws_arn: "arn:aws:sts::{acct}:assumed-role/joiner/i-*"\n')
    secret = "%032x" % rng.getrandbits(128)
    return (f"kind: token\nversion: v2\nmetadata:\n  name: {secret}{index:07d}\n"
            f'  expires: "2030-01-01T00:00:00Z"\nspec:\n  roles: [Node]\n  join_method: token\n')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, required=True)
    parser.add_argument("--per-file", type=int, default=1)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    index = 0
    for number in range(args.files):
        documents = []
        for _ in range(args.per_file):
            documents.append(token(rng, index))
            index += 1
        with open(os.path.join(args.out, f"tokens-{number:05d}.yaml"), "w") as handle:
            handle.write("---\n".join(documents))
    print(index)


if __name__ == "__main__":
    main()
