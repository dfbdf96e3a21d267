#!/bin/sh
# t_detect_cli.sh - 'vigil detect' end to end on small inputs of our own: time-source refusal,
# header/trailer records, CSV and gpsd JSON inputs, identity events, GeoJSON, evidence hashes.
VIGIL=${VIGIL:-./vigil}
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
check() { if eval "$2"; then ok; else no "$1"; fi; }

# NMEA without any time source (no tag block, no trailing epoch, no $PGHP).
printf '%s\n' '!AIVDM,1,1,,A,144FV@@01saKjU0HbG`9:GDt0000,0*29' '!AIVDM,1,1,,A,144FV@@01saKjU0HbG`9:GDt0000,0*29' > "$T/notime.nmea"
"$VIGIL" detect -q "$T/notime.nmea" > "$T/o1" 2> "$T/e1"
check "NMEA without time is refused (exit 2)" '[ $? -eq 2 ]'
check "the refusal says why and what to do" 'grep -q "without any time source" "$T/e1" && grep -q -- "--arrival-time" "$T/e1"'
"$VIGIL" detect -q --no-geo --arrival-time "$T/notime.nmea" > "$T/o2" 2> "$T/e2"
check "--arrival-time accepts it" '[ $? -eq 0 ]'

# The same sentence with a tag-block time.
printf '%s\n' '\s:vigil1,c:1700000000*76\!AIVDM,1,1,,A,144FV@@01saKjU0HbG`9:GDt0000,0*29' > "$T/timed.nmea"
"$VIGIL" detect -q --no-geo "$T/timed.nmea" > "$T/o3" 2> "$T/e3"
check "timed NMEA accepted" '[ $? -eq 0 ]'
check "first record is the header with version, parameters and inputs" \
	'head -1 "$T/o3" | grep -q "\"record\":\"header\".*\"version\".*\"parameters\".*\"inputs\":\[\"$T/timed.nmea\"\]"'
"$VIGIL" detect -q --no-geo --segmenter gfw2019 "$T/timed.nmea" > "$T/o3g" 2> /dev/null
check "--segmenter gfw2019: the header carries GFW 0.19's settings" \
	'head -1 "$T/o3g" | grep -q "\"max_gap_h\":60,.*\"limit_penalized\":1,\"score_power\":2" && head -1 "$T/o3" | grep -q "\"max_gap_h\":24,"'
"$VIGIL" detect -q --no-geo --segmenter bogus "$T/timed.nmea" > /dev/null 2>&1
check "--segmenter with an unknown name: exit 2" '[ $? -eq 2 ]'
check "last record is the trailer counting one position" 'tail -1 "$T/o3" | grep -q "\"record\":\"trailer\".*\"positions\":1,"'

# NOAA CSV: one IMO on two MMSIs with two names (identity change), one IMO failing its check digit.
cat > "$T/noaa.csv" <<'X'
MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,Width,Draft,Cargo,TransceiverClass
273000111,2024-03-08T00:00:00,42.0,132.0,10,90,90,OLD NAME,IMO9074729,UAAA,80,0,100,20,7,80,A
273000111,2024-03-08T00:10:00,42.0,132.05,10,90,90,OLD NAME,IMO9074729,UAAA,80,0,100,20,7,80,A
667000222,2024-03-08T01:00:00,42.0,132.3,10,90,90,NEW NAME,IMO9074729,9LBB,80,0,100,20,7,80,A
273000333,2024-03-08T01:00:00,43.0,133.0,0,0,511,BAD IMO,IMO9074728,UCCC,70,5,100,20,7,70,A
X
"$VIGIL" detect -q --no-geo "$T/noaa.csv" > "$T/o4" 2> "$T/e4"
check "NOAA CSV accepted" '[ $? -eq 0 ]'
check "identity_change under one IMO" 'grep -q "\"type\":\"identity_change\".*\"mmsi\":667000222" "$T/o4"'
check "invalid_imo" 'grep -q "\"type\":\"invalid_imo\".*\"mmsi\":273000333" "$T/o4"'
check "evidence names file, line and offset" 'grep "\"type\":\"invalid_imo\"" "$T/o4" | grep -q "\"first\":{\"file\":\"$T/noaa.csv\",\"line\":5,\"offset\":"'
# The hash is over the referenced line: recompute it.
if command -v sha256sum >/dev/null 2>&1; then
	h=$(sed -n 5p "$T/noaa.csv" | sha256sum | cut -d' ' -f1)
	check "sha256 of the supporting line" 'grep "\"type\":\"invalid_imo\"" "$T/o4" | grep -q "\"sha256\":\"$h\""'
fi

# gpsd JSON lines, and GeoJSON output.
cat > "$T/g.json" <<'X'
{"class":"AIS","type":1,"mmsi":273000444,"speed":10.0,"lon":132.0,"lat":42.0,"course":90.0,"scaled":true,"rxtime":"2024-03-08T00:00:00Z"}
{"class":"AIS","type":5,"mmsi":273000444,"imo":9074728,"shipname":"G SHIP","callsign":"UDDD","scaled":true,"rxtime":"2024-03-08T00:00:05Z"}
X
"$VIGIL" detect -q --no-geo --geojson "$T/g.json" > "$T/o5" 2> "$T/e5"
check "gpsd JSON accepted" '[ $? -eq 0 ]'
check "GeoJSON FeatureCollection" 'head -c 40 "$T/o5" | grep -q "\"type\":\"FeatureCollection\""'
if command -v python3 >/dev/null 2>&1; then
	check "GeoJSON parses and has a Feature" 'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d[\"features\"][0][\"type\"]==\"Feature\"" "$T/o5"'
fi
"$VIGIL" detect -q --bogus "$T/g.json" > /dev/null 2>&1
check "unknown option is a usage error" '[ $? -eq 2 ]'

# A slow ship 4+ h far offshore, never a static message: loitering, unless its position reports
# say "engaged in fishing" (status 7), which then classes it as fishing like a type 5 would.
for st in 0 7; do
	awk -v st=$st 'BEGIN { for (i = 0; i < 40; i++) { s = i * 600; printf "{\"class\":\"AIS\",\"type\":1,\"mmsi\":412000777,\"status\":%d,\"speed\":0.5,\"lon\":%.5f,\"lat\":35,\"rxtime\":\"2024-03-08T%02d:%02d:00Z\"}\n", st, 150 + i * 0.0005, int(s / 3600), int(s / 60) % 60 } }' > "$T/fish$st.jsonl"
	"$VIGIL" detect -q "$T/fish$st.jsonl" > "$T/fish$st.out" 2> /dev/null
done
check "slow offshore ship without statics: loitering" 'grep -q "\"type\":\"loitering\"" "$T/fish0.out"'
check "the same with status 7 (engaged in fishing): fishing_loitering, not loitering" \
	'grep -q "\"type\":\"fishing_loitering\"" "$T/fish7.out" && ! grep -q "\"type\":\"loitering\"" "$T/fish7.out"'
echo "#counts $pass $fail"
[ "$fail" -eq 0 ]
