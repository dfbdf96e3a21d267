#!/bin/sh
# bench/run.sh - time 'vigil decode' against Debian's gpsdecode (gpsd-clients 3.22) on
# ~1.5 million real AIS sentences, in the same run, and print sentences/second and ratios.
# Usage: sh bench/run.sh   (make bench).  Env: VIGIL (binary), SHARED (../shared),
# BENCH_DIR (build-bench), BENCH_SENTENCES (1500000), BENCH_RUNS (3, best of),
# BENCH_REPEAT (10 passes per timing of the fast commands), BENCH_DETECT (0 skips bench/detect.sh).
set -u
VIGIL=${VIGIL:-./vigil}
SHARED=${SHARED:-../shared}
OUT=${BENCH_DIR:-build-bench}
TARGET=${BENCH_SENTENCES:-1500000}
RUNS=${BENCH_RUNS:-3}
DATA=$SHARED/data/ais/real

if [ ! -d "$DATA" ]; then
	echo "SKIP: $DATA not found; the benchmark corpus is built from the real logs there"
	exit 0
fi
[ -x "$VIGIL" ] || { echo "bench: $VIGIL not built (run make first)" >&2; exit 2; }
mkdir -p "$OUT"
corpus=$OUT/corpus.nmea

# The corpus: every VDM/VDO line of the real logs, tag blocks stripped, repeated
# (whole files, so multi-sentence messages stay together) to about TARGET sentences.
if [ ! -s "$corpus" ] || [ "$(cat "$OUT/corpus.target" 2>/dev/null)" != "$TARGET" ]; then
	one=$OUT/once.nmea
	for f in "$DATA/gpsd-aishub-ais-nmea-sample.log" "$DATA/amsa-risky/ais.txt" \
		"$DATA"/amsa-risky/exact-earth-*.txt "$DATA/aisdb/test_data_20211101.nm4"; do
		[ -f "$f" ] && cat "$f"
	done | sed -e 's/^\(\\[^\\]*\\\)*//' | tr -d '\r' | grep -E '^![A-Z][A-Z]VD[MO],' > "$one"
	n=$(wc -l < "$one")
	[ "$n" -gt 0 ] || { echo "bench: no sentences found under $DATA" >&2; exit 2; }
	reps=$(( (TARGET + n - 1) / n ))
	: > "$corpus"
	i=0
	while [ $i -lt $reps ]; do cat "$one"; i=$((i + 1)); done > "$corpus"
	echo "$TARGET" > "$OUT/corpus.target"
	rm -f "$one"
fi
sentences=$(wc -l < "$corpus")
bytes=$(wc -c < "$corpus")

# Each command runs RUNS times, interleaved in rounds so that every one sees the
# same machine load; per command the best CPU time (user+sys, from /usr/bin/time)
# and the best wall time are kept. Ratios use CPU time: on a shared machine it is
# far less noisy than wall time, and every contender is single-threaded.
TIME=/usr/bin/time
[ -x "$TIME" ] || TIME=
names="cat gpsd json null"
cmd_cat="cat"
cmd_gpsd="gpsdecode -j"
cmd_json="$VIGIL decode"
cmd_null="$VIGIL decode --null"
cmd_thr="$VIGIL decode --threads 2"
if ! command -v gpsdecode >/dev/null 2>&1; then
	echo "gpsdecode not installed (apt-get install gpsd-clients): ratios omitted"
	names="cat json null"
fi
"$VIGIL" decode --help 2>/dev/null | grep -q -- '--threads' && names="$names thr"
for n in $names; do eval "cpu_$n=; wall_$n="; done
# /usr/bin/time counts in 10 ms steps: the fast commands run REPEAT times per
# measurement (one process per pass, as a user would run them) and the time is
# divided, so that the step is below 1 % of the figure.
REPEAT=${BENCH_REPEAT:-10}
r=0
while [ $r -lt "$RUNS" ]; do
	for n in $names; do
		k=$REPEAT
		[ "$n" = gpsd ] && k=1
		eval "c=\$cmd_$n"
		printf 'i=0; while [ $i -lt %d ]; do %s < "%s" > /dev/null 2>/dev/null; i=$((i + 1)); done\n' \
			"$k" "$c" "$corpus" > "$OUT/cmd.sh"
		t0=$(date +%s%N)
		if [ -z "$TIME" ]; then
			sh "$OUT/cmd.sh"
		else
			$TIME -f '%U %S' -o "$OUT/time" sh "$OUT/cmd.sh"
			cpu=$(awk -v k="$k" '{ printf "%d", ($1 + $2) * 1000 / k }' "$OUT/time")
		fi
		t1=$(date +%s%N)
		wall=$(( (t1 - t0) / 1000000 / k ))
		[ -n "$TIME" ] || cpu=$wall
		[ "$cpu" -lt 1 ] && cpu=1
		[ "$wall" -lt 1 ] && wall=1
		eval "old=\$cpu_$n"
		if [ -z "$old" ] || [ "$cpu" -lt "$old" ]; then eval "cpu_$n=$cpu"; fi
		eval "old=\$wall_$n"
		if [ -z "$old" ] || [ "$wall" -lt "$old" ]; then eval "wall_$n=$wall"; fi
	done
	r=$((r + 1))
