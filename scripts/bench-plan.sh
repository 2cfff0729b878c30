#!/usr/bin/env bash
# bench-plan.sh — deps plan beside uv's and pip's resolvers on the same input
# in one run: the seed story's app (flask, flask-login, celery[redis],
# mongoengine, prettytable, cherrypy, pytz) resolved against the same fake
# PyPI (fixtures/cmd/fakepypi: PEP 691 + PEP 658), with no repository
# packages:
#   deps plan -r reqs --repo EMPTY -i URL --profile host --cache-dir DIR
#   uv pip compile reqs --python-version 3.11 --index-url URL --cache-dir DIR
#   pip install --dry-run --ignore-installed --report - -i URL -r reqs --no-cache-dir
# each cold (a fresh cache directory) and warm (the cache of an earlier run,
# same index URL: pages revalidated), in each SETTING of the index:
#   20ms    every request delayed by LATENCY (the default setting)
#   0       no delay
#   serial  LATENCY, served as a small single-process server does (one
#           connection at a time, one request each, a listen queue of 5)
# Prints the load average, wall times (median of RUNS, deps and uv runs
# alternated so that both see the same load), the requests of one
# cold run of each peer, the ratios (targets: deps >= 5x faster than pip; at
# least as fast as uv, cold and warm), and how deps' runtime set compares
# with uv's. Installs nothing; exits non-zero only on errors, never on a
# missed target. uv is skipped (said) when it is not installed: pip install uv.
#
# Knobs: LATENCY (20ms), RUNS (5), SETTINGS ("20ms 0 serial"), PIP (pip;
# PIP=none skips it), UV (uv), WORK (a temporary directory), KEEP=1 keeps it,
# DEPS (a deps binary to time instead of this tree's: an older build, for a
# before/after table).
set -euo pipefail
LATENCY=${LATENCY:-20ms}
RUNS=${RUNS:-5}
SETTINGS=${SETTINGS:-20ms 0 serial}
PIP=${PIP:-pip}
UV=${UV:-uv}
cd "$(dirname "$0")/.."

die() { echo "bench-plan: $*" >&2; exit 2; }
command -v createrepo_c >/dev/null || die "createrepo_c not found"
WORK=${WORK:-$(mktemp -d -t bench-plan.XXXXXX)}
mkdir -p "$WORK"
if [[ -n ${DEPS:-} ]]; then
	cp "$DEPS" "$WORK/deps" || die "cannot copy $DEPS"
else
	go build -o "$WORK/deps" ./cmd/deps || die "cannot build cmd/deps"
fi
go build -o "$WORK/fakepypi" ./fixtures/cmd/fakepypi || die "cannot build fixtures/cmd/fakepypi"
mkdir -p "$WORK/empty" && createrepo_c -q "$WORK/empty"
printf '%s\n' flask flask-login 'celery[redis]' mongoengine prettytable cherrypy pytz >"$WORK/reqs.txt"
results=()
have_uv=0
command -v "$UV" >/dev/null && have_uv=1
have_pip=0
[[ $PIP != none ]] && command -v "$PIP" >/dev/null && have_pip=1

server_pid=
server_args=()
start_server() { # starts an index with server_args; sets URL
	: >"$WORK/url"
	"$WORK/fakepypi" -wheels "${server_args[@]}" >"$WORK/url" 2>"$WORK/stats" &
	server_pid=$!
	for _ in $(seq 100); do [[ -s $WORK/url ]] && break; sleep 0.1; done
	URL=$(head -1 "$WORK/url")
	[[ -n $URL ]] || die "fakepypi did not start"
}
stop_server() {
	[[ -n $server_pid ]] || return 0
	kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null || true
	server_pid=
}
trap 'stop_server; [[ ${KEEP:-0} == 1 ]] || rm -rf "$WORK"' EXIT

# Each takes a cache directory ("" for pip, which keeps none).
deps_run() { "$WORK/deps" plan -r "$WORK/reqs.txt" --repo "$WORK/empty" -i "$URL" --profile host -q \
	--cache-dir "$1" >"$WORK/deps.out"; }
uv_run() { (cd "$WORK" && env -u UV_INDEX_URL -u UV_EXTRA_INDEX_URL HOME="$WORK" "$UV" pip compile -q --no-config \
	--python-version 3.11 --index-url "$URL" --cache-dir "$1" "$WORK/reqs.txt" -o "$WORK/uv.txt"); }
pip_run() { (cd "$WORK" && env -u PIP_FIND_LINKS -u PIP_INDEX_URL HOME="$WORK" PIP_CONFIG_FILE=/dev/null \
	PIP_BREAK_SYSTEM_PACKAGES=1 "$PIP" install --dry-run --ignore-installed --report "$WORK/pip.json" -q \
	--index-url "$URL" --no-cache-dir --disable-pip-version-check -r "$WORK/reqs.txt" >/dev/null); }

