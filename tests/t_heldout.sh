#!/bin/sh
# t_heldout.sh - 'vigil detect' on held-out-style variants of the independent scenario
# (../shared/eval/scenario-dev), rewritten by tools/heldout/variant.py with their ground truth:
# every variant keeps recall >= 0.95 on every required event type it contains and flags no decoy,
# as the official scorer reports. Variants vigil still fails are listed in docs/heldout.md.
VIGIL=${VIGIL:-./vigil}
SH=${VIGIL_SHARED:-../shared}
S=$SH/eval/scenario-dev
pass=0 fail=0
ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
if [ ! -f "$S/ais.nmea" ] || [ ! -f "$SH/eval/score_events.py" ] || ! command -v python3 >/dev/null 2>&1; then
	echo "SKIP: $S, its scorer or python3 absent: held-out variants not checked" >&2
	echo "#counts 0 0"
	exit 0
fi
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
LISTS=
[ -d "$SH/data/sanctions" ] && LISTS="--lists $SH/data/sanctions"

# variant NAME OPTIONS...: make it, detect, score, assert (types in $NOT_YET are reported, not
# asserted: known misses listed in docs/heldout.md; types in $NO_FP must have no false positive
# either, decoy or not).
NOT_YET=
NO_FP=
variant() {
	name=$1
	shift
	if ! python3 tools/heldout/variant.py "$S" "$T/$name" "$@" 2> "$T/$name.err"; then
		no "$name: variant.py failed: $(cat "$T/$name.err")"
		return
	fi
	# shellcheck disable=SC2086
	if "$VIGIL" detect -q $LISTS "$T/$name/ais.nmea" > "$T/$name/ev.jsonl" 2> "$T/$name.err"; then ok; else
		no "$name: vigil detect failed: $(cat "$T/$name.err")"
		return
	fi
	python3 "$SH/eval/score_events.py" "$T/$name/ground_truth.json" "$T/$name/ev.jsonl" > "$T/$name.score" 2>&1
	n=0
	for ty in gap encounter loitering port_visit identity_change shared_mmsi spoof_jump invalid_imo mid_mismatch; do
		r=$(awk -v t="$ty" '$1 == t { print $4 }' "$T/$name.score")
		[ "$r" = "-" ] && continue # no required event of this type left in the variant
		n=$((n + 1))
		case " $NOT_YET " in *" $ty "*)
			echo "$name: $ty recall $r (known miss, not asserted)" >&2
			continue ;;
		esac
		if [ -n "$r" ] && awk -v r="$r" 'BEGIN { exit !(r >= 0.95) }'; then ok; else
			no "$name: $ty recall $r < 0.95 ($*)"
			grep "^  missed .* $ty " "$T/$name.score" >&2
		fi
	done
	for ty in $NO_FP; do
		f=$(awk -v t="$ty" '$1 == t { print $7 + $8 }' "$T/$name.score")
		[ "$f" = 0 ] && ok || no "$name: $f false $ty events ($*)"
	done
	[ "$n" -ge 6 ] && ok || no "$name: only $n event types left to score"
	d=$(sed -n 's/^decoys flagged: \([0-9]*\).*/\1/p' "$T/$name.score")
	[ "$d" = 0 ] && ok || no "$name: decoys flagged: $d ($*) $(grep '^decoys' "$T/$name.score")"
}

# 1. Every time 13 h later (events cross midnight, type 4 clocks rewritten), every ship MMSI
#    renumbered within its MID, 30 % of sentences heard again by a twin station up to 20 s late,
#    three receivers' clocks off by -45 s .. +2 min, 1 % corrupted/truncated/junk lines.
variant shift_mmsi_dup_clock_noise --shift 46800 --mmsi-remap 3 --dup 0.3 --dup-delay 20 \
	--station-offset KRBUS:-45,RUNAK:120,SAT02:-20 --noise 0.01 --seed 11
