#!/bin/sh
# t_report.sh - 'vigil report' on real detect output (the demo scenario, and ../shared/eval/scenario-dev
# when present): the vessel table's counts against counts taken from the events file here, filters,
# Markdown and CSV, malformed lines counted and skipped, and --verify (OK untouched, MISMATCH tampered).
VIGIL=${VIGIL:-./vigil}
SH=${VIGIL_SHARED:-../shared}
pass=0 fail=0
ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
check() { if eval "$1"; then ok; else no "$2"; fi; }
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT

"$VIGIL" simulate data/scenarios/demo.json -o "$T/d.nmea" --truth "$T/t.json" 2>"$T/err" ||
	{ no "simulate failed: $(cat "$T/err")"; echo "#counts $pass $fail"; exit 1; }
"$VIGIL" detect -q --lists data/lists -o "$T/ev.jsonl" "$T/d.nmea" 2>"$T/err" ||
	{ no "detect failed: $(cat "$T/err")"; echo "#counts $pass $fail"; exit 1; }
EV=$T/ev.jsonl
nev=$(grep -c '"type":"' "$EV")

# --- the text report ---
"$VIGIL" report "$EV" > "$T/r.txt" 2> "$T/r.err"
check '[ $? -eq 0 ]' "report exit status: $(cat "$T/r.err")"
check 'grep -q "^THE RUN" "$T/r.txt" && grep -q "^VESSELS WITH FINDINGS" "$T/r.txt" && grep -q "^FINDINGS BY VESSEL" "$T/r.txt"' \
	"three sections"
check 'grep -q "inputs: $T/d.nmea" "$T/r.txt"' "the run names the input file"
check 'grep -q "read: $nev events, 0 malformed" "$T/r.txt"' "read all $nev events: $(grep 'read:' "$T/r.txt")"
w=$(awk '{ if (length > m) m = length } END { print m + 0 }' "$T/r.txt")
check '[ "$w" -le 100 ]' "text wider than 100 columns ($w)"

# Table row of the first vessel with a gap: gap count and dark hours computed here from the events.
gm=$(grep '"type":"gap"' "$EV" | head -1 | sed 's/.*"type":"gap","mmsi":\([0-9]*\).*/\1/')
if [ -n "$gm" ]; then
	ng=$(grep -c "\"type\":\"gap\",\"mmsi\":$gm," "$EV")
	dh=$(grep "\"type\":\"gap\",\"mmsi\":$gm," "$EV" | sed 's/.*"duration_h":\([0-9.]*\).*/\1/' |
		awk '{ s += $1 } END { printf "%.1f", s }')
	row=$(awk -v m="$gm" '/^VESSELS WITH FINDINGS/ { t = 1 } /^FINDINGS BY/ { t = 0 } t && $2 == m' "$T/r.txt")
	# columns: # MMSI IMO NAME... FL LISTED GAPS DARK_H ENC LOIT_H POI ID EVTS MAXCONF (count from the end)
	rg=$(echo "$row" | awk '{ print $(NF-7) }')
	rd=$(echo "$row" | awk '{ print $(NF-6) }')
	check '[ "$rg" = "$ng" ] && [ "$rd" = "$dh" ]' "gap row for $gm: table says $rg gaps $rd h, events say $ng gaps $dh h ($row)"
	ne=$(grep -c "\"mmsi\":$gm," "$EV")
	re=$(echo "$row" | awk '{ print $(NF-1) }')
	check '[ "$re" -le "$ne" ] && [ "$re" -ge "$ng" ]' "events column $re for $gm (file has $ne mentions)"
else
	no "demo has no gap event"
