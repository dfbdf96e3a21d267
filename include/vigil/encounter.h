/* encounter.h - vessel-to-vessel encounters (possible ship-to-ship transfers), GFW's method, streaming. */
#ifndef VIGIL_ENCOUNTER_H
#define VIGIL_ENCOUNTER_H

#include <stddef.h>
#include <stdint.h>

#include "vigil/fix.h"

/*
 * Method (Global Fishing Watch's pipe-encounters, see docs/encounters.md):
 *  1. each vessel's positions are resampled on a fixed time grid (slot_ms,
 *     aligned with the Unix epoch, so with UTC midnight) by linear
 *     interpolation between the two fixes that bracket a slot; no slot is
 *     filled between fixes further apart than max_interp_gap_ms;
 *  2. per slot, every vessel's neighbours within adjacency_km are found with a
 *     spatial grid, sorted by (distance, vessel) and cut to max_neighbours;
 *     those within max_km are "adjacent";
 *  3. per ordered pair (vessel 1, vessel 2) a run grows while vessel 2 is
 *     adjacent at every slot where vessel 1 has a position; a run of >= 2
 *     slots lasting >= min_run_ms is a raw (directional) encounter;
 *  4. raw encounters of one unordered pair (both directions) closer than
 *     merge_gap_ms are merged; a merged encounter is published when it lasts
 *     >= min_duration_ms, its median speed is < max_median_kn and it is
 *     >= min_port_km from every port or anchorage (unless inside a hotspot
 *     or area of interest, where it is reported even near shore).
 * Unlike GFW's daily batches, runs and merges continue across UTC midnight.
 *
 * Streaming: feed fixes in non-decreasing time order (the detect engine's
 * reorder window does that); memory is bounded by the number of vessels,
 * the open slots (max_interp_gap_ms / slot_ms + 2) and the open runs.
 */

/* Where a position is, as the geography module sees it (geo.h). */
enum {
	VIGIL_PLACE_PORT = 1u << 0,    /* inside a port or anchorage area */
	VIGIL_PLACE_HOTSPOT = 1u << 1, /* inside an STS hotspot or user area of interest */
	VIGIL_PLACE_LAND = 1u << 2     /* on land */
};

/*
 * Geography callback: return VIGIL_PLACE_* flags for (lat, lon) and set
 * *port_km to the distance to the nearest port or anchorage and *shore_km to
 * the distance to shore (both km; INFINITY when unknown or far). ctx is the
 * caller's. Called rarely (per candidate event, or throttled per vessel).
 */
typedef unsigned (*vigil_place_fn)(void *ctx, double lat, double lon,
				   double *port_km, double *shore_km);

/* AIS ship type (0 unknown) of a vessel, from the caller's identity history. */
typedef unsigned (*vigil_shiptype_fn)(void *ctx, uint32_t mmsi);

/* 1 for service craft that come alongside ships routinely: towing (31, 32), pilot (50), tug (52), port tender (53). */
int vigil_encounter_service_type(unsigned shiptype);

/* One parameter as used, for the event's "parameters" object. */
struct vigil_param {
	const char *name;  /* static string, e.g. "max_km" */
	double value;
	const char *unit;  /* static string: "km", "kn", "s", "" */
};

/* Which records an engine emits (bit mask). */
enum {
	VIGIL_ENC_OUT_RAW = 1u << 0,    /* directional runs (GFW's "raw encounters") */
	VIGIL_ENC_OUT_MERGED = 1u << 1  /* merged, filtered encounters per unordered pair */
};

/* Confidence reasons (bit mask in vigil_encounter.reasons). */
enum {
	VIGIL_ENC_R_LONG = 1u << 0,       /* lasted >= twice the minimum duration (+) */
	VIGIL_ENC_R_CLOSE = 1u << 1,      /* median distance <= 200 m (+) */
	VIGIL_ENC_R_STILL = 1u << 2,      /* median speed < 1 kn (+) */
	VIGIL_ENC_R_HOTSPOT = 1u << 3,    /* inside an STS hotspot or area of interest (+) */
	VIGIL_ENC_R_OFFSHORE = 1u << 4,   /* far (>= 2 x min_port_km) from any port (+) */
	VIGIL_ENC_R_SPARSE = 1u << 5,     /* a vessel reported on < 50 % of the slots (-) */
	VIGIL_ENC_R_NEAR_PORT = 1u << 6,  /* near a port but inside a hotspot (-) */
	VIGIL_ENC_R_ONE_SIDED = 1u << 7,  /* only one direction produced a run (-) */
	VIGIL_ENC_R_SPLIT = 1u << 8       /* a run hit max_run_slots and was split (info) */
};
#define VIGIL_ENC_R_COUNT 9

