#!/bin/sh
# t_detect_scenario.sh - 'vigil detect' on the independent scenario (../shared/eval/scenario-dev):
# every required event type found with recall >= 0.95 and no decoy flagged, as the scorer reports.
VIGIL=${VIGIL:-./vigil}
SH=${VIGIL_SHARED:-../shared}
S=$SH/eval/scenario-dev
pass=0 fail=0
ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
if [ ! -f "$S/ais.nmea" ] || ! command -v python3 >/dev/null 2>&1; then
	echo "SKIP: $S or python3 absent: scenario score not checked" >&2
	echo "#counts 0 0"
	exit 0
fi
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
LISTS=
[ -d "$SH/data/sanctions" ] && LISTS="--lists $SH/data/sanctions"
# shellcheck disable=SC2086
"$VIGIL" detect -q $LISTS "$S/ais.nmea" > "$T/ev.jsonl" 2> "$T/err"
if [ $? -eq 0 ]; then ok; else no "vigil detect failed: $(cat "$T/err")"; fi
head -1 "$T/ev.jsonl" | grep -q '"record":"header"' && ok || no "first record is the header"
python3 "$SH/eval/score_events.py" "$S/ground_truth.json" "$T/ev.jsonl" > "$T/score" 2>&1
cat "$T/score" | grep -v '^  missed' >&2
for ty in gap encounter loitering port_visit identity_change shared_mmsi spoof_jump invalid_imo mid_mismatch; do
	r=$(awk -v t="$ty" '$1 == t { print $4 }' "$T/score")
	if [ -n "$r" ] && awk -v r="$r" 'BEGIN { exit !(r >= 0.95) }'; then ok; else no "$ty recall $r < 0.95"; fi
done
d=$(sed -n 's/^decoys flagged: \([0-9]*\).*/\1/p' "$T/score")
[ "$d" = 0 ] && ok || no "decoys flagged: $d"
# Every event carries its evidence: a message count and the first supporting line.
python3 - "$T/ev.jsonl" <<'P' && ok || no "events without evidence"
import json, sys
bad = 0
for line in open(sys.argv[1]):
    o = json.loads(line)
    if "type" not in o:
        continue
    ev = o.get("evidence") or {}
    if not (ev.get("messages", 0) >= 1 and o.get("id") and o.get("start") and "confidence" in o):
        bad += 1
sys.exit(1 if bad else 0)
P
# Evidence points at the right line: the line numbered `line` starts at byte `offset`.
python3 - "$T/ev.jsonl" "$S/ais.nmea" <<'P' && ok || no "evidence line and offset disagree"
import json, sys
lines = open(sys.argv[2], "rb").read().split(b"\n")
starts, pos = [], 0
for l in lines:
    starts.append(pos)
    pos += len(l) + 1
bad = n = 0
for line in open(sys.argv[1]):
    o = json.loads(line)
    for k in ("first", "last"):
        r = (o.get("evidence") or {}).get(k)
        if r and r.get("line"):
            n += 1
            bad += starts[r["line"] - 1] != r["offset"]
sys.exit(1 if bad or not n else 0)
P
echo "#counts $pass $fail"
[ "$fail" -eq 0 ]
