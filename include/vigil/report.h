/* report.h - read `vigil detect` events (JSON lines) into findings: parse, filter, per-vessel table, text. */
#ifndef VIGIL_REPORT_H
#define VIGIL_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "vigil/json.h"

struct vigil_geo;

#define VIGIL_REPORT_MAXV 4       /* vessels kept per event */
#define VIGIL_REPORT_TOKENS 8192  /* JSON tokens per line: size the caller's token array so */

/* What a line of the events file was. */
enum vigil_report_kind {
	VIGIL_REPORT_EVENT = 'e',
	VIGIL_REPORT_HEADER = 'h',
	VIGIL_REPORT_TRAILER = 't',
	VIGIL_REPORT_VESSEL = 'v',  /* detect --vessels summary: ev->v[0] the vessel, v[1..] identities seen */
	VIGIL_REPORT_OTHER = 'o'    /* another "record" kind: not an event, ignore */
};

/* One evidence end: where a supporting raw line is. line 0: detect did not state it. */
struct vigil_report_where {
	char file[512];
	uint64_t line;
	uint64_t offset;
	int has;          /* 1 when file and offset were given */
};

struct vigil_report_vessel {
	uint32_t mmsi;
	uint32_t imo;      /* 0: none */
	char name[48];
	char callsign[16];
	int segment;
};

/*
 * One event, parsed. `what` is a readable summary of its type-specific details
 * (no time, partner, confidence or evidence: vigil_report_finding adds those).
 * Fixed size, caller-owned; strings are truncated to fit.
 */
struct vigil_report_event {
	char id[128];
	char type[32];
	struct vigil_report_vessel v[VIGIL_REPORT_MAXV];
	unsigned nv;
	int64_t start, end;          /* Unix seconds; INT64_MIN when absent */
	double duration_h;           /* 0 when absent */
	double lat, lon, end_lat, end_lon; /* NAN when absent */
	double confidence;           /* NAN when absent */
	char reasons[512];           /* comma-separated */
	char place[96];              /* visits: place name */
	char place_kind[24];         /* visits: port, anchorage, sts_hotspot, corridor, ... */
	char country[8];             /* visits: ISO 3166 alpha-3 as detect wrote it */
	char reachable[256];         /* gaps: places reachable and back while dark, ", "-separated */
	double stopped_h;            /* visits; 0 otherwise */
	char what[768];
	uint64_t messages;
	struct vigil_report_where first, last;
	char sha256[65];             /* "" when detect gave none */
};

/* The header and trailer records: the run that produced the events. Caller-owned. */
struct vigil_report_run {
	int has_header, has_trailer;
	char version[32];
	char command[32];
	char inputs[1024];       /* ", "-separated */
	char lists[512];         /* ", "-separated; "" when none */
	char list_path[8][256];  /* the first 8 list paths, for re-loading */
	unsigned nlist_paths;
	char parameters[2048];   /* "segment.max_knots=25 gap.min_h=6 ..." */
	char geography[256];     /* "places=276 areas=4 shore=true ..." */
	char trailer[1024];      /* trailer counts, "events=155 positions=..." */
	long long trailer_events; /* -1 when absent */
};

/*
 * Parse one line s[0..len) with the caller's token array tok[0..cap).
 * Returns VIGIL_E_OK with *kind: VIGIL_REPORT_EVENT (ev filled; g, if not
 * NULL, names the nearest port in ev->what), VIGIL_REPORT_HEADER or
 * VIGIL_REPORT_TRAILER (run filled, if not NULL), VIGIL_REPORT_VESSEL (ev->v
 * filled, type "vessel") or VIGIL_REPORT_OTHER. Errors: VIGIL_E_JSON
 * (malformed; *errpos gets the byte offset if errpos is not NULL),
 * VIGIL_E_TOOBIG (too many tokens), VIGIL_E_PARSE (valid JSON but no event:
 * not an object, no "type", no vessel MMSI). Nothing allocated.
 */
int vigil_report_line(const char *s, size_t len, struct vigil_json_tok *tok, size_t cap,
		      const struct vigil_geo *g, struct vigil_report_run *run,
		      struct vigil_report_event *ev, int *kind, size_t *errpos);

/* Filters; zero/NULL fields pass everything. Caller-owned, strings not copied. */
struct vigil_report_filter {
	const char *vessel;    /* MMSI, IMO (digits) or name (case-insensitive, substring) */
	const char *types;     /* comma-separated event types */
	double min_conf;       /* events with confidence below are dropped (no confidence: kept) */
};

/* 1 when vessel v matches f->vessel (or f->vessel is NULL/empty). */
int vigil_report_vessel_match(const struct vigil_report_filter *f, const struct vigil_report_vessel *v);
/* 1 when the event passes every filter (for --vessel: any of its vessels matches). */
int vigil_report_pass(const struct vigil_report_filter *f, const struct vigil_report_event *e);