fi
# The encounter: both vessels list each other.
enc=$(grep '"type":"encounter"' "$EV" | head -1)
if [ -n "$enc" ]; then
	m1=$(echo "$enc" | sed 's/.*"vessels":\[{"mmsi":\([0-9]*\),.*/\1/')
	m2=$(echo "$enc" | sed 's/.*"vessels":\[{[^}]*},{"mmsi":\([0-9]*\),.*/\1/')
	check 'grep -q "met: .*($m2)" "$T/r.txt" && grep -q "met: .*($m1)" "$T/r.txt"' "encounter partners $m1/$m2 in the table"
	check 'grep -q "encounter [0-9.]* h with .*($m1," "$T/r.txt" && grep -q "encounter [0-9.]* h with .*($m2," "$T/r.txt"' \
		"encounter finding seen from both vessels"
else
	no "demo has no encounter"
fi
# Sanctions list hits: the demo list names ANGARA's IMO 9179842 (data/lists/demo_russia_dprk.csv).
if grep -q '"imo":9179842' "$EV"; then
	check 'awk "/^VESSELS/,/^FINDINGS/" "$T/r.txt" | grep " 9179842 " | grep -q LISTED' "ANGARA (IMO 9179842) not marked LISTED"
fi
check '"$VIGIL" report --no-lists "$EV" | grep -q "not screened against sanctions lists (--no-lists)"' "--no-lists"

# --- filters ---
"$VIGIL" report --vessel "$gm" "$EV" > "$T/v.txt"
nrows=$(awk '/^VESSELS WITH FINDINGS/ { t = 1; next } /^FINDINGS BY/ { t = 0 } t && $1 ~ /^[0-9]+$/' "$T/v.txt" | wc -l)
check '[ "$nrows" -eq 1 ]' "--vessel $gm: $nrows table rows"
vn=$(grep "\"mmsi\":$gm," "$EV" | head -1 | sed 's/.*"name":"\([^"]*\)".*/\1/' | tr 'A-Z' 'a-z')
check '"$VIGIL" report --vessel "$vn" "$EV" | awk "/^VESSELS/,/^FINDINGS/" | grep -q " $gm "' "--vessel by lower-case name '$vn'"
"$VIGIL" report --type gap --all "$EV" > "$T/g.txt"
nl=$(grep -c '^  20[0-9][0-9]-.*  gap ' "$T/g.txt")
nf=$(grep -c '^  20[0-9][0-9]-' "$T/g.txt")
ngap=$(grep -c '"type":"gap"' "$EV")
check '[ "$nl" -eq "$nf" ] && [ "$nl" -eq "$ngap" ]' "--type gap lists $nl gap findings of $nf, file has $ngap"
"$VIGIL" report --min-confidence 0.8 --all "$EV" > "$T/c.txt"
low=$(grep -o 'conf 0\.[0-9]*' "$T/c.txt" | awk '$2 < 0.8' | wc -l)
ncf=$(grep -c 'conf ' "$T/c.txt")
check '[ "$low" -eq 0 ] && [ "$ncf" -gt 0 ]' "--min-confidence 0.8 still shows $low lower"
check '! "$VIGIL" report --min-confidence 2 "$EV" 2>/dev/null' "--min-confidence 2 refused"

# --- Markdown and CSV ---
"$VIGIL" report --markdown "$EV" > "$T/r.md"
check 'grep -q "^| # | MMSI |" "$T/r.md" && grep -q "^### " "$T/r.md" && grep -q "^## The run" "$T/r.md"' "Markdown tables"
"$VIGIL" report --csv "$EV" > "$T/r.csv"
nc=$(($(wc -l < "$T/r.csv") - 1))
check '[ "$nc" -eq "$nev" ]' "CSV has $nc rows for $nev events"
check 'head -1 "$T/r.csv" | grep -q "^id,type,mmsi,imo,name,flag,"' "CSV header"
ncg=$("$VIGIL" report --csv --type gap "$EV" | tail -n +2 | wc -l)
check '[ "$ncg" -eq "$ngap" ]' "CSV --type gap: $ncg rows for $ngap gaps"
# Standard input gives the same report.
"$VIGIL" report - < "$EV" | tail -n +2 > "$T/s.txt"
tail -n +2 "$T/r.txt" > "$T/r2.txt"
check 'cmp -s "$T/s.txt" "$T/r2.txt"' "stdin report differs from the file report"

