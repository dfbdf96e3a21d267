#!/bin/sh
# deps.sh - install the Debian 12 packages vigil builds and tests with (only when root
# and only what is missing). Non-root: print what is missing and go on.
PKGS="build-essential pkg-config zlib1g-dev libxml2-dev libicu-dev libcurl4-openssl-dev
libsqlite3-dev libssl-dev clang libclang-rt-14-dev gpsd-clients python3 libhangul-data time"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
# npm data packages (world-atlas: Natural Earth land for the shore lookup, docs/geography.md).
d=$(dirname "$0")
if [ ! -f "$d/node_modules/world-atlas/land-10m.json" ]; then
	if command -v npm >/dev/null 2>&1; then
		(cd "$d" && { npm ci --no-audit --no-fund >/dev/null 2>&1 || npm install --no-audit --no-fund >/dev/null 2>&1; }) ||
			echo "deps: npm install in tools/ failed: distance to shore will be unknown" >&2
	else
		echo "deps: npm not found (Debian: nodejs + npm): distance to shore will be unknown" >&2
	fi
fi
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
	echo "deps: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends $missing >/dev/null
else
	echo "deps: missing Debian packages:$missing (run as root or: sudo apt-get install$missing)" >&2
fi
