#!/usr/bin/env bash
# bench-build.sh — deps' build scheduler against plain rpmbuild on the same
# synthetic graph of 20 hand-written noarch specs (a 5-deep chain and 15
# independent packages; each %build gzips a few MB, ~0.3-0.5 s of CPU), in
# one run (rpmbuild/schedule_bench_test.go, BenchmarkSchedule20):
#   raw -bb   a serial loop of plain `rpmbuild -bb --nodeps` (the raw cost)
#   raw -ba   the same with -ba (deps also makes each SRPM)
#   jobs=1    rpmbuild.Schedule, one build at a time
#   jobs=N    rpmbuild.Schedule, N = the machine's CPUs
# Prints the figures and the issue's targets: overhead (jobs=1 - raw -bb)
# <= 10% and parallel efficiency >= 80%, where
#   efficiency = max(raw/cores, critical path) / (jobs=N time),
#   cores = min(CPUs, graph width 16), critical path = raw * 5/20.
# Exits non-zero only on errors, never on a missed target.
#
# Knobs: BENCHTIME (2x: iterations, averaged).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v rpmbuild >/dev/null || { echo "bench-build: rpmbuild not found" >&2; exit 2; }
out=$(go test ./rpmbuild/ -run '^$' -bench '^BenchmarkSchedule20$' -benchtime "${BENCHTIME:-2x}" -timeout 30m)
line=$(grep '^BenchmarkSchedule20' <<<"$out") || { echo "$out" >&2; exit 2; }
metric() { awk -v u="$1" '{for (i = 2; i <= NF; i++) if ($i == u) print $(i-1)}' <<<"$line"; }
printf 'deps build benchmark: 20 packages (5-deep chain + 15 independent), %s cores used\n' "$(metric cores)"
printf '  raw serial rpmbuild -bb     %8.2f s\n' "$(metric raw-bb-s)"
printf '  raw serial rpmbuild -ba     %8.2f s\n' "$(metric raw-ba-s)"
printf '  deps schedule, jobs=1       %8.2f s\n' "$(metric jobs1-s)"
printf '  deps schedule, jobs=CPUs    %8.2f s\n' "$(metric jobsN-s)"
printf '  overhead vs -bb             %8.1f %%  (%.0f ms/package; target <= 10%%)\n' "$(metric overhead-%)" "$(metric overhead-ms/pkg)"
printf '  overhead vs -ba             %8.1f %%\n' "$(metric overhead-vs-ba-%)"
printf '  parallel efficiency         %8.1f %%  (target >= 80%%)\n' "$(metric par-eff-%)"
printf '  CPU: raw -bb %.2f s, raw -ba %.2f s, deps jobs=1 %.2f s (deps itself %.1f ms/package)\n' \
	"$(metric raw-bb-cpu-s)" "$(metric raw-ba-cpu-s)" "$(metric jobs1-cpu-s)" "$(metric deps-cpu-ms/pkg)"
printf '  CPU overhead vs -bb         %8.1f %%  (vs -ba %.1f %%; CPU seconds: less swayed by a loaded machine)\n' \
	"$(metric overhead-cpu-%)" "$(metric overhead-cpu-vs-ba-%)"
printf '  load average                %8s\n' "$(cut -d' ' -f1 /proc/loadavg)"
