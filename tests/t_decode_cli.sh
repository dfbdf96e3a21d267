#!/bin/sh
# t_decode_cli.sh - 'vigil decode' end to end: files, gzip, stdin, stats, tags, CSV, junk, errors.
# The sentences are our own (encoded for these tests), not copied from any data set.
VIGIL=${VIGIL:-./vigil}
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
check() { if eval "$2"; then ok; else no "$1"; fi; }

cat > "$T/in.nmea" <<'X'
!AIVDM,1,1,,A,144FV@@01saKjU0HbG`9:GDt0000,0*29
# a comment line
!AIVDM,2,1,5,A,544FV@@29E45D847401@E=B1HE=<Dj0tpD00001@,0*58
!AIVDM,2,1,6,B,544FV@@29E45D847401@E=B1HE=<Dj0tpD00001@,0*58
!AIVDM,2,2,5,A,<PD:<4ofNECPBj3i2h@000000000000,2*72
$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47
!AIVDM,1,1,,B,16`Ha@P000`wJ;0FD>@00?vH0000,0*61
\s:vigil1,c:1700000000*76\!AIVDM,1,1,,A,144FV@@01saKjU0HbG`9:GDt0000,0*29
X
# Fragment 2 of sequence 6 never arrives; the B sentence has a wrong checksum (61, not 60).

"$VIGIL" decode "$T/in.nmea" > "$T/out.json" 2> "$T/err"
check "exit 0 on bad lines" '[ $? -eq 0 ]'
check "three objects" '[ "$(grep -c "\"class\":\"AIS\"" "$T/out.json")" -eq 3 ]'
check "type 5 reassembled across interleaved sequence ids" 'grep -q "\"shipname\":\"TEST VESSEL ONE\"" "$T/out.json"'
check "scaled by default" 'grep -q "\"lat\":43.100000" "$T/out.json"'
check "CRLF line ends like gpsdecode" '[ "$(tr -d -c "\r" < "$T/out.json" | wc -c)" -eq 3 ]'
check "nothing on stderr without --stats" '[ ! -s "$T/err" ]'

"$VIGIL" decode -u < "$T/in.nmea" > "$T/outu.json"
check "stdin and -u unscaled" 'grep -q "\"lat\":25860000" "$T/outu.json"'

"$VIGIL" decode --stats "$T/in.nmea" > /dev/null 2> "$T/stats"
check "stats: counts line" 'grep -q "^lines 8 sentences 6 messages 3 printed 3$" "$T/stats"'
check "stats: bad checksum and orphan" 'grep -q "^bad_checksum 1 bad_length 0 bad_char 0 bad_channel 0 bad_tagblock 0 orphans 1$" "$T/stats"'
check "stats: other and junk" 'grep -q "^other_nmea 1 pghp 0 junk 1 blank 0 unsupported 0$" "$T/stats"'
check "stats: types" 'grep -q "^types 1:2 5:1$" "$T/stats"'

gzip -c "$T/in.nmea" > "$T/in.nmea.gz"
"$VIGIL" decode "$T/in.nmea.gz" > "$T/outz.json"
check "gzip file same as plain" 'cmp -s "$T/out.json" "$T/outz.json"'
"$VIGIL" decode < "$T/in.nmea.gz" > "$T/outz2.json"
check "gzip on stdin" 'cmp -s "$T/out.json" "$T/outz2.json"'
cat "$T/in.nmea.gz" "$T/in.nmea.gz" > "$T/two.gz"
"$VIGIL" decode "$T/two.gz" > "$T/two.json"
check "concatenated gzip members" '[ "$(grep -c AIS "$T/two.json")" -eq 6 ]'
head -c 100 "$T/in.nmea.gz" > "$T/trunc.gz"
"$VIGIL" decode "$T/trunc.gz" > /dev/null 2> "$T/err"
check "truncated gzip: exit 2" '[ $? -eq 2 ] && grep -q "trunc.gz" "$T/err"'

