#!/usr/bin/env python3
"""variant.py - rewrite an NMEA scenario and its ground truth into a held-out style variant.

    python3 variant.py SRC_DIR OUT_DIR [options]

SRC_DIR holds ais.nmea (every line "\\tag-block*CK\\!AIVDM,...*CK") and ground_truth.json in
the format of ../shared/eval/scenario-dev; OUT_DIR receives the rewritten ais.nmea,
ground_truth.json and scenario_meta.json (region and period for the scorer).  Every change
keeps the file true to that generator's style: tag blocks and sentence checksums are
recomputed, payload bits are re-armoured, and the ground truth is moved with the data.

Options (applied in this order):
  --crop A,B           keep only sentences with A <= c <= B (hours from the first c:);
                       truth intervals are clipped, events the cut makes unobservable are
                       dropped or made optional (see clip_event)
  --drop-station S,..  remove every sentence heard by these stations
  --drop-vessels P     silence a fraction P of the ships no required event or decoy names (a
                       scenario with fewer vessels: less traffic to show where coverage is)
  --loss P             drop each remaining sentence with probability P
  --thin K             keep one position report in K per MMSI (report rate / K)
  --dup P              copy each sentence with probability P through a twin station
                       (name + "X"), its time late by 0..--dup-delay seconds
  --station-offset S:SEC,..  shift the clock of station S by SEC seconds (clock error)
  --jitter SEC         move every c: by a random -SEC..+SEC (disorder)
  --delay S:SEC,..     station S delivers its sentences SEC seconds late: they move down the
                       file by that much, their c: unchanged (satellite downlink latency)
  --noise P            insert a corrupted line (bad checksum, truncated, junk) after a
                       sentence with probability P
  --mmsi-remap K       give every ship MMSI (MID 2..7) a new number with the same MID
                       (bijective; K picks the mapping); truth follows
  --move M1,M2:DLAT:DLON  move every position of these MMSIs by DLAT, DLON degrees (a place
                       elsewhere in the theatre: e.g. a decoy pair into another port); truth
                       locations of events involving only them move too
  --rename MMSI:H:NAME from H hours after the first c:, the ship's type 5 reports carry NAME
                       (a planted identity_change under the same IMO is added to the truth)
  --swap MMSI:H:NEWMMSI[:NAME[:IMO]]  from hour H the ship transmits as NEWMMSI (and NAME, IMO in
                       its type 5): an identity_change with both MMSIs is added
  --spoof MMSI:H0:H1:MIN:DLAT:DLON  between hours H0 and H1, one position report of the ship every
                       MIN minutes is reported DLAT, DLON away (every receiver's copy alike); a
                       spoof_jump is added
  --bad-imo MMSI       the ship's type 5 IMO gets a failing check digit (invalid_imo added)
  --mirror             append the file played backwards in time (a period twice as long: every
                       ship sails its track back; courses turned, truth mirrored, events open
                       at the old end joined with their mirror image)
  --shift SEC          add SEC to every time (tag blocks, type 4/11 UTC fields, truth)
  --seed N             random seed (default 1)
"""

import argparse
import json
import os
import random
import re
import sys

ARM = "0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVW`abcdefghijklmnopqrstuvw"
UNARM = {c: i for i, c in enumerate(ARM)}
HOUR = 3600


def nmea_ck(body):
    x = 0
    for ch in body:
        x ^= ord(ch)
    return "%02X" % x


def to_bits(payload):
    return "".join(format(UNARM[c], "06b") for c in payload)


def from_bits(bits):
    return "".join(ARM[int(bits[i:i + 6], 2)] for i in range(0, len(bits), 6))


def put(bits, start, width, val):
    return bits[:start] + format(val, "0%db" % width) + bits[start + width:]


def get(bits, start, width):
    return int(bits[start:start + width], 2)


