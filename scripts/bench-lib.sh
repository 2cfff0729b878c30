# bench-lib.sh — shell helpers the bench-*.sh scripts source.

# median_wall PREPARE COMMAND: runs PREPARE then COMMAND, RUNS times
# (COMMAND's failures ignored: deps exits 1 on problems it reports), and
# prints the median wall time of COMMAND in seconds.
median_wall() {
	local prep=$1 cmd=$2 times=() t0 t1 i
	for ((i = 0; i < RUNS; i++)); do
		bash -c "$prep" >/dev/null 2>&1
		t0=$(date +%s.%N)
		bash -c "$cmd" >/dev/null 2>&1 || true
		t1=$(date +%s.%N)
		times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }')")
	done
	printf '%s\n' "${times[@]}" | sort -g |
		awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
