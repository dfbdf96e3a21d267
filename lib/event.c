/* event.c - behaviour events: building them and writing them as JSON or GeoJSON features. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "vigil/event.h"
#include "vigil/evidence.h"

void vigil_event_init(struct vigil_event *e, const char *type)
{
	memset(e, 0, sizeof(*e));
	e->type = type;
	e->lat = e->lon = e->end_lat = e->end_lon = NAN;
	e->first.ref = e->last.ref = VIGIL_REF_NONE;
}

void vigil_event_reason(struct vigil_event *e, const char *reason)
{
	if (e->nreasons < VIGIL_EVENT_MAXREASONS)
		e->reasons[e->nreasons++] = reason;
}

void vigil_event_param(struct vigil_event *e, const char *name, double value, const char *unit)
{
	if (e->nparams < VIGIL_EVENT_MAXPARAMS) {
		e->params[e->nparams].name = name;
		e->params[e->nparams].value = value;
		e->params[e->nparams].unit = unit;
		e->nparams++;
	}
}

void vigil_event_detail(struct vigil_event *e, const char *fmt, ...)
{
	size_t n = strlen(e->details);
	va_list ap;
	int r;

	if (n + 2 >= sizeof(e->details))
		return;
	if (n)
		e->details[n++] = ',';
	va_start(ap, fmt);
	r = vsnprintf(e->details + n, sizeof(e->details) - n, fmt, ap);
	va_end(ap);
	if (r < 0 || (size_t)r >= sizeof(e->details) - n)
		e->details[n ? n - 1 : 0] = 0; /* drop a member that did not fit whole */
}

void vigil_time_iso(int64_t ms, char *out, size_t cap)
{
	time_t s = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
	struct tm tm;

	if (!gmtime_r(&s, &tm)) {
		snprintf(out, cap, "1970-01-01T00:00:00Z");
		return;
	}
	strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void vigil_event_make_id(struct vigil_event *e)
{
	char t[32], *p, *q;

	vigil_time_iso(e->start, t, sizeof(t));
	for (p = q = t; *p; p++)
		if (*p != '-' && *p != ':')
			*q++ = *p;
	*q = 0;
	if (e->nv > 1)
		snprintf(e->id, sizeof(e->id), "%s-%u-%u-%s", e->type, e->v[0].mmsi, e->v[1].mmsi, t);
	else
		snprintf(e->id, sizeof(e->id), "%s-%u-%u-%s", e->type, e->nv ? e->v[0].mmsi : 0,
			 e->nv ? e->v[0].seg : 0, t);
}

size_t vigil_json_escape(const char *s, char *out, size_t cap)
{
	size_t o = 0;

	if (!cap)
		return 0;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		char tmp[8];
		const char *add = tmp;

		if (c == '"' || c == '\\') {
			tmp[0] = '\\';
			tmp[1] = (char)c;
			tmp[2] = 0;
		} else if (c < 0x20) {
			snprintf(tmp, sizeof(tmp), "\\u%04x", c);
		} else {
			tmp[0] = (char)c;
			tmp[1] = 0;
		}
		if (o + strlen(add) + 1 > cap)
			break;
		memcpy(out + o, add, strlen(add));
		o += strlen(add);
	}
	out[o] = 0;
	return o;
}

/* Small bounded appender. */
struct out {
	char *b;
	size_t n, cap;
	int full;
};

static void put(struct out *o, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int r;

	if (o->full)
		return;
	va_start(ap, fmt);
	r = vsnprintf(o->b + o->n, o->cap - o->n, fmt, ap);
	va_end(ap);
	if (r < 0 || (size_t)r >= o->cap - o->n) {
		o->full = 1;
		return;
	}
	o->n += (size_t)r;
}

static void put_num(struct out *o, double v)
{
	if (!isfinite(v))
		put(o, "null");
	else if (v == floor(v) && fabs(v) < 1e15)
		put(o, "%.0f", v);
	else
		put(o, "%.6g", v);
}

static void put_ref(struct out *o, const struct vigil_event_ref *r, const char *const *files, size_t nfiles)
{
	char esc[1024];
	unsigned f;

	if (r->ref == VIGIL_REF_NONE) {
		put(o, "null");
		return;
	}
	f = vigil_ref_file(r->ref);
	vigil_json_escape(f < nfiles && files && files[f] ? files[f] : "", esc, sizeof(esc));
	/* line 0: unknown (a module that kept only the byte offset) */
	put(o, "{\"file\":\"%s\",\"line\":%u,\"offset\":%llu}", esc, r->line,
	    (unsigned long long)vigil_ref_offset(r->ref));
}