class Line:
    """One tagged sentence: tag fields (ordered) and the NMEA fields."""
    __slots__ = ("tags", "f", "tail")

    def __init__(self, text):
        m = re.match(r"^\\([^\\]*)\\(.*)$", text)
        if not m:
            raise ValueError("untagged line")
        tb = m.group(1).split("*")[0]
        self.tags = [kv.split(":", 1) for kv in tb.split(",")]
        s = m.group(2)
        body, _, ck = s.partition("*")
        self.f = body.split(",")
        self.tail = ck[2:]

    def tag(self, k):
        for kv in self.tags:
            if kv[0] == k:
                return kv[1]
        return None

    def set_tag(self, k, v):
        for kv in self.tags:
            if kv[0] == k:
                kv[1] = v
                return

    @property
    def c(self):
        return int(self.tag("c"))

    def text(self):
        tb = ",".join(k + ":" + v for k, v in self.tags)
        body = ",".join(self.f)
        return "\\%s*%s\\%s*%s%s" % (tb, nmea_ck(tb), body, nmea_ck(body[1:]), self.tail)

    def copy(self):
        n = Line.__new__(Line)
        n.tags = [list(kv) for kv in self.tags]
        n.f = list(self.f)
        n.tail = self.tail
        return n

    def first_fragment(self):
        return self.f[2] == "1"

    def msg_type(self):
        return UNARM[self.f[5][0]] if self.first_fragment() and self.f[5] else None


def mmsi_map_fn(k):
    """Same MID, the other six digits through an affine bijection mod 10**6."""
    a = (7919 * (2 * k + 1)) % 1000000
    while a % 2 == 0 or a % 5 == 0:
        a += 1
    b = (104729 * k + 12345) % 1000000

    def f(m):
        if m is None or not (200000000 <= m <= 799999999):
            return m
        mid, rest = divmod(m, 1000000)
        return mid * 1000000 + (rest * a + b) % 1000000
    return f


# position fields: type -> (lon start, lon width, lat start, lat width, units per degree)
POSF = {1: (61, 28, 89, 27, 600000), 2: (61, 28, 89, 27, 600000), 3: (61, 28, 89, 27, 600000),
        18: (57, 28, 85, 27, 600000), 19: (57, 28, 85, 27, 600000), 27: (44, 18, 62, 17, 600)}


def signed(v, w):
    return v - (1 << w) if v >> (w - 1) else v


def move_payload(ln, moves):
    """Add (dlat, dlon) to the position of a moved MMSI's report."""
    if not ln.first_fragment() or not ln.f[5] or ln.f[2] != "1" or ln.f[1] != "1":
        return
    bits = to_bits(ln.f[5])
    t = get(bits, 0, 6)
    if t not in POSF or len(bits) < 38:
        return
    mv = moves.get(get(bits, 8, 30))
    if not mv:
        return
    lo0, low, la0, law, k = POSF[t]
    if len(bits) < la0 + law:
        return
    lon, lat = signed(get(bits, lo0, low), low), signed(get(bits, la0, law), law)
    if abs(lon) >= 180 * k or abs(lat) >= 90 * k:
        return  # not available: stays so
    lon += int(round(mv[1] * k))
    lat += int(round(mv[0] * k))
    bits = put(bits, lo0, low, lon & ((1 << low) - 1))
    bits = put(bits, la0, law, lat & ((1 << law) - 1))
    ln.f[5] = from_bits(bits)


def move_truth(truth, moves):
    def mv_loc(o, d):
        if isinstance(o, dict):
            if isinstance(o.get("lat"), (int, float)) and isinstance(o.get("lon"), (int, float)):
                o["lat"] = round(o["lat"] + d[0], 5)
                o["lon"] = round(o["lon"] + d[1], 5)
            for k, v in o.items():
                if isinstance(v, dict):
                    mv_loc(v, d)
    for t in truth:
        ms = [v.get("mmsi") for v in t["vessels"]]
        if ms and all(m in moves for m in ms):
            mv_loc(t.get("location") or {}, moves[ms[0]])
            if t["type"] == "port_visit" and t.get("required"):
                t["required"] = False  # the ship no longer lies in that port
                t["note"] = t.get("note", "") + " [variant: moved out of the port]"


