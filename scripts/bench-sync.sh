#!/usr/bin/env bash
# bench-sync.sh — deps sync end to end on the bundled sample (host profile:
# this machine builds), in one run:
#   cold    deps sync with an empty cache and output directory
#   no-op   deps sync again, nothing changed (target: under 1 s)
#   loop    the same work the way the seed story does it: a shell loop of
#           rpmbuild over the same specs (deps' SRPMs, rebuilt one by one)
#           and one createrepo_c (target: cold sync faster than the loop)
# plus the stage times from report.json. Installs nothing; exits non-zero
# only on errors, never on a missed target.
#
# Knobs: WORK (a temporary directory), KEEP=1 keeps it.
set -euo pipefail
cd "$(dirname "$0")/.."
die() { echo "bench-sync: $*" >&2; exit 2; }
for t in rpmbuild createrepo_c python3; do command -v "$t" >/dev/null || die "$t not found"; done
WORK=${WORK:-$(mktemp -d -t bench-sync.XXXXXX)}
[[ ${KEEP:-0} == 1 ]] || trap 'rm -rf "$WORK"' EXIT
go build -o "$WORK/deps" ./cmd/deps || die "cannot build cmd/deps"

ms() { echo $((($2 - $1) / 1000000)); }
sync() { "$WORK/deps" sync -c sample/deps.toml --profile host -q --out "$WORK/out" --lockfile "$WORK/deps.lock" --cache-dir "$WORK/cache" >"$WORK/sync.out"; }

t0=$(date +%s%N); sync; t1=$(date +%s%N)
cold=$(ms "$t0" "$t1")
stages=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["stages"]; print(", ".join("%s %.2fs" % (k, s[k]) for k in ("load","plan","build","fetch","publish","verify")))' "$WORK/out/report.json")
t0=$(date +%s%N); sync; t1=$(date +%s%N)
noop=$(ms "$t0" "$t1")
grep -q 'repodata unchanged' "$WORK/sync.out" || die "the no-op sync re-indexed the repository"

# The seed's way: rebuild every spec serially, then index.
mkdir -p "$WORK/loop/repo"
srpms=("$WORK"/out/repo/SRPMS/*.src.rpm)
t0=$(date +%s%N)
for s in "${srpms[@]}"; do
	rpmbuild --rebuild --nodeps --quiet --define "_topdir $WORK/loop/top" --define "_rpmdir $WORK/loop/repo" "$s" \
		>"$WORK/loop/last.log" 2>&1 || { tail "$WORK/loop/last.log" >&2; die "rpmbuild --rebuild $s failed"; }
done
createrepo_c -q "$WORK/loop/repo"
t1=$(date +%s%N)
loop=$(ms "$t0" "$t1")

echo "sample: $(grep -c . <<<"$(printf '%s\n' "${srpms[@]}")") packages to build ($(nproc) cores)"
printf '%-44s %8s ms   (%s)\n' "deps sync, cold" "$cold" "$stages"
printf '%-44s %8s ms\n' "deps sync, nothing changed" "$noop"
printf '%-44s %8s ms\n' "loop: serial rpmbuild --rebuild + createrepo_c" "$loop"
v1=FAIL; ((noop < 1000)) && v1=PASS
v2=FAIL; ((cold < loop)) && v2=PASS
echo "no-op under 1 s: $v1; cold sync faster than the loop ($(awk -v a="$loop" -v b="$cold" 'BEGIN{printf "%.2f", a/b}')x): $v2"
