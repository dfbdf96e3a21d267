#!/bin/sh
# t_detect_own.sh - 'vigil detect' on our own simulated scenarios (data/scenarios/*.json except the
# bench day): every event type the simulator planted is found (recall 1.0 per type present), no
# decoy is flagged and every emitted event of a scored type matches the truth (precision 1.0), as
# the independent scorer of ../shared/eval reports. The simulator and the detector were written
# together, so t_detect_scenario.sh measures on the other generator's scenario as well.
VIGIL=${VIGIL:-./vigil}
SH=${VIGIL_SHARED:-../shared}
pass=0 fail=0
ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
if [ ! -f "$SH/eval/score_events.py" ] || ! command -v python3 >/dev/null 2>&1; then
	echo "SKIP: $SH/eval/score_events.py or python3 absent: own scenarios not scored" >&2
	echo "#counts 0 0"
	exit 0
fi
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
for f in data/scenarios/*.json; do
	n=$(basename "$f" .json)
	[ "$n" = bench ] && continue
	if ! "$VIGIL" simulate "$f" -o "$T/$n.nmea" --truth "$T/$n.truth" > /dev/null 2> "$T/$n.err"; then
		no "$n: simulate failed: $(cat "$T/$n.err")"
		continue
	fi
	if ! "$VIGIL" detect -q --lists data/lists "$T/$n.nmea" > "$T/$n.ev" 2> "$T/$n.err"; then
		no "$n: detect failed: $(cat "$T/$n.err")"
		continue
	fi
	python3 "$SH/eval/score_events.py" "$T/$n.truth" "$T/$n.ev" > "$T/$n.score" 2>&1
	# type truth found recall emitted tp fp decoy_fp precision
	awk -v n="$n" '$1 ~ /^[a-z_]+$/ && NF == 9 && $2 ~ /^[0-9]+$/ {
		if ($2 > 0 && $4 != "1.000") { printf "FAIL: %s: %s recall %s (%s of %s)\n", n, $1, $4, $3, $2; bad++ }
		if ($7 > 0 || $8 > 0) { printf "FAIL: %s: %s %s false positives, %s on decoys\n", n, $1, $7, $8; bad++ }
		rows++
	} END { if (rows < 9) { printf "FAIL: %s: scorer printed %d type rows\n", n, rows; bad++ }; exit bad > 0 }' \
		"$T/$n.score" >&2 && ok || no "$n: score ($(tail -1 "$T/$n.score"))"
	d=$(sed -n 's/^decoys flagged: \([0-9]*\).*/\1/p' "$T/$n.score")
	[ "$d" = 0 ] && ok || no "$n: decoys flagged: ${d:-?}"
done
echo "#counts $pass $fail"
[ "$fail" -eq 0 ]
