/* visit.h - streaming per-vessel port and area visits with hysteresis, stops and dwell time. */
#ifndef VIGIL_VISIT_H
#define VIGIL_VISIT_H

#include <stddef.h>
#include <stdint.h>

#include "vigil/fix.h"
#include "vigil/geo.h"

/*
 * Settings (defaults from vigil_visit_cfg_default, documented in
 * docs/geography.md):
 *   exit_margin_km 1.0   a visit ends when the vessel is farther than the
 *                        place radius (or polygon edge) plus this
 *   stop_kn 0.5          a stop starts when speed over ground (or, when SOG is
 *                        missing, the implied speed) is below this ...
 *   resume_kn 1.0        ... and ends above this (hysteresis)
 *   stop_min_s 1800      stops shorter than this do not count as stopped time
 *   max_silence_s 86400  a silence longer than this inside a visit closes it
 *                        at its last fix (exit position = last position seen)
 *   min_fixes 1          visits with fewer supporting fixes are dropped
 *   port_need_stop 1     a port/anchorage visit with no counted stop is a
 *                        transit (counted in state.transits, not emitted),
 *                        however long: a port call means the ship stopped
 *                        there (moored, anchored, or silent across a stretch
 *                        of at least stop_min_s and found within stop_kn x
 *                        that time of where it went quiet). A stop cut by the
 *                        data counts however short: stopped at the first fix
 *                        after stop_min_s without data (or none), or still
 *                        stopped when the visit is closed by silence or by
 *                        the end of the stream (visit.stop_censored = 1)
 *   min_port_stay_s 7200 with port_need_stop 0: a port/anchorage visit with
 *                        no counted stop and shorter than this is a transit
 *   min_area_stay_s 0    the same for other areas (0: every area visit)
 *   kinds                which place/area kinds make visits (all by default)
 * Port/anchorage places sharing one name and country are one port: moving
 * between GFW anchorage points of "QINGDAO" stays one visit.
 */
struct vigil_visit_cfg {
	double exit_margin_km;
	double stop_kn, resume_kn;
	int64_t stop_min_s;
	int64_t max_silence_s;
	uint32_t min_fixes;
	int64_t min_port_stay_s, min_area_stay_s;
	int port_need_stop;
	unsigned kinds;
};

void vigil_visit_cfg_default(struct vigil_visit_cfg *c);

enum vigil_visit_end {
	VIGIL_VISIT_EXIT,     /* left beyond radius + margin */
	VIGIL_VISIT_SILENCE,  /* closed at the last fix after max_silence_s without reports */
	VIGIL_VISIT_OPEN      /* still inside at end of stream (vigil_visit_flush) */
};

/* One finished visit. Plain values, no pointers. */
struct vigil_visit {
	uint32_t mmsi, seg;       /* from the first fix */
	uint8_t is_area;          /* 1: g->areas[index], 0: g->places[index] (the nearest point of the port) */
	uint8_t kind;             /* enum vigil_geo_kind */
	uint8_t end;              /* enum vigil_visit_end */
	uint32_t index;
	int64_t t_in, t_out;      /* ms UTC: first and last fix inside (t_out: last fix before leaving) */
	double lat_in, lon_in, lat_out, lon_out;
	int64_t stopped_ms;       /* total of stops >= stop_min_s inside the visit (silent stretches
				     over which it barely moved included) */
	int64_t first_stop_ms;    /* start time of the first counted stop, 0 if none */
	uint8_t stop_censored;    /* 1: a counted stop shorter than stop_min_s because the data cut
				     it (stopped at the first fix after no data, or at the end) */
	uint32_t nfix;            /* fixes inside (within radius + margin) supporting the visit */
	uint64_t ref_first, ref_last; /* evidence refs of the first and last supporting fix */
};

/* At most this many simultaneous open visits per vessel (nested areas); more are counted in dropped. */
#define VIGIL_VISIT_MAX_OPEN 4

struct vigil__visit_open {
	struct vigil_visit v;  /* v.t_out is also the visit's own clock (its last fix) */
	int64_t stop_start;    /* ms, 0 when not stopped */
	uint8_t stop_censored; /* the stop in progress began at the first fix after no data */
};

/*
 * Per-vessel state: caller-owned, zero it with vigil_visit_state_init. 56
 * bytes while the vessel is in no place; the open visits live in a small
 * array malloc'd when the first one opens and freed when the last one closes
 * (about 120 bytes each), so a fleet mostly at sea costs little.
 * Open visits are kept per segment (fix.seg): fixes of another segment of the
 * same MMSI (a second ship) neither extend nor end them, so one state per MMSI
 * works; per (MMSI, segment) works too. Each visit closes on its own silence.
 */
struct vigil_visit_state {
	struct vigil__visit_open *open; /* malloc'd, nopen used of cap; NULL when none is open */
	int64_t last_t;
	double last_lat, last_lon;
	uint32_t last_seg;
	uint32_t dropped;    /* visits not tracked: MAX_OPEN reached or no memory */
	uint32_t transits;   /* visits not emitted: too short and no stop (min_*_stay_s) */
	uint32_t geo_memo;   /* vigil_geo_within_memo's memo: the last fix's empty index cell */
	uint8_t nopen, cap;
};

void vigil_visit_state_init(struct vigil_visit_state *st);

/*
 * Hint the CPU to fetch st's open visits (a separate allocation, read by
 * every vigil_visit_feed while the vessel is in a place) a few fixes before
 * st's next one is fed; st itself must be cheap to read by then. Reads only st.
 */
void vigil_visit_prefetch(const struct vigil_visit_state *st);

/*
 * Release the open-visit array without emitting anything (use it when
 * abandoning a state; vigil_visit_flush releases it too). st stays usable
 * as a fresh state with its counters kept. NULL is ignored.
 */
void vigil_visit_state_free(struct vigil_visit_state *st);

/*
 * Feed one fix (time order per vessel; an older fix is ignored and returns
 * VIGIL_E_RANGE). Finished visits are written to out[0..cap) and counted
 * in *nout; when more than cap finish (at most VIGIL_VISIT_MAX_OPEN + 1 per
 * call) the rest are lost and VIGIL_E_FULL is returned, so pass
 * cap >= VIGIL_VISIT_MAX_OPEN + 1. g must be indexed (vigil_geo_index) for speed.
 * The only allocation is st's open-visit array (see above); when it fails
 * the visit is counted in st->dropped. The same g must be passed on every call.
 */
int vigil_visit_feed(const struct vigil_geo *g, const struct vigil_visit_cfg *c,
		     struct vigil_visit_state *st, const struct vigil_fix *f,
		     struct vigil_visit *out, size_t cap, size_t *nout);

/*
 * End of stream (or of the vessel's segment): write the visits still open,
 * marked VIGIL_VISIT_OPEN, and reset st (its open-visit array is freed,
 * the counters kept). Same out/cap rules as feed.
 */
int vigil_visit_flush(const struct vigil_visit_cfg *c, struct vigil_visit_state *st,
		      struct vigil_visit *out, size_t cap, size_t *nout);

#endif