static void members(struct out *o, const struct vigil_event *e, const char *const *files, size_t nfiles)
{
	char ts[32], te[32], esc[64];
	int i;

	vigil_time_iso(e->start, ts, sizeof(ts));
	vigil_time_iso(e->end, te, sizeof(te));
	put(o, "\"id\":\"%s\",\"type\":\"%s\"", e->id, e->type);
	/* Flat members for the first vessel keep simple consumers simple. */
	if (e->nv) {
		put(o, ",\"mmsi\":%u", e->v[0].mmsi);
		if (e->v[0].imo)
			put(o, ",\"imo\":%u", e->v[0].imo);
		vigil_json_escape(e->v[0].name, esc, sizeof(esc));
		put(o, ",\"name\":\"%s\"", esc);
	}
	put(o, ",\"vessels\":[");
	for (i = 0; i < e->nv; i++) {
		put(o, "%s{\"mmsi\":%u,\"imo\":", i ? "," : "", e->v[i].mmsi);
		if (e->v[i].imo)
			put(o, "%u", e->v[i].imo);
		else
			put(o, "null");
		vigil_json_escape(e->v[i].name, esc, sizeof(esc));
		put(o, ",\"name\":\"%s\"", esc);
		vigil_json_escape(e->v[i].callsign, esc, sizeof(esc));
		put(o, ",\"callsign\":\"%s\",\"segment\":%u}", esc, e->v[i].seg);
	}
	put(o, "],\"segment\":%u,\"start\":\"%s\",\"end\":\"%s\",\"duration_h\":", e->nv ? e->v[0].seg : 0, ts, te);
	put_num(o, (double)(e->end - e->start) / 3.6e6);
	put(o, ",\"lat\":");
	put_num(o, isfinite(e->lat) ? round(e->lat * 1e5) / 1e5 : NAN);
	put(o, ",\"lon\":");
	put_num(o, isfinite(e->lon) ? round(e->lon * 1e5) / 1e5 : NAN);
	if (isfinite(e->end_lat)) {
		put(o, ",\"end_lat\":");
		put_num(o, round(e->end_lat * 1e5) / 1e5);
		put(o, ",\"end_lon\":");
		put_num(o, round(e->end_lon * 1e5) / 1e5);
	}
	put(o, ",\"confidence\":%.2f,\"reasons\":[", e->confidence);
	for (i = 0; i < e->nreasons; i++)
		put(o, "%s\"%s\"", i ? "," : "", e->reasons[i]);
	put(o, "],\"parameters\":{");
	for (i = 0; i < e->nparams; i++) {
		put(o, "%s\"%s\":", i ? "," : "", e->params[i].name);
		put_num(o, e->params[i].value);
	}
	put(o, "}");
	if (e->details[0])
		put(o, ",\"details\":{%s}", e->details);
	put(o, ",\"evidence\":{\"messages\":%llu,\"first\":", (unsigned long long)e->nmsg);
	put_ref(o, &e->first, files, nfiles);
	put(o, ",\"last\":");
	put_ref(o, &e->last, files, nfiles);
	if (e->sha256[0])
		put(o, ",\"sha256\":\"%s\"", e->sha256);
	put(o, "}");
}

size_t vigil_event_json(const struct vigil_event *e, const char *const *files, size_t nfiles, int geojson,
			char *buf, size_t cap)
{
	struct out o = { buf, 0, cap, 0 };

	if (!cap)
		return 0;
	buf[0] = 0;
	if (geojson) {
		put(&o, "{\"type\":\"Feature\",\"geometry\":");
		if (!isfinite(e->lat))
			put(&o, "null");
		else if (isfinite(e->end_lat) && (e->end_lat != e->lat || e->end_lon != e->lon))
			put(&o, "{\"type\":\"LineString\",\"coordinates\":[[%.5f,%.5f],[%.5f,%.5f]]}", e->lon, e->lat,
			    e->end_lon, e->end_lat);
		else
			put(&o, "{\"type\":\"Point\",\"coordinates\":[%.5f,%.5f]}", e->lon, e->lat);
		put(&o, ",\"properties\":{");
		members(&o, e, files, nfiles);
		put(&o, "}}");
	} else {
		put(&o, "{");
		members(&o, e, files, nfiles);
		put(&o, "}");
	}
	if (o.full) {
		buf[0] = 0;
		return 0;
	}
	return o.n;
}