# 2. A 24-h file cut out of the middle (events open at both edges), every Japanese receiver gone,
#    two more identity changes (renamed under the same IMO) and two more invalid IMOs planted.
variant crop12_36_noJP_ident --crop 12,36 --drop-station JPFUK,JPNII,JPOKI,JPSAK,JPTSU,JPTOY \
	--rename "432154790:20:TSURU MARU NO.2" --rename 273789579:30.5:VOLGA \
	--bad-imo 413849916 --bad-imo 440599510 --seed 12
# 3. The file starts 4 h late; six receivers in China, Korea and Russia gone (without RUNAK the
#    last arrival, E0241 at Vostochny 23:00, is heard by satellites only); the satellites deliver
#    5-30 min late (lines out of order by that much).
variant crop4_48_fewer_late --crop 4,48 --drop-station RUPOS,CNDAL,CNYAN,KRBUS,KRULL,RUNAK \
	--delay SAT01:900,SAT02:1800,SAT03:300 --seed 13
# 4. Cut at both ends through port calls (E0026 leaving Vladivostok at the first fix, E0227 still
#    sailing inside its port circle at the cut) and without RUNAK.
variant edges_1_44 --crop 1,44 --drop-station RUNAK --seed 15
# 5. Half the background ships silenced; planted: a 5-fix spoofed jump, two MMSI hand-overs under
#    the same IMO (one with a new name).
variant planted_fewer --spoof 441917790:30:30.2:2:0.5:-2.5 --swap 432154790:20:432999001 \
	--swap "273789579:30.5:273999002:VOLGA" --drop-vessels 0.5 --seed 14
# 7. 40 % of sentences lost at random: the ECS STS pair is then heard by satellites only, fixes
#    70-90 min apart (interpolation up to 2 h), and a trawler's type 5 arrives only after its
#    slow drift is judged (its status 7 "engaged in fishing" classes it).
variant loss40 --loss 0.4 --seed 3
# 8. The bunkering decoy moved to Ningbo's Beilun terminals (29.9 N), and three spoofed jumps of
#    1, 6 and 30 positions planted.
variant ningbo_spoofs --move 636446600,441980240:-5.1297:-7.1917 --spoof 432154790:10:11.2:10:0.29:3.49 \
	--spoof 273789579:20:20.5:60:-0.4:2.0 --spoof 441917790:30:30.2:2:0.5:-2.5 --seed 16
# 9. One satellite left: fishing vessels far offshore are heard in a few 10-minute slots of each
#    pass and fall silent for 6-8 h "while others are heard nearby" (faster ships reporting every
#    minute): no gap may be reported for them (the held-out truth would list them as coverage-gap
#    decoys), the 4 dark periods must stay. Loitering E0131/E0196, heard in passes only, must be
#    found on the interval estimate of their duration (lib/loiter.c, inferred_duration).
NOT_YET= NO_FP=gap
variant sat_one_left --drop-station SAT01,SAT02 --seed 17
NOT_YET= NO_FP=
# 10. Five ships take a new MMSI, name and IMO at once mid-voyage (nothing broadcast links the
#     two identities; the track does): two satellite-only tankers 22-25 min silent at the change,
#     a cargo ship off Busan at 5.6 kn, a ferry at 16.6 kn, the tanker of E0195's area at 12 kn.
#     No other identity change may appear.
NO_FP=identity_change
variant new_identities --swap "353953989:26:351999003:SEA STAR:9876543" --swap "412364220:22:412990001:HAI XING 9:9345128" \
	--swap "432273420:33:432990003:NAM HAE:9456305" --swap "445160870:22:445990005:SONG RIM:9788124" \
	--swap "440878090:8:440990008:SEA BRIDGE:9622992" --seed 18
NO_FP=
# 6. A 4-day file: the scenario then the same played backwards (every ship sails back).
#    The mirrored dark period of YU JONG 2 (E0140M) is not found yet: gap not asserted here.
NOT_YET=gap
variant mirror4d --mirror
NOT_YET=

echo "#counts $pass $fail"
[ "$fail" -eq 0 ]
