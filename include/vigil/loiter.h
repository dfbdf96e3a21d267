/* loiter.h - loitering (possible ship-to-ship transfer with a dark partner), streaming. */
#ifndef VIGIL_LOITER_H
#define VIGIL_LOITER_H

#include <stddef.h>
#include <stdint.h>

#include "vigil/encounter.h" /* vigil_place_fn, VIGIL_PLACE_*, struct vigil_param */
#include "vigil/fix.h"

/*
 * A loitering window is a run of one vessel's fixes that are each slower than
 * break_kn, offshore (>= min_shore_km from shore and outside ports and
 * anchorages, or anywhere inside an STS hotspot / area of interest), with no
 * silence longer than max_silence_ms (a silence of up to max_bridge_ms is
 * bridged when the displacement across it implies < max_avg_kn). A window
 * whose duration is >= min_duration_ms and whose time-weighted average speed
 * is < max_avg_kn becomes an event. The duration judged is the observed span
 * (first to last fix) plus at most max_inferred_ms of the unobserved time at
 * its ends that the reports cannot exclude: a silence before the first fix,
 * less the time needed to arrive from the previous fix at that fix's speed
 * when it shows the ship in transit (>= infer_min_kn; likewise after the last
 * fix), or the silence up to the start or end of the
 * input (not for windows with a bridged silence, nor without geography).
 * Satellite-only reception (passes every 90-100 min) otherwise cuts true 4 h
 * loiters below 4 h.
 * Fishing vessels (AIS ship type 30) and service craft (tugs, pilots,
 * dredgers, SAR, law enforcement...) get their own event kinds, so drifting
 * fishing boats are not reported as loitering. See docs/encounters.md.
 * Speed is the reported SOG when available, else the implied speed from the
 * previous fix. Per fix the cost is one hash lookup and a few flops; the
 * geography callback is called at most once per place_recheck_km moved or
 * place_recheck_ms elapsed per slow vessel.
 */

enum vigil_loiter_kind {
	VIGIL_LOITER_LOITERING = 0, /* "loitering" */
	VIGIL_LOITER_FISHING = 1,   /* "fishing_loitering": AIS ship type 30 */
	VIGIL_LOITER_SERVICE = 2    /* "service_loitering": ship types 31-35, 50-55 */
};

/* "loitering", "fishing_loitering", "service_loitering"; "" if unknown. */
const char *vigil_loiter_kind_name(int kind);

/* Confidence reasons (bit mask). */
enum {
	VIGIL_LOI_R_LONG = 1u << 0,     /* >= twice the minimum duration (+) */
	VIGIL_LOI_R_STILL = 1u << 1,    /* average speed < 0.5 kn (+) */
	VIGIL_LOI_R_HOTSPOT = 1u << 2,  /* inside an STS hotspot / area of interest (+) */
	VIGIL_LOI_R_FAR = 1u << 3,      /* >= twice min_shore_km from shore all along (+) */
	VIGIL_LOI_R_SPARSE = 1u << 4,   /* fewer than 2 fixes per hour (-) */
	VIGIL_LOI_R_NO_SHORE = 1u << 5, /* distance to shore unknown (no geography) (-) */
	VIGIL_LOI_R_SPLIT = 1u << 6,    /* continues a window cut at max_duration_ms (info) */
	VIGIL_LOI_R_NEAR_SHORE = 1u << 7, /* near shore or port, reported because of a hotspot (-) */
	VIGIL_LOI_R_INFERRED = 1u << 8, /* observed span < min_duration: >= it only with inferred time (-) */
	VIGIL_LOI_R_BRIDGED = 1u << 9   /* a silence > max_silence_ms inside the window was bridged (-) */
};
/* VIGIL_LOI_R_COUNT: the first 8 bits (kept for callers with 8-name tables); VIGIL_LOI_R_NBITS: all. */
#define VIGIL_LOI_R_COUNT 8
#define VIGIL_LOI_R_NBITS 10

/* Short name of one reason bit ("long"...); "" if unknown. */
const char *vigil_loiter_reason_name(unsigned bit);

struct vigil_loiter_event {
	int kind;                       /* enum vigil_loiter_kind */
	uint32_t mmsi, seg;
	uint8_t shiptype;               /* AIS ship type given with the fixes (last non-zero) */
	int64_t start, end;             /* ms since the epoch: first and last fix of the window (observed) */
	int64_t est_start, est_end;     /* earliest start / latest end the silences and speeds allow (== start/end when
					   reports bound the window; not capped by max_inferred_ms) */
	int64_t judged_ms;              /* duration judged: end - start + min(est - observed, max_inferred_ms) */
	int64_t bridged_ms;             /* longest bridged silence inside the window, 0 none */
	double start_lat, start_lon, end_lat, end_lon;
	double mean_lat, mean_lon;      /* of the fixes (circular mean for lon) */
	double avg_kn, max_kn;          /* time-weighted average and maximum speed */
	double min_shore_km, min_port_km; /* over the geography checks (INFINITY unknown) */
	uint32_t nfix;
	uint64_t first_ref, last_ref;   /* vigil_fix.ref of the first and last fix */
	unsigned place;                 /* VIGIL_PLACE_* flags seen */
	double confidence;
	unsigned reasons;               /* VIGIL_LOI_R_* */
	const char *profile;            /* static */
};