/* One row of the per-vessel table. */
#define VIGIL_REPORT_NAMES 4
#define VIGIL_REPORT_PARTNERS 4
#define VIGIL_REPORT_POI 6
struct vigil_report_row {
	uint32_t mmsi, imo;
	char name[48];                              /* the first name seen */
	char other_names[VIGIL_REPORT_NAMES - 1][48];
	unsigned n_other_names;
	char flag[3];                               /* ISO 3166 alpha-2 from the MID, "" unknown */
	unsigned events, gaps, encounters, loiterings, port_calls, poi_calls, area_visits, anomalies;
	double dark_h, loiter_h, max_conf, score;
	uint32_t partner[VIGIL_REPORT_PARTNERS];    /* encounter partners (MMSI) */
	char partner_name[VIGIL_REPORT_PARTNERS][48];
	unsigned npartners, partners_more;
	char poi[VIGIL_REPORT_POI][64];             /* ports of interest visited, with counts */
	unsigned poi_n[VIGIL_REPORT_POI];
	unsigned npoi;
	char anomaly_types[160];                    /* distinct identity-anomaly types, ", "-separated */
	char reachable[160];                        /* places reachable while dark (gaps), distinct */
	int64_t first, last;                        /* first event start, last event end */
	char listed[256];                           /* sanctions list hits; filled by the caller */
	int nlisted;
};

/*
 * The table: rows in first-seen order, found by MMSI through an open-addressed
 * hash. At most max_rows rows (0: 10,000); events of further vessels are
 * counted in over_cap_events and their MMSIs (approximately) in over_cap_vessels.
 */
struct vigil_report_table {
	struct vigil_report_row *rows;
	size_t n, cap;
	uint32_t *slot;      /* row index + 1, 0 empty */
	size_t nslot;
	size_t over_cap_events;
	size_t over_cap_vessels;
};

/* Allocate the table's arrays (VIGIL_E_NOMEM); release them with vigil_report_table_release. */
int vigil_report_table_init(struct vigil_report_table *t, size_t max_rows);
void vigil_report_table_release(struct vigil_report_table *t);

/*
 * Count event e in the rows of its vessels (only those matching f->vessel when
 * set; identity_change and other single-vessel types count for the first
 * vessel only, encounters for both). Writes the row indexes used to rows_out
 * (VIGIL_REPORT_MAXV entries) and the perspective MMSI of each to mmsi_out;
 * returns how many. Rows that do not fit are counted in the table.
 */
size_t vigil_report_table_add(struct vigil_report_table *t, const struct vigil_report_filter *f,
			      const struct vigil_report_event *e, size_t *rows_out, uint32_t *mmsi_out);

/*
 * A vessel summary record (VIGIL_REPORT_VESSEL): the names it lists are added
 * to the vessel's row when the vessel has one. Returns 1 when it had.
 */
int vigil_report_table_note(struct vigil_report_table *t, const struct vigil_report_event *e);

/* Row indexes ordered most serious first (score, then events, then MMSI); order has t->n entries. */
void vigil_report_table_order(const struct vigil_report_table *t, size_t *order);

/*
 * Severity weight of an event type for the row score (documented in docs/report.md);
 * 0 for routine events (port calls outside ports of interest, area transits).
 */
double vigil_report_weight(const struct vigil_report_event *e);

/* 1 when a visit is to a place of interest: a DPRK or Russian (Far East) port, an STS hotspot, AOI or corridor. */
int vigil_report_poi(const struct vigil_report_event *e);

/* "2024-03-08 04:10Z" (18 bytes with NUL); "?" when t is INT64_MIN. */
void vigil_report_time(int64_t t, char *buf, size_t cap);

/* Flag (ISO 3166 alpha-2, static) from the MMSI's MID; "" when none. */
const char *vigil_report_flag(uint32_t mmsi);

/* "2024-03-08T04:10:33Z"; "" when t is INT64_MIN. */
void vigil_report_iso(int64_t t, char *buf, size_t cap);

/*
 * The finding's readable text seen from vessel `self` (an MMSI of the event):
 * "encounter 5.0 h with PAEK DU 17 (445118200, KP) at ...; conf 0.90".
 * Returns the length written (buf always NUL-terminated).
 */
size_t vigil_report_finding(const struct vigil_report_event *e, uint32_t self, char *buf, size_t cap);

/* "d.nmea lines 47923-128739, 2 msgs, sha256 8798f810..." (file base names). Returns length. */
size_t vigil_report_evidence(const struct vigil_report_event *e, char *buf, size_t cap);

/* "31 nm SE of Shanghai" / "in Busan" for a point, from g (NULL or nothing within 500 km: ""). */
size_t vigil_report_near(const struct vigil_geo *g, double lat, double lon, char *buf, size_t cap);

#endif
