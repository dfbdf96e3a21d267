#!/bin/sh
# t_lists_fetch.sh - 'vigil lists fetch' check-and-swap logic, offline: the publishers are replaced by a
# file:// directory (VIGIL_LISTS_BASE_URL) and, when python3 is present, a loopback HTTP server.
# Never touches the network. Prints "#counts P F".
VIGIL=${VIGIL:-build/vigil}
pass=0 fail=0
ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
check() { if eval "$1"; then ok; else no "$2"; fi; }

T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"; [ -n "$srv" ] && kill "$srv" 2>/dev/null' EXIT
SRC=$T/pub
mkdir -p "$SRC"
FIX=$(cd "$(dirname "$0")/fixtures/lists" && pwd)

# Our own miniature publications, one per file the fetcher downloads.
printf '36,"AEROCARIBBEAN AIRLINES","-0- ","CUBA","-0- ","-0- ","-0- ","-0- ","-0- ","-0- ","-0- ","-0- "\r\n' > "$SRC/sdn.csv"
printf '36,25,"-0- ","Havana","Cuba","-0- "\r\n' > "$SRC/add.csv"
printf '36,12,"aka","AERO-CARIBBEAN","-0- "\r\n' > "$SRC/alt.csv"
printf '36,"overflow remark"\r\n' > "$SRC/sdn_comments.csv"
printf '<?xml version="1.0" encoding="UTF-8"?>\n<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:00"><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><REFERENCE_NUMBER>KPi.901</REFERENCE_NUMBER><FIRST_NAME>FIXTURE</FIRST_NAME><SECOND_NAME>PERSON</SECOND_NAME><UN_LIST_TYPE>DPRK</UN_LIST_TYPE></INDIVIDUAL></INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>\n' > "$SRC/un_consolidated.xml"
cp "$FIX/eu_fsf.xml" "$SRC/eu_fsf.xml"
cp "$FIX/uk_sanctions_list.csv" "$SRC/uk_sanctions_list.csv"
printf 'id,schema,name,aliases,birth_date,countries,addresses,identifiers,sanctions,phones,emails,program_ids,dataset,first_seen,last_seen,last_change\nfx-1,Vessel,FIXTURE SHIP,,,ru,,IMO9179842,,,,,fixture,2024-01-01,2024-01-01,2024-01-01\n' > "$SRC/opensanctions_sanctions.simple.csv"

export VIGIL_LISTS_BASE_URL="file://$SRC" VIGIL_LISTS_MIN_ENTITIES=1 VIGIL_LISTS_RETRY_DELAY=0
unset VIGIL_LISTS_SOURCES VIGIL_LISTS_MAX_BYTES
C=$T/cache
fetch() { "$VIGIL" lists fetch --cache "$C" 2>"$T/log"; }
no_tmp() { [ -z "$(ls -A "$C/sets" 2>/dev/null | grep '^\.new')" ] && [ ! -e "$C/.current.tmp" ]; }

# 1. First fetch: all 8 files fresh, current -> a set, the set loads.
fetch; rc=$?
check '[ $rc -eq 0 ]' "first fetch exit $rc: $(cat "$T/log")"
check '[ -L "$C/current" ] && [ -d "$C/current" ]' "current is not a symlink to a set"
check '[ "$(grep -c "	fresh	" "$C/current/MANIFEST.tsv")" -eq 8 ]' "manifest does not list 8 fresh files"
check 'grep -q "CC BY-NC" "$T/log"' "no OpenSanctions licence warning"
check '[ ! -e "$C/previous" ]' "previous exists after the first fetch"
"$VIGIL" lists check "$C/current" >"$T/check" 2>&1
check 'grep -q "^total: 8 list files" "$T/check"' "the fetched set does not load: $(tail -3 "$T/check")"
check no_tmp "temporary directory left after success"
first=$(readlink "$C/current")
"$VIGIL" screen --lists "$C/current" --imo 9179842 >"$T/screen" 2>/dev/null; rc=$?
check '[ $rc -eq 1 ] && grep -q "ANGARA" "$T/screen"' "screen on the fetched set: exit $rc"

# 2. A newer publication: swap, previous keeps the old set intact.
sleep 1
sed 's/ANGARA/ANGARA II/' "$FIX/uk_sanctions_list.csv" > "$SRC/uk_sanctions_list.csv"
fetch; rc=$?
check '[ $rc -eq 0 ]' "second fetch exit $rc"
second=$(readlink "$C/current")
check '[ "$second" != "$first" ] && [ "$(readlink "$C/previous")" = "$first" ]' "current/previous not rotated ($first, $second)"
check 'grep -q "ANGARA II" "$C/current/uk_sanctions_list.csv" && ! grep -q "ANGARA II" "$C/previous/uk_sanctions_list.csv"' "old set modified"

# 3. A broken publication (an HTML error page) is refused; its previous copy is kept, exit 1.
sleep 1
printf '<html><body>503 Service Unavailable</body></html>\n' > "$SRC/eu_fsf.xml"
fetch; rc=$?
check '[ $rc -eq 1 ]' "broken EU file: exit $rc, want 1"
check 'grep -q "eu_fsf.xml: content is not eu_xml" "$T/log"' "no reason for the refused EU file: $(cat "$T/log")"
check 'cmp -s "$C/current/eu_fsf.xml" "$FIX/eu_fsf.xml"' "EU file not kept from the previous set"
check 'grep -q "^eu_fsf.xml	eu_xml	kept" "$C/current/MANIFEST.tsv"' "manifest does not mark the kept file"
check '[ "$(ls "$C/sets" | wc -l)" -eq 2 ]' "old sets not pruned: $(ls "$C/sets")"
check no_tmp "temporary directory left after a kept file"
cp "$FIX/eu_fsf.xml" "$SRC/eu_fsf.xml"