# detect's GeoJSON gives the same table and findings.
"$VIGIL" detect -q --geojson --lists data/lists -o "$T/ev.geojson" "$T/d.nmea" 2>/dev/null
"$VIGIL" report "$T/ev.geojson" > "$T/gj.txt" 2> "$T/gj.err"
awk '/^VESSELS WITH/,0' "$T/gj.txt" > "$T/gj.tab"; awk '/^VESSELS WITH/,0' "$T/r.txt" > "$T/r.tab"
check 'cmp -s "$T/gj.tab" "$T/r.tab" && [ ! -s "$T/gj.err" ]' "GeoJSON report differs: $(diff "$T/r.tab" "$T/gj.tab" | head -5) $(head -2 "$T/gj.err")"
check 'grep -q "read: $nev events, 0 malformed" "$T/gj.txt"' "GeoJSON: $(grep 'read:' "$T/gj.txt")"

# --- malformed lines: counted, skipped, with a message ---
{ head -3 "$EV"; echo '{"id":"broken",'; echo 'not json at all'; echo '{"mmsi":273351210}'; echo '{"record":"future"}'
	tail -n +4 "$EV"; } > "$T/bad.jsonl"
"$VIGIL" report "$T/bad.jsonl" > "$T/b.txt" 2> "$T/b.err"
check '[ $? -eq 0 ]' "report of a file with bad lines fails"
check 'grep -q "read: $nev events, 3 malformed lines skipped" "$T/b.txt" && grep -q "1 records of unknown kinds" "$T/b.txt"' \
	"bad lines counted: $(grep 'read:' "$T/b.txt")"
check 'grep -q "line 4: malformed JSON" "$T/b.err" && grep -q "line 6: JSON but not an event" "$T/b.err"' \
	"messages for bad lines: $(cat "$T/b.err")"
# A cut file: fewer events than the trailer says.
head -20 "$EV" > "$T/cut.jsonl"; tail -1 "$EV" >> "$T/cut.jsonl"
check '"$VIGIL" report "$T/cut.jsonl" | grep -q "WARNING: the trailer says"' "cut file not noticed"

# --- --verify ---
"$VIGIL" report --verify "$EV" > "$T/ok.txt"
check '[ $? -eq 0 ]' "verify of untouched data exits non-zero"
nok=$(grep -c '^OK ' "$T/ok.txt")
check '[ "$nok" -eq "$nev" ]' "verify: $nok OK of $nev: $(grep -v '^OK' "$T/ok.txt" | head -3)"
# Tamper with the first supporting line of the first gap: replace one character inside it.
goff=$(grep '"type":"gap"' "$EV" | head -1 | sed 's/.*"evidence":{[^}]*"first":{[^}]*"offset":\([0-9]*\)}.*/\1/')
gid=$(grep '"type":"gap"' "$EV" | head -1 | sed 's/^{"id":"\([^"]*\)".*/\1/')
cp "$T/d.nmea" "$T/d.orig"
c=$(dd if="$T/d.nmea" bs=1 skip=$((goff + 20)) count=1 2>/dev/null)
[ "$c" = "X" ] && r=Y || r=X
printf '%s' "$r" | dd of="$T/d.nmea" bs=1 seek=$((goff + 20)) conv=notrunc 2>/dev/null
"$VIGIL" report --verify "$EV" > "$T/bad.txt"
check '[ $? -eq 1 ]' "verify of tampered data exits 0"
check 'grep -q "^MISMATCH .*$gid .*sha256" "$T/bad.txt"' "tampered gap line not found: $(grep "$gid" "$T/bad.txt")"
nmm=$(grep -c '^MISMATCH' "$T/bad.txt")
nshare=$(grep -c "\"offset\":$goff}" "$EV")
check '[ "$nmm" -ge 1 ] && [ "$nmm" -le "$nshare" ]' "$nmm mismatches for one tampered line used by $nshare events"
# A line inserted at the top shifts every offset.
{ echo 'inserted line'; cat "$T/d.orig"; } > "$T/d.nmea"
"$VIGIL" report --verify --type gap "$EV" > "$T/shift.txt"
check 'grep -q "^MISMATCH .*not the start of a line\|^MISMATCH .*line [0-9]* stated\|^MISMATCH .*sha256" "$T/shift.txt" &&
	! grep -q "^OK" "$T/shift.txt"' "shifted file still verifies: $(head -2 "$T/shift.txt")"
