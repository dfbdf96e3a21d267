/* event.h - one behaviour event (gap, encounter, identity anomaly...) and its JSON / GeoJSON form. */
#ifndef VIGIL_EVENT_H
#define VIGIL_EVENT_H

#include <stddef.h>
#include <stdint.h>

#define VIGIL_EVENT_MAXV 2
#define VIGIL_EVENT_MAXREASONS 12
#define VIGIL_EVENT_MAXPARAMS 16

struct vigil_event_vessel {
	uint32_t mmsi, imo, seg;  /* imo 0 unknown; seg 0 none */
	char name[21];
	char callsign[8];
};

struct vigil_event_param {
	const char *name;         /* static string */
	double value;
	const char *unit;         /* static string: "h", "kn", "km", "" */
};

/* One supporting message: where to find it in the input. */
struct vigil_event_ref {
	uint64_t ref;             /* evidence.h packing; VIGIL_REF_NONE unknown */
	uint32_t line;
};

/*
 * An event as the engine emits it. Everything is inside the struct (no
 * pointers except static strings), so the receiver may copy it.
 */
struct vigil_event {
	char id[64];              /* stable: type, MMSI, segment and start time */
	const char *type;         /* "gap", "encounter", "loitering", "port_visit", "identity_change",
				     "shared_mmsi", "spoof_jump", "invalid_imo", "mid_mismatch", "invalid_mmsi" */
	int nv;
	struct vigil_event_vessel v[VIGIL_EVENT_MAXV];
	int64_t start, end;       /* ms UTC */
	double lat, lon;          /* position at start (NAN unknown) */
	double end_lat, end_lon;  /* position at end (NAN unknown) */
	double confidence;        /* 0..1 */
	int nreasons;
	const char *reasons[VIGIL_EVENT_MAXREASONS]; /* static strings */
	int nparams;
	struct vigil_event_param params[VIGIL_EVENT_MAXPARAMS];
	char details[2048];       /* type-specific JSON members, "" or "\"k\":v,..." (no braces) */
	uint64_t nmsg;            /* messages that support it */
	struct vigil_event_ref first, last; /* first and last supporting sentences */
	char sha256[65];          /* hex SHA-256 of the supporting lines (filled by the caller who can read them), "" */
};

/* Zero e and set the NANs and refs to "unknown". */
void vigil_event_init(struct vigil_event *e, const char *type);

/* Append a reason (static string); ignored beyond VIGIL_EVENT_MAXREASONS. */
void vigil_event_reason(struct vigil_event *e, const char *reason);

/* Append a parameter (static strings); ignored beyond VIGIL_EVENT_MAXPARAMS. */
void vigil_event_param(struct vigil_event *e, const char *name, double value, const char *unit);

/* Append printf-formatted JSON members to e->details (adds the separating comma). */
void vigil_event_detail(struct vigil_event *e, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* Make e->id from type, first vessel, segment and start. */
void vigil_event_make_id(struct vigil_event *e);

/* Format ms UTC as "2024-03-08T05:36:32Z" into out (>= 21 bytes). */
void vigil_time_iso(int64_t ms, char *out, size_t cap);

/*
 * Write e as one JSON object (no line end) into buf (cap bytes, NUL-terminated).
 * files[i] names input file i (may be NULL). geojson: write a GeoJSON Feature
 * (geometry: Point, or LineString start->end) with the same members as
 * properties. Returns the length, or 0 if it did not fit.
 */
size_t vigil_event_json(const struct vigil_event *e, const char *const *files, size_t nfiles, int geojson,
			char *buf, size_t cap);

/* JSON-escape s into out (quotes not added). Returns bytes written (out NUL-terminated). */
size_t vigil_json_escape(const char *s, char *out, size_t cap);

#endif