# time_pair FN1 FN2 cold|warm: the median wall times in ms ("a b") of RUNS
# runs of FN1 and FN2 on the running index, alternated so that both see the
# same load; cold runs get a fresh cache each, warm runs one cache per FN
# filled by an untimed run first. FN2 may be "-" (not run: prints "-").
time_pair() {
	local a=() b=() t0 t1 da db fn
	da=$(mktemp -d -p "$WORK") db=$(mktemp -d -p "$WORK")
	if [[ $3 == warm ]]; then
		"$1" "$da"
		[[ $2 == - ]] || "$2" "$db"
	fi
	for _ in $(seq "$RUNS"); do
		[[ $3 == cold ]] && da=$(mktemp -d -p "$WORK") db=$(mktemp -d -p "$WORK")
		t0=$(date +%s%N); "$1" "$da"; t1=$(date +%s%N)
		a+=($(((t1 - t0) / 1000000)))
		[[ $2 == - ]] && continue
		t0=$(date +%s%N); "$2" "$db"; t1=$(date +%s%N)
		b+=($(((t1 - t0) / 1000000)))
	done
	median() { printf '%s\n' "$@" | sort -n | sed -n "$(((RUNS + 1) / 2))p"; }
	echo "$(median "${a[@]}") $([[ $2 == - ]] && echo - || median "${b[@]}")"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

echo "input: $(tr '\n' ' ' <"$WORK/reqs.txt")"
echo "index: fake PyPI, PEP 691 JSON + PEP 658 metadata; median of $RUNS runs; $(nproc) CPUs"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# One counted cold run of each peer (requests by kind, projects resolved).
server_args=(-latency "$LATENCY")
start_server; deps_run "$(mktemp -d -p "$WORK")"; stop_server; deps_stats=$(tail -1 "$WORK/stats")
echo "deps plan: $(grep -oE '^[0-9]+ projects' "$WORK/deps.out" | cut -d' ' -f1) projects, ${deps_stats#fakepypi: }"
if ((have_uv)); then
	start_server; uv_run "$(mktemp -d -p "$WORK")"; stop_server; uv_stats=$(tail -1 "$WORK/stats")
	echo "uv pip compile: $(grep -cE '^[a-z0-9]' "$WORK/uv.txt") projects, ${uv_stats#fakepypi: }"
	start_server
	"$WORK/deps" plan -r "$WORK/reqs.txt" --repo "$WORK/empty" -i "$URL" --profile host -q --json \
		--cache-dir "$(mktemp -d -p "$WORK")" >"$WORK/deps.json"
	stop_server
	# deps' runtime set (the requirements' closure, build requirements
	# left out) beside uv's answer.
	python3 - "$WORK/deps.json" "$WORK/uv.txt" "$WORK/reqs.txt" <<'EOF'
import json, re, sys
plan = {p["name"]: p for p in json.load(open(sys.argv[1]))["projects"]}
uv = dict(re.match(r"([a-z0-9-]+)==(\S+)", l).groups() for l in open(sys.argv[2]) if re.match(r"[a-z0-9]", l))
todo = [re.sub(r"\[.*", "", l.strip()) for l in open(sys.argv[3]) if l.strip()]
runtime = {}
while todo:
    n = todo.pop()
    if n in plan and n not in runtime:
        runtime[n] = plan[n]["version"]
        todo += plan[n]["requires"]
diff = sorted(set(runtime.items()) ^ set(uv.items()))
if not diff:
    print(f"runtime set: the same {len(runtime)} projects and versions as uv")
else:
    print(f"runtime set: {len(runtime)} projects, uv {len(uv)}; differing:",
          ", ".join(f"{n} deps {runtime.get(n, '-')} uv {uv.get(n, '-')}" for n in sorted({n for n, _ in diff})))
    print("  (deps installs every build requirement as an RPM of one set: a build's backend pins can move a runtime choice)")
EOF
fi
if ((have_pip)); then
	start_server; pip_run; stop_server; pip_stats=$(tail -1 "$WORK/stats")
	pip_projects=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["install"]))' "$WORK/pip.json")
	echo "pip install --dry-run: $pip_projects projects, ${pip_stats#fakepypi: } (it downloads every chosen wheel)"
fi
echo "(deps also resolves the build backends of the projects it must build, and reads each sdist's [build-system])"
echo
printf '%-22s %10s %10s %7s   %10s %10s %7s\n' setting "deps cold" "uv cold" ratio "deps warm" "uv warm" ratio
for setting in $SETTINGS; do
	case $setting in
	serial) server_args=(-latency "$LATENCY" -serial 5); label="serial, $LATENCY" ;;
	*) server_args=(-latency "$setting"); label="latency $setting" ;;
	esac
	start_server
	peer=-
	((have_uv)) && peer=uv_run
	read -r dc uc < <(time_pair deps_run "$peer" cold)
	read -r dw uw < <(time_pair deps_run "$peer" warm)
	if ((have_pip)) && [[ $setting == "${SETTINGS%% *}" ]]; then
		read -r pip_ms _ < <(time_pair pip_run - cold)
		pip_setting=$label
	fi
	stop_server
	printf '%-22s %7s ms %7s ms %6sx   %7s ms %7s ms %6sx\n' "$label" "$dc" "$uc" "$(ratio "$uc" "$dc")" \
		"$dw" "$uw" "$(ratio "$uw" "$dw")"
	if ((have_uv)); then
		verdict() { awk -v r="$(ratio "$1" "$2")" 'BEGIN { exit !(r >= 1) }' && echo PASS || echo FAIL; }
		results+=("$label: deps is $(ratio "$uc" "$dc")x uv's speed cold ($(verdict "$uc" "$dc")), $(ratio "$uw" "$dw")x warm ($(verdict "$uw" "$dw")) (target >= 1x)")
	fi
	[[ $setting == "${SETTINGS%% *}" ]] && first_cold=$dc
done
echo
((have_uv)) || echo "uv: not installed (pip install uv): not compared"
for r in "${results[@]}"; do echo "$r"; done
if ((have_pip)); then
	r=$(awk -v a="$pip_ms" -v b="$first_cold" 'BEGIN { printf "%.1f", a / b }')
	v=FAIL
	awk -v r="$r" 'BEGIN { exit !(r >= 5) }' && v=PASS
	echo "$pip_setting: pip install --dry-run $pip_ms ms cold; deps is ${r}x faster (target >= 5x): $v"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