typedef void (*vigil_loiter_emit_fn)(void *ctx, const struct vigil_loiter_event *ev);

/* Settings; defaults from vigil_loiter_config_init in brackets. */
struct vigil_loiter_config {
	const char *profile;            /* ["vigil"] */
	double max_avg_kn;              /* average speed below [2.0] */
	double break_kn;                /* a fix this fast ends the window [3.0] */
	int64_t min_duration_ms;        /* [14400000 = 4 h] */
	int64_t max_duration_ms;        /* emit and continue in a new window after [86400000 = 24 h] */
	int64_t max_silence_ms;         /* a longer silence ends the window [10800000 = 3 h] ... */
	int64_t max_bridge_ms;          /* ... unless <= this and slow across it [21600000 = 6 h] (<= max_silence_ms: never) */
	int64_t max_inferred_ms;        /* most unobserved time counted toward min_duration [3600000 = 1 h] (0: none) */
	double infer_min_kn;            /* a report bounds a silence only at this speed or faster (in transit) [6.0] */
	double min_shore_km;            /* [37.04 = 20 nm] */
	double min_port_km;             /* outside ports/anchorages by at least [10.0] */
	int hotspot_overrides_shore;    /* inside hotspot/AOI report even near shore [1] */
	int fishing_separate;           /* ship type 30 -> VIGIL_LOITER_FISHING [1] */
	int service_separate;           /* types 31-35, 50-55 -> VIGIL_LOITER_SERVICE [1] */
	int emit_fishing;               /* emit the FISHING/SERVICE kinds at all [1] */
	double place_recheck_km;        /* geography re-queried after moving [1.0] */
	int64_t place_recheck_ms;       /* or after [1800000 = 30 min] */
	uint32_t max_vessels;           /* [262144] (a vessel silent > max(max_silence_ms, max_bridge_ms) is forgotten) */
	vigil_place_fn place;           /* geography; NULL: shore distance unknown [NULL] */
	void *place_ctx;
	vigil_loiter_emit_fn emit;      /* [NULL] */
	void *emit_ctx;
};

/* Fill *c with the defaults above. */
void vigil_loiter_config_init(struct vigil_loiter_config *c);

/* Parameters of c as {name, value, unit} (static names); returns the total count. Caller owns out. */
size_t vigil_loiter_params(const struct vigil_loiter_config *c, struct vigil_param *out, size_t max);

struct vigil_loiter_stats {
	uint64_t fixes, out_of_order, dropped_vessels, place_calls, windows, events, fishing, service,
		rejected_short, rejected_speed, inferred, bridged;
};

struct vigil_loiter;

/* Create with a copy of *c; NULL and *err (VIGIL_E_INVAL, VIGIL_E_NOMEM) on failure. Free with vigil_loiter_free. */
struct vigil_loiter *vigil_loiter_new(const struct vigil_loiter_config *c, int *err);

/*
 * Feed one fix (read only) with the vessel's AIS ship type (0 unknown), in
 * non-decreasing time order across vessels. Events are emitted from inside.
 * Returns VIGIL_E_OK or VIGIL_E_NOMEM (vessel table full; counted).
 */
int vigil_loiter_add(struct vigil_loiter *l, const struct vigil_fix *f, unsigned shiptype);

/* The same with a per-vessel hint, as vigil_encounter_add_hint (caller owns *hint, 0 at first; NULL is fine). */
int vigil_loiter_add_hint(struct vigil_loiter *l, const struct vigil_fix *f, unsigned shiptype, uint32_t *hint);

/* Prefetch the vessel state named by hint, as vigil_encounter_prefetch (harmless when stale or 0). */
void vigil_loiter_prefetch(const struct vigil_loiter *l, uint32_t hint);

/* Stream time reached t_ms: windows silent for max_silence_ms are closed (checked hourly). */
int vigil_loiter_advance(struct vigil_loiter *l, int64_t t_ms);

/* End of input: close every window. */
int vigil_loiter_finish(struct vigil_loiter *l);

const struct vigil_loiter_stats *vigil_loiter_stats(const struct vigil_loiter *l);

/* Free l and all it owns; NULL is fine. */
void vigil_loiter_free(struct vigil_loiter *l);

#endif
