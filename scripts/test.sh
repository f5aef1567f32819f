#!/usr/bin/env bash
# Set-up command 2: install, build, check generated code, and run the whole test suite.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh
if [ -x scripts/ci-system-deps.sh ]; then bash scripts/ci-system-deps.sh; fi
pnpm test
