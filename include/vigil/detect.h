/* detect.h - the behaviour engine: fixes and static reports in, events out, streaming. */
#ifndef VIGIL_DETECT_H
#define VIGIL_DETECT_H

#include <stddef.h>
#include <stdint.h>

#include "vigil/event.h"
#include "vigil/fix.h"
#include "vigil/gap.h"
#include "vigil/identity.h"
#include "vigil/segment.h"

struct vigil_geo;
struct vigil_shore;

/*
 * Every setting, with its default (docs/detect.md explains each).
 * vigil_detect_params_default fills them.
 */
struct vigil_detect_params {
	struct vigil_seg_params seg;     /* segmenter (segment.h) */
	struct vigil_gap_params gap;     /* dark periods (gap.h) */
	int64_t reorder_ms;              /* input may be out of time order by this much; 10 min */
	int64_t dedup_ms;                /* the same message heard again within this is a duplicate; 60 s */
	uint32_t max_vessels;            /* vessel table cap; more MMSIs are counted and ignored; 1048576 */
	uint32_t max_pending;            /* reorder buffer cap (records); beyond, the oldest is processed early; 4194304 */
	uint32_t max_imos;               /* IMO history table cap; 1048576 */
	unsigned shared_min_fixes;       /* shared MMSI: each track needs this many positions; 10 */
	unsigned shared_min_switches;    /* ... and the reports switched between the tracks this often; 3 */
	unsigned spoof_min_fixes;        /* spoofed jump: at least this many positions away; 1 (a single impossible position is reported, with lower confidence) */
	unsigned spoof_max_fixes;        /* ... a jump with more positions counts only when the real track fell silent meanwhile; 9 (= shared_min_fixes - 1) */
	double top_speed_min_kn;         /* plausible top speed while dark: max(observed max SOG x 1.1, this); 12 */
	int64_t id_hold_ms;              /* a gap waits this long for the identity after it; 1 h */
	int64_t t24_pair_ms;             /* type 24 parts A and B of one MMSI within this pair up; 10 min */
	int fishing_separate;            /* loitering of fishing ship types reported as "fishing_loitering"; 1 */
	int64_t thin_ms;                 /* a position this soon after the vessel's last one, and within ~1 nm
					    of it, is counted but not re-examined by the detectors; 30 s (0: off) */
	int emit_silences;               /* also emit silences explained by coverage, as "coverage_silence"; 0 */
	int64_t clock_margin_ms;         /* a record this far ahead of the newest accepted time waits until
					    2 more records confirm the stream moved there, else it is dropped
					    as a clock outlier; 30 min (0: off) */
};

void vigil_detect_params_default(struct vigil_detect_params *p);

/*
 * Write the parameters in force as JSON members (no braces) into buf.
 * Returns the length, 0 if it did not fit.
 */
size_t vigil_detect_params_json(const struct vigil_detect_params *p, char *buf, size_t cap);

/* Receives each event; e is valid during the call only (the receiver may fill e->sha256 first). */
typedef void (*vigil_detect_event_fn)(void *ctx, struct vigil_event *e);

/*
 * The flag (ISO 3166-1 alpha-2) that loaded sanctions lists record for an
 * IMO number: return 0 when the lists know no flag for the IMO; else write
 * to cc (3 bytes) mid_flag itself when any listed flag equals it, or else
 * the first listed flag, and return 1. ctx is the caller's.
 */
typedef int (*vigil_detect_flag_fn)(void *ctx, uint32_t imo, const char *mid_flag, char cc[3]);

struct vigil_detect_hooks {
	vigil_detect_event_fn emit;
	void *emit_ctx;
	vigil_detect_flag_fn flag_for_imo;   /* NULL: no mid_mismatch check */
	void *flag_ctx;
	const struct vigil_geo *geo;         /* NULL: no ports/areas (no visits, no port filter) */
	const struct vigil_shore *shore;     /* NULL or unopened: shore distance unknown */
};

