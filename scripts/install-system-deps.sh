#!/usr/bin/env bash
# Install the Debian packages gdbook needs on a fresh machine (idempotent).
#
#   fonts-noto-cjk        Noto Sans CJK KR: Korean in the figures (gdbook.plotting) and in the browser
#   chromium              browser tests of the built book (playwright drives the system chromium)
#   default-jre-headless  Java for the HTML validator (vnu.jar)
#
# Usage:  bash scripts/install-system-deps.sh            install what is missing
#         bash scripts/install-system-deps.sh --check    only report; exit 1 if something is missing
#
# Runs apt-get as root (through sudo when not root). `apt-get update` runs only when something
# is missing, so a machine that has everything returns at once. When a font was installed,
# matplotlib's font cache is deleted (it would not know the new font) -- for the user running
# this script, not for root.
set -euo pipefail

PACKAGES=(fonts-noto-cjk chromium default-jre-headless)
FONT_PACKAGES=(fonts-noto-cjk)

check_only=0
case "${1:-}" in
  --check) check_only=1 ;;
  "") ;;
  -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "error: this script needs Debian/Ubuntu (dpkg/apt-get); install the equivalents of: ${PACKAGES[*]}" >&2
  exit 1
fi

is_installed() {
  # dpkg -s exits 0 also for removed-but-configured packages; require "install ok installed"
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}

missing=()
for pkg in "${PACKAGES[@]}"; do
  is_installed "$pkg" || missing+=("$pkg")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "system dependencies present: ${PACKAGES[*]}"
  exit 0
fi

echo "missing: ${missing[*]}"
if [ "$check_only" -eq 1 ]; then
  echo "run: bash scripts/install-system-deps.sh" >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  echo "error: not root and sudo is not available; as root run: apt-get install ${missing[*]}" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"

installed_font=0
for pkg in "${missing[@]}"; do
  for font in "${FONT_PACKAGES[@]}"; do
    [ "$pkg" = "$font" ] && installed_font=1
  done
done

if [ "$installed_font" -eq 1 ]; then
  # matplotlib caches its font list; after installing a font that cache is stale until deleted.
  cleared=0
  for py in "${PYTHON:-}" python3 python; do
    [ -n "$py" ] && command -v "$py" >/dev/null 2>&1 || continue
    if "$py" -c "import matplotlib, shutil; d = matplotlib.get_cachedir(); shutil.rmtree(d, ignore_errors=True); print('cleared matplotlib cache', d)" 2>/dev/null; then
      cleared=1
      break
    fi
  done
  if [ "$cleared" -eq 0 ]; then
    # no python with matplotlib on PATH: remove the default cache location (MPLCONFIGDIR or XDG)
    cache="${MPLCONFIGDIR:-${XDG_CACHE_HOME:-$HOME/.cache}/matplotlib}"
    rm -rf -- "$cache"
    echo "cleared matplotlib cache $cache"
  fi
fi

echo "installed: ${missing[*]}"
