#!/usr/bin/env bash
# The test command: installs what the tests need, then runs every test.
# DEPS_REQUIRE_TOOLS=1 turns a missing rpm/createrepo_c/dnf into a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
go vet ./...
go test -count=1 ./... "$@"
