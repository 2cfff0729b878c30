#!/usr/bin/env bash
# bench-real.sh — deps sync of the sample app's real world (the pinned,
# hash-checked set in testdata/realworld: 52 projects and their build
# backends, every one built from its sdist) against the real Python index,
# host profile, in one run:
#   cold    deps sync with an empty cache and output directory
#   no-op   deps sync again, nothing changed, N times (NOOPS, default 5;
#           target: under 200 ms), and as many with --refresh (every stage
#           run, every build found unchanged: what a no-op cost before)
#   pip     with PEER=1, `pip wheel --no-binary :all: --require-hashes` of
#           the same set with a fresh pip cache: the same builds, no RPMs
# plus the stage times from report.json and deps' peak RSS. Needs the
# index pip is configured to use; exits non-zero only on errors.
#
# Knobs: WORK (a temporary directory), KEEP=1 keeps it, PEER=1 runs pip,
# NOOPS (no-op runs). With a WORK a KEEP=1 run left, the cold sync is a
# sync of what is there (no build), and the no-ops are timed the same.
set -euo pipefail
cd "$(dirname "$0")/.."
die() { echo "bench-real: $*" >&2; exit 2; }
for t in rpmbuild createrepo_c python3 /usr/bin/time; do command -v "$t" >/dev/null || die "$t not found"; done
WORK=${WORK:-$(mktemp -d -t bench-real.XXXXXX)}
[[ ${KEEP:-0} == 1 ]] || trap 'rm -rf "$WORK"' EXIT
go build -o "$WORK/deps" ./cmd/deps || die "cannot build cmd/deps"

# The app: the sample's tree, the real world's requirements, this host.
app=$WORK/app
# Made once: a WORK kept from an earlier run is synced as it is.
if [[ ! -e $app/deps.toml ]]; then
mkdir -p "$app/base"
cp -r sample/cdhboot "$app/cdhboot"
cp testdata/realworld/requirements.txt "$app/requirements.txt"
cat >"$app/deps.toml" <<'EOF'
[app]
name = "cdhboot"
version = "0.1"
source = "cdhboot"
requirements = ["requirements.txt"]
prefix = "/opt/cdhboot"
user = "sysadmin"
[[app.service]]
name = "cdhboot-web"
exec = "/usr/bin/python3 /opt/cdhboot/supervisor/server_cherrypy.py"
[target]
profile = "host"
[[repo]]
name = "base"
baseurl = "base"
installed = true
EOF
# The installed base: a shell, useradd, glibc and this machine's python3.
abi=$(/usr/bin/python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
glibc="libc.so.6()(64bit), libm.so.6()(64bit), libpthread.so.0()(64bit), rtld(GNU_HASH)"
for v in 2.2.5 2.3 2.3.2 2.3.3 2.3.4 $(seq -f '2.%g' 4 36); do
	glibc+=", libc.so.6(GLIBC_$v)(64bit), libm.so.6(GLIBC_$v)(64bit), libpthread.so.0(GLIBC_$v)(64bit)"
done
cat >"$WORK/base.spec" <<EOF
Name: host-base
Version: 1
Release: 1
Summary: this host's base system
License: MIT
BuildArch: noarch
Provides: /bin/sh, /usr/sbin/useradd, /usr/sbin/groupadd, shadow-utils, /usr/bin/python3, python(abi) = $abi
Provides: $glibc
%description
this host's base system
%files
EOF
rpmbuild -bb --quiet --define "_topdir $WORK/top" --define "_rpmdir $app/base" "$WORK/base.spec" >/dev/null
createrepo_c -q "$app/base"
fi

ms() { echo $((($2 - $1) / 1000000)); }
sync() {
	/usr/bin/time -f %M -o "$WORK/rss" "$WORK/deps" sync -c "$app/deps.toml" -q --cache-dir "$WORK/cache" "$@" >"$WORK/sync.out" ||
		{ cat "$WORK/sync.out" >&2; die "deps sync failed"; }
}
# noops FLAGS...: times NOOPS syncs, prints "min–max" ms.
noops() {
	local t0 t1 all=()
	for _ in $(seq "${NOOPS:-5}"); do
		t0=$(date +%s%N); sync "$@"; t1=$(date +%s%N)
		all+=("$(ms "$t0" "$t1")")
	done
	printf '%s\n' "${all[@]}" | sort -n | sed -n '1p;$p' | paste -sd- | sed 's/-/–/'
}

t0=$(date +%s%N); sync; t1=$(date +%s%N)
cold=$(ms "$t0" "$t1"); coldrss=$(cat "$WORK/rss")
stages=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["stages"]; print(", ".join("%s %.2fs" % (k, s[k]) for k in ("load","plan","build","fetch","publish","verify")))' "$app/out/report.json")
built=$(python3 -c 'import json,sys; print(sum(b["status"] == "built" for b in json.load(open(sys.argv[1]))["built"]))' "$app/out/report.json")
# The build stage against its bound: the builds' seconds summed, over the
# cores, against the stage's wall time.
bound=$(python3 -c 'import json,sys,os
r = json.load(open(sys.argv[1])); work = sum(b["seconds"] for b in r["built"] if b["status"] == "built")
wall = r["stages"]["build"]; n = os.cpu_count()
print("%.1f s of builds on %d cores in %.1f s: %.0f %% of work / cores" % (work, n, wall, 100 * work / n / wall) if work else "no builds")' "$app/out/report.json")
cp "$app/out/report.json" "$WORK/report-cold.json"
refresh=$(noops --refresh)
grep -q 'repodata unchanged' "$WORK/sync.out" || die "the --refresh sync re-indexed the repository"
noop=$(noops); nooprss=$(cat "$WORK/rss")
grep -q 'nothing changed since the last complete sync' "$WORK/sync.out" || die "the no-op sync did work"

echo "real world: $built packages built from sdists ($(nproc) cores)"
printf '%-48s %8s ms  %7s KB peak RSS  (%s)\n' "deps sync, cold (index, builds, repo)" "$cold" "$coldrss" "$stages"
printf '%-48s %s\n' "  build stage" "$bound"
printf '%-48s %8s ms  %7s KB peak RSS  (%s runs; load average %s)\n' "deps sync, nothing changed" "$noop" "$nooprss" "${NOOPS:-5}" "$(cut -d' ' -f1 /proc/loadavg)"
printf '%-48s %8s ms\n' "deps sync --refresh, nothing changed" "$refresh"
if [[ ${PEER:-0} == 1 ]]; then
	t0=$(date +%s%N)
	PIP_CACHE_DIR=$WORK/pipcache python3 -m pip wheel -q --no-binary :all: --require-hashes \
		-r testdata/realworld/requirements.txt -w "$WORK/wheels" >"$WORK/pip.out" 2>&1 ||
		{ tail "$WORK/pip.out" >&2; die "pip wheel failed"; }
	t1=$(date +%s%N)
	printf '%-48s %8s ms\n' "pip wheel --no-binary :all:, cold (no RPMs)" "$(ms "$t0" "$t1")"
fi
v=FAIL; ((${noop%%–*} < 200)) && v=PASS
echo "no-op under 200 ms (fastest run): $v"
