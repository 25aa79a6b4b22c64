#!/usr/bin/env bash
# The report's browser test renders report.html in Debian's Chromium (no browser is downloaded
# from anywhere else). Installs it when missing and we may; otherwise says how.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "deprov: installing Debian's chromium for the report's browser test (apt-get install chromium)" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "deprov: the browser test needs Debian's chromium at /usr/bin/chromium: sudo apt-get install -y chromium" >&2
exit 1