def text6(s, n):
    out = ""
    for ch in s.upper()[:n].ljust(n, "@"):
        v = ord(ch)
        out += format(v - 64 if 64 <= v < 96 else v if 32 <= v < 64 else 0, "06b")
    return out


def type5_of(ln, mmsi):
    """The bits of a type 5 first fragment of this MMSI, or None."""
    if ln.f[2] != "1" or not ln.f[5] or UNARM[ln.f[5][0]] != 5 or len(ln.f[5]) < 39:
        return None
    bits = to_bits(ln.f[5])
    return bits if get(bits, 8, 30) == mmsi else None


def plant_swap(lines, truth, spec, t0):
    parts = spec.split(":")
    mmsi, tc, new = int(parts[0]), t0 + int(float(parts[1]) * HOUR), int(parts[2])
    name = parts[3] if len(parts) > 3 and parts[3] else None
    imo = int(parts[4]) if len(parts) > 4 and parts[4] else None
    old_last = new_first = None
    oimo = oname = None
    for ln in lines:
        if ln.f[2] != "1" or not ln.f[5] or len(ln.f[5]) < 7:
            continue
        head = to_bits(ln.f[5][:7])
        if get(head, 8, 30) != mmsi:
            continue
        if ln.c < tc:
            old_last = ln.c if old_last is None or UNARM[ln.f[5][0]] in POSF else old_last
            b5 = type5_of(ln, mmsi)
            if b5 is not None:
                oimo = get(b5, 40, 30)
            continue
        bits = to_bits(ln.f[5])
        bits = put(bits, 8, 30, new)
        if get(bits, 0, 6) == 5 and len(bits) >= 232:
            if name:
                bits = bits[:112] + text6(name, 20) + bits[232:]
            if imo:
                bits = put(bits, 40, 30, imo)
        ln.f[5] = from_bits(bits)
        if new_first is None and UNARM[ln.f[5][0]] in POSF:
            new_first = ln.c
    if old_last is None or new_first is None:
        return
    # The ship's other events after the swap are reported under the new MMSI as well.
    for ev in truth:
        if ev.get("end", 0) >= new_first:
            for v in ev.get("vessels") or []:
                if v.get("mmsi") == mmsi or mmsi in (v.get("mmsis") or []):
                    v["mmsis"] = sorted(set(v.get("mmsis") or [mmsi]) | {mmsi, new})
    truth.append({"id": "S%09d" % mmsi, "type": "identity_change", "required": True, "observable": True,
                  "vessels": [{"mmsi": mmsi, "mmsis": [mmsi, new], "imo": oimo}],
                  "start": old_last, "end": new_first,
                  "note": "variant: MMSI %d -> %d%s%s" % (mmsi, new, " name " + name if name else "",
                                                          " IMO %d" % imo if imo else "")})


def plant_spoof(lines, truth, spec, t0):
    ms, h0, h1, every, dla, dlo = spec.split(":")
    mmsi, a, b, step = int(ms), t0 + int(float(h0) * HOUR), t0 + int(float(h1) * HOUR), int(float(every) * 60)
    moved = {}
    nxt = a
    for ln in lines:
        if not (a <= ln.c <= b) or ln.f[1] != "1" or not ln.f[5] or UNARM[ln.f[5][0]] not in (1, 2, 3, 18):
            continue
        p = ln.f[5]
        if p in moved or ln.c < nxt or get(to_bits(p[:7]), 8, 30) != mmsi:
            continue
        d = ln.copy()
        move_payload(d, {mmsi: (float(dla), float(dlo))})
        moved[p] = (d.f[5], ln.c)
        nxt = ln.c + step
    for ln in lines:
        if ln.f[1] == "1" and ln.f[5] in moved:
            ln.f[5] = moved[ln.f[5]][0]
    if not moved:
        return
    ts = sorted(t for _, t in moved.values())
    truth.append({"id": "J%09d" % mmsi, "type": "spoof_jump", "required": True, "observable": True,
                  "vessels": [{"mmsi": mmsi}], "start": ts[0], "end": ts[-1],
                  "note": "variant: %d reports moved by %s, %s deg" % (len(ts), dla, dlo)})