# Raw file moved: UNCHECKED without --input-dir, OK with it.
mkdir "$T/moved" && mv "$T/d.orig" "$T/moved/d.nmea" && rm -f "$T/d.nmea"
"$VIGIL" report --verify --type gap "$EV" > "$T/mv.txt"
check '[ $? -eq 1 ] && grep -q "^UNCHECKED .*--input-dir" "$T/mv.txt"' "missing raw file: $(head -1 "$T/mv.txt")"
"$VIGIL" report --verify --input-dir "$T/moved" "$EV" > "$T/mv2.txt"
check '[ $? -eq 0 ] && [ "$(grep -c "^OK" "$T/mv2.txt")" -eq "$nev" ]' "--input-dir: $(grep -v '^OK' "$T/mv2.txt" | head -2)"

# Evidence naming a FIFO or a directory: UNCHECKED, never a hang.
if command -v mkfifo >/dev/null 2>&1 && command -v timeout >/dev/null 2>&1; then
	mkfifo "$T/fifo"
	grep '"type":"' "$EV" | head -2 | sed "1s|\"first\":{\"file\":\"[^\"]*\"|\"first\":{\"file\":\"$T/fifo\"|;
		2s|\"first\":{\"file\":\"[^\"]*\"|\"first\":{\"file\":\"$T\"|" > "$T/fifo.jsonl"
	timeout 20 "$VIGIL" report --verify "$T/fifo.jsonl" > "$T/fifo.txt"
	check '[ $? -eq 1 ] && [ "$(grep -c "^UNCHECKED .*not a regular file" "$T/fifo.txt")" -eq 2 ]' "FIFO/directory evidence: $(cat "$T/fifo.txt")"
fi

# --- the independent scenario ---
S=$SH/eval/scenario-dev
if [ -f "$S/ais.nmea" ]; then
	"$VIGIL" detect -q --lists data/lists -o "$T/sd.jsonl" "$S/ais.nmea" 2>/dev/null
	ns=$(grep -c '"type":"' "$T/sd.jsonl")
	"$VIGIL" report "$T/sd.jsonl" > "$T/sd.txt"
	check '[ $? -eq 0 ] && grep -q "read: $ns events, 0 malformed" "$T/sd.txt"' "scenario-dev report: $(grep 'read:' "$T/sd.txt")"
	ngs=$(grep -c '"type":"encounter"' "$T/sd.jsonl")
	nge=$(grep -c '^  20[0-9-]* [0-9:]*Z  encounter ' "$T/sd.txt")
	check '[ "$nge" -eq $((2 * ngs)) ]' "scenario-dev: $nge encounter findings for $ngs encounters (one per vessel)"
	"$VIGIL" report --verify "$T/sd.jsonl" > "$T/sdv.txt"
	check '[ $? -eq 0 ] && [ "$(grep -c "^OK" "$T/sdv.txt")" -eq "$ns" ]' "scenario-dev verify: $(tail -2 "$T/sdv.txt")"
else
	echo "SKIP: $S absent: report not run on the independent scenario" >&2
fi
echo "#counts $pass $fail"
[ "$fail" -eq 0 ]
