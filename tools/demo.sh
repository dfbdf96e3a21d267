#!/bin/sh
# demo.sh - the main job on a fresh Debian 12 machine: install missing packages (as root),
# build, simulate a Russia-DPRK scenario with vigil's own AIS encoder, decode it, run
# the behaviour engine with the demo sanctions list, print the findings and check the evidence.
set -eu
cd "$(dirname "$0")/.."
sh tools/deps.sh
make -j2 >/dev/null
out=build/demo
mkdir -p "$out"
echo "== simulate: data/scenarios/demo.json -> $out/demo.nmea (+ ground truth $out/truth.json)"
./vigil simulate data/scenarios/demo.json -o "$out/demo.nmea" --truth "$out/truth.json"
echo "== decode --stats (counts of what was read)"
./vigil decode --stats "$out/demo.nmea" > "$out/decoded.json"
echo "== detect: tracks, identities, gaps, meetings, loitering, visits, list hits"
./vigil detect -q --lists data/lists -o "$out/events.jsonl" "$out/demo.nmea"
echo "events: $out/events.jsonl ($(wc -l < "$out/events.jsonl") lines, the first is the run header)"
echo "== report: the findings an analyst reads (vigil report --markdown or --csv for other forms)"
./vigil report "$out/events.jsonl"
echo "== evidence check: each finding against the raw sentences it cites"
./vigil report --verify "$out/events.jsonl" | tail -n 2
if command -v python3 >/dev/null 2>&1 && [ -f ../shared/eval/score_events.py ]; then
	echo "== score against the planted ground truth"
	python3 ../shared/eval/score_events.py "$out/truth.json" "$out/events.jsonl" | tail -n 3
fi
