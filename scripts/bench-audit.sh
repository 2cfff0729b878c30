#!/usr/bin/env bash
# bench-audit.sh — deps audit --json against dnf on one synthetic
# Fedora-sized repository (fixtures.GenerateRepo), cold and warm, with
# ratios and peak RSS (one run of each under /usr/bin/time):
#   cold  = dnf makecache / deps audit (empty cache)          target >= 10x
#   warm  = one batched dnf -C repoquery / deps audit (warm)  target >= 10x
#   floor = deps audit --no-transitive (empty cache) / gzip -dc of primary
#           (the cold index against decompression alone)     target <= 1.3x
# The target is Fedora's Python (3.12): the requirements are satisfied and
# the transitive walk runs. Uses hyperfine when installed, else a loop
# taking the median. Installs nothing. Exit status is non-zero only on
# errors, never on a missed target. scripts/bench-scale.sh runs it over
# repository sizes and requirement counts.
#
# Knobs (environment): N packages (70000), R requirements (150: up to R-3
# the repository has, the rest names it lacks), COMPRESS gz|zst|xz (gz), SEED (1),
# RUNS per benchmark (5), WORK directory (a temporary one, removed unless
# KEEP=1; a WORK holding a repo for the same N/COMPRESS/SEED is reused),
# DNF_ONLY=1 to time only dnf, NO_HYPERFINE=1 to use the loop timer,
# DEPS_BIN=path to time a prebuilt deps instead of building ./cmd/deps.
set -euo pipefail

N=${N:-70000}
R=${R:-150}
COMPRESS=${COMPRESS:-gz}
SEED=${SEED:-1}
RUNS=${RUNS:-5}
DNF_ONLY=${DNF_ONLY:-0}
cd "$(dirname "$0")/.."
. scripts/bench-lib.sh

die() { echo "bench-audit: $*" >&2; exit 2; }
command -v go >/dev/null || die "go not found"
command -v dnf >/dev/null || die "dnf not found"

if [[ -z ${WORK:-} ]]; then
	WORK=$(mktemp -d -t bench-audit.XXXXXX)
	[[ ${KEEP:-0} == 1 ]] || trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
REPO=$WORK/repo
REQS=$WORK/requirements.txt

# 1. The repository and requirements (reused when WORK already has them).
stamp="n=$N compress=$COMPRESS seed=$SEED"
if [[ ! -f $REPO/repodata/repomd.xml || ! -f $WORK/requirements-all.txt || "$(cat "$WORK/stamp" 2>/dev/null)" != "$stamp" ]]; then
	rm -rf "$REPO"
	go build -o "$WORK/synthrepo" ./fixtures/cmd/synthrepo || die "cannot build fixtures/cmd/synthrepo"
	# Requirements for up to 1000 lines; each run takes the first R.
	"$WORK/synthrepo" -out "$REPO" -n "$N" -compress "$COMPRESS" -seed "$SEED" \
		-present 1000 -absent 3 -reqs "$WORK/requirements-all.txt" ||
		die "cannot generate the repository"
	echo "$stamp" >"$WORK/stamp"
