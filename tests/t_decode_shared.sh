#!/bin/sh
# t_decode_shared.sh - every file under ../shared/data/ais decodes with exit 0 (no crash, and no
# sanitizer report when VIGIL is a sanitizer build), in every output mode; counts stay consistent.
VIGIL=${VIGIL:-./vigil}
D=${VIGIL_SHARED:-../shared}/data/ais
pass=0 fail=0
if [ ! -d "$D" ]; then
	echo "SKIP: $D not found" >&2
	echo "#counts 0 0"
	exit 0
fi
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
find "$D" -type f | sort > "$T/files"
while IFS= read -r f; do
	for mode in "" -u --csv "--null -t"; do
		# shellcheck disable=SC2086
		"$VIGIL" decode $mode --stats "$f" > "$T/out" 2> "$T/err"
		rc=$?
		if [ $rc -ne 0 ]; then
			fail=$((fail + 1))
			echo "FAIL: vigil decode $mode $f: exit $rc" >&2
			head -20 "$T/err" >&2
			continue
		fi
		pass=$((pass + 1))
	done
	# Every line is accounted for exactly once per category family.
	set -- $(head -1 "$T/err")
	if [ "$1" = lines ] && [ "$2" -ge 0 ] 2>/dev/null; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "FAIL: stats format for $f: $(head -1 "$T/err")" >&2; fi
done < "$T/files"
echo "#counts $pass $fail"
