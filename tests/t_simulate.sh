#!/bin/sh
# t_simulate.sh - 'vigil simulate' end to end: output, truth, meta, seeds, --vessels, errors,
# and the scorer's view of a perfect detector on our own truth.
VIGIL=${VIGIL:-./vigil}
SH=${VIGIL_SHARED:-../shared}
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
check() { if eval "$2"; then ok; else no "$1"; fi; }

D=data/scenarios/demo.json
"$VIGIL" simulate "$D" -o "$T/a.nmea" --truth "$T/a.json" --meta "$T/meta.json" --stats 2> "$T/err"
check "exit 0" '[ $? -eq 0 ]'
check "stats line" 'grep -q "^vessels [0-9]*, messages [0-9]*" "$T/err"'
check "tag blocks with s: and c: on every line" '[ "$(grep -c "^\\\\\\(g:[0-9-]*,\\)\\{0,1\\}s:[A-Z0-9]*,c:[0-9]*\*[0-9A-F][0-9A-F]\\\\!AIVDM," "$T/a.nmea")" -eq "$(wc -l < "$T/a.nmea")" ]'
check "times never go backwards" 'sed "s/^[^!]*c:\([0-9]*\).*/\1/" "$T/a.nmea" | sort -c -n'
check "truth is a JSON array" 'head -c 1 "$T/a.json" | grep -q "\["'
check "meta has region and period" 'grep -q "\"region\"" "$T/meta.json" && grep -q "\"start\":1709856000" "$T/meta.json"'
for ty in gap encounter loitering port_visit identity_change shared_mmsi spoof_jump invalid_imo mid_mismatch decoy; do
	check "demo truth has $ty" 'grep -q "\"type\":\"$ty\"" "$T/a.json"'
done

"$VIGIL" simulate "$D" > "$T/b.nmea"
check "stdout = -o, same seed same bytes" 'cmp -s "$T/a.nmea" "$T/b.nmea"'
"$VIGIL" simulate "$D" --seed 7 -o "$T/c.nmea"
check "another seed, other bytes" '! cmp -s "$T/a.nmea" "$T/c.nmea"'

"$VIGIL" simulate data/scenarios/bench.json --vessels 200 --hours 1 -o "$T/bench.nmea" --truth "$T/bench.json" 2>/dev/null
check "--vessels and --hours" '[ $? -eq 0 ] && [ "$(wc -l < "$T/bench.nmea")" -gt 10000 ]'
check "bench in one hour" '[ "$(tail -1 "$T/bench.nmea" | sed "s/^[^!]*c:\([0-9]*\).*/\1/")" -lt 1709859600 ]'

if "$VIGIL" decode --stats "$T/a.nmea" > /dev/null 2> "$T/dec"; then
	check "the decoder finds no bad sentence" 'grep -q "bad_checksum 0 bad_length 0 bad_char 0" "$T/dec" && grep -q "orphans 0" "$T/dec"'
else
	no "vigil decode failed on simulated output"
fi

# Errors: usage, missing file, bad JSON, bad value.
"$VIGIL" simulate 2> /dev/null
check "usage exits 2" '[ $? -eq 2 ]'
"$VIGIL" simulate "$T/none.json" 2> "$T/err"
check "missing file exits 2 with a message" '[ $? -eq 2 ] && grep -q "none.json" "$T/err"'
printf '{"vessels": [' > "$T/bad.json"
"$VIGIL" simulate "$T/bad.json" 2> "$T/err"
check "bad JSON exits 2 naming the byte" '[ $? -eq 2 ] && grep -q "malformed JSON at byte" "$T/err"'
printf '{"vessels": [{"mmsi": 273000001, "route": [{"port": "ATLANTIS"}]}]}' > "$T/bad.json"
"$VIGIL" simulate "$T/bad.json" 2> "$T/err"
check "unknown port named" '[ $? -eq 2 ] && grep -q "unknown port .ATLANTIS." "$T/err"'
"$VIGIL" simulate "$D" --seed x 2> /dev/null
check "bad --seed exits 2" '[ $? -eq 2 ]'

# The scorer accepts our truth: a perfect detector gets recall 1 and precision 1.
if command -v python3 > /dev/null 2>&1 && [ -f "$SH/eval/score_events.py" ]; then
	python3 "$SH/eval/score_events.py" "$T/a.json" --write-perfect "$T/perfect.jsonl" &&
		python3 "$SH/eval/score_events.py" "$T/a.json" "$T/perfect.jsonl" --meta "$T/meta.json" > "$T/score" 2>&1
	check "scorer: perfect detector scores 1/1" 'tail -1 "$T/score" | grep -q "recall 1.0000 precision 1.0000"'
else
	echo "SKIP: python3 or score_events.py absent: truth not checked with the scorer" >&2
fi
echo "#counts $pass $fail"
[ "$fail" -eq 0 ]
