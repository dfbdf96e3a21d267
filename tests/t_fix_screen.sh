#!/bin/sh
# t_fix_screen.sh - 'vigil screen' refuses malformed option values with a clear message and
# exit 2 (helper fix; robust's 06:10 report): NaN/out-of-range thresholds, negative or zero
# limits, over-long IMO numbers and MMSIs.
VIGIL=${VIGIL:-./vigil}
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
check() { if eval "$2"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $1" >&2; fi; }
L="--lists data/lists"
for args in "--threshold nan" "--threshold -0.1" "--threshold 1.5" "--threshold 0.5x" "--limit -5" "--limit 0" \
	"--limit 99999999999999999999" "--imo 99999999999999999999" "--imo 12345678" "--imo abc" "--mmsi 1e3" \
	"--mmsi 1234567890"; do
	# shellcheck disable=SC2086
	"$VIGIL" screen $L $args "LADY R" > "$T/out" 2> "$T/err"
	rc=$?
	opt=${args%% *}
	check "screen $args: exit 2 (got $rc)" '[ $rc -eq 2 ]'
	check "screen $args: message names $opt" 'grep -q -- "bad $opt" "$T/err"'
done
# well-formed values still work
"$VIGIL" screen $L --threshold 0.8 --limit 3 --imo IMO9179842 "LADY R" > "$T/out" 2> "$T/err"
rc=$?
check "screen with good values: exit 0 or 1 (got $rc)" '[ $rc -le 1 ]'
echo "#counts $pass $fail"
[ "$fail" -eq 0 ]
