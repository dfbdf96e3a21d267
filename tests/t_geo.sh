#!/bin/sh
# t_geo.sh - `vigil geo` end to end: default geography found from the repo, shore blob from
# the build dir, user files, "unknown" shore when the blob is absent, bad input. Prints #counts P F.
V=${VIGIL:-./build/vigil}
pass=0 fail=0
ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL t_geo: $1" >&2; }
if ! "$V" geo --help >/dev/null 2>&1; then
	echo "SKIP: vigil geo not in the command table yet" >&2
	echo "#counts 0 0"
	exit 0
fi
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
out=$("$V" geo 42.24 130.31 2>"$tmp/err")
case "$out" in *'port="Rajin"/PRK/port'*'(inside)'*'COR-RAJIN-PTG(corridor)'*'interest=no'*) ok ;; *) no "Rajin: $out" ;; esac
out=$("$V" geo 30.8 124.65)
case "$out" in *'port=none<50km'*'STS-ECS-SHANGHAI(sts_hotspot)'*'interest=yes'*) ok ;; *) no "ECS hotspot: $out" ;; esac
if [ -f "$(dirname "$V")/shore.bin" ]; then
	out=$("$V" geo 30.8 124.65)
	case "$out" in *'shore_km='*' sea') ok ;; *) no "ECS shore: $out" ;; esac
	out=$("$V" geo 39.03 125.75)
	case "$out" in *' land') ok ;; *) no "Pyongyang land: $out" ;; esac
else
	echo "SKIP: shore.bin not built; shore checks skipped" >&2
fi
out=$(VIGIL_SHORE=/nonexistent/shore.bin "$V" geo 30.8 124.65)
case "$out" in *'shore=unknown') ok ;; *) no "absent shore must say unknown: $out" ;; esac
printf 'name,lat,lon,radius_km,kind\nMyport,10.0,20.0,3,port\n' > "$tmp/p.csv"
printf '{"type":"Feature","properties":{"id":"MYBOX","kind":"aoi"},"geometry":{"type":"Polygon","coordinates":[[[19,9],[21,9],[21,11],[19,11],[19,9]]]}}' > "$tmp/a.geojson"
out=$("$V" geo --no-geo --areas "$tmp/p.csv" --areas "$tmp/a.geojson" 10.01 20.0)
case "$out" in *'port="Myport"/-/port 1.11km(inside)'*'MYBOX(aoi)'*'interest=yes'*) ok ;; *) no "user files: $out" ;; esac
printf 'name,x\n' > "$tmp/bad.csv"
if "$V" geo --no-geo --areas "$tmp/bad.csv" 1 1 >/dev/null 2>"$tmp/err"; then no "bad CSV accepted"; else
	grep -q 'bad.csv:1: header has no latitude/longitude column' "$tmp/err" && ok || no "bad CSV message: $(cat "$tmp/err")"; fi
if "$V" geo 95 0 >/dev/null 2>&1; then no "latitude 95 accepted"; else ok; fi
out=$(VIGIL_DATADIR="$tmp/none" "$V" geo 1 1 2>&1)
case "$out" in *'set VIGIL_DATADIR'*) ok ;; *) no "missing data dir: $out" ;; esac
out=$("$V" geo --summary)
case "$out" in *'places'*'sts_hotspot 3'*'corridor 1'*) ok ;; *) no "summary: $out" ;; esac
echo "#counts $pass $fail"
