#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages that a make target needs, when run as root; otherwise
# stops and prints the exact command to run.
set -euo pipefail

# WeasyPrint (PDFs) needs pango and a font; the browser tests need Chromium.
pdf=(libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)
case "${1:-}" in
  test) wanted=(chromium "${pdf[@]}") ;;
  bench) wanted=(wrk) ;;
  run) wanted=("${pdf[@]}") ;;
  *) echo "usage: $0 test|bench|run" >&2; exit 2 ;;
esac

missing=()
for package in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "Installing ${missing[*]} with apt-get…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing system packages: ${missing[*]}. Install them with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
