#!/usr/bin/env bash
# The main job on the bundled sample (the seed story's Flask + Celery app):
# audit it against the bundled EL9-like repositories, then deps sync it
# into sample/out (built on this machine: --profile host), then let dnf
# install the app from the offline repository into a scratch root.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
go build -o bin/deps ./cmd/deps
status=0
bin/deps audit -c sample/deps.toml || status=$?
# 1 means the audit found missing packages, which the sample has on purpose.
[ "$status" -le 1 ] || exit "$status"
echo
bin/deps sync -c sample/deps.toml --profile host "$@"
echo
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dnf -y -q --installroot="$root/root" --disableplugin='*' --setopt=reposdir=/dev/null \
  --setopt=cachedir="$root/cache" --releasever=9 --nogpgcheck \
  --setopt=tsflags=noscripts --setopt=install_weak_deps=False \
  --repofrompath=offline,"file://$PWD/sample/out/repo" \
  --repofrompath=base,"file://$PWD/sample/repos/baseos" install cdhboot >/dev/null
echo "dnf installed cdhboot from sample/out/repo: $(rpm --root "$root/root" -qa | wc -l) packages;" \
  "$(ls "$root/root/usr/lib/systemd/system" | tr '\n' ' ')"
