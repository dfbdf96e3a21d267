#!/bin/sh
# demo.sh - the main job on a fresh Debian 12 machine: install missing packages (as root),
# build, simulate a Russia-DPRK scenario with our own AIS encoder, and run the pipeline on it.
set -eu
cd "$(dirname "$0")/.."
sh tools/deps.sh
make -j2 >/dev/null
out=build/demo
mkdir -p "$out"
./vigil simulate data/scenarios/demo.json -o "$out/demo.nmea" --truth "$out/truth.json"
echo "== vigil decode --stats (counts on stderr) =="
./vigil decode --stats "$out/demo.nmea" > "$out/decoded.json"
echo "decoded JSON: $out/decoded.json ($(wc -l < "$out/decoded.json") objects)"