done

echo "corpus: $corpus, $sentences sentences, $bytes bytes; best of $RUNS interleaved runs"
printf '%-34s %9s %9s %14s %10s\n' "" "cpu ms" "wall ms" "sentences/s" "vs gpsd -j"
line() { # label name
	eval "c=\$cpu_$2; w=\$wall_$2"
	rate=$(( sentences * 1000 / c ))
	if [ -n "${cpu_gpsd:-}" ]; then
		ratio=$(awk -v a="$cpu_gpsd" -v b="$c" 'BEGIN { printf "%.1fx", a / b }')
	else
		ratio=-
	fi
	printf '%-34s %9d %9d %14d %10s\n' "$1" "$c" "$w" "$rate" "$ratio"
}
line "cat (I/O floor)" cat
[ -n "${cpu_gpsd:-}" ] && line "gpsdecode -j" gpsd
line "vigil decode (JSON, scaled)" json
line "vigil decode --null (structs)" null
echo "sentences/s and ratios from CPU time (user+sys) of single-threaded runs"
if [ -n "${wall_thr:-}" ]; then
	awk -v s="$sentences" -v w1="$wall_json" -v w2="$wall_thr" -v g="${wall_gpsd:-0}" 'BEGIN {
		printf "vigil decode --threads 2 (JSON): wall %d ms, %d sentences/s, %.2fx the wall speed of one thread", w2, s * 1000 / w2, w1 / w2
		if (g > 0) printf ", %.1fx gpsdecode -j wall", g / w2
		printf "\n" }'
	# Wall time needs two idle cores; on a shared machine the CPU time of the
	# busiest thread (--stats) shows what the split can reach: the wall time
	# of --threads 2 when both cores are free.
	best=
	r=0
	while [ $r -lt "$RUNS" ]; do
		$cmd_thr --stats < "$corpus" 2>"$OUT/thr.stats" >/dev/null
		b=$(awk '/^threads 2 / { m = $4 > $6 ? $4 : $6; printf "%d %d %d", m, $4, $6 }' "$OUT/thr.stats")
		set -- $b
		if [ $# -eq 3 ] && { [ -z "$best" ] || [ "$1" -lt "$best" ]; }; then best=$1; bm=$2; bw=$3; fi
		r=$((r + 1))
	done
	if [ -n "$best" ]; then
		awk -v c="$cpu_json" -v b="$best" -v m="$bm" -v w="$bw" -v g="${cpu_gpsd:-0}" 'BEGIN {
			printf "vigil decode --threads 2 (JSON): busiest thread %d ms CPU (reader/decoder %d, formatter %d): %.2fx one thread", b, m, w, c / b
			if (g > 0) printf ", %.1fx gpsdecode -j", g / b
			printf " with two free cores\n" }'
	fi
fi

# The encounter and loitering engines' micro benchmark (bench/encounter_bench.c, owned by meet).
LIBA=${LIBA:-$(dirname "$(readlink -f "$VIGIL")")/libvigil.a}
if [ -f bench/encounter_bench.c ] && [ -f "$LIBA" ]; then
	echo
	if ${CC:-cc} -O2 -D_DEFAULT_SOURCE -Iinclude bench/encounter_bench.c "$LIBA" -lm -o "$OUT/encounter_bench" 2>"$OUT/encounter_bench.err"; then
		"$OUT/encounter_bench" 20000 2 10
	else
		echo "encounter_bench: build failed (see $OUT/encounter_bench.err)"
	fi
fi

# Behaviour engine throughput (bench/detect.sh, owned by track); BENCH_DETECT=0 skips it.
if [ -f bench/detect.sh ] && [ "${BENCH_DETECT:-1}" != 0 ]; then
	echo
	VIGIL=$VIGIL BENCH_DIR=$OUT sh bench/detect.sh || echo "bench/detect.sh failed"
fi

# Screening speed (bench/screen_bench.c, owned by screen).
if [ -f bench/screen_bench.c ] && [ -f "$LIBA" ]; then
	echo
	if ${CC:-cc} -O2 -D_DEFAULT_SOURCE -Iinclude -Ilib $(pkg-config --cflags libxml-2.0 icu-uc 2>/dev/null) \
		bench/screen_bench.c "$LIBA" $(pkg-config --libs libxml-2.0 icu-uc icu-i18n 2>/dev/null) -lm \
		-o "$OUT/screen_bench" 2>"$OUT/screen_bench.err"; then
		"$OUT/screen_bench" "$SHARED/data/sanctions"
	else
		echo "screen_bench: build failed (see $OUT/screen_bench.err)"
	fi
fi
exit 0