fi
# R lines: as many the repository has as it can give (up to R-3), the rest
# names it lacks.
grep -v '^deps-absent-' "$WORK/requirements-all.txt" | head -n $((R - 3)) >"$REQS"
grep '^deps-absent-' "$WORK/requirements-all.txt" | head -n $((R - $(wc -l <"$REQS"))) >>"$REQS"
# The synthetic repository is Fedora's with Python 3.12.
cat >"$WORK/deps.toml" <<EOF
[target]
profile = "fedora"
[profile]
python_version = "3.12"
python_full_version = "3.12.7"
EOF
primary=$(ls "$REPO"/repodata/*-primary.xml.*)
echo "repository: $REPO ($stamp; primary $(du -m "$primary" | cut -f1) MB $COMPRESS)"
echo "requirements: $REQS ($(wc -l <"$REQS") lines)"

# 2. The deps CLI.
DEPS=$WORK/deps
have_deps=0
if [[ -n ${DEPS_BIN:-} ]]; then
	DEPS=$DEPS_BIN
	have_deps=1
elif [[ $DNF_ONLY != 1 ]]; then
	if go build -o "$DEPS" ./cmd/deps 2>"$WORK/deps-build.log"; then
		have_deps=1
	else
		echo "bench-audit: the deps CLI does not build yet (go build ./cmd/deps):" >&2
		tail -n 5 "$WORK/deps-build.log" | sed 's/^/  /' >&2
		echo "bench-audit: timing dnf only; the deps half and the ratios are skipped" >&2
	fi
fi

# 3. Timing helpers. time_cmd NAME PREPARE COMMAND sets MEDIAN[NAME] (s);
# rss NAME PREPARE COMMAND sets RSS[NAME] (MB), the peak of one run.
declare -A MEDIAN CPU RSS
# It also sets CPU[NAME] (user+sys of that run) when hyperfine did not.
rss() {
	bash -c "$2" >/dev/null 2>&1
	/usr/bin/time -f '%M %U %S' -o "$WORK/$1.rss" bash -c "exec $3" >/dev/null 2>&1 || true
	# The last line: a failing command adds a line before it.
	RSS[$1]=$(awk 'END { printf "%d", $1 / 1024 }' "$WORK/$1.rss")
	[[ -n ${CPU[$1]:-} ]] || CPU[$1]=$(awk 'END { printf "%9.1f ms", ($2 + $3) * 1000 }' "$WORK/$1.rss")
}
use_hf=0
if [[ ${NO_HYPERFINE:-0} != 1 ]] && command -v hyperfine >/dev/null; then
	use_hf=1
	TIMER="hyperfine (median of $RUNS)"
else
	TIMER="date loop (median of $RUNS)"
fi
time_cmd() {
	local name=$1 prep=$2 cmd=$3
	if [[ $use_hf == 1 ]]; then
		hyperfine --style basic --runs "$RUNS" --ignore-failure --prepare "$prep" \
			--export-csv "$WORK/$name.csv" "$cmd" >"$WORK/$name.hyperfine" 2>&1 ||
			{ cat "$WORK/$name.hyperfine" >&2; die "hyperfine failed for $name"; }
		# The command may hold commas: count fields from the end.
		MEDIAN[$name]=$(awk -F, 'NR == 2 { print $(NF - 4) }' "$WORK/$name.csv")
		CPU[$name]=$(awk -F, 'NR == 2 { printf "%9.1f ms", ($(NF - 3) + $(NF - 2)) * 1000 }' "$WORK/$name.csv")
		return
	fi
	MEDIAN[$name]=$(median_wall "$prep" "$cmd")
}

# check NAME OKCODES COMMAND runs COMMAND once and fails unless its exit
# status is one of OKCODES (deps audit exits 1 when requirements are missing).
check() {
	local name=$1 ok=$2 cmd=$3 rc=0
	bash -c "$cmd" >"$WORK/$name.out" 2>"$WORK/$name.err" || rc=$?
	[[ " $ok " == *" $rc "* ]] || {
		tail -n 20 "$WORK/$name.err" >&2
		die "$name exited $rc: $cmd"
	}
}

q() { printf '%q' "$1"; }
decompressor() {
	case $1 in
	*.gz) echo "gzip -dc" ;;
	*.zst) echo "zstd -dcq" ;;
	*.xz) echo "xz -dc" ;;
	esac
}
DNF="dnf -q --noplugins --setopt=reposdir=/dev/null --releasever=9 --repofrompath=syn,file://$REPO"
caps=$(sed -e 's/[[:space:]]*[<>=!~;[].*//' "$REQS" | grep -v '^$' | sed 's/.*/python3dist(&)/' | paste -sd, -)
present=$(grep -vc '^deps-absent-' "$REQS" || true)

# 4. dnf.
DNF_COLD=$WORK/dnf-cold DNF_WARM=$WORK/dnf-warm
check dnf-makecache 0 "$DNF --setopt=cachedir=$(q "$DNF_WARM") makecache"
repoquery="$DNF -C --setopt=cachedir=$(q "$DNF_WARM") repoquery --qf '%{name}' --whatprovides $(q "$caps")"
check dnf-repoquery 0 "$repoquery"
found=$(sort -u "$WORK/dnf-repoquery.out" | grep -c . || true)
echo "dnf repoquery found $found packages for $present present requirements"
# makecache does not depend on the requirements: with REUSE_DNF=1 a result
# from an earlier run in the same WORK is reused (bench-scale.sh).
if [[ ${REUSE_DNF:-0} == 1 && -f $WORK/dnf-cold.result ]]; then
	read -r MEDIAN[dnf_cold] RSS[dnf_cold] cpu <"$WORK/dnf-cold.result" || true
	CPU[dnf_cold]=$(awk -v c="$cpu" 'BEGIN { printf "%9.1f ms", c }')
else
	time_cmd dnf_cold "rm -rf $(q "$DNF_COLD")" "$DNF --setopt=cachedir=$(q "$DNF_COLD") makecache"
	rss dnf_cold "rm -rf $(q "$DNF_COLD")" "$DNF --setopt=cachedir=$(q "$DNF_COLD") makecache"
	echo "${MEDIAN[dnf_cold]} ${RSS[dnf_cold]} $(awk '{ print $1 }' <<<"${CPU[dnf_cold]}")" >"$WORK/dnf-cold.result"
fi
time_cmd dnf_warm "true" "$repoquery"
rss dnf_warm "true" "$repoquery"
time_cmd gzip_floor "true" "$(decompressor "$primary") $(q "$primary") >/dev/null"
rss gzip_floor "true" "$(decompressor "$primary") $(q "$primary") >/dev/null"

# 5. deps.
if [[ $have_deps == 1 ]]; then
	COLD=$WORK/deps-cold WARM=$WORK/deps-warm
	audit() { echo "$(q "$DEPS") audit -c $(q "$WORK/deps.toml") -r $(q "$REQS") --repo syn=file://$(q "$REPO") --cache-dir $(q "$1") --json ${2:-} >/dev/null"; }
	rm -rf "$WARM"
	check deps-warmup "0 1" "$(audit "$WARM")"
	time_cmd deps_cold "rm -rf $(q "$COLD") && mkdir -p $(q "$COLD")" "$(audit "$COLD")"
	time_cmd deps_warm "true" "$(audit "$WARM")"
	time_cmd deps_index "rm -rf $(q "$COLD") && mkdir -p $(q "$COLD")" "$(audit "$COLD" --no-transitive)"
	rss deps_cold "rm -rf $(q "$COLD") && mkdir -p $(q "$COLD")" "$(audit "$COLD")"
	rss deps_warm "true" "$(audit "$WARM")"
	rss deps_index "rm -rf $(q "$COLD") && mkdir -p $(q "$COLD")" "$(audit "$COLD" --no-transitive)"
	findings=$(bash -c "$(audit "$WARM" | sed 's/ >\/dev\/null$//')" | grep -c '"status"' || true)
fi

# 6. Report.
cpus() { awk '{ printf "%.3f", $1 / 1000 }' <<<"${CPU[$1]:-0}"; }
ms() {
	awk -v s="${MEDIAN[$1]}" -v c="${CPU[$1]:-        -}" -v r="${RSS[$1]:--}" \
		'BEGIN { printf "%9.1f ms  %s  %6s MB", s * 1000, c, r }'
}
echo
echo "timer: $TIMER; cpu (without hyperfine) and peak RSS: one run under /usr/bin/time"
printf '%-52s %s\n' "benchmark" "   median wall   cpu (user+sys)  peak RSS"
printf '%-52s %s\n' "dnf makecache (cold)" "$(ms dnf_cold)"
printf '%-52s %s\n' "dnf -C repoquery, $present names batched (warm)" "$(ms dnf_warm)"
printf '%-52s %s\n' "$(decompressor "$primary") of primary (the floor)" "$(ms gzip_floor)"
if [[ $have_deps != 1 ]]; then
	[[ $DNF_ONLY == 1 ]] && { echo "deps audit: skipped (DNF_ONLY=1)"; exit 0; }
	echo "deps audit: not run, the deps CLI does not build (see above)"
	exit 3
fi
printf '%-52s %s\n' "deps audit --json, empty cache (cold)" "$(ms deps_cold)"
printf '%-52s %s\n' "deps audit --json, warm cache" "$(ms deps_warm)"
printf '%-52s %s\n' "deps audit --no-transitive, empty cache (index)" "$(ms deps_index)"
echo "deps audit --json listed $findings findings for $(wc -l <"$REQS") requirements"
echo
ratio() { awk -v a="${MEDIAN[$1]}" -v b="${MEDIAN[$2]}" -v t="$3" -v n="$4" 'BEGIN {
	r = a / b; printf "%-5s %6.2fx  (target >= %sx)  %s\n", n, r, t, (r >= t) ? "PASS" : "FAIL" }'; }
ratio dnf_cold deps_cold 10 cold
ratio dnf_warm deps_warm 10 warm
# On a shared machine wall times carry the others' load: the CPU ratios too.
awk -v a="$(cpus dnf_cold)" -v b="$(cpus deps_cold)" -v c="$(cpus dnf_warm)" -v d="$(cpus deps_warm)" \
	'BEGIN { printf "cpu   cold %.1fx, warm %.1fx (dnf cpu / deps cpu, one run each)\n", a / b, c / d }'
awk -v a="${MEDIAN[deps_index]}" -v b="${MEDIAN[gzip_floor]}" 'BEGIN {
	r = a / b; printf "floor %6.2fx  (cold index / decompression alone, target <= 1.3x)  %s\n", r, (r <= 1.3) ? "PASS" : "FAIL" }'
# One line for bench-scale.sh.
echo "ROW n=$N r=$(wc -l <"$REQS") deps_cold_cpu=$(cpus deps_cold) dnf_cold_cpu=$(cpus dnf_cold) deps_warm_cpu=$(cpus deps_warm) dnf_warm_cpu=$(cpus dnf_warm) deps_cold=${MEDIAN[deps_cold]} deps_cold_mb=${RSS[deps_cold]} deps_warm=${MEDIAN[deps_warm]} deps_warm_mb=${RSS[deps_warm]} dnf_cold=${MEDIAN[dnf_cold]} dnf_cold_mb=${RSS[dnf_cold]} dnf_warm=${MEDIAN[dnf_warm]} dnf_warm_mb=${RSS[dnf_warm]} index=${MEDIAN[deps_index]} floor=${MEDIAN[gzip_floor]}"
