#!/usr/bin/env bash
# bench-plan.sh — deps plan against pip's own resolver on the same input in
# one run: the seed story's app (flask, flask-login, celery[redis],
# mongoengine, prettytable, cherrypy, pytz) resolved against the same fake
# PyPI (fixtures/cmd/fakepypi: PEP 691 + PEP 658, every request delayed by
# LATENCY), with no repository packages, both cold (no cache):
#   deps plan -r reqs --repo EMPTY -i URL --profile host --cache-dir FRESH
#   pip install --dry-run --ignore-installed --report - -i URL -r reqs --no-cache-dir
#   uv pip compile reqs --python-version 3.11 --index-url URL, cold (a fresh
#   --cache-dir) and warm (the same cache again), beside deps cold and warm
# Prints wall time (median of RUNS), requests by kind, and the ratios
# (targets: deps >= 5x faster than pip; at least as fast as uv, cold and
# warm). Installs nothing; exits non-zero only on errors, never on a missed
# target. uv is skipped (said) when it is not installed: pip install uv.
#
# Knobs: LATENCY (20ms), RUNS (5), PIP (pip), UV (uv), WORK (a temporary directory).
set -euo pipefail
LATENCY=${LATENCY:-20ms}
RUNS=${RUNS:-5}
PIP=${PIP:-pip}
UV=${UV:-uv}
cd "$(dirname "$0")/.."

die() { echo "bench-plan: $*" >&2; exit 2; }
command -v "$PIP" >/dev/null || die "$PIP not found"
command -v createrepo_c >/dev/null || die "createrepo_c not found"
WORK=${WORK:-$(mktemp -d -t bench-plan.XXXXXX)}
mkdir -p "$WORK"
go build -o "$WORK/deps" ./cmd/deps || die "cannot build cmd/deps"
go build -o "$WORK/fakepypi" ./fixtures/cmd/fakepypi || die "cannot build fixtures/cmd/fakepypi"
mkdir -p "$WORK/empty" && createrepo_c -q "$WORK/empty"
printf '%s\n' flask flask-login 'celery[redis]' mongoengine prettytable cherrypy pytz >"$WORK/reqs.txt"

server_pid=
start_server() { # starts a fresh index; sets URL
	"$WORK/fakepypi" -latency "$LATENCY" -wheels >"$WORK/url" 2>"$WORK/stats" &
	server_pid=$!
	for _ in $(seq 50); do [[ -s $WORK/url ]] && break; sleep 0.1; done
	URL=$(head -1 "$WORK/url")
	[[ -n $URL ]] || die "fakepypi did not start"
}
stop_server() { kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null || true; : >"$WORK/url"; }
trap 'stop_server; [[ ${KEEP:-0} == 1 ]] || rm -rf "$WORK"' EXIT

deps_run() { "$WORK/deps" plan -r "$WORK/reqs.txt" --repo "$WORK/empty" -i "$URL" --profile host -q \
	--cache-dir "$(mktemp -d -p "$WORK")" >"$WORK/deps.out"; }
# Warm: the same cache each time (filled by the first, untimed run).
deps_warm() { "$WORK/deps" plan -r "$WORK/reqs.txt" --repo "$WORK/empty" -i "$URL" --profile host -q \
	--cache-dir "$WORK/deps-warm" >"$WORK/deps.out"; }
uv_run() { (cd "$WORK" && env -u UV_INDEX_URL -u UV_EXTRA_INDEX_URL HOME="$WORK" "$UV" pip compile -q --no-config \
	--python-version 3.11 --index-url "$URL" --cache-dir "$(mktemp -d -p "$WORK")" "$WORK/reqs.txt" -o "$WORK/uv.txt"); }
uv_warm() { (cd "$WORK" && env -u UV_INDEX_URL -u UV_EXTRA_INDEX_URL HOME="$WORK" "$UV" pip compile -q --no-config \
	--python-version 3.11 --index-url "$URL" --cache-dir "$WORK/uv-warm" "$WORK/reqs.txt" -o "$WORK/uv.txt"); }
pip_run() { (cd "$WORK" && env -u PIP_FIND_LINKS -u PIP_INDEX_URL HOME="$WORK" PIP_CONFIG_FILE=/dev/null \
	PIP_BREAK_SYSTEM_PACKAGES=1 "$PIP" install --dry-run --ignore-installed --report "$WORK/pip.json" -q \
	--index-url "$URL" --no-cache-dir --disable-pip-version-check -r "$WORK/reqs.txt" >/dev/null); }

# time_runs NAME FN: median wall time in ms of RUNS runs, each on a fresh index.
time_runs() {
	local times=() t0 t1
	for _ in $(seq "$RUNS"); do
		start_server
		t0=$(date +%s%N); "$2"; t1=$(date +%s%N)
		stop_server
		times+=($(((t1 - t0) / 1000000)))
	done
	printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p"
}

# One counted run each, for the request numbers and the answers.
start_server; deps_run; stop_server; deps_stats=$(tail -1 "$WORK/stats")
start_server; pip_run; stop_server; pip_stats=$(tail -1 "$WORK/stats")
deps_projects=$(grep -oE '^[0-9]+ projects' "$WORK/deps.out" | cut -d' ' -f1)
pip_projects=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["install"]))' "$WORK/pip.json")

deps_ms=$(time_runs deps deps_run)
pip_ms=$(time_runs pip pip_run)
echo "input: $(tr '\n' ' ' <"$WORK/reqs.txt")"
echo "index: fake PyPI, PEP 691 JSON + PEP 658 metadata, $LATENCY per request; median of $RUNS cold runs"
printf '%-30s %8s ms  %3s projects  %s\n' "deps plan" "$deps_ms" "$deps_projects" "${deps_stats#fakepypi: }"
printf '%-30s %8s ms  %3s projects  %s\n' "pip install --dry-run" "$pip_ms" "$pip_projects" "${pip_stats#fakepypi: }"
echo "(deps also resolves the build backends of the projects it must build; pip's dry run downloads every chosen wheel)"
ratio=$(awk -v a="$pip_ms" -v b="$deps_ms" 'BEGIN { printf "%.1f", a / b }')
verdict=FAIL
awk -v r="$ratio" 'BEGIN { exit !(r >= 5) }' && verdict=PASS
echo "deps is ${ratio}x faster than pip (target >= 5x): $verdict"

if command -v "$UV" >/dev/null; then
	start_server; deps_warm; uv_warm; uv_stats=$(tail -1 "$WORK/stats"); stop_server # fill the warm caches
	uv_projects=$(grep -cE '^[a-z0-9]' "$WORK/uv.txt")
	uv_ms=$(time_runs uv uv_run)
	deps_warm_ms=$(time_runs deps deps_warm)
	uv_warm_ms=$(time_runs uv uv_warm)
	printf '%-30s %8s ms  %3s projects\n' "uv pip compile (cold)" "$uv_ms" "$uv_projects"
	printf '%-30s %8s ms\n' "deps plan (warm cache)" "$deps_warm_ms"
	printf '%-30s %8s ms\n' "uv pip compile (warm cache)" "$uv_warm_ms"
	for kind in cold warm; do
		if [[ $kind == cold ]]; then a=$uv_ms b=$deps_ms; else a=$uv_warm_ms b=$deps_warm_ms; fi
		ratio=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", a / b }')
		verdict=FAIL
		awk -v r="$ratio" 'BEGIN { exit !(r >= 1) }' && verdict=PASS
		echo "deps is ${ratio}x uv's speed, $kind (target >= 1x): $verdict"
	done
else
	echo "uv: not installed (pip install uv): not compared"
fi