/* Return the short name of one reason bit ("long", "close"...); "" if unknown. */
const char *vigil_encounter_reason_name(unsigned bit);

/* One encounter. Vessel "1" is the run's subject (raw) or the lower key (merged). */
struct vigil_encounter {
	int merged;                 /* 0 raw directional record, 1 merged */
	uint32_t mmsi[2], seg[2];   /* vessels (mmsi, segment id from the fix) */
	int64_t start, end;         /* slot times, ms since the epoch (UTC) */
	double start_lat, start_lon, end_lat, end_lon; /* vessel 1 at start and end */
	double mean_lat, mean_lon;  /* mean of vessel 1's positions (circular lon) */
	double min_km, median_km;   /* distance between the vessels over the slots */
	double median_speed_kn;     /* GFW's: vessel 1's median implied speed; merged: median of run medians */
	double median_kn[2];        /* each vessel's median implied speed (merged: median of medians) */
	int points[2];              /* GFW point counts: rounded sums of point density */
	uint32_t slots;             /* slots in the run(s) */
	uint32_t runs;              /* raw runs merged (1 for raw) */
	uint32_t nfix[2];           /* fixes of each vessel that support it */
	uint64_t first_ref[2], last_ref[2]; /* vigil_fix.ref of the first/last supporting fix */
	double port_km;             /* min distance to a port over start/mean/end (INFINITY unknown) */
	unsigned place;             /* VIGIL_PLACE_* flags seen at start/mean/end */
	double confidence;          /* 0..1 */
	unsigned reasons;           /* VIGIL_ENC_R_* */
	const char *profile;        /* the config's profile name (static) */
};

/* Called for each record; the record is valid only during the call. */
typedef void (*vigil_encounter_emit_fn)(void *ctx, const struct vigil_encounter *e);

/* Settings; defaults from vigil_encounter_config_init (the values in brackets). */
struct vigil_encounter_config {
	const char *profile;          /* "vigil" | "gfw-test"; static string */
	int64_t slot_ms;              /* resampling grid [600000 = 10 min] */
	int64_t max_interp_gap_ms;    /* no interpolation across longer silences [7200000 = 2 h; gfw-test 70 min] */
	double adjacency_km;          /* neighbour search radius [0.5] */
	double max_km;                /* adjacent when within [0.5] */
	int max_neighbours;           /* closest neighbours kept per slot [100] */
	int64_t min_run_ms;           /* a raw run lasts at least [3600000 = 1 h] */
	int64_t run_max_silence_ms;   /* close a run when vessel 1 is silent this long [14400000 = 4 h] */
	uint32_t max_run_slots;       /* split runs longer than this [1008 = 7 days] */
	unsigned output;              /* VIGIL_ENC_OUT_* [MERGED] */
	int64_t merge_gap_ms;         /* merge raw runs closer than [14400000 = 4 h] */
	int64_t min_duration_ms;      /* publish merged when at least [7200000 = 2 h] */
	double max_median_kn;         /* publish when median speed below [2.0] */
	double min_port_km;           /* publish when at least this far from ports [10.0] */
	int hotspot_overrides_port;   /* inside hotspot/AOI: report even near ports [1] */
	double knots_per_mps;         /* speed unit factor [3600/1852; gfw-test: GFW's 1.94384] */
	uint32_t max_vessels;         /* vessel table cap [262144], at most 2^25 (a vessel silent > 4 h is forgotten) */
	uint32_t max_runs;            /* open runs cap [16384]; runs that start near a port are not counted here;
	                               * also the cap of raw records waiting to be merged */
	uint32_t max_port_runs;       /* open runs that start near a port (counters only, never published) cap [262144] */
	uint32_t max_slot_points;     /* positions per slot cap [262144] (at most one per vessel) */
	uint32_t max_samples;         /* run samples held over all runs (24 bytes each) [524288] */
	vigil_place_fn place;         /* geography; NULL: no port filter [NULL] */
	void *place_ctx;
	int exclude_service;          /* drop encounters with a tug, pilot or port tender [1] */
	int exclude_fishing_pairs;    /* drop encounters of two fishing vessels (type 30) [1] */
	vigil_shiptype_fn shiptype;   /* ship types for exclude_service; NULL: not checked [NULL] */
	void *shiptype_ctx;
	vigil_encounter_emit_fn emit; /* where records go [NULL: dropped] */
	void *emit_ctx;
};

