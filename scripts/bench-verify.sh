#!/usr/bin/env bash
# bench-verify.sh DIR — deps verify --json of the yum repository in DIR
# (repodata/ is enough: CentOS Stream 9 AppStream's metadata, say) beside
# dnf repoclosure of the same directory, in one run, with time, CPU and
# peak RSS of each (RUNS runs timed for the median; CPU and RSS of one run
# under /usr/bin/time):
#   cold  = dnf makecache + dnf -C repoclosure / deps verify (empty cache)
#   warm  = dnf -C repoclosure / deps verify (its index cached)
# Targets: deps faster than repoclosure and under its peak RSS. Prints the
# unmet requirements each found and the load average. Installs nothing;
# exit status is non-zero only on errors, never on a missed target.
#
# Knobs (environment): RUNS (5), WORK (a temporary directory, removed
# unless KEEP=1), DEPS_BIN=path to time a prebuilt deps instead of building
# ./cmd/deps.
set -euo pipefail
die() { echo "bench-verify: $*" >&2; exit 2; }
[[ $# == 1 && -f $1/repodata/repomd.xml ]] || die "usage: scripts/bench-verify.sh DIR (a repository: DIR/repodata/repomd.xml)"
REPO=$(cd "$1" && pwd)
RUNS=${RUNS:-5}
cd "$(dirname "$0")/.."
. scripts/bench-lib.sh
command -v dnf >/dev/null || die "dnf not found"
dnf repoclosure --help >/dev/null 2>&1 || die "dnf repoclosure not found (dnf-plugins-core)"

if [[ -z ${WORK:-} ]]; then
	WORK=$(mktemp -d -t bench-verify.XXXXXX)
	[[ ${KEEP:-0} == 1 ]] || trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
DEPS=${DEPS_BIN:-$WORK/deps}
[[ -n ${DEPS_BIN:-} ]] || go build -o "$DEPS" ./cmd/deps || die "cannot build ./cmd/deps"

q() { printf '%q' "$1"; }
DNF="dnf -q --setopt=reposdir=/dev/null --releasever=9 --repofrompath=v,file://$(q "$REPO")"
DEPSV="$(q "$DEPS") verify $(q "$REPO") --no-config --json"
declare -A MEDIAN CPU RSS
# measure NAME PREPARE COMMAND: median wall of RUNS runs, then CPU and
# peak RSS of one more (the largest of its processes: no exec, cold dnf is
# two). The commands exit 1 on an open repository.
measure() {
	local name=$1 prep=$2 cmd=$3
	MEDIAN[$name]=$(median_wall "$prep" "$cmd")
	bash -c "$prep" >/dev/null 2>&1
	/usr/bin/time -f '%M %U %S' -o "$WORK/$name.time" bash -c "$cmd" >"$WORK/$name.out" 2>"$WORK/$name.err" || true
	RSS[$name]=$(awk 'END { printf "%d", $1 / 1024 }' "$WORK/$name.time")
	CPU[$name]=$(awk 'END { printf "%.3f", $2 + $3 }' "$WORK/$name.time")
}

DC=$WORK/dnf-cache VC=$WORK/deps-cache
measure dnf_cold "rm -rf $(q "$DC")" "$DNF --setopt=cachedir=$(q "$DC") makecache && $DNF -C --setopt=cachedir=$(q "$DC") repoclosure"
measure dnf_warm "true" "$DNF -C --setopt=cachedir=$(q "$DC") repoclosure"
measure deps_cold "rm -rf $(q "$VC")" "$DEPSV --cache-dir $(q "$VC")"
measure deps_warm "true" "$DEPSV --cache-dir $(q "$VC")"

dnf_unmet=$(grep -o 'unresolved dependencies ([0-9]*)' "$WORK/dnf_warm.err" | grep -o '[0-9]*' || echo 0)
deps_unmet=$(grep -c '"status"' "$WORK/deps_warm.out" || true)
row() { awk -v s="${MEDIAN[$1]}" -v c="${CPU[$1]}" -v r="${RSS[$1]}" -v n="$2" \
	'BEGIN { printf "%-44s %9.1f ms %9.1f ms %6d MB\n", n, s * 1000, c * 1000, r }'; }
echo "repository: $REPO"
printf '%-44s %12s %12s %9s\n' benchmark "median wall" "cpu (1 run)" "peak RSS"
row dnf_cold "dnf makecache + dnf -C repoclosure (cold)"
row dnf_warm "dnf -C repoclosure (warm)"
row deps_cold "deps verify --json, empty cache (cold)"
row deps_warm "deps verify --json, index cached (warm)"
echo "unmet: dnf repoclosure $dnf_unmet, deps verify $deps_unmet (deps lists a requirement once per package)"
for k in cold warm; do
	awk -v a="${MEDIAN[dnf_$k]}" -v b="${MEDIAN[deps_$k]}" -v c="${CPU[dnf_$k]}" -v d="${CPU[deps_$k]}" \
		-v m="${RSS[dnf_$k]}" -v n="${RSS[deps_$k]}" -v k="$k" 'BEGIN {
		printf "%-5s %5.2fx wall, %5.2fx cpu (target > 1x); RSS %d MB vs %d MB (target below)  %s\n",
			k, a / b, c / d, n, m, (a > b && n < m) ? "PASS" : "FAIL" }'
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
