#!/bin/sh
# t_hostile_simulate.sh - 'vigil simulate' on hostile scenario JSON: huge and negative counts
# and durations, absurd speeds and positions, reversed dark windows, deep nesting, oversized,
# empty and truncated files, bad options. Each must be refused with exit 2 and a message that
# names the file and the offending member, quickly, never a signal or a sanitizer report.
VIGIL=${VIGIL:-./vigil}
T=$(mktemp -d) || exit 2
trap '[ -n "$KEEP" ] || rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
check() { if eval "$2"; then ok; else no "$1"; fi; }

B='"start": "2024-03-08T00:00:00Z", "seed": 1, "receivers": [{"id": "R", "lat": 42.8, "lon": 132.88, "range_km": 150, "loss": 0.02}]'
V1='{"id": "G1", "mmsi": 273100001, "speed_kn": 10, "route": [{"lat": 42.45, "lon": 132.20}, {"lat": 42.30, "lon": 131.60}]}'
# refuse NAME WHAT-THE-MESSAGE-MUST-NAME: the scenario in $T/NAME.json must be refused.
refuse() {
	n=$1 what=$2
	timeout 30 "$VIGIL" simulate "$T/$n.json" -o "$T/$n.nmea" --truth "$T/$n.truth" > /dev/null 2> "$T/$n.err"
	rc=$?
	check "$n: exit 2 (got $rc)" '[ $rc -eq 2 ]'
	check "$n: message names the file and '$what'" 'grep -q "$n.json" "$T/$n.err" && grep -q -e "$what" "$T/$n.err"'
	check "$n: no sanitizer report" '! grep -q -e "runtime error" -e "AddressSanitizer" "$T/$n.err"'
}
echo "{ $B, \"hours\": 1e12, \"vessels\": [$V1] }" > "$T/hours.json"
refuse hours hours
echo "{ $B, \"hours\": -5, \"vessels\": [$V1] }" > "$T/neghours.json"
refuse neghours hours
echo "{ $B, \"hours\": 1, \"random_vessels\": 1000000000, \"vessels\": [] }" > "$T/many.json"
refuse many random_vessels
echo "{ $B, \"hours\": 1, \"random_vessels\": -1, \"vessels\": [] }" > "$T/negmany.json"
refuse negmany random_vessels
echo "{ $B, \"hours\": 1, \"vessels\": [{\"id\": \"G1\", \"mmsi\": 273100001, \"speed_kn\": 1e308, \"route\": [{\"lat\": 95, \"lon\": 1e9}]}] }" > "$T/absurd.json"
refuse absurd speed_kn
echo "{ $B, \"hours\": 1, \"vessels\": [{\"id\": \"G1\", \"mmsi\": 273100001, \"speed_kn\": 10, \"route\": [{\"lat\": 95, \"lon\": 1e9}, {\"lat\": 42, \"lon\": 132}]}] }" > "$T/badpos.json"
refuse badpos 'lat\|lon\|route'
echo "{ $B, \"hours\": 1, \"vessels\": [{\"id\": \"G1\", \"mmsi\": 273100001, \"speed_kn\": 10, \"route\": []}] }" > "$T/noroute.json"
refuse noroute route
echo "{ $B, \"hours\": 24, \"vessels\": [{\"id\": \"G1\", \"mmsi\": 273100001, \"speed_kn\": 10, \"route\": [{\"lat\": 42.45, \"lon\": 132.20}, {\"lat\": 42.30, \"lon\": 131.60}], \"dark\": [{\"start\": 15, \"end\": 5}]}] }" > "$T/darkrev.json"
refuse darkrev dark
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "{\"a\":"; printf "1"; for (i = 0; i < 100000; i++) printf "}"; print "" }' > "$T/deep.json"
refuse deep 'malformed\|deep\|nest'
awk 'BEGIN { printf "{\"hours\":1,\"vessels\":["; for (i = 0; i < 200000; i++) printf "%s{\"id\":\"V%d\",\"mmsi\":%d,\"speed_kn\":10,\"route\":[{\"lat\":42.4,\"lon\":132.2}]}", (i ? "," : ""), i, 273000000 + i; print "]}" }' > "$T/huge.json"
refuse huge 'larger\|limit\|vessels'
: > "$T/empty.json"
refuse empty 'malformed\|empty'
echo '{"hours": 1, "vessels": [' > "$T/trunc.json"
refuse trunc malformed
printf '{"name": "\377\376 bad utf-8 \000", "hours": 1}' > "$T/binary.json"
refuse binary 'malformed\|name\|vessels\|receivers\|UTF'

# Options: absurd numbers are refused, not wrapped.
for o in "--vessels 99999999999" "--vessels -1" "--hours -3" "--hours nan" "--seed x"; do
	timeout 30 "$VIGIL" simulate data/scenarios/gap.json $o -o "$T/o.nmea" > /dev/null 2> "$T/opt.err"
	rc=$?
	check "option $o: exit 2 (got $rc)" '[ $rc -eq 2 ]'
done
timeout 30 "$VIGIL" simulate data/scenarios/gap.json -o "$T/no/such/dir/x.nmea" > /dev/null 2> "$T/dir.err"
check "unwritable output: exit 2 naming it" '[ $? -eq 2 ] && grep -q "no/such/dir" "$T/dir.err"'

echo "#counts $pass $fail"
[ "$fail" -eq 0 ]