/* Fill *c with the "vigil" defaults above. */
void vigil_encounter_config_init(struct vigil_encounter_config *c);

/*
 * Fill *c with a named profile: "vigil" (defaults) or "gfw-test" (the
 * parameters of GFW's pipe-encounters unit tests: 30 min minimum run,
 * 1 km adjacency, 0.5 km encounter distance, raw directional records plus
 * merged ones with a 24 h merge window, no publication filters).
 * Return VIGIL_E_OK or VIGIL_E_NOTFOUND. emit/place fields are left alone.
 */
int vigil_encounter_config_profile(struct vigil_encounter_config *c, const char *name);

/*
 * Write up to max parameters of c into out (static names); return how many
 * there are in total (may exceed max). Caller owns out.
 */
size_t vigil_encounter_params(const struct vigil_encounter_config *c, struct vigil_param *out, size_t max);

/* Counters of an engine. */
struct vigil_encounter_stats {
	uint64_t fixes, out_of_order, late_points, dropped_vessels, dropped_points, dropped_runs;
	uint64_t slots_closed, slot_points, pairs_adjacent;
	uint64_t raw, merged, published, rejected_short, rejected_speed, rejected_port;
	uint64_t port_runs, budget_splits, rejected_service;  /* runs not stored (start near a port); runs cut by max_samples */
	uint64_t dropped_port_runs;   /* runs near a port not tracked because max_port_runs were open */
};

struct vigil_encounter_engine;

/*
 * Create an engine with a copy of *c. Returns NULL and sets *err (VIGIL_E_INVAL
 * for bad settings, VIGIL_E_NOMEM). Free with vigil_encounter_free.
 */
struct vigil_encounter_engine *vigil_encounter_new(const struct vigil_encounter_config *c, int *err);

/*
 * Feed one fix (read only, not kept). Fixes must come in non-decreasing time
 * across vessels; a fix older than the vessel's last one is counted and
 * skipped. Records are emitted through c->emit from inside this call.
 * Returns VIGIL_E_OK, or VIGIL_E_NOMEM (engine still usable).
 */
int vigil_encounter_add(struct vigil_encounter_engine *e, const struct vigil_fix *f);

/*
 * The same with a per-vessel hint that saves the engine's hash lookup: the
 * caller keeps one uint32_t per vessel (mmsi + seg), 0 at first, and passes
 * it with every fix of that vessel; the engine sets it and checks it (a
 * stale or wrong hint only costs the lookup). Caller owns *hint; NULL is fine.
 */
int vigil_encounter_add_hint(struct vigil_encounter_engine *e, const struct vigil_fix *f, uint32_t *hint);

/*
 * Hint the CPU to fetch the state of the vessel named by hint (a value set by
 * vigil_encounter_add_hint) a few fixes before its fix is added: at 20,000
 * vessels the per-fix cost is mostly that cache miss. Reads nothing; a stale
 * or zero hint is harmless.
 */
void vigil_encounter_prefetch(const struct vigil_encounter_engine *e, uint32_t hint);

/* Tell the engine stream time reached t_ms (closes slots, emits records). */
int vigil_encounter_advance(struct vigil_encounter_engine *e, int64_t t_ms);

/* End of input: close every slot and run, emit everything pending. */
int vigil_encounter_finish(struct vigil_encounter_engine *e);

/* Counters (read only, valid until the engine is freed). */
const struct vigil_encounter_stats *vigil_encounter_stats(const struct vigil_encounter_engine *e);

/* Free an engine and everything it owns; NULL is fine. */
void vigil_encounter_free(struct vigil_encounter_engine *e);

/*
 * Batch entry point (tests, small inputs): fixes of any vessels in any order
 * (read only). Sorts a private copy, merges fixes of one vessel with the
 * same time into one (median latitude and longitude, as GFW does), runs a
 * fresh engine and finishes it. Returns VIGIL_E_OK, VIGIL_E_INVAL, VIGIL_E_NOMEM.
 */
int vigil_encounter_batch(const struct vigil_encounter_config *c, const struct vigil_fix *fixes, size_t n,
			  struct vigil_encounter_stats *stats);

/* Haversine distance in km on a sphere of radius 6371 km (GFW's formula). */
double vigil_encounter_km(double lat1, double lon1, double lat2, double lon2);

#endif
