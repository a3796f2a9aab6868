#!/usr/bin/env bash
# Fails when a generated file that is committed would change if generated
# again: the man pages (make man) and, where ../shared/aws-certs is present,
# the embedded AWS certificates (scripts/embed-aws-certs.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
work=$(mktemp -d "${TMPDIR:-/tmp}/tokenctl-drift.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The man pages, generated with the date the committed ones carry (.Dd), so that only content counts.
date=$(sed -n 's/^\.Dd //p' man/tokenctl.1 | head -1)
iso=$(date -d "$date" +%F)
swift package generate-manual --multi-page --configuration debug --date "$iso" >/dev/null 2>&1
mkdir -p "$work/man"
cp .build/plugins/GenerateManual/outputs/tokenctl/*.1 "$work/man/"
rm -f "$work/man/tokenctl.help.1"
if ! diff -r man "$work/man" > "$work/man.diff"; then
  echo "drift: the man pages differ from what make man generates; run make man and commit man/:"
  head -40 "$work/man.diff"
  status=1
fi

certs=../shared/aws-certs
if [ -d "$certs" ]; then
  scripts/embed-aws-certs.sh "$certs" "$work/AWSCertificateData.swift" >/dev/null
  if ! diff -q Sources/TokenKit/Identity/AWSCertificateData.swift "$work/AWSCertificateData.swift" >/dev/null; then
    echo "drift: Sources/TokenKit/Identity/AWSCertificateData.swift differs from $certs; run scripts/embed-aws-certs.sh and commit it"
    status=1
  fi
else
  echo "drift: $certs is not here; the embedded certificates were not compared"
fi
[ "$status" = 0 ] && echo "drift: none (man pages$([ -d "$certs" ] && echo ", embedded AWS certificates"))"
exit "$status"
