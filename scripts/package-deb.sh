#!/usr/bin/env bash
# Builds tokenctl_VERSION_amd64.deb with dpkg-deb from a tokenctl binary
# (make deb: the release build with the Swift standard library linked
# statically): the binary, man pages, bash/zsh/fish completions in their
# Debian paths, copyright and changelog. Depends are the Debian packages of
# the libraries the binary links.
# usage: package-deb.sh TOKENCTL-BINARY OUTPUT-DIRECTORY
set -euo pipefail
binary=${1:?usage: package-deb.sh TOKENCTL-BINARY OUTPUT-DIRECTORY}
out=${2:?usage: package-deb.sh TOKENCTL-BINARY OUTPUT-DIRECTORY}
here=$(cd "$(dirname "$0")/.." && pwd)
version=$("$binary" version | awk '{ print $NF }')
arch=$(dpkg --print-architecture)
root=$(mktemp -d "${TMPDIR:-/tmp}/tokenctl-deb.XXXXXX")
trap 'rm -rf "$root"' EXIT
chmod 0755 "$root"

install -d -m 0755 "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/man/man1" "$root/usr/share/doc/tokenctl" \
  "$root/usr/share/bash-completion/completions" "$root/usr/share/zsh/vendor-completions" "$root/usr/share/fish/vendor_completions.d"
install -m 0755 "$binary" "$root/usr/bin/tokenctl"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$root/usr/bin/tokenctl"
for page in "$here"/man/*.1; do
  gzip -9n < "$page" > "$root/usr/share/man/man1/$(basename "$page").gz"
done
chmod 0644 "$root"/usr/share/man/man1/*.gz
"$binary" --generate-completion-script bash > "$root/usr/share/bash-completion/completions/tokenctl"
"$binary" --generate-completion-script zsh > "$root/usr/share/zsh/vendor-completions/_tokenctl"
"$binary" --generate-completion-script fish > "$root/usr/share/fish/vendor_completions.d/tokenctl.fish"
chmod 0644 "$root/usr/share/bash-completion/completions/tokenctl" "$root/usr/share/zsh/vendor-completions/_tokenctl" \
  "$root/usr/share/fish/vendor_completions.d/tokenctl.fish"

cat > "$root/usr/share/doc/tokenctl/copyright" <<COPYRIGHT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: tokenctl
Source: https://github.com/acme-corp/tokenctl

Files: *
Copyright: 2026 The tokenctl authors
License: Apache-2.0

License: Apache-2.0
 On Debian systems, the complete text of the Apache License, Version 2.0
 can be found in /usr/share/common-licenses/Apache-2.0.
COPYRIGHT
chmod 0644 "$root/usr/share/doc/tokenctl/copyright"
date=$(git -C "$here" log -1 --format=%aD 2>/dev/null || date -R)
printf 'tokenctl (%s) unstable; urgency=medium\n\n  * Release %s: lint, store (SQLite or PostgreSQL), check, test, add.\n\n -- The tokenctl authors <tokenctl@example.com>  %s\n' \
  "$version" "$version" "$date" | gzip -9n > "$root/usr/share/doc/tokenctl/changelog.gz"
chmod 0644 "$root/usr/share/doc/tokenctl/changelog.gz"

# The Debian packages of the shared libraries the binary needs (ld.so's answer, not a guess).
depends=$(ldd "$binary" | awk '$3 ~ /^\// { print $3 }' | while read -r library; do
  dpkg -S "$(readlink -f "$library")" 2>/dev/null || dpkg -S "$library" 2>/dev/null || true
done | cut -d: -f1 | sort -u | paste -sd, | sed 's/,/, /g')
size=$(du -k -s "$root/usr" | cut -f1)
cat > "$root/DEBIAN/control" <<CONTROL
Package: tokenctl
Version: $version
Architecture: $arch
Maintainer: The tokenctl authors <tokenctl@example.com>
Installed-Size: $size
Depends: ${depends:-libc6}
Recommends: libcurl4
Suggests: libpq5
Section: admin
Priority: optional
Homepage: https://github.com/acme-corp/tokenctl
Description: admin tool for Teleport provision tokens
 tokenctl lints Teleport join-token manifests and teleport.yaml files as
 Teleport reads them, stores tokens (in SQLite, or PostgreSQL for a team),
 and answers whether a node would be allowed to join, and why not, before
 it is launched: EC2 identity documents with AWS signatures verified, IAM
 caller identities, and the node's own configuration.
CONTROL
(cd "$root" && find usr -type f -exec md5sum {} + | sort -k2) > "$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"
mkdir -p "$out"
package="$out/tokenctl_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$package" >/dev/null
echo "$package"
