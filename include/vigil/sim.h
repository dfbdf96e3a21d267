/* sim.h - scenario simulator: vessels on routes -> timestamped AIS NMEA and the ground truth. */
#ifndef VIGIL_SIM_H
#define VIGIL_SIM_H

#include <stddef.h>
#include <stdint.h>

/*
 * A scenario (JSON, format in docs/simulate.md) declares receivers, vessels
 * with routes, dark periods, spoofed positions, identity changes and meetings.
 * The simulator plans every vessel's true trajectory, then emits the AIS
 * messages each vessel transmits at the ITU-R M.1371 reporting rates, as
 * received by each receiver in range (duplicate copies, losses, coverage
 * holes), in time order, with NMEA 4.0 tag blocks (s: station, c: time).
 * From the plan and from what was actually received it writes the ground
 * truth of the planted events and decoys, in the JSON shape that
 * ../shared/eval/score_events.py reads.
 *
 * Deterministic: the same scenario, options and seed give the same bytes.
 * All randomness comes from generators kept in the simulator (no globals).
 * The library does no I/O: the caller feeds the scenario text and writes
 * the chunks vigil_sim_run hands back.
 */

struct vigil_sim;

/* Options that override the scenario file; zero-initialise. */
struct vigil_sim_opt {
	uint64_t seed;          /* used when seed_set */
	int seed_set;
	long vessels;           /* > 0: number of random background vessels (benchmark day) */
	double hours;           /* > 0: scenario length */
	long max_random;        /* > 0: at most this many random vessels whatever the file says (fuzzing) */
};

/* Caps on what a scenario may declare (VIGIL_E_TOOBIG beyond). */
#define VIGIL_SIM_MAX_JSON (16u << 20)
#define VIGIL_SIM_MAX_VESSELS 10000      /* declared in the file */
#define VIGIL_SIM_MAX_RANDOM 200000      /* random background vessels (about 1 KB each) */
#define VIGIL_SIM_MAX_ROUTE 64           /* route items per vessel */
#define VIGIL_SIM_MAX_WINDOWS 16         /* dark / spoof windows, identities per vessel */
#define VIGIL_SIM_MAX_RECEIVERS 64
#define VIGIL_SIM_MAX_HOLES 64
#define VIGIL_SIM_MAX_MEETINGS 256
#define VIGIL_SIM_MAX_PORTS 512
#define VIGIL_SIM_MAX_HOURS (24.0 * 366)

/* Bytes vigil_sim_run needs at least (one message with every receiver's copy). */
size_t vigil_sim_chunk_min(const struct vigil_sim *s);

/*
 * Parse scenario text json[0..len) and plan it. On success *out is a new
 * simulator (free with vigil_sim_free). On failure returns VIGIL_E_JSON,
 * VIGIL_E_INVAL (a value that makes no sense: unknown port, negative speed...),
 * VIGIL_E_TOOBIG or VIGIL_E_NOMEM, and writes a one-line English reason
 * naming the offending member into err[0..errcap) (may be NULL).
 * The simulator copies what it needs; json may be freed after the call.
 */
int vigil_sim_new(const char *json, size_t len, const struct vigil_sim_opt *opt,
		  struct vigil_sim **out, char *err, size_t errcap);

/*
 * Write the next NMEA lines into buf[0..cap) (caller-owned; whole lines only,
 * no NUL). Returns VIGIL_E_INCOMPLETE while more follow, VIGIL_E_OK with the
 * last chunk (possibly empty), VIGIL_E_TOOBIG if cap < vigil_sim_chunk_min().
 */
int vigil_sim_run(struct vigil_sim *s, char *buf, size_t cap, size_t *len);

/*
 * Ground truth JSON (an array of events and decoys), valid after vigil_sim_run
 * returned VIGIL_E_OK. *json points into memory the simulator owns until
 * vigil_sim_free. VIGIL_E_STATE before the run has finished.
 */
int vigil_sim_truth(struct vigil_sim *s, const char **json, size_t *len);

/* Scenario meta for the scorer (region and period): {"region":{...},"start":..,"end":..}. Same ownership. */
int vigil_sim_meta(struct vigil_sim *s, const char **json, size_t *len);

struct vigil_sim_stats {
	uint64_t messages;     /* AIS messages transmitted (before reception) */
	uint64_t received;     /* message copies written (one per receiver that heard it) */
	uint64_t sentences;    /* NMEA lines written */
	uint64_t lost;         /* transmissions no receiver heard */
	uint32_t vessels;      /* declared + random */
	uint32_t events;       /* truth events (not decoys) */
	uint32_t decoys;
	int64_t start, end;    /* scenario period, unix seconds */
};
void vigil_sim_stats(const struct vigil_sim *s, struct vigil_sim_stats *st);

/* Free s and everything it owns; NULL is fine. */
void vigil_sim_free(struct vigil_sim *s);

/* 1 when the 7-digit IMO number's check digit is right (weights 7..2 over the first six digits). */
int vigil_sim_imo_valid(uint32_t imo);

/* ISO 3166 alpha-2 flag of an MMSI's MID (its first three digits) from a built-in table; "" when unknown. */
const char *vigil_sim_mid_flag(uint32_t mmsi);

#endif
