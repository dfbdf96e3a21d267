#!/bin/sh
# bench/run.sh - time 'vigil decode' against Debian's gpsdecode (gpsd-clients 3.22) on
# ~1.5 million real AIS sentences, in the same run, and print sentences/second and ratios.
# Usage: sh bench/run.sh   (make bench).  Env: VIGIL (binary), SHARED (../shared),
# BENCH_DIR (build-bench), BENCH_SENTENCES (1500000), BENCH_RUNS (3, best of).
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

now_ns() { date +%s%N; }
# best wall time in ms of RUNS runs of "$@" < corpus > /dev/null
best_ms() {
	best=
	r=0
	while [ $r -lt "$RUNS" ]; do
		t0=$(now_ns)
		"$@" < "$corpus" > /dev/null 2>&1
		t1=$(now_ns)
		ms=$(( (t1 - t0) / 1000000 ))
		[ "$ms" -lt 1 ] && ms=1
		if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
		r=$((r + 1))
	done
	echo "$best"
}

echo "corpus: $corpus, $sentences sentences, $bytes bytes (best of $RUNS runs each)"
t_cat=$(best_ms cat)
if command -v gpsdecode >/dev/null 2>&1; then
	t_gpsd=$(best_ms gpsdecode -j)
else
	t_gpsd=
	echo "gpsdecode not installed (apt-get install gpsd-clients): ratios omitted"
fi
t_json=$(best_ms "$VIGIL" decode)
t_null=$(best_ms "$VIGIL" decode --null)
t_thr=
if "$VIGIL" decode --help 2>/dev/null | grep -q -- '--threads'; then
	t_thr=$(best_ms "$VIGIL" decode --threads 2)
fi

line() { # name ms
	rate=$(( sentences * 1000 / $2 ))
	if [ -n "$t_gpsd" ]; then
		ratio=$(awk -v a="$t_gpsd" -v b="$2" 'BEGIN { printf "%.1fx", a / b }')
	else
		ratio=-
	fi
	printf '%-34s %8d ms %12d sentences/s %8s vs gpsdecode -j\n' "$1" "$2" "$rate" "$ratio"
}
line "cat (I/O floor)" "$t_cat"
[ -n "$t_gpsd" ] && line "gpsdecode -j" "$t_gpsd"
line "vigil decode (JSON, scaled)" "$t_json"
line "vigil decode --null (structs)" "$t_null"
[ -n "$t_thr" ] && line "vigil decode --threads 2 (JSON)" "$t_thr"
exit 0
