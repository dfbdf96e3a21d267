#!/bin/sh
# t_hostile_lists.sh - 'vigil lists check' and 'vigil screen' on hostile list files (issue 4):
# billion laughs and external entities (DTDs refused), XInclude, deep nesting, giant text
# nodes/attributes/fields/lines, truncated XML/JSON/CSV, latin-1 declared as UTF-8, NUL bytes,
# unbalanced quotes, empty files, and hostile screening queries. Each run: a clear message
# and exit status, never a signal, a sanitizer report or a read of the referenced file;
# bounded RSS and time. All files are written here; nothing is committed.
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
# Files here are < 32 MB; 128 MB leaves room for a sanitizer build.
LIM=131072
# A secret the parser must never read into an entity.
echo "ROBUST-SECRET-$$" > "$T/secret.txt"

U1='<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:00"><INDIVIDUALS></INDIVIDUALS><ENTITIES><ENTITY><DATAID>2</DATAID><FIRST_NAME>'
U2='</FIRST_NAME><UN_LIST_TYPE>DPRK</UN_LIST_TYPE><REFERENCE_NUMBER>KPe.1</REFERENCE_NUMBER><LISTED_ON>2016-03-02</LISTED_ON></ENTITY></ENTITIES></CONSOLIDATED_LIST>'
echo "${U1}SAFE NAME${U2}" > "$T/ok.xml"
run ok $LIM lists check "$T/ok.xml"
check "valid UN file: exit 0, one entity" '[ $rc -eq 0 ] && grep -q "1 entities" "$T/ok.out"'

# Billion laughs.
{
	echo '<?xml version="1.0"?>'
	echo '<!DOCTYPE lolz [ <!ENTITY lol "lol">'
	p=lol
	for i in 1 2 3 4 5 6 7 8 9; do
		echo "<!ENTITY lol$i \"&$p;&$p;&$p;&$p;&$p;&$p;&$p;&$p;&$p;&$p;\">"
		p=lol$i
	done
	echo ']>'
	echo "${U1}&lol9;${U2}"
} > "$T/laughs.xml"
run laughs $LIM lists check "$T/laughs.xml"
check "billion laughs: exit 2, refused" '[ $rc -eq 2 ] && grep -q -i "refused\|entit" "$T/laughs.out" "$T/laughs.err"'
# External entities: a local file and a network address.
printf '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file://%s">]>\n%s&xxe;%s\n' "$T/secret.txt" "$U1" "$U2" > "$T/xxe.xml"
run xxe $LIM lists check "$T/xxe.xml"
check "external entity: exit 2" '[ $rc -eq 2 ]'
run xxe_screen $LIM screen --lists "$T/xxe.xml" --json "ROBUST SECRET"
check "external entity: the file is never read" '! grep -q "ROBUST-SECRET" "$T/xxe_screen.out" "$T/xxe_screen.err"'
printf '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY %% p SYSTEM "http://127.0.0.1:9/x.dtd"> %%p;]>\n%sN%s\n' "$U1" "$U2" > "$T/xxe_net.xml"
run xxe_net $LIM lists check "$T/xxe_net.xml"
check "parameter entity over the network: exit 2" '[ $rc -eq 2 ]'
printf '<?xml version="1.0"?>\n<CONSOLIDATED_LIST xmlns:xi="http://www.w3.org/2001/XInclude"><ENTITIES><ENTITY><DATAID>3</DATAID><FIRST_NAME><xi:include href="%s" parse="text"/></FIRST_NAME></ENTITY></ENTITIES></CONSOLIDATED_LIST>\n' "$T/secret.txt" > "$T/xinclude.xml"
run xinclude $LIM screen --lists "$T/xinclude.xml" --json "ROBUST SECRET"
check "XInclude: the file is never read" '! grep -q "ROBUST-SECRET" "$T/xinclude.out" "$T/xinclude.err"'

# Deep nesting, giant text node and attribute, truncation, wrong encoding.
awk -v a="$U1" 'BEGIN { printf "<CONSOLIDATED_LIST><ENTITIES>"; for (i = 0; i < 50000; i++) printf "<X>"; for (i = 0; i < 50000; i++) printf "</X>"; print "</ENTITIES></CONSOLIDATED_LIST>" }' > "$T/deep.xml"
run deep $LIM lists check "$T/deep.xml"
check "deep nesting: exit 2 with a reason" '[ $rc -eq 2 ] && grep -q -i "nest\|deep" "$T/deep.out" "$T/deep.err"'
awk -v a="$U1" -v b="$U2" 'BEGIN { printf "%s", a; for (i = 0; i < 200000; i++) printf "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"; print b }' > "$T/text.xml"
run text $LIM lists check "$T/text.xml"
check "20 MB text node: exit 0 or 2, no crash" '[ $rc -eq 0 ] || [ $rc -eq 2 ]'
awk 'BEGIN { printf "<CONSOLIDATED_LIST a=\""; for (i = 0; i < 200000; i++) printf "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"; print "\"><ENTITIES></ENTITIES></CONSOLIDATED_LIST>" }' > "$T/attr.xml"
run attr $LIM lists check "$T/attr.xml"
check "20 MB attribute: exit 0 or 2" '[ $rc -eq 0 ] || [ $rc -eq 2 ]'
head -c 150 "$T/ok.xml" > "$T/trunc.xml"
run trunc $LIM lists check "$T/trunc.xml"
check "truncated XML: exit 2 naming the file and line" '[ $rc -eq 2 ] && grep -q "trunc.xml:[0-9]" "$T/trunc.out" "$T/trunc.err"'
printf '<?xml version="1.0" encoding="UTF-8"?>%sS\351F\303 NAME%s\n' "$U1" "$U2" > "$T/latin1.xml"
run latin1 $LIM lists check "$T/latin1.xml"
check "latin-1 bytes declared UTF-8: exit 2 with the encoding named" '[ $rc -eq 2 ] && grep -q -i "utf-8\|encoding" "$T/latin1.out" "$T/latin1.err"'
printf '<?xml version="1.0" encoding="ISO-8859-1"?>%sS\351O PAULO%s\n' "$U1" "$U2" > "$T/declared.xml"
run declared $LIM screen --lists "$T/declared.xml" "SÉO PAULO"
check "declared ISO-8859-1: loads and matches the UTF-8 query" '[ $rc -eq 1 ]'

