#!/bin/sh
# t_fix_detect.sh - 'vigil detect' regressions (helper fix): event ids unique over the demo (two
# port visits of one vessel starting the same second), a year-2100 record does not poison the
# run (counted as a clock outlier), caps and drops printed, --max-vessels, a directory as input.
VIGIL=${VIGIL:-./vigil}
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
check() { if eval "$2"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $1" >&2; fi; }

if ! "$VIGIL" simulate data/scenarios/demo.json -o "$T/demo.nmea" > /dev/null 2>&1; then
	echo "FAIL: vigil simulate demo" >&2
	echo "#counts 0 1"
	exit 1
fi
"$VIGIL" detect -q "$T/demo.nmea" > "$T/ev.jsonl"
check "detect demo: exit 0" '[ $? -eq 0 ]'
grep -o '^{"id":"[^"]*"' "$T/ev.jsonl" | sort > "$T/ids"
n=$(wc -l < "$T/ids")
u=$(uniq < "$T/ids" | wc -l)
check "demo: events with ids ($n)" '[ "$n" -gt 10 ]'
check "demo: every event id unique ($u of $n)" '[ "$n" -eq "$u" ]'
check "demo: port visits name the place in their id" 'grep -q "\"id\":\"port_visit-[0-9]*-[0-9]*-[A-Za-z0-9_.-]*-20[0-9]*T[0-9]*Z\"" "$T/ev.jsonl"'

# One position with a year-2100 tag-block time after line 1000 (robust's reproducer).
line=$(sed -n 1001p "$T/demo.nmea" | sed 's/^\\[^\\]*\\//')
awk -v ev="\\\\s:EVIL,c:4102444800*21\\\\$line" 'NR == 1001 { print ev } { print }' "$T/demo.nmea" > "$T/evil.nmea"
"$VIGIL" detect -q --no-geo "$T/evil.nmea" > "$T/evil.jsonl"
check "2100 record: exit 0" '[ $? -eq 0 ]'
check "2100 record: counted as one clock outlier" 'tail -n 1 "$T/evil.jsonl" | grep -q "\"clock_outliers\":1,"'
check "2100 record: nothing late" 'tail -n 1 "$T/evil.jsonl" | grep -q "\"late\":0,"'

# Caps and drops are printed: 3 vessels allowed, and rows with lat 91 / lon 181 / a 1970 time.
{
	echo "MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading"
	for i in 1 2 3 4 5 6; do echo "21100000$i,2024-03-08T00:0$i:00,54.0,10.$i,10.0,90.0,90"; done
	echo "211000001,2024-03-08T00:07:00,91.0,10.0,10.0,90.0,90"
	echo "211000001,2024-03-08T00:08:00,54.0,181.0,10.0,90.0,90"
	echo "211000001,1970-01-01T00:08:00,54.0,10.0,10.0,90.0,90"
} > "$T/caps.csv"
"$VIGIL" detect --no-geo --max-vessels 3 "$T/caps.csv" > "$T/caps.jsonl" 2> "$T/caps.err"
check "caps: exit 0" '[ $? -eq 0 ]'
check "caps: trailer over_caps vessels 3" 'tail -n 1 "$T/caps.jsonl" | grep -q "\"over_caps\":{\"vessels\":3,"'
check "caps: trailer nopos 2, notime 1" 'tail -n 1 "$T/caps.jsonl" | grep -q "\"nopos\":2,.*\"notime\":1,"'
check "caps: stderr says over caps: 3 vessels" 'grep -q "over caps: 3 vessels" "$T/caps.err"'
check "caps: stderr says 2 nopos" 'grep -q "2 nopos" "$T/caps.err"'
"$VIGIL" detect --no-geo --max-vessels 0 "$T/caps.csv" > /dev/null 2>&1
check "--max-vessels 0 refused (exit 2)" '[ $? -eq 2 ]'
"$VIGIL" detect --no-geo --max-vessels 2.5 "$T/caps.csv" > /dev/null 2>&1
check "--max-vessels 2.5 refused (exit 2)" '[ $? -eq 2 ]'

# A directory (fopen succeeds, reads fail): the read error is reported, exit 2.
"$VIGIL" detect -q --no-geo "$T" > /dev/null 2> "$T/dir.err"
check "directory input: exit 2" '[ $? -eq 2 ]'
check "directory input: read error named" 'grep -q "read error" "$T/dir.err"'

echo "#counts $pass $fail"
[ "$fail" -eq 0 ]