# 4. A missing publication (download error) is kept too.
sleep 1
mv "$SRC/un_consolidated.xml" "$T/un.bak"
fetch; rc=$?
check '[ $rc -eq 1 ] && grep -q "un_consolidated.xml: download failed" "$T/log"' "missing UN file: exit $rc: $(cat "$T/log")"
mv "$T/un.bak" "$SRC/un_consolidated.xml"

# 5. Implausibly small lists: nothing changes, exit 2.
before=$(readlink "$C/current")
VIGIL_LISTS_MIN_ENTITIES=100000 fetch; rc=$?
check '[ $rc -eq 2 ] && [ "$(readlink "$C/current")" = "$before" ]' "implausible set swapped in (exit $rc)"
check 'grep -q "only 3 entities, at least 100000 expected" "$T/log"' "no plausibility reason: $(head -5 "$T/log")"
check no_tmp "temporary directory left after a refused set"

# 6. Size cap: a file over VIGIL_LISTS_MAX_BYTES is refused (kept from the previous set).
sleep 1
VIGIL_LISTS_MAX_BYTES=200 VIGIL_LISTS_SOURCES=eu fetch; rc=$?
check '[ $rc -eq 1 ] && grep -q "over the 200 byte cap" "$T/log"' "size cap: exit $rc: $(cat "$T/log")"
check '[ "$(grep -c "	carried	" "$C/current/MANIFEST.tsv")" -eq 7 ]' "unselected sources not carried over: $(cat "$C/current/MANIFEST.tsv")"

# 7. Empty cache + a broken source: exit 2, no current, no leftovers.
C2=$T/cache2
printf 'garbage\n' > "$SRC/uk_sanctions_list.csv"
"$VIGIL" lists fetch --cache "$C2" 2>"$T/log"; rc=$?
check '[ $rc -eq 2 ] && [ ! -e "$C2/current" ] && [ -z "$(ls -A "$C2/sets")" ]' "empty cache with a broken file: exit $rc, $(ls -A "$C2" "$C2/sets")"
cp "$FIX/uk_sanctions_list.csv" "$SRC/uk_sanctions_list.csv"

# 8. One fetch at a time.
if command -v flock >/dev/null 2>&1; then
	flock "$C/.lock" sh -c '"$0" lists fetch --cache "$1" 2>"$2"; echo $? > "$2.rc"' "$VIGIL" "$C" "$T/log"
	check '[ "$(cat "$T/log.rc")" = 2 ] && grep -q "another" "$T/log"' "concurrent fetch not refused"
else
	echo "SKIP: flock(1) absent: lock not tested" >&2
fi

# 9. Default cache location: $XDG_CACHE_HOME/vigil/lists.
XDG_CACHE_HOME=$T/xdg VIGIL_LISTS_SOURCES=uk "$VIGIL" lists fetch 2>"$T/log"; rc=$?
check '[ $rc -eq 0 ] && [ -f "$T/xdg/vigil/lists/current/uk_sanctions_list.csv" ]' "XDG default cache: exit $rc"
(unset VIGIL_LISTS; XDG_CACHE_HOME=$T/xdg "$VIGIL" screen --imo 9179842 >"$T/screen" 2>/dev/null); rc=$?
check '[ $rc -eq 1 ] && grep -q "UK FCDO" "$T/screen"' "vigil screen does not read the fetched cache by default: exit $rc"

# 10. Loopback HTTP server (http:// is allowed only under a base URL override, as here).
if command -v python3 >/dev/null 2>&1; then
	(cd "$SRC" && exec python3 -u -m http.server 0 --bind 127.0.0.1) >"$T/http.log" 2>&1 &
	srv=$!
	port=
	for i in 1 2 3 4 5 6 7 8 9 10; do
		port=$(sed -n 's/.*port \([0-9][0-9]*\).*/\1/p' "$T/http.log" | head -1)
		[ -n "$port" ] && break
		sleep 0.5
	done
	if [ -n "$port" ]; then
		VIGIL_LISTS_BASE_URL="http://127.0.0.1:$port" "$VIGIL" lists fetch --cache "$T/cache3" 2>"$T/log"; rc=$?
		check '[ $rc -eq 0 ] && [ "$(grep -c "	fresh	" "$T/cache3/current/MANIFEST.tsv")" -eq 8 ]' "loopback HTTP fetch: exit $rc: $(tail -3 "$T/log")"
		VIGIL_LISTS_BASE_URL="http://127.0.0.1:$port/nothere" VIGIL_LISTS_SOURCES=uk "$VIGIL" lists fetch --cache "$T/cache3" 2>"$T/log"; rc=$?
		check '[ $rc -eq 1 ] && grep -q "404" "$T/log"' "HTTP 404: exit $rc: $(cat "$T/log")"
	else
		echo "SKIP: loopback HTTP server did not start" >&2
	fi
	kill "$srv" 2>/dev/null
	srv=
else
	echo "SKIP: python3 absent: loopback HTTP not tested" >&2
fi

echo "#counts $pass $fail"
[ "$fail" -eq 0 ]
