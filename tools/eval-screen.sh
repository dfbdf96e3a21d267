#!/bin/sh
# eval-screen.sh - build tools/eval_screen.c against the library and print the screening quality figures:
# nomenklatura name pairs (per group, per quality, hull-number variant), Russia-DPRK vessel traps,
# yente UN positives recall@1, false positives per 1,000 on yente negatives, Watchman cross-script pairs.
# Usage: tools/eval-screen.sh [THRESHOLD]   (env BUILD=build dir, VIGIL_SHARED=../shared, EVAL_QUICK=1 skips the 100k negatives)
set -e
BUILD=${BUILD:-build}
export VIGIL_SHARED="${VIGIL_SHARED:-../shared}"
if [ ! -f "$VIGIL_SHARED/data/sanctions/eval/nomenklatura_name_bench_cases.csv" ]; then
	echo "SKIP: $VIGIL_SHARED/data/sanctions/eval not found"
	exit 0
fi
[ -f "$BUILD/libvigil.a" ] || make BUILD="$BUILD" "$BUILD/libvigil.a" >/dev/null
PKGS="libxml-2.0 icu-uc icu-i18n"
${CC:-cc} -O2 -std=c11 -Iinclude -Ilib -D_DEFAULT_SOURCE $(pkg-config --cflags $PKGS) -o "$BUILD/eval_screen" \
	tools/eval_screen.c "$BUILD/libvigil.a" $(pkg-config --libs $PKGS) -lm
"$BUILD/eval_screen" "$@"
