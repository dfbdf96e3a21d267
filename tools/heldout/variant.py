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
  --loss P             drop each remaining sentence with probability P
  --thin K             keep one position report in K per MMSI (report rate / K)
  --dup P              copy each sentence with probability P through a twin station
                       (name + "X"), its time late by 0..--dup-delay seconds
  --station-offset S:SEC,..  shift the clock of station S by SEC seconds (clock error)
  --jitter SEC         move every c: by a random -SEC..+SEC (disorder)
  --noise P            insert a corrupted line (bad checksum, truncated, junk) after a
                       sentence with probability P
  --mmsi-remap K       give every ship MMSI (MID 2..7) a new number with the same MID
                       (bijective; K picks the mapping); truth follows
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


def rewrite_payload(ln, mmsi_f=None, shift=0):
    if not ln.first_fragment():
        return
    p = ln.f[5]
    if not p:
        return
    bits = to_bits(p)
    if len(bits) < 38:
        return
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
        ln.f[5] = from_bits(bits)


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


# --------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("src")
    ap.add_argument("out")
    ap.add_argument("--crop")
    ap.add_argument("--drop-station")
    ap.add_argument("--loss", type=float, default=0.0)
    ap.add_argument("--thin", type=int, default=1)
    ap.add_argument("--dup", type=float, default=0.0)
    ap.add_argument("--dup-delay", type=int, default=5)
    ap.add_argument("--station-offset")
    ap.add_argument("--jitter", type=int, default=0)
    ap.add_argument("--noise", type=float, default=0.0)
    ap.add_argument("--mmsi-remap", type=int)
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
    print("%s: %d sentences, %d truth events, period %d..%d" % (a.out, len(lines), len(truth), lo, hi),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