struct vigil_detect_stats {
	uint64_t fixes_in, statics_in, duplicates, dropped[8]; /* dropped by vigil_fix_bad reason */
	uint64_t late;            /* records later than the reorder window (processed out of order) */
	uint64_t clock_outliers;  /* records dropped for a time far ahead of the stream (clock_margin_ms) */
	uint64_t noise;           /* positions the segmenter judged noise */
	uint64_t thinned;         /* positions counted but not re-examined (thin_ms) */
	uint64_t vessels, vessels_over_cap, imos_over_cap, pending_forced;
	uint64_t segments, jumps;
	uint64_t events, gaps, silences_explained;
	uint64_t nomem;
};

/* A vessel's line in the summary table. */
#define VIGIL_VESSEL_IDS 4   /* identities kept per vessel (the most recent) */
#define VIGIL_VESSEL_SILS 4  /* explained silences kept per vessel (the longest) */

/* One identity a vessel used: from its static reports. */
struct vigil_identity_span {
	uint32_t imo;
	char name[21], callsign[8];
	int64_t first, last;   /* first and last static report with it */
};

struct vigil_silence {
	int64_t start, end;
	double lat, lon, end_lat, end_lon;
	float coverage_path;   /* fraction of the silent hours someone was heard near the path */
};

struct vigil_vessel_summary {
	uint32_t mmsi, imo;
	char name[21], callsign[8], flag[3], destination[21];
	uint8_t shiptype;
	uint16_t length, width;
	float draught;                      /* NAN unknown */
	uint64_t fixes, statics;
	uint32_t segments, gaps, silences;  /* silences: explained by coverage, not events */
	double gap_hours, silence_hours;
	uint32_t events;
	int64_t first, last;
	int nids, nsils;
	struct vigil_identity_span ids[VIGIL_VESSEL_IDS];
	struct vigil_silence sils[VIGIL_VESSEL_SILS];
};

struct vigil_detect;

/*
 * Create an engine with copies of *p and *h (the geo/shore they point to
 * must outlive it). NULL on failure with *err = VIGIL_E_NOMEM / VIGIL_E_INVAL.
 */
struct vigil_detect *vigil_detect_new(const struct vigil_detect_params *p, const struct vigil_detect_hooks *h,
				      int *err);

/*
 * Feed one position (copied) / one static report (copied). dupkey is a hash
 * of the message's content (0: no duplicate check), e.g. of the AIS payload
 * bits. Records pass a reorder buffer, so events come out up to reorder_ms
 * after their data. Returns VIGIL_E_OK or VIGIL_E_NOMEM (engine still usable).
 */
int vigil_detect_fix(struct vigil_detect *d, const struct vigil_fix *f, uint64_t dupkey);
int vigil_detect_static(struct vigil_detect *d, const struct vigil_static *s, uint64_t dupkey);

/*
 * Optional hints for a reader that sees records some way ahead of feeding
 * them: stage 1 starts loading the vessel index slot of an MMSI, stage 2
 * (called later for the same MMSI) starts loading the vessel's records.
 * They change nothing; the intake is bound by memory latency at tens of
 * thousands of vessels, and this hides it.
 */
void vigil_detect_prefetch1(const struct vigil_detect *d, uint32_t mmsi);
void vigil_detect_prefetch2(const struct vigil_detect *d, uint32_t mmsi);

/* End of input: drain the buffer, close every segment, emit what is pending. */
int vigil_detect_finish(struct vigil_detect *d);

/* Counters (valid until free). */
const struct vigil_detect_stats *vigil_detect_stats(const struct vigil_detect *d);

/* Call fn for each vessel (after finish: final). Returns the number of vessels. */
size_t vigil_detect_vessels(const struct vigil_detect *d,
			    void (*fn)(void *ctx, const struct vigil_vessel_summary *s), void *ctx);

void vigil_detect_free(struct vigil_detect *d);

/* 64-bit FNV-1a of n bytes, seeded: for dupkeys. */
uint64_t vigil_detect_hash(const void *p, size_t n, uint64_t seed);

/*
 * A faster 64-bit content hash of n bytes, seeded, never 0, the same on every
 * host: for dupkeys (only compared for equality), reads 8 bytes at a time.
 */
uint64_t vigil_detect_key(const void *p, size_t n, uint64_t seed);

#endif