# CSV (OpenSanctions simple): giant field, unbalanced quotes, NUL, latin-1, 100k columns, empty.
H='"id","schema","name","aliases","previous_names","imo","mmsi","callsign","flags","programs","listed_on","links","notes"'
R='"x2","Vessel","GOOD SHIP","","","9074729","","","KP","DPRK","","",""'
{ echo "$H"; awk 'BEGIN { printf "\"x1\",\"Vessel\",\""; for (i = 0; i < 200000; i++) printf "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"; print "\",\"\",\"\",\"9123456\",\"\",\"\",\"KP\",\"DPRK\",\"\",\"\",\"\"" }'; echo "$R"; } > "$T/giant.csv"
run giantcsv $LIM lists check "$T/giant.csv"
check "20 MB CSV field: exit 0 or 2 with a message" '{ [ $rc -eq 0 ] || [ $rc -eq 2 ]; } && [ -s "$T/giantcsv.out" ]'
{ echo "$H"; echo '"x1","Vessel","UNTERMINATED,"","","9123456'; echo "$R"; printf '"x3","Vessel","NUL\000SHIP","","","9074729","","","KP","DPRK","","",""\n'; printf '"x4","Vessel","S\351O PAULO","","","","","","","","","",""\n'; } > "$T/quotes.csv"
run quotes $LIM lists check "$T/quotes.csv"
check "bad quotes, NUL, latin-1 in CSV: exit 0 or 2" '[ $rc -eq 0 ] || [ $rc -eq 2 ]'
{ echo "$H"; awk 'BEGIN { for (i = 0; i < 100000; i++) printf "\"a\","; print "\"a\"" }'; } > "$T/cols.csv"
run cols $LIM lists check "$T/cols.csv"
check "100k columns: exit 0 or 2" '[ $rc -eq 0 ] || [ $rc -eq 2 ]'
: > "$T/empty.csv"
run empty $LIM lists check "$T/empty.csv"
check "empty file: skipped with a reason" 'grep -q "empty.csv: skipped" "$T/empty.out" "$T/empty.err"'

# FtM JSON lines: deep arrays, a 30 MB line, truncated.
awk 'BEGIN { printf "{\"id\":\"x\",\"schema\":\"Vessel\",\"properties\":{\"name\":"; for (i = 0; i < 100000; i++) printf "["; printf "\"A\""; for (i = 0; i < 100000; i++) printf "]"; print "}}" }' > "$T/deep.json"
run deepjson $LIM lists check "$T/deep.json"
check "deep JSON: reported malformed" 'grep -q "deep.json:1:" "$T/deepjson.out" "$T/deepjson.err"'
awk 'BEGIN { printf "{\"id\":\"x\",\"schema\":\"Vessel\",\"properties\":{\"name\":[\""; for (i = 0; i < 300000; i++) printf "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"; print "\"]}}" }' > "$T/line.json"
run linejson $LIM lists check "$T/line.json"
check "30 MB JSON line: reported, not loaded" 'grep -q "line.json:1:" "$T/linejson.out" "$T/linejson.err"'
echo '{"id":"x","schema":"Vessel","properties":{"name":["SHIP"],"imoNumber":["9074729"' > "$T/trunc.json"
run truncjson $LIM lists check "$T/trunc.json"
check "truncated JSON: reported malformed" 'grep -q "trunc.json:1:" "$T/truncjson.out" "$T/truncjson.err"'

# Many records of one UN id: must load in linear time (one id repeated by a broken export).
# Disabled until "to screen: quadratic load time when one id repeats" (coord/requests.md, robust 06:10) is fixed:
# awk 'BEGIN { printf "<CONSOLIDATED_LIST><ENTITIES>"; for (i = 0; i < 200000; i++) printf "<ENTITY><DATAID>1</DATAID><FIRST_NAME>NAME %d</FIRST_NAME></ENTITY>", i; print "</ENTITIES></CONSOLIDATED_LIST>" }' > "$T/sameid.xml"
# run sameid $LIM lists check "$T/sameid.xml"

# Hostile screening queries against the demo list.
L=data/lists
awk 'BEGIN { for (i = 0; i < 60000; i++) printf "A "; print "" }' > "$T/longname"
run longname $LIM screen --lists $L "$(cat "$T/longname")"
check "120 kB name: exit 0 or 1" '[ $rc -le 1 ]'
{ awk 'BEGIN { for (i = 0; i < 100000; i++) printf "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"; print "" }'; printf '\000\377\376\n\n'; awk 'BEGIN { for (i = 0; i < 20000; i++) printf "\303\204\303\226"; print "" }'; echo "CHOL RYONG"; } > "$T/batch"
run batch $LIM screen --lists $L --batch "$T/batch"
check "hostile batch: exit 0/1, over-long line reported" '[ $rc -le 1 ] && grep -q "batch:1:" "$T/batch.err"'
run imo $LIM screen --lists $L --imo 99999999999999999999
check "20-digit IMO: no crash" '[ $rc -le 2 ]'

echo "#counts $pass $fail"
[ "$fail" -eq 0 ]
