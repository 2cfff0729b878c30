#!/usr/bin/env bash
# bench-scale.sh — the audit scaling table: deps audit --json cold and warm
# beside dnf makecache and one batched dnf -C repoquery, with peak RSS, for
# synthetic repositories of SIZES packages and REQS requirements each (runs
# scripts/bench-audit.sh for every pair; a repository is generated once per
# size and makecache timed once per size). Prints one row per pair.
#
# Knobs (environment): SIZES ("10000 70000 200000"), REQS ("10 150 1000"),
# RUNS per measurement (3), WORK (a directory kept between runs: the
# repositories are reused), COMPRESS (gz). Installs nothing; exit status is
# non-zero only on errors.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"10000 70000 200000"}
REQS=${REQS:-"10 150 1000"}
RUNS=${RUNS:-3}
WORK=${WORK:-$(mktemp -d -t bench-scale.XXXXXX)}
mkdir -p "$WORK"
DEPS=$WORK/deps
go build -o "$DEPS" ./cmd/deps
rows=()
for n in $SIZES; do
	for r in $REQS; do
		echo "== $n packages, $r requirements" >&2
		out=$(WORK=$WORK/n$n N=$n R=$r RUNS=$RUNS REUSE_DNF=1 DEPS_BIN=$DEPS KEEP=1 \
			COMPRESS=${COMPRESS:-gz} scripts/bench-audit.sh) || { echo "$out" >&2; exit 2; }
		rows+=("$(grep '^ROW ' <<<"$out")")
	done
done
printf '\n%8s %5s | %-19s %-19s | %-19s %-19s | %-13s %-13s\n' packages reqs "deps cold" "deps warm" \
	"dnf makecache" "dnf -C repoquery" "cold× wall/cpu" "warm× wall/cpu"
for row in "${rows[@]}"; do
	awk '{
		for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
		printf "%8s %5s | %7.0f ms %5d MB  %7.0f ms %5d MB  | %7.0f ms %5d MB  %7.0f ms %5d MB  | %5.1fx %5.1fx   %5.1fx %5.1fx\n",
			v["n"], v["r"], v["deps_cold"] * 1000, v["deps_cold_mb"], v["deps_warm"] * 1000, v["deps_warm_mb"],
			v["dnf_cold"] * 1000, v["dnf_cold_mb"], v["dnf_warm"] * 1000, v["dnf_warm_mb"],
			v["dnf_cold"] / v["deps_cold"], v["dnf_cold_cpu"] / v["deps_cold_cpu"],
			v["dnf_warm"] / v["deps_warm"], v["dnf_warm_cpu"] / v["deps_warm_cpu"]
	}' <<<"$row"
done
