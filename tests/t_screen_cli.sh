#!/bin/sh
# t_screen_cli.sh - 'vigil screen' and 'vigil lists check' end to end on the demo list and on our own list files.
VIGIL=${VIGIL:-./vigil}
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
check() { if eval "$2"; then ok; else no "$1"; fi; }
L="--lists data/lists"

"$VIGIL" screen $L --imo 9179842 > "$T/out" 2> "$T/err"
check "a hit exits 1" '[ $? -eq 1 ]'
check "IMO finds ANGARA" 'grep -q "ANGARA" "$T/out"'
check "linked owner shown" 'grep -q "M LEASING LLC" "$T/out"'
check "flag for the IMO" 'grep -q "flags recorded for IMO 9179842: Russia" "$T/out"'
"$VIGIL" screen $L "Completely Unrelated Bakery" > "$T/out" 2> "$T/err"
check "no hit exits 0" '[ $? -eq 0 ]'
"$VIGIL" screen $L --bogus > /dev/null 2>&1
check "bad option exits 2" '[ $? -eq 2 ]'
"$VIGIL" screen $L --json --schema Vessel "MV Neptune Crown" > "$T/out" 2> "$T/err"
check "former name hit" '[ $? -eq 1 ] && grep -q "\"name\":\"MAIA-1\"" "$T/out"'
check "JSON lines, one per hit" '[ "$(grep -c "^{\"query\"" "$T/out")" = "$(wc -l < "$T/out" | tr -d " ")" ]'
check "provenance hash" 'grep -q "\"sha256\":\"[0-9a-f]\{64\}\"" "$T/out"'
printf 'name,schema,imo\nLady R,Vessel,\n,,8517839\nNobody Special,Person,\n' > "$T/batch.csv"
"$VIGIL" screen $L --batch "$T/batch.csv" > "$T/out" 2> "$T/err"
check "batch exit 1" '[ $? -eq 1 ]'
check "batch: three queries" '[ "$(grep -c "^# " "$T/out")" -ge 3 ]'
check "batch: MARIA by IMO" 'grep -q "MARIA" "$T/out"'
printf '{"name":"Трансморфлот"}\n{"imo":"IMO9161003"}\nnot json\n' > "$T/batch.jsonl"
"$VIGIL" screen $L --json --batch "$T/batch.jsonl" > "$T/out" 2> "$T/err"
check "JSON batch: Cyrillic name" 'grep -q "MG-FLOT LLC" "$T/out"'
check "JSON batch: IMO with prefix" 'grep -q "\"name\":\"LADY R\"" "$T/out"'
check "JSON batch: bad line reported" 'grep -q "batch.jsonl:3: not a JSON object" "$T/err"'
# lists check: a directory scanned by content; a non-list file is skipped with a note; an entity bomb is refused.
mkdir -p "$T/lists/sub"
cp data/lists/demo_russia_dprk.csv "$T/lists/sub/whatever.txt"
printf 'just some notes\n' > "$T/lists/README"
printf '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&b;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>\n' > "$T/lists/bomb.xml"
"$VIGIL" lists check "$T/lists" > "$T/out" 2>&1
check "lists check: error exit with the bomb" '[ $? -eq 2 ]'
check "lists check: demo found by content" 'grep -q "whatever.txt: demo_csv: 10 records, 10 entities (5 vessels)" "$T/out"'
check "lists check: README skipped" 'grep -q "README: skipped" "$T/out"'
check "lists check: bomb refused with a reason" 'grep -q "bomb.xml:1: error: document type declaration refused" "$T/out"'
echo "#counts $pass $fail"