def plant_identity(lines, truth, renames, bad_imos, t0):
    """Rewrite type 5 names / IMOs and add the planted truth events."""
    for mmsi, hours, name in renames:
        tc = t0 + int(hours * HOUR)
        old_last = new_first = None
        imo = oldname = None
        for ln in lines:
            bits = type5_of(ln, mmsi)
            if bits is None:
                continue
            imo = get(bits, 40, 30)
            if ln.c < tc:
                old_last = ln.c if old_last is None else max(old_last, ln.c)
                oldname = bits[112:232]
                continue
            bits = bits[:112] + text6(name, 20) + bits[232:]
            ln.f[5] = from_bits(bits)
            new_first = ln.c if new_first is None else min(new_first, ln.c)
        if old_last is None or new_first is None:
            continue
        truth.append({"id": "H%09d" % mmsi, "type": "identity_change", "required": True, "observable": True,
                      "vessels": [{"mmsi": mmsi, "imo": imo, "name": name}],
                      "start": old_last, "end": new_first, "note": "variant: renamed to %s" % name})
    for mmsi in bad_imos:
        first = last = imo = None
        for ln in lines:
            bits = type5_of(ln, mmsi)
            if bits is None:
                continue
            imo = get(bits, 40, 30)
            bad = imo - imo % 10 + (imo % 10 + 1) % 10
            ln.f[5] = from_bits(put(bits, 40, 30, bad))
            first = ln.c if first is None else min(first, ln.c)
            last = ln.c if last is None else max(last, ln.c)
        if first is None or not (1000000 <= imo <= 9999999):
            continue
        truth.append({"id": "I%09d" % mmsi, "type": "invalid_imo", "required": True, "observable": True,
                      "vessels": [{"mmsi": mmsi, "imo": bad, "true_imo": imo}],
                      "start": first, "end": last, "note": "variant: IMO %d -> %d" % (imo, bad)})


# course / heading / rate of turn / second fields: type -> (cog start, width, none, hdg start, rot start, sec start)
COURSE = {1: (116, 12, 3600, 128, 42, 137), 2: (116, 12, 3600, 128, 42, 137), 3: (116, 12, 3600, 128, 42, 137),
          18: (112, 12, 3600, 124, None, 133), 19: (112, 12, 3600, 124, None, 133)}


