#!/usr/bin/env bash
# Set-up command 1: install, build, and start the lake on its embedded default (SQLite in ./.modellake) with demo cards.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh
exec node packages/cli/bin/run.js serve --demo --home "${MODELLAKE_HOME:-$PWD/.modellake}" "$@"
