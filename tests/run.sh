#!/bin/sh
# run.sh - run every test program and shell test, sum their "#counts P F" lines and
# print exactly one summary line "N passed, N failed"; exit non-zero on any failure.
# A test that crashes or prints no counts is one failure.
BUILD=${BUILD:-build}
export VIGIL VIGIL_SHARED="${VIGIL_SHARED:-../shared}"
[ -d "$VIGIL_SHARED/data" ] || echo "SKIP: $VIGIL_SHARED/data not found; tests that need reference data are skipped" >&2
pass=0 fail=0
tmp=$(mktemp) || exit 2
for t in "$BUILD"/tests/test_* "$BUILD"/fuzz/replay_* tests/t_*.sh; do
	[ -e "$t" ] || continue
	case "$t" in *.d|*.o) continue ;; esac
	case "$t" in *.sh) sh "$t" >"$tmp" 2>"$tmp.err" ;; *) "$t" >"$tmp" 2>"$tmp.err" ;; esac
	rc=$?
	line=$(grep '^#counts ' "$tmp" | tail -n 1)
	if [ -z "$line" ]; then
		echo "FAIL $t: exit $rc without counts" >&2
		cat "$tmp.err" >&2
		fail=$((fail + 1))
		continue
	fi
	set -- $line
	pass=$((pass + $2)) fail=$((fail + $3))
	[ "$3" -ne 0 ] || [ "$rc" -ne 0 ] && { echo "--- $t (exit $rc)" >&2; grep -v '^#counts' "$tmp.err" >&2; }
	[ "$3" -eq 0 ] && [ "$rc" -ne 0 ] && fail=$((fail + 1))
	grep '^SKIP' "$tmp.err" >&2
done
rm -f "$tmp" "$tmp.err"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