"$VIGIL" decode "$T/in.nmea" "$T/in.nmea" > "$T/twice.json"
check "several files" '[ "$(grep -c AIS "$T/twice.json")" -eq 6 ]'

"$VIGIL" decode -t "$T/in.nmea" > "$T/tags.json"
check "--tags adds rxtime and station" 'grep -q ",\"rxtime\":\"2023-11-14T22:13:20.000Z\",\"station\":\"vigil1\"}" "$T/tags.json"'
check "--tags leaves untagged objects alone" '[ "$(grep -c rxtime "$T/tags.json")" -eq 1 ]'

"$VIGIL" decode --csv "$T/in.nmea" > "$T/out.csv"
check "csv header" 'head -1 "$T/out.csv" | grep -q "^rxtime,station,mmsi,type,lat,lon,sog,cog,heading,status,shipname,callsign,imo,shiptype,to_bow,to_stern,to_port,to_starboard,draught,destination,eta$"'
check "csv position row" 'grep -q "^,,273000001,1,43.100000,131.900000,12.3,234.5,234,0,,,,,,,,,,,$" "$T/out.csv"'
check "csv static row" 'grep -q "^,,273000001,5,,,,,,,TEST VESSEL ONE,UBAA1,9000001,80,100,20,10,12,8.5,NAKHODKA,03-15T14:30Z$" "$T/out.csv"'
check "csv tagged row" 'grep -q "^2023-11-14T22:13:20.000Z,vigil1,273000001,1," "$T/out.csv"'
check "csv rows have 21 columns" '[ "$(awk -F, "NF != 21" "$T/out.csv" | wc -l)" -eq 0 ]'

"$VIGIL" decode --threads 2 -t "$T/in.nmea" "$T/in.nmea" > "$T/thr.json"
"$VIGIL" decode -t "$T/in.nmea" "$T/in.nmea" > "$T/one.json"
check "--threads 2: same output" 'cmp -s "$T/thr.json" "$T/one.json"'
"$VIGIL" decode --threads 3 < /dev/null > /dev/null 2> "$T/err"
check "--threads 3: exit 2" '[ $? -eq 2 ]'

"$VIGIL" decode --null --stats "$T/in.nmea" > "$T/null.out" 2> "$T/null.err"
check "--null prints nothing but counts" '[ ! -s "$T/null.out" ] && grep -q "printed 3" "$T/null.err"'

# Junk: binary bytes, a 3 MB line without newline in the middle, a last line without newline.
{ head -c 100000 /dev/urandom; printf '\n'; head -c 3000000 /dev/zero | tr '\0' 'x'; printf '\n';
  printf '%s' '!AIVDM,1,1,,A,144FV@@01saKjU0HbG`9:GDt0000,0*29'; } > "$T/junk"
"$VIGIL" decode --stats "$T/junk" > "$T/junk.json" 2> "$T/junk.err"
check "junk: exit 0" '[ $? -eq 0 ]'
check "junk: last line decoded" '[ "$(grep -c AIS "$T/junk.json")" -eq 1 ]'
check "junk: long line counted once" 'grep -q "junk [1-9]" "$T/junk.err"'

"$VIGIL" decode "$T/missing.nmea" > /dev/null 2> "$T/err"
check "missing file: exit 2 with the name" '[ $? -eq 2 ] && grep -q "missing.nmea" "$T/err"'
"$VIGIL" decode --bogus < /dev/null > /dev/null 2> "$T/err"
check "unknown option: exit 2" '[ $? -eq 2 ] && grep -q "bogus" "$T/err"'
"$VIGIL" decode --help > "$T/help"
check "help on stdout, exit 0" '[ $? -eq 0 ] && grep -q -- "--csv" "$T/help"'
"$VIGIL" decode < /dev/null > "$T/empty"
check "empty input" '[ $? -eq 0 ] && [ ! -s "$T/empty" ]'

echo "#counts $pass $fail"
