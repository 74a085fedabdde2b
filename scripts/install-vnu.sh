#!/usr/bin/env bash
# Install the Nu HTML Checker (vnu.jar) used by the browser tests (tests_browser/test_html.py).
#
# The jar comes from the npm registry package `vnu-jar` (the checker's official npm release),
# pinned below with the registry's sha512 integrity. It is fetched with `npm pack` (npm's own
# client, no other download), verified, and unpacked to .cache/vnu/<version>/vnu.jar (git-ignored).
# Running it needs Java (Debian default-jre-headless, see scripts/install-system-deps.sh).
#
# Usage:  bash scripts/install-vnu.sh           install if missing; prints the jar's path last
#         bash scripts/install-vnu.sh --path    only print where the jar goes
#
# To update: `npm view vnu-jar version dist.integrity`, then change the two lines below.
set -euo pipefail

VNU_VERSION="26.9.27"
VNU_INTEGRITY="sha512-TkQd5DFfOaWC9ebtvozTsrH2Vaod3jYg+vrOeREzIXxBexLz9+rS2DNtjn7+RPUiZhgli0SghgBX6RJRNea0KA=="

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/.cache/vnu/$VNU_VERSION"
JAR="$DEST/vnu.jar"

case "${1:-}" in
  --path) echo "$JAR"; exit 0 ;;
  "") ;;
  -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
  *) echo "usage: $0 [--path]" >&2; exit 2 ;;
esac

if [ -s "$JAR" ]; then
  echo "vnu.jar $VNU_VERSION present"
  echo "$JAR"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  # npm is the registry's own client; Debian packages it (with nodejs) as `npm`
  if [ "$(id -u)" -eq 0 ]; then SUDO=(); elif command -v sudo >/dev/null 2>&1; then SUDO=(sudo); else
    echo "error: npm is needed to fetch vnu-jar from the npm registry; as root run: apt-get install npm" >&2
    exit 1
  fi
  echo "npm missing: installing Debian's npm"
  "${SUDO[@]}" apt-get update
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends npm
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# npm pack checks the tarball against the registry's integrity itself; we check it against
# the pinned value too, so a changed tarball under the same version cannot slip in.
(cd "$tmp" && npm pack --silent "vnu-jar@$VNU_VERSION" >/dev/null)
tgz="$tmp/vnu-jar-$VNU_VERSION.tgz"
[ -s "$tgz" ] || { echo "error: npm pack did not produce $tgz" >&2; exit 1; }
got="sha512-$(python3 -c 'import base64, hashlib, sys; print(base64.b64encode(hashlib.sha512(open(sys.argv[1], "rb").read()).digest()).decode())' "$tgz")"
if [ "$got" != "$VNU_INTEGRITY" ]; then
  echo "error: vnu-jar-$VNU_VERSION.tgz integrity mismatch: got $got, expected $VNU_INTEGRITY" >&2
  exit 1
fi

tar -xzf "$tgz" -C "$tmp" package/build/dist/vnu.jar
mkdir -p "$DEST"
mv "$tmp/package/build/dist/vnu.jar" "$JAR.part"
mv "$JAR.part" "$JAR"
echo "installed vnu.jar $VNU_VERSION"
echo "$JAR"
