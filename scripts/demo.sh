#!/usr/bin/env bash
# The main job on the bundled sample: audit the sample Flask + Celery app's
# requirements against the bundled EL9-like repositories, then plan the whole
# graph over those repositories and the bundled Python index.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
go build -o bin/deps ./cmd/deps
status=0
bin/deps audit -c sample/deps.toml "$@" || status=$?
# 1 means the audit found missing packages, which the sample has on purpose.
[ "$status" -le 1 ] || exit "$status"
echo
bin/deps plan -c sample/deps.toml "$@"
