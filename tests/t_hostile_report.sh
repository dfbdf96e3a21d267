#!/bin/sh
# t_hostile_report.sh - 'vigil report' on hostile events files: binary garbage, deep JSON, a
# 20 MB line, truncation, and --verify pointed at device files, directories and absurd
# offsets. Each run: documented exit status, malformed lines counted, never a signal, a
# sanitizer report or a hang (timeout), bounded RSS.
VIGIL=${VIGIL:-./vigil}
T=$(mktemp -d) || exit 2
trap '[ -n "$KEEP" ] || rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
check() { if eval "$2"; then ok; else no "$1"; fi; }
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "SKIP: /usr/bin/time missing (Debian 'time'): RSS bounds not checked" >&2; TIME=; }
run() {
	n=$1 max=$2
	shift 2
	if [ -n "$TIME" ]; then
		timeout 60 "$TIME" -f %M -o "$T/$n.rss" "$VIGIL" "$@" > "$T/$n.out" 2> "$T/$n.err"
	else
		timeout 60 "$VIGIL" "$@" > "$T/$n.out" 2> "$T/$n.err"
	fi
	rc=$?
	check "$n: no signal or timeout (exit $rc)" '[ $rc -lt 124 ]'
	check "$n: no sanitizer report" '! grep -q -e "runtime error" -e "AddressSanitizer" -e "LeakSanitizer" "$T/$n.err"'
	if [ -n "$TIME" ]; then
		kb=$(grep -E '^[0-9]+$' "$T/$n.rss" | tail -n 1)
		check "$n: peak RSS ${kb:-?} KB <= $max KB" '[ -n "$kb" ] && [ "$kb" -le "$max" ]'
	fi
}
"$VIGIL" report --help > /dev/null 2>&1 || { echo "SKIP: no 'vigil report'" >&2; echo "#counts 0 0"; exit 0; }
LIM=131072

# A real events file from a small scenario.
"$VIGIL" simulate data/scenarios/invalid_imo.json -o "$T/s.nmea" > /dev/null 2>&1 &&
	(cd "$T" && "$VIGIL" detect -q --no-geo s.nmea > ev.jsonl 2> /dev/null)
check "generator: events with evidence" 'grep -q "\"evidence\":{\"messages\":[1-9]" "$T/ev.jsonl"'

head -c 2000000 /dev/urandom > "$T/garbage.jsonl"
run garbage $LIM report "$T/garbage.jsonl"
check "garbage: exit 0, malformed lines counted" '[ $rc -eq 0 ] && grep -q "[1-9][0-9]* malformed lines skipped" "$T/garbage.err"'
awk 'BEGIN { printf "{\"type\":\"gap\",\"x\":"; for (i = 0; i < 100000; i++) printf "["; for (i = 0; i < 100000; i++) printf "]"; print "}" }' > "$T/deep.jsonl"
run deep $LIM report "$T/deep.jsonl"
check "deep JSON: exit 0, one malformed line" '[ $rc -eq 0 ] && grep -q "1 malformed lines skipped" "$T/deep.err"'
awk 'BEGIN { printf "{\"type\":\"gap\",\"name\":\""; for (i = 0; i < 200000; i++) printf "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"; print "\"}" }' > "$T/big.jsonl"
run big $LIM report "$T/big.jsonl"
check "20 MB line: exit 0, counted too long" '[ $rc -eq 0 ] && grep -q "1 too long" "$T/big.err"'
head -c 700 "$T/ev.jsonl" > "$T/trunc.jsonl"
run trunc $LIM report "$T/trunc.jsonl"
check "truncated events file: exit 0" '[ $rc -eq 0 ]'

# --verify against files that are not the evidence: device files, a directory, absurd offsets.
ev2=$(grep -m 1 '"evidence":{"messages":[1-9]' "$T/ev.jsonl")
hdr=$(head -n 1 "$T/ev.jsonl")
mk() {
	printf '%s\n' "$hdr" > "$T/$1.jsonl"
	printf '%s\n' "$ev2" | sed "s#\"first\":{[^}]*},\"last\":{[^}]*}#$2#" >> "$T/$1.jsonl"
}
mk zero '"first":{"file":"/dev/zero","line":1,"offset":0},"last":{"file":"/dev/zero","line":1000000000,"offset":99999999999}'
run vzero $LIM report --verify "$T/zero.jsonl"
check "verify /dev/zero: not OK (exit 1), no hang" '[ $rc -eq 1 ]'
mk urandom '"first":{"file":"/dev/urandom","line":5,"offset":0},"last":{"file":"/dev/urandom","line":900000000,"offset":0}'
run vurandom $LIM report --verify "$T/urandom.jsonl"
check "verify /dev/urandom: not OK (exit 1)" '[ $rc -eq 1 ]'
mk absurd '"first":{"file":"s.nmea","line":-5,"offset":-100},"last":{"file":"s.nmea","line":1e30,"offset":1e30}'
run vabsurd $LIM report --verify --input-dir "$T" "$T/absurd.jsonl"
check "verify absurd offsets: not OK (exit 1)" '[ $rc -eq 1 ]'
mk dir "\"first\":{\"file\":\"$T\",\"line\":1,\"offset\":0},\"last\":{\"file\":\"$T\",\"line\":2,\"offset\":0}"
run vdir $LIM report --verify "$T/dir.jsonl"
check "verify a directory: not OK (exit 1)" '[ $rc -eq 1 ]'
# Disabled until "to report: vigil report --verify hangs forever when an events file names a FIFO"
# (coord/requests.md, robust 06:12) is fixed:
# mkfifo "$T/fifo" && mk fifo "\"first\":{\"file\":\"$T/fifo\",\"line\":1,\"offset\":0},\"last\":{\"file\":\"$T/fifo\",\"line\":2,\"offset\":0}"
# run vfifo $LIM report --verify "$T/fifo.jsonl"
# check "verify a FIFO: not OK (exit 1), no hang" '[ $rc -eq 1 ]'

echo "#counts $pass $fail"
[ "$fail" -eq 0 ]
