#!/usr/bin/env bash
# Installs pnpm 12.4.2 (if missing), the workspace dependencies from the lockfile, and builds every package.
# Idempotent: a second run takes seconds. Sourced by scripts/demo.sh and scripts/test.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export npm_config_nodedir="${npm_config_nodedir:-/usr}"   # better-sqlite3 compiles against Node's own headers
if [ "$(pnpm --version 2>/dev/null || true)" != "12.4.2" ]; then
  npm i -g pnpm@12.4.2 >/dev/null 2>&1 || { npm i --prefix "$HOME/.local" pnpm@12.4.2 >/dev/null; export PATH="$HOME/.local/bin:$PATH"; }
fi
pnpm install --frozen-lockfile --reporter=append-only 2>&1 | tail -n 3
pnpm build