def reverse_payload(ln, new_c):
    """Turn a position report around (course + 180, heading + 180, rate of turn negated, UTC second
    from the new time); a type 4/11 report gets the new UTC time."""
    if ln.f[1] != "1" or not ln.f[5]:
        return
    bits = to_bits(ln.f[5])
    t = get(bits, 0, 6)
    if t in COURSE and len(bits) >= COURSE[t][5] + 6:
        cs, cw, cnone, hs, rs, ss = COURSE[t]
        cog = get(bits, cs, cw)
        if cog < cnone:
            bits = put(bits, cs, cw, (cog + cnone // 2) % cnone)
        hd = get(bits, hs, 9)
        if hd < 360:
            bits = put(bits, hs, 9, (hd + 180) % 360)
        if rs is not None:
            rot = signed(get(bits, rs, 8), 8)
            if rot != -128:
                bits = put(bits, rs, 8, (-rot) & 0xFF)
        if get(bits, ss, 6) < 60:
            bits = put(bits, ss, 6, new_c % 60)
    elif t == 27 and len(bits) >= 94:
        cog = get(bits, 85, 9)
        if cog < 360:
            bits = put(bits, 85, 9, (cog + 180) % 360)
    elif t in (4, 11) and len(bits) >= 78:
        import datetime
        d = datetime.datetime.fromtimestamp(new_c, datetime.timezone.utc)
        for st, w, v in ((38, 14, d.year), (52, 4, d.month), (56, 5, d.day), (61, 5, d.hour),
                         (66, 6, d.minute), (72, 6, d.second)):
            bits = put(bits, st, w, v)
    else:
        return
    ln.f[5] = from_bits(bits)


def mirror(lines, truth, t_end):
    """lines + the same played backwards after t_end; truth mirrored about t_end."""
    units = []
    i = 0
    while i < len(lines):  # a multi-part message stays one unit, its fragments in order
        n = 1
        tot = int(lines[i].f[1]) if lines[i].f[1].isdigit() else 1
        while n < tot and i + n < len(lines) and lines[i + n].f[3] == lines[i].f[3] and \
                lines[i + n].tag("s") == lines[i].tag("s"):
            n += 1
        units.append(lines[i:i + n])
        i += n
    out = list(lines)
    for u in reversed(units):
        for ln in u:
            d = ln.copy()
            nc = 2 * t_end - ln.c + 1
            d.set_tag("c", str(nc))
            g = d.tag("g")
            if g:
                a, b, n = g.split("-")
                d.set_tag("g", "%s-%s-%d" % (a, b, int(n) + 500000))
            reverse_payload(d, nc)
            out.append(d)
    mt = []
    for t in truth:
        m = json.loads(json.dumps(t))
        m["id"] = t["id"] + "M"
        m["start"], m["end"] = 2 * t_end - t["end"] + 1, 2 * t_end - t["start"] + 1
        if t["type"] in ("invalid_imo", "mid_mismatch") or \
                (t["end"] >= t_end - 60 and t["type"] not in ("gap", "spoof_jump", "identity_change")):
            t["end"] = m["end"]  # open at the old end, or a standing property: one event
            continue
        if t["type"] == "identity_change":
            # played backwards the ship returns to an identity it had: not the generator's
            # kind of change (kept as an optional event)
            m["required"] = False
        mt.append(m)
    import datetime
    for t in truth + mt:
        for k in ("start", "end"):
            if k + "_iso" in t:
                t[k + "_iso"] = datetime.datetime.fromtimestamp(t[k], datetime.timezone.utc).strftime(
                    "%Y-%m-%dT%H:%M:%SZ")
    return out, truth + mt


def rewrite_payload(ln, mmsi_f=None, shift=0):
    if not ln.first_fragment():
        return
    p = ln.f[5]
    if not p or len(p) < 7:
        return
    head, rest = p[:13], p[13:]   # MMSI and the type 4/11 UTC fields lie in the first 78 bits
    bits = to_bits(head)
    t = get(bits, 0, 6)
    changed = False
    if mmsi_f:
        m = get(bits, 8, 30)
        nm = mmsi_f(m)
        if nm != m:
            bits = put(bits, 8, 30, nm)
            changed = True
    if shift and t in (4, 11) and len(bits) >= 78:
        import datetime
        y, mo, d = get(bits, 38, 14), get(bits, 52, 4), get(bits, 56, 5)
        h, mi, s = get(bits, 61, 5), get(bits, 66, 6), get(bits, 72, 6)
        try:
            dt = datetime.datetime(y, mo, d, h, mi, min(s, 59)) + datetime.timedelta(seconds=shift)
            bits = put(bits, 38, 14, dt.year)
            bits = put(bits, 52, 4, dt.month)
            bits = put(bits, 56, 5, dt.day)
            bits = put(bits, 61, 5, dt.hour)
            bits = put(bits, 66, 6, dt.minute)
            bits = put(bits, 72, 6, dt.second)
            changed = True
        except ValueError:
            pass
    if changed:
        ln.f[5] = from_bits(bits) + rest


# --------------------------------------------------------------------------- truth

def clip_event(t, lo, hi):
    """Clip truth event t to [lo, hi]; None when it leaves nothing a detector could see."""
    if t["end"] < lo or t["start"] > hi:
        return None
    ty = t["type"]
    cut_s, cut_e = t["start"] < lo, t["end"] > hi
    if not (cut_s or cut_e):
        return t
    t = dict(t)
    if ty == "gap" or ty == "spoof_jump" or ty == "identity_change":
        # dark at the file's edge / the jump or the change itself not in the file
        return None
    t["start"], t["end"] = max(t["start"], lo), min(t["end"], hi)
    dur = t["end"] - t["start"]
    if ty == "decoy":
        return t
    if ty == "encounter" and dur < 2 * HOUR:
        t["required"] = False
    if ty == "loitering" and dur < 3 * HOUR:
        t["required"] = False
    if ty == "port_visit" and dur < 1 * HOUR:
        t["required"] = False
    if ty == "shared_mmsi" and dur < 2 * HOUR:
        t["required"] = False
    if ty in ("invalid_imo", "mid_mismatch") and dur < 1 * HOUR:
        t["required"] = False
    return t


def map_truth_mmsi(obj, f):
    if isinstance(obj, dict):
        for k, v in list(obj.items()):
            if k in ("mmsi", "shared_mmsi") and isinstance(v, int):
                obj[k] = f(v)
            elif k == "mmsis" and isinstance(v, list):
                obj[k] = [f(x) if isinstance(x, int) else x for x in v]
            else:
                map_truth_mmsi(v, f)
    elif isinstance(obj, list):
        for v in obj:
            map_truth_mmsi(v, f)


def shift_truth(obj, dt):
    import datetime
    for t in obj:
        for k in ("start", "end"):
            t[k] += dt
            iso = k + "_iso"
            if iso in t:
                t[iso] = datetime.datetime.fromtimestamp(t[k], datetime.timezone.utc).strftime(
                    "%Y-%m-%dT%H:%M:%SZ")


def fix_times(lines):
    """MMSI -> sorted times of its distinct position reports as they remain in the file."""
    out = {}
    seen = set()
    for ln in lines:
        if ln.f[1] != "1" or not ln.f[5] or UNARM[ln.f[5][0]] not in POSF:
            continue
        key = ln.f[5]
        if key in seen:
            continue
        seen.add(key)
        out.setdefault(get(to_bits(ln.f[5][:7]), 8, 30), []).append(ln.c)
    for v in out.values():
        v.sort()
    return out


def count_in(ts, a, b):
    import bisect
    return bisect.bisect_right(ts, b) - bisect.bisect_left(ts, a)


def mark_unobservable(truth, fixes):
    """A required event the rewritten file no longer shows (fewer than 3 position reports of a
    vessel inside an interval event, nothing heard within 3 h before or after a gap) becomes
    optional and unobservable, as the generator marks events nobody could see."""
    n = 0
    for t in truth:
        if t["type"] == "decoy" or not t.get("required"):
            continue
        ok = True
        for v in t["vessels"]:
            if v.get("dark"):
                continue
            ts = []
            for m in {v.get("mmsi")} | set(v.get("mmsis") or []):
                ts += fixes.get(m, [])
            ts.sort()
            if t["type"] in ("port_visit", "loitering", "encounter"):
                ok = ok and count_in(ts, t["start"], t["end"]) >= 3
            elif t["type"] == "gap":
                ok = ok and count_in(ts, t["start"] - 3 * HOUR, t["start"] + 60) > 0 and \
                    count_in(ts, t["end"] - 60, t["end"] + 3 * HOUR) > 0
        if not ok:
            t["required"] = False
            t["observable"] = False
            t["note"] = t.get("note", "") + " [variant: not observable any more]"
            n += 1
    return n


# --------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("src")
    ap.add_argument("out")
    ap.add_argument("--crop")
    ap.add_argument("--drop-station")
    ap.add_argument("--loss", type=float, default=0.0)
    ap.add_argument("--drop-vessels", type=float, default=0.0)
    ap.add_argument("--thin", type=int, default=1)
    ap.add_argument("--dup", type=float, default=0.0)
    ap.add_argument("--dup-delay", type=int, default=5)
    ap.add_argument("--station-offset")
    ap.add_argument("--jitter", type=int, default=0)
    ap.add_argument("--delay")
    ap.add_argument("--mirror", action="store_true")
    ap.add_argument("--noise", type=float, default=0.0)
    ap.add_argument("--mmsi-remap", type=int)
    ap.add_argument("--move", action="append")
    ap.add_argument("--rename", action="append")
    ap.add_argument("--bad-imo", action="append")
    ap.add_argument("--swap", action="append")
    ap.add_argument("--spoof", action="append")
    ap.add_argument("--shift", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)

    with open(os.path.join(a.src, "ground_truth.json")) as f:
        truth = json.load(f)
    with open(os.path.join(a.src, "ais.nmea"), encoding="latin-1") as f:
        raw = f.read().split("\n")
    lines = [Line(x) for x in raw if x]
    t0 = min(ln.c for ln in lines)
    t1 = max(ln.c for ln in lines)
    lo, hi = min(t0, min(t["start"] for t in truth)), max(t1, max(t["end"] for t in truth))

    if a.crop:
        ca, cb = (float(x) for x in a.crop.split(","))
        lo, hi = t0 + int(ca * HOUR), t0 + int(cb * HOUR)
        lines = [ln for ln in lines if lo <= ln.c <= hi]
        truth = [x for x in (clip_event(t, lo, hi) for t in truth) if x is not None]
    if a.drop_station:
        drop = set(a.drop_station.split(","))
        lines = [ln for ln in lines if ln.tag("s") not in drop]
    if a.drop_vessels:
        keep = set()
        for t in truth:
            if t["type"] != "decoy" and not t.get("required"):
                continue
            for v in t["vessels"]:
                keep |= {v.get("mmsi")} | set(v.get("mmsis") or [])
        drop = set()
        for ln in lines:
            if ln.f[2] == "1" and ln.f[5] and len(ln.f[5]) >= 7:
                m = get(to_bits(ln.f[5][:7]), 8, 30)
                if m not in keep and 200000000 <= m <= 799999999 and \
                        random.Random(m * 7919 + a.seed).random() < a.drop_vessels:
                    drop.add(m)
        out = []
        skip_next = False
        for ln in lines:
            if ln.f[2] == "1":
                skip_next = False
                if ln.f[5] and len(ln.f[5]) >= 7 and get(to_bits(ln.f[5][:7]), 8, 30) in drop:
                    skip_next = ln.f[1] != "1"
                    continue
            elif skip_next:
                continue
            out.append(ln)
        lines = out
    if a.loss:
        lines = [ln for ln in lines if rnd.random() >= a.loss]
    if a.thin > 1:
        seen = {}
        out = []
        for ln in lines:
            mt = ln.msg_type()
            if mt in (1, 2, 3, 18, 19, 27):
                key = (get(to_bits(ln.f[5][:7]), 8, 30), ln.f[5])
                mm = key[0]
                # the same payload from several stations counts once
                st = seen.setdefault(mm, [0, set()])
                if ln.f[5] not in st[1]:
                    st[0] += 1
                    st[1].add(ln.f[5])
                    if len(st[1]) > 64:
                        st[1].clear()
                        st[1].add(ln.f[5])
                if st[0] % a.thin != 1 % a.thin:
                    continue
            out.append(ln)
        lines = out
    if a.dup:
        out = []
        for ln in lines:
            out.append(ln)
            if rnd.random() < a.dup:
                d = ln.copy()
                d.set_tag("s", ln.tag("s") + "X")
                d.set_tag("c", str(ln.c + rnd.randint(0, a.dup_delay)))
                out.append(d)
        lines = out
    if a.station_offset:
        off = {}
        for kv in a.station_offset.split(","):
            s, v = kv.split(":")
            off[s] = int(v)
        for ln in lines:
            if ln.tag("s") in off:
                ln.set_tag("c", str(ln.c + off[ln.tag("s")]))
    if a.jitter:
        for ln in lines:
            ln.set_tag("c", str(ln.c + rnd.randint(-a.jitter, a.jitter)))
    for spec in a.spoof or []:
        plant_spoof(lines, truth, spec, min(ln.c for ln in lines))
    for spec in a.swap or []:
        plant_swap(lines, truth, spec, min(ln.c for ln in lines))
    if a.rename or a.bad_imo:
        rn = []
        for spec in a.rename or []:
            m, h, name = spec.split(":", 2)
            rn.append((int(m), float(h), name))
        plant_identity(lines, truth, rn, [int(x) for x in a.bad_imo or []], min(ln.c for ln in lines))
    if a.move:
        moves = {}
        for spec in a.move:
            ms, dla, dlo = spec.split(":")
            for m in ms.split(","):
                moves[int(m)] = (float(dla), float(dlo))
        for ln in lines:
            move_payload(ln, moves)
        move_truth(truth, moves)
    if a.delay:
        dl = {}
        for kv in a.delay.split(","):
            st, v = kv.split(":")
            dl[st] = int(v)
        keyed = [(ln.c + dl.get(ln.tag("s"), 0), i, ln) for i, ln in enumerate(lines)]
        keyed.sort(key=lambda x: (x[0], x[1]))
        lines = [x[2] for x in keyed]
    if a.mirror:
        t_end = max(ln.c for ln in lines)
        lines, truth = mirror(lines, truth, t_end)
        hi = 2 * t_end + 1 - lo
    mmsi_f = mmsi_map_fn(a.mmsi_remap) if a.mmsi_remap is not None else None
    if mmsi_f or a.shift:
        for ln in lines:
            rewrite_payload(ln, mmsi_f, a.shift)
            if a.shift:
                ln.set_tag("c", str(ln.c + a.shift))
        if mmsi_f:
            map_truth_mmsi(truth, mmsi_f)
        if a.shift:
            shift_truth(truth, a.shift)
            lo += a.shift
            hi += a.shift

    nun = mark_unobservable(truth, fix_times(lines))
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "ais.nmea"), "w", encoding="latin-1") as f:
        for ln in lines:
            txt = ln.text()
            f.write(txt + "\n")
            if a.noise and rnd.random() < a.noise:
                k = rnd.randrange(3)
                if k == 0:     # bit error: one payload character changed, checksum kept
                    i = txt.rfind(",", 0, txt.rfind(",")) - 3
                    ch = txt[i]
                    txt = txt[:i] + ("0" if ch != "0" else "1") + txt[i + 1:]
                elif k == 1:   # truncated in the middle
                    txt = txt[:rnd.randrange(1, len(txt))]
                else:          # junk
                    txt = "".join(rnd.choice(ARM + ",*!\\$") for _ in range(rnd.randrange(1, 90)))
                f.write(txt + "\n")
    with open(os.path.join(a.out, "ground_truth.json"), "w") as f:
        json.dump(truth, f, indent=1)
    with open(os.path.join(a.out, "scenario_meta.json"), "w") as f:
        json.dump({"region": {"min_lat": 28.0, "max_lat": 46.0, "min_lon": 117.0, "max_lon": 142.0},
                   "start": lo, "end": hi}, f)
    print("%s: %d sentences, %d truth events (%d made unobservable), period %d..%d" % (
        a.out, len(lines), len(truth), nun, lo, hi),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
