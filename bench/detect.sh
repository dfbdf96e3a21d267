#!/bin/sh
# bench/detect.sh - 'vigil detect' (NMEA -> events) against the decoder alone ('vigil decode -n')
# on the same simulated day, in the same run: sentences/second and messages/second per core (user
# CPU time; a two-sentence type 5 is one message) and peak resident memory.
# Usage: sh bench/detect.sh [VESSELS] [HOURS]   (defaults 20000 and 24).
# Env: VIGIL (binary, ./vigil), BENCH_DIR (build-bench), BENCH_RUNS (2, best of).
set -u
VIGIL=${VIGIL:-./vigil}
OUT=${BENCH_DIR:-build-bench}
RUNS=${BENCH_RUNS:-2}
N=${1:-20000}
H=${2:-24}
[ -x "$VIGIL" ] || { echo "bench: $VIGIL not built (run make first)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "SKIP: /usr/bin/time (Debian package 'time') not installed"; exit 0; }
mkdir -p "$OUT"
day=$OUT/day-$N-$H.nmea
if [ ! -s "$day" ]; then
	echo "bench: simulating $N vessels for $H h into $day ..."
	"$VIGIL" simulate data/scenarios/bench.json --vessels "$N" --hours "$H" -o "$day" --stats >&2 || exit 2
fi
lines=$(wc -l < "$day")
size=$(wc -c < "$day")

# best of RUNS: user CPU seconds and max RSS (KB) of one command
measure() {
	best_u= best_m=
	i=0
	while [ $i -lt "$RUNS" ]; do
		/usr/bin/time -f '%U %M' -o "$OUT/time.txt" "$@" > /dev/null 2> "$OUT/err.txt" || { cat "$OUT/err.txt" >&2; return 1; }
		set -- "$@"
		read -r u m < "$OUT/time.txt"
		if [ -z "$best_u" ] || awk -v a="$u" -v b="$best_u" 'BEGIN { exit !(a < b) }'; then best_u=$u; fi
		if [ -z "$best_m" ] || [ "$m" -gt "$best_m" ]; then best_m=$m; fi
		i=$((i + 1))
	done
	echo "$best_u $best_m"
}

set -- $(measure "$VIGIL" decode -n -s "$day"); du=$1 dm=$2
# messages: what the decoder counted (its --stats line "... messages N ...")
msgs=$(sed -n 's/.* messages \([0-9][0-9]*\).*/\1/p' "$OUT/err.txt" | head -1)
[ -n "$msgs" ] || msgs=$lines
set -- $(measure "$VIGIL" detect -q --no-geo "$day"); eu=$1 em=$2
set -- $(measure "$VIGIL" detect -q "$day"); gu=$1 gm=$2
awk -v l="$lines" -v m="$msgs" -v s="$size" -v du="$du" -v dm="$dm" -v eu="$eu" -v em="$em" -v gu="$gu" -v gm="$gm" -v n="$N" 'BEGIN {
	printf "input: %d vessels, %d sentences, %d messages, %.0f MB\n", n, l, m, s / 1e6
	printf "%-34s %8s %14s %14s %10s\n", "", "user s", "sentences/s", "messages/s", "max RSS MB"
	printf "%-34s %8.2f %14.0f %14.0f %10.1f\n", "vigil decode -n (decoder alone)", du, l / (du > 0 ? du : 0.001), m / (du > 0 ? du : 0.001), dm / 1024
	printf "%-34s %8.2f %14.0f %14.0f %10.1f\n", "vigil detect --no-geo", eu, l / (eu > 0 ? eu : 0.001), m / (eu > 0 ? eu : 0.001), em / 1024
	printf "%-34s %8.2f %14.0f %14.0f %10.1f\n", "vigil detect (default geography)", gu, l / (gu > 0 ? gu : 0.001), m / (gu > 0 ? gu : 0.001), gm / 1024
	printf "engine cost: detect takes %.1fx the decoder'"'"'s CPU time (targets: >= 3e6 sentences/s, <= 100 MB)\n", gu / (du > 0 ? du : 0.001)
}'
