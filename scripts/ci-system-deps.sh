#!/usr/bin/env bash
# System packages the test suite uses when present: Debian's Chromium for the web UI browser test.
# Without root or apt the browser test skips with a message; everything else still runs.
set -uo pipefail
if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y --no-install-recommends chromium >/dev/null 2>&1; } || echo "warning: could not install chromium; the web UI browser test will be skipped"
fi
exit 0
