/* report.c - `vigil detect` event lines into findings: parsing, filters, the per-vessel table, readable text. */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/error.h"
#include "vigil/geo.h"
#include "vigil/identity.h"
#include "vigil/json.h"
#include "vigil/report.h"
#include "hash.h"

/* ---- small string helpers ---- */

/* Append formatted text at *n, never past cap (buf stays NUL-terminated). */
static void add(char *buf, size_t cap, size_t *n, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void add(char *buf, size_t cap, size_t *n, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (*n + 1 >= cap)
		return;
	va_start(ap, fmt);
	k = vsnprintf(buf + *n, cap - *n, fmt, ap);
	va_end(ap);
	if (k < 0)
		return;
	*n += (size_t)k < cap - *n ? (size_t)k : cap - *n - 1;
}

static void copy(char *out, size_t cap, const char *s)
{
	size_t n = strlen(s);

	if (n >= cap)
		n = cap - 1;
	memcpy(out, s, n);
	out[n] = 0;
}

/* Printable copy of a decoded string: control characters become '?' (names come from radio). */
static void sanitize(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
}

static void get_str(const char *s, const struct vigil_json_tok *t, size_t obj, const char *key, char *out,
		    size_t cap)
{
	size_t v = vigil_json_get(s, t, obj, key);
	size_t n;

	out[0] = 0;
	if (!v || t[v].type != VIGIL_JSON_STRING)
		return;
	(void)vigil_json_str(s, &t[v], out, cap, &n);
	sanitize(out);
}

/* Root object is token 0, which vigil_json_get also accepts. */
static void root_str(const char *s, const struct vigil_json_tok *t, const char *key, char *out, size_t cap)
{
	size_t v = vigil_json_get(s, t, 0, key);
	size_t n;

	out[0] = 0;
	if (!v || t[v].type != VIGIL_JSON_STRING)
		return;
	(void)vigil_json_str(s, &t[v], out, cap, &n);
	sanitize(out);
}

static double num_at(const char *s, const struct vigil_json_tok *t, size_t v)
{
	double d;

	if (!v || t[v].type != VIGIL_JSON_NUMBER || vigil_json_num(s, &t[v], &d) != VIGIL_E_OK)
		return NAN;
	return d;
}

static double get_num(const char *s, const struct vigil_json_tok *t, size_t obj, const char *key)
{
	return num_at(s, t, vigil_json_get(s, t, obj, key));
}

static uint64_t get_u64(const char *s, const struct vigil_json_tok *t, size_t obj, const char *key)
{
	size_t v = vigil_json_get(s, t, obj, key);
	long long x;

	if (!v || t[v].type != VIGIL_JSON_NUMBER || vigil_json_int(s, &t[v], &x) != VIGIL_E_OK || x < 0)
		return 0;
	return (uint64_t)x;
}

static uint32_t get_u32(const char *s, const struct vigil_json_tok *t, size_t obj, const char *key)
{
	uint64_t x = get_u64(s, t, obj, key);

	return x > UINT32_MAX ? 0 : (uint32_t)x;
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static int64_t days_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* "YYYY-MM-DDTHH:MM:SS[.fff]Z" to Unix seconds; INT64_MIN when it is not one. */
static int64_t parse_time(const char *p)
{
	int y, mo, d, h, mi, se;

	if (strlen(p) < 19 || sscanf(p, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &se) != 6)
		return INT64_MIN;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60 || h < 0 || mi < 0 || se < 0)
		return INT64_MIN;
	return days_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
}

static int64_t get_time(const char *s, const struct vigil_json_tok *t, size_t obj, const char *key)
{
	char buf[40];

	get_str(s, t, obj, key, buf, sizeof(buf));
	return parse_time(buf);
}

/*
 * Flatten an object into "a.b=v a.c=v" (values as written; arrays as [..]).
 * depth bounds the recursion (the tokenizer already bounds nesting).
 */
static void flatten(const char *s, const struct vigil_json_tok *t, size_t obj, const char *prefix, char *out,
		    size_t cap, size_t *n, int depth)
{
	size_t i, k;

	if (t[obj].type != VIGIL_JSON_OBJECT || depth > 4)
		return;
	for (i = obj + 1, k = 0; k < t[obj].count; k++) {
		size_t key = i, val = i + 1;
		char name[160];
		int kl = (int)(t[key].len < 60 ? t[key].len : 60);

		snprintf(name, sizeof(name), "%s%s%.*s", prefix, *prefix ? "." : "", kl, s + t[key].start);
		sanitize(name);
		if (t[val].type == VIGIL_JSON_OBJECT) {
			flatten(s, t, val, name, out, cap, n, depth + 1);
		} else {
			int vl = (int)(t[val].len < 200 ? t[val].len : 200);
			char v[208];

			snprintf(v, sizeof(v), "%.*s", vl, s + t[val].start);
			sanitize(v);
			add(out, cap, n, "%s%s=%s", *n ? " " : "", name, v);
		}
		i = t[val].next;
	}
}

/* Elements of a string array joined with ", ". */
static void join_strings(const char *s, const struct vigil_json_tok *t, size_t arr, char *out, size_t cap)
{
	size_t i, n = 0;

	out[0] = 0;
	if (!arr || t[arr].type != VIGIL_JSON_ARRAY)
		return;
	for (i = 0; i < t[arr].count; i++) {
		size_t e = vigil_json_at(t, arr, i), l;
		char buf[512];

		if (!e || t[e].type != VIGIL_JSON_STRING)
			continue;
		if (vigil_json_str(s, &t[e], buf, sizeof(buf), &l) != VIGIL_E_OK)
			continue;
		sanitize(buf);
		add(out, cap, &n, "%s%s", n ? ", " : "", buf);
	}
}

/* ---- header and trailer ---- */

static void parse_header(const char *s, const struct vigil_json_tok *t, struct vigil_report_run *run)
{
	size_t v, p, n = 0, i;

	run->has_header = 1;
	run->version[0] = run->command[0] = 0;
	v = vigil_json_get(s, t, 0, "vigil");
	if (v && t[v].type == VIGIL_JSON_OBJECT) {
		get_str(s, t, v, "version", run->version, sizeof(run->version));
		get_str(s, t, v, "command", run->command, sizeof(run->command));
	}
	join_strings(s, t, vigil_json_get(s, t, 0, "inputs"), run->inputs, sizeof(run->inputs));
	p = vigil_json_get(s, t, 0, "lists");
	join_strings(s, t, p, run->lists, sizeof(run->lists));
	run->nlist_paths = 0;
	if (p && t[p].type == VIGIL_JSON_ARRAY)
		for (i = 0; i < t[p].count && run->nlist_paths < 8; i++) {
			size_t e = vigil_json_at(t, p, i), l;

			if (e && t[e].type == VIGIL_JSON_STRING &&
			    vigil_json_str(s, &t[e], run->list_path[run->nlist_paths], 256, &l) == VIGIL_E_OK)
				run->nlist_paths++;
		}
	run->parameters[0] = 0;
	if ((p = vigil_json_get(s, t, 0, "parameters")))
		flatten(s, t, p, "", run->parameters, sizeof(run->parameters), &n, 0);
	run->geography[0] = 0;
	n = 0;
	if ((p = vigil_json_get(s, t, 0, "geography")))
		flatten(s, t, p, "", run->geography, sizeof(run->geography), &n, 0);
}

static void parse_trailer(const char *s, const struct vigil_json_tok *t, struct vigil_report_run *run)
{
	size_t n = 0, i, k;
	size_t v = vigil_json_get(s, t, 0, "events");
	long long x;

	run->has_trailer = 1;
	run->trailer_events = (v && vigil_json_int(s, &t[v], &x) == VIGIL_E_OK) ? x : -1;
	run->trailer[0] = 0;
	/* Every member except "record" itself. */
	for (i = 1, k = 0; k < t[0].count; k++) {
		size_t key = i, val = i + 1;

		if (!vigil_json_eq(s, &t[key], "record")) {
			if (t[val].type == VIGIL_JSON_OBJECT) {
				char name[64];
				int kl = (int)(t[key].len < 60 ? t[key].len : 60);

				snprintf(name, sizeof(name), "%.*s", kl, s + t[key].start);
				flatten(s, t, val, name, run->trailer, sizeof(run->trailer), &n, 1);
			} else {
				int kl = (int)(t[key].len < 60 ? t[key].len : 60);
				int vl = (int)(t[val].len < 100 ? t[val].len : 100);

				add(run->trailer, sizeof(run->trailer), &n, "%s%.*s=%.*s", n ? " " : "", kl,
				    s + t[key].start, vl, s + t[val].start);
			}
		}
		i = t[val].next;
	}
	sanitize(run->trailer);
}

/* ---- events ---- */

static void parse_where(const char *s, const struct vigil_json_tok *t, size_t obj, struct vigil_report_where *w)
{
	memset(w, 0, sizeof(*w));
	if (!obj || t[obj].type != VIGIL_JSON_OBJECT)
		return;
	get_str(s, t, obj, "file", w->file, sizeof(w->file));
	w->line = get_u64(s, t, obj, "line");
	w->offset = get_u64(s, t, obj, "offset");
	w->has = w->file[0] && vigil_json_get(s, t, obj, "offset") != 0;
}

static void parse_vessel(const char *s, const struct vigil_json_tok *t, size_t obj, struct vigil_report_vessel *v)
{
	size_t seg;
	double x;

	memset(v, 0, sizeof(*v));
	v->mmsi = get_u32(s, t, obj, "mmsi");
	v->imo = get_u32(s, t, obj, "imo");
	get_str(s, t, obj, "name", v->name, sizeof(v->name));
	get_str(s, t, obj, "callsign", v->callsign, sizeof(v->callsign));
	seg = vigil_json_get(s, t, obj, "segment");
	x = seg ? num_at(s, t, seg) : 0;
	v->segment = x >= 0 && x < 1e9 ? (int)x : 0; /* NAN and absurd values: 0 */
}

const char *vigil_report_flag(uint32_t mmsi)
{
	unsigned mid;
	const char *f;

	(void)vigil_mmsi_kind(mmsi, &mid);
	f = mid ? vigil_mid_flag(mid) : NULL;
	return f ? f : "";
}

static void latlon(double lat, double lon, char *buf, size_t cap)
{
	snprintf(buf, cap, "%.2f%c %.2f%c", fabs(lat), lat < 0 ? 'S' : 'N', fabs(lon), lon < 0 ? 'W' : 'E');
}

static void add_pos_w(const struct vigil_geo *g, const char *at, double lat, double lon, char *out, size_t cap,
		      size_t *n);

/* " at 30.90N 123.30E (25 nm E of Shanghai)" (the word before the position is `at`). */
static void add_pos(const struct vigil_geo *g, double lat, double lon, char *out, size_t cap, size_t *n)
{
	add_pos_w(g, "at", lat, lon, out, cap, n);
}

static void add_pos_w(const struct vigil_geo *g, const char *at, double lat, double lon, char *out, size_t cap,
		      size_t *n)
{
	char p[40], near[96];

	if (isnan(lat) || isnan(lon))
		return;
	latlon(lat, lon, p, sizeof(p));
	if (vigil_report_near(g, lat, lon, near, sizeof(near)))
		add(out, cap, n, "%s%s %s (%s)", *n ? " " : "", at, p, near);
	else
		add(out, cap, n, "%s%s %s", *n ? " " : "", at, p);
}

static void what_gap(const char *s, const struct vigil_json_tok *t, size_t d, const struct vigil_geo *g,
		     struct vigil_report_event *e, size_t *n)
{
	char *w = e->what;
	size_t cap = sizeof(e->what), r, b, a, i;
	double km = get_num(s, t, d, "distance_km"), dr = get_num(s, t, d, "dead_reckoning_error_km");
	double hc = get_num(s, t, d, "hours_checked");
	char ph[160];
	int ones = 0;

	add_pos_w(g, "from", e->lat, e->lon, w, cap, n);
	if (!isnan(km))
		add(w, cap, n, "; reappeared %.0f km away", km);
	if (!isnan(dr))
		add(w, cap, n, ", %.0f km off dead reckoning", dr);
	get_str(s, t, d, "path_hours", ph, sizeof(ph));
	for (i = 0; ph[i]; i++)
		ones += ph[i] == '1';
	if (!isnan(hc))
		add(w, cap, n, "; others heard near its path %d of %.0f h", ones, hc);
	r = vigil_json_get(s, t, d, "reachable");
	if (r && t[r].type == VIGIL_JSON_ARRAY && t[r].count) {
		size_t m = 0;

		add(w, cap, n, "; reachable and back: ");
		for (i = 0; i < t[r].count; i++) {
			size_t o = vigil_json_at(t, r, i);
			char nm[64];
			double hn;

			if (!o || t[o].type != VIGIL_JSON_OBJECT)
				continue;
			get_str(s, t, o, "name", nm, sizeof(nm));
			hn = get_num(s, t, o, "hours_needed");
			if (i < 6)
				add(w, cap, n, "%s%s", i ? ", " : "", nm);
			if (i < 6 && !isnan(hn))
				add(w, cap, n, " (%.0f h)", hn);
			add(e->reachable, sizeof(e->reachable), &m, "%s%s", m ? ", " : "", nm);
		}
		if (t[r].count > 6)
			add(w, cap, n, " and %u more", (unsigned)(t[r].count - 6));
	}
	b = vigil_json_get(s, t, d, "before");
	a = vigil_json_get(s, t, d, "after");
	if (b && a && t[b].type == VIGIL_JSON_OBJECT && t[a].type == VIGIL_JSON_OBJECT) {
		double db = get_num(s, t, b, "draught_m"), da = get_num(s, t, a, "draught_m");
		char nb[48], na[48];
		uint32_t mb = get_u32(s, t, b, "mmsi"), ma = get_u32(s, t, a, "mmsi");

		if (!isnan(db) && !isnan(da) && fabs(db - da) >= 0.05)
			add(w, cap, n, "; draught %.1f -> %.1f m", db, da);
		get_str(s, t, b, "name", nb, sizeof(nb));
		get_str(s, t, a, "name", na, sizeof(na));
		if (nb[0] && na[0] && strcmp(nb, na))
			add(w, cap, n, "; name %s -> %s", nb, na);
		if (mb && ma && mb != ma)
			add(w, cap, n, "; MMSI %u -> %u", mb, ma);
	}
}

static void what_identity(const char *s, const struct vigil_json_tok *t, size_t d, struct vigil_report_event *e,
			  size_t *n)
{
	size_t o = vigil_json_get(s, t, d, "old_identity"), w = vigil_json_get(s, t, d, "new_identity");
	struct vigil_report_vessel a, b;

	if (!o || !w || t[o].type != VIGIL_JSON_OBJECT || t[w].type != VIGIL_JSON_OBJECT)
		return;
	parse_vessel(s, t, o, &a);
	parse_vessel(s, t, w, &b);
	add(e->what, sizeof(e->what), n, "under IMO %u: %s / %u / %s -> %s / %u / %s", b.imo ? b.imo : a.imo,
	    a.name[0] ? a.name : "?", a.mmsi, a.callsign[0] ? a.callsign : "?", b.name[0] ? b.name : "?", b.mmsi,
	    b.callsign[0] ? b.callsign : "?");
}

/* The generic summary: the scalar members of details, "k=v, ...". */
static void what_generic(const char *s, const struct vigil_json_tok *t, size_t d, struct vigil_report_event *e,
			 size_t *n)
{
	size_t i, k, m = 0;

	for (i = d + 1, k = 0; k < t[d].count; k++) {
		size_t key = i, val = i + 1;

		if (t[val].type != VIGIL_JSON_OBJECT && t[val].type != VIGIL_JSON_ARRAY && m < 8) {
			int kl = (int)(t[key].len < 40 ? t[key].len : 40), vl = (int)(t[val].len < 60 ? t[val].len : 60);

			add(e->what, sizeof(e->what), n, "%s%.*s %.*s", *n ? ", " : "", kl, s + t[key].start, vl,
			    s + t[val].start);
			m++;
		}
		i = t[val].next;
	}
	sanitize(e->what);
}

static void build_what(const char *s, const struct vigil_json_tok *t, size_t d, const struct vigil_geo *g,
		       struct vigil_report_event *e)
{
	char *w = e->what;
	size_t cap = sizeof(e->what), n = 0;
	const char *ty = e->type;
	double x, y;

	w[0] = 0;
	if (!d || t[d].type != VIGIL_JSON_OBJECT)
		d = 0;
	if (d) {
		get_str(s, t, d, "place", e->place, sizeof(e->place));
		get_str(s, t, d, "kind", e->place_kind, sizeof(e->place_kind));
		get_str(s, t, d, "country", e->country, sizeof(e->country));
		x = get_num(s, t, d, "stopped_h");
		e->stopped_h = isnan(x) ? 0 : x;
	}
	if (!strcmp(ty, "gap") && d) {
		what_gap(s, t, d, g, e, &n);
	} else if (!strcmp(ty, "encounter")) {
		add_pos(g, e->lat, e->lon, w, cap, &n);
		if (d && !isnan(x = get_num(s, t, d, "median_distance_km")))
			add(w, cap, &n, "; %.2f km apart", x);
		if (d && !isnan(x = get_num(s, t, d, "median_speed_kn")))
			add(w, cap, &n, ", median %.1f kn", x);
		if (d && !isnan(x = get_num(s, t, d, "port_km")))
			add(w, cap, &n, "; %.0f km from the nearest port", x);
	} else if (strstr(ty, "loitering")) {
		add_pos(g, e->lat, e->lon, w, cap, &n);
		if (d && !isnan(x = get_num(s, t, d, "avg_speed_kn")))
			add(w, cap, &n, "; avg %.1f kn", x);
		if (d && !isnan(x = get_num(s, t, d, "min_shore_km")))
			add(w, cap, &n, ", %.0f km from shore", x);
	} else if (!strcmp(ty, "port_visit") || !strcmp(ty, "area_visit")) {
		add(w, cap, &n, "%s", e->place[0] ? e->place : "?");
		if (e->country[0] || e->place_kind[0])
			add(w, cap, &n, " (%s%s%s)", e->country, e->country[0] && e->place_kind[0] ? " " : "",
			    e->place_kind);
		add(w, cap, &n, " %.1f h", e->duration_h);
		if (e->stopped_h > 0)
			add(w, cap, &n, ", stopped %.1f h", e->stopped_h);
	} else if (!strcmp(ty, "identity_change") && d) {
		what_identity(s, t, d, e, &n);
	} else if (!strcmp(ty, "mid_mismatch") && d) {
		char mf[8], lf[8];

		get_str(s, t, d, "mid_flag", mf, sizeof(mf));
		get_str(s, t, d, "listed_flag", lf, sizeof(lf));
		add(w, cap, &n, "MMSI MID %u says %s, sanctions lists record %s for IMO %u", get_u32(s, t, d, "mid"),
		    mf[0] ? mf : "?", lf[0] ? lf : "?", e->v[0].imo);
	} else if (!strcmp(ty, "invalid_imo")) {
		add(w, cap, &n, "IMO %u fails its check digit", d ? get_u32(s, t, d, "broadcast_imo") : e->v[0].imo);
	} else if (!strcmp(ty, "invalid_mmsi")) {
		char k[24];

		get_str(s, t, d, "mmsi_kind", k, sizeof(k));
		add(w, cap, &n, "MMSI %u is not a valid ship MMSI (%s, MID %u)", e->v[0].mmsi, k[0] ? k : "?",
		    d ? get_u32(s, t, d, "mid") : 0);
	} else if (!strcmp(ty, "shared_mmsi") && d) {
		size_t a = vigil_json_get(s, t, d, "track_1"), b = vigil_json_get(s, t, d, "track_2");

		add(w, cap, &n, "two ships at once:");
		if (a && t[a].type == VIGIL_JSON_OBJECT)
			add_pos(g, get_num(s, t, a, "lat"), get_num(s, t, a, "lon"), w, cap, &n);
		if (b && t[b].type == VIGIL_JSON_OBJECT) {
			add(w, cap, &n, " and");
			add_pos(g, get_num(s, t, b, "lat"), get_num(s, t, b, "lon"), w, cap, &n);
		}
		if (!isnan(x = get_num(s, t, d, "switches")))
			add(w, cap, &n, "; %.0f switches", x);
		if (!isnan(x = get_num(s, t, d, "implied_speed_kn")))
			add(w, cap, &n, ", %.0f kn implied", x);
	} else if (!strcmp(ty, "spoof_jump") && d) {
		x = get_num(s, t, d, "jump_km");
		y = get_num(s, t, d, "positions_away");
		if (!isnan(x))
			add(w, cap, &n, "%.0f km away from its track", x);
		add_pos(g, e->lat, e->lon, w, cap, &n);
		if (!isnan(y))
			add(w, cap, &n, "; %.0f positions away", y);
		if (!isnan(x = get_num(s, t, d, "implied_speed_kn")))
			add(w, cap, &n, ", %.0f kn implied", x);
	} else if (!strcmp(ty, "coverage_silence")) {
		add_pos_w(g, "from", e->lat, e->lon, w, cap, &n);
	} else if (d) {
		what_generic(s, t, d, e, &n);
		add_pos(g, e->lat, e->lon, w, cap, &n);
	}
}

int vigil_report_line(const char *s, size_t len, struct vigil_json_tok *tok, size_t cap,
		      const struct vigil_geo *g, struct vigil_report_run *run,
		      struct vigil_report_event *e, int *kind, size_t *errpos)
{
	size_t ntok = 0, v, ev, i, root;
	int rc;
	char rec[16];

	*kind = 0;
	rc = vigil_json_parse(s, len, tok, cap, &ntok, errpos);
	if (rc != VIGIL_E_OK)
		return rc;
	if (tok[0].type != VIGIL_JSON_OBJECT)
		return VIGIL_E_PARSE;
	root_str(s, tok, "record", rec, sizeof(rec));
	if (!strcmp(rec, "header")) {
		*kind = VIGIL_REPORT_HEADER;
		if (run)
			parse_header(s, tok, run);
		return VIGIL_E_OK;
	}
	if (!strcmp(rec, "trailer")) {
		*kind = VIGIL_REPORT_TRAILER;
		if (run)
			parse_trailer(s, tok, run);
		return VIGIL_E_OK;
	}
	if (!strcmp(rec, "vessel")) { /* detect --vessels: a track summary with the identities seen */
		size_t ids;

		memset(e, 0, sizeof(*e));
		copy(e->type, sizeof(e->type), "vessel");
		parse_vessel(s, tok, 0, &e->v[0]);
		e->nv = e->v[0].mmsi ? 1 : 0;
		ids = vigil_json_get(s, tok, 0, "identities");
		if (ids && tok[ids].type == VIGIL_JSON_ARRAY)
			for (i = 0; i < tok[ids].count && e->nv && e->nv < VIGIL_REPORT_MAXV; i++) {
				size_t o = vigil_json_at(tok, ids, i);

				if (o && tok[o].type == VIGIL_JSON_OBJECT) {
					parse_vessel(s, tok, o, &e->v[e->nv]);
					e->v[e->nv].mmsi = e->v[0].mmsi;
					e->nv++;
				}
			}
		*kind = VIGIL_REPORT_VESSEL;
		return e->nv ? VIGIL_E_OK : VIGIL_E_PARSE;
	}
	if (rec[0]) { /* a record type this reader does not know: not an event */
		*kind = VIGIL_REPORT_OTHER;
		return VIGIL_E_OK;
	}
	/* A GeoJSON Feature (detect --geojson) carries the event as its properties. */
	root = 0;
	root_str(s, tok, "type", rec, sizeof(rec));
	if (!strcmp(rec, "Feature")) {
		root = vigil_json_get(s, tok, 0, "properties");
		if (!root || tok[root].type != VIGIL_JSON_OBJECT)
			return VIGIL_E_PARSE;
	}
	memset(e, 0, sizeof(*e));
	get_str(s, tok, root, "type", e->type, sizeof(e->type));
	if (!e->type[0])
		return VIGIL_E_PARSE;
	get_str(s, tok, root, "id", e->id, sizeof(e->id));
	v = vigil_json_get(s, tok, root, "vessels");
	if (v && tok[v].type == VIGIL_JSON_ARRAY)
		for (i = 0; i < tok[v].count && e->nv < VIGIL_REPORT_MAXV; i++) {
			size_t o = vigil_json_at(tok, v, i);

			if (o && tok[o].type == VIGIL_JSON_OBJECT) {
				parse_vessel(s, tok, o, &e->v[e->nv]);
				if (e->v[e->nv].mmsi)
					e->nv++;
			}
		}
	if (!e->nv) { /* the flat first-vessel fields */
		parse_vessel(s, tok, root, &e->v[0]);
		if (e->v[0].mmsi)
			e->nv = 1;
	}
	if (!e->nv)
		return VIGIL_E_PARSE;
	e->start = get_time(s, tok, root, "start");
	e->end = get_time(s, tok, root, "end");
	e->duration_h = get_num(s, tok, root, "duration_h");
	if (isnan(e->duration_h))
		e->duration_h = (e->start != INT64_MIN && e->end != INT64_MIN) ? (double)(e->end - e->start) / 3600 : 0;
	e->lat = get_num(s, tok, root, "lat");
	e->lon = get_num(s, tok, root, "lon");
	e->end_lat = get_num(s, tok, root, "end_lat");
	e->end_lon = get_num(s, tok, root, "end_lon");
	e->confidence = get_num(s, tok, root, "confidence");
	join_strings(s, tok, vigil_json_get(s, tok, root, "reasons"), e->reasons, sizeof(e->reasons));
	build_what(s, tok, vigil_json_get(s, tok, root, "details"), g, e);
	ev = vigil_json_get(s, tok, root, "evidence");
	if (ev && tok[ev].type == VIGIL_JSON_OBJECT) {
		char h[80];

		e->messages = get_u64(s, tok, ev, "messages");
		parse_where(s, tok, vigil_json_get(s, tok, ev, "first"), &e->first);
		parse_where(s, tok, vigil_json_get(s, tok, ev, "last"), &e->last);
		get_str(s, tok, ev, "sha256", h, sizeof(h));
		if (strlen(h) == 64)
			memcpy(e->sha256, h, 65);
	}
	*kind = VIGIL_REPORT_EVENT;
	return VIGIL_E_OK;
}

/* ---- filters ---- */

static int all_digits(const char *p)
{
	if (!*p)
		return 0;
	for (; *p; p++)
		if (!isdigit((unsigned char)*p))
			return 0;
	return 1;
}

static int icase_contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle), i, j;

	if (!n)
		return 1;
	for (i = 0; hay[i]; i++) {
		for (j = 0; j < n && hay[i + j]; j++)
			if (toupper((unsigned char)hay[i + j]) != toupper((unsigned char)needle[j]))
				break;
		if (j == n)
			return 1;
	}
	return 0;
}

int vigil_report_vessel_match(const struct vigil_report_filter *f, const struct vigil_report_vessel *v)
{
	const char *q = f ? f->vessel : NULL;

	if (!q || !*q)
		return 1;
	if (all_digits(q)) {
		unsigned long long x = strtoull(q, NULL, 10);

		return x == v->mmsi || (v->imo && x == v->imo);
	}
	return v->name[0] && icase_contains(v->name, q);
}

static int type_listed(const char *types, const char *type)
{
	size_t n = strlen(type);
	const char *p = types;

	while (*p) {
		const char *c = strchr(p, ',');
		size_t l = c ? (size_t)(c - p) : strlen(p);

		while (l && *p == ' ')
			p++, l--;
		while (l && p[l - 1] == ' ')
			l--;
		if (l == n && !strncmp(p, type, n))
			return 1;
		if (!c)
			break;
		p = c + 1;
	}
	return 0;
}

int vigil_report_pass(const struct vigil_report_filter *f, const struct vigil_report_event *e)
{
	unsigned i;

	if (!f)
		return 1;
	if (f->types && *f->types && !type_listed(f->types, e->type))
		return 0;
	if (f->min_conf > 0 && !isnan(e->confidence) && e->confidence < f->min_conf)
		return 0;
	if (f->vessel && *f->vessel) {
		for (i = 0; i < e->nv; i++)
			if (vigil_report_vessel_match(f, &e->v[i]))
				return 1;
		return 0;
	}
	return 1;
}

/* ---- the per-vessel table ---- */

/*
 * Ports of interest: the DPRK ports and the Russian Far East ports of the issue
 * (every Russian port of vigil's geography lies there), by the country detect
 * writes; STS hotspots, areas of interest and corridors are places of interest too.
 */
int vigil_report_poi(const struct vigil_report_event *e)
{
	if (!strcmp(e->type, "port_visit"))
		return !strcmp(e->country, "PRK") || !strcmp(e->country, "RUS");
	if (!strcmp(e->type, "area_visit"))
		return !strcmp(e->place_kind, "sts_hotspot") || !strcmp(e->place_kind, "aoi") ||
		       !strcmp(e->place_kind, "corridor");
	return 0;
}

static int is_anomaly(const char *type)
{
	static const char *const a[] = { "identity_change", "mid_mismatch", "invalid_imo", "invalid_mmsi",
					 "shared_mmsi", "spoof_jump" };
	size_t i;

	for (i = 0; i < sizeof(a) / sizeof(a[0]); i++)
		if (!strcmp(type, a[i]))
			return 1;
	return 0;
}

double vigil_report_weight(const struct vigil_report_event *e)
{
	static const struct { const char *type; double w; } tab[] = {
		{ "encounter", 3 }, { "gap", 3 }, { "mid_mismatch", 3 }, { "loitering", 2 },
		{ "shared_mmsi", 2 }, { "spoof_jump", 2 }, { "identity_change", 2 }, { "invalid_imo", 1 },
		{ "invalid_mmsi", 1 }, { "fishing_loitering", 0.5 }, { "service_loitering", 0.25 },
	};
	size_t i;

	if (!strcmp(e->type, "port_visit") || !strcmp(e->type, "area_visit"))
		return vigil_report_poi(e) ? 2 : 0;
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (!strcmp(e->type, tab[i].type))
			return tab[i].w;
	return strcmp(e->type, "coverage_silence") ? 1 : 0;
}

static size_t mix(uint32_t k, size_t mask)
{
	return (size_t)vigil__mix64(k) & mask;
}

int vigil_report_table_init(struct vigil_report_table *t, size_t max_rows)
{
	memset(t, 0, sizeof(*t));
	t->cap = max_rows ? max_rows : 10000;
	if (t->cap > (1u << 24))
		t->cap = 1u << 24;
	for (t->nslot = 64; t->nslot < 2 * t->cap; t->nslot *= 2)
		;
	t->rows = calloc(t->cap, sizeof(*t->rows));
	t->slot = calloc(t->nslot, sizeof(*t->slot));
	if (!t->rows || !t->slot) {
		vigil_report_table_release(t);
		return VIGIL_E_NOMEM;
	}
	return VIGIL_E_OK;
}

void vigil_report_table_release(struct vigil_report_table *t)
{
	free(t->rows);
	free(t->slot);
	memset(t, 0, sizeof(*t));
}

/* Row of an MMSI, created when absent; SIZE_MAX when the table is full. */
static size_t row_of(struct vigil_report_table *t, const struct vigil_report_vessel *v, int *fresh)
{
	size_t mask = t->nslot - 1, h = mix(v->mmsi, mask);
	struct vigil_report_row *r;

	*fresh = 0;
	while (t->slot[h]) {
		if (t->rows[t->slot[h] - 1].mmsi == v->mmsi)
			return t->slot[h] - 1;
		h = (h + 1) & mask;
	}
	if (t->n >= t->cap) {
		*fresh = 1;
		return SIZE_MAX;
	}
	r = &t->rows[t->n];
	memset(r, 0, sizeof(*r));
	r->mmsi = v->mmsi;
	r->first = INT64_MAX;
	r->last = INT64_MIN;
	copy(r->flag, sizeof(r->flag), vigil_report_flag(v->mmsi));
	t->slot[h] = (uint32_t)(++t->n);
	*fresh = 1;
	return t->n - 1;
}

static void add_distinct(char *list, size_t cap, const char *item)
{
	size_t n = strlen(list), l = strlen(item);
	const char *p = list;

	if (!l)
		return;
	while ((p = strstr(p, item))) {
		if ((p == list || (p - list >= 2 && p[-2] == ',')) && (p[l] == 0 || p[l] == ','))
			return;
		p += l;
	}
	add(list, cap, &n, "%s%s", n ? ", " : "", item);
}

static void row_names(struct vigil_report_row *r, const struct vigil_report_vessel *v)
{
	unsigned i;

	if (!r->imo && v->imo)
		r->imo = v->imo;
	if (!v->name[0])
		return;
	if (!r->name[0]) {
		copy(r->name, sizeof(r->name), v->name);
		return;
	}
	if (!strcmp(r->name, v->name))
		return;
	for (i = 0; i < r->n_other_names; i++)
		if (!strcmp(r->other_names[i], v->name))
			return;
	if (r->n_other_names < VIGIL_REPORT_NAMES - 1)
		copy(r->other_names[r->n_other_names++], sizeof(r->other_names[0]), v->name);
}

static void row_count(struct vigil_report_row *r, const struct vigil_report_event *e, unsigned self)
{
	double c = isnan(e->confidence) ? 0.5 : e->confidence, w = vigil_report_weight(e) * c;
	unsigned i;

	r->events++;
	if (!isnan(e->confidence) && e->confidence > r->max_conf)
		r->max_conf = e->confidence;
	if (e->start != INT64_MIN && e->start < r->first)
		r->first = e->start;
	if (e->end != INT64_MIN && e->end > r->last)
		r->last = e->end;
	if (!strcmp(e->type, "gap")) {
		char buf[256], *p, *q;

		r->gaps++;
		r->dark_h += e->duration_h;
		copy(buf, sizeof(buf), e->reachable);
		for (p = buf; p && *p; p = q) {
			q = strstr(p, ", ");
			if (q) {
				*q = 0;
				q += 2;
			}
			add_distinct(r->reachable, sizeof(r->reachable), p);
		}
	} else if (!strcmp(e->type, "encounter")) {
		r->encounters++;
		for (i = 0; i < e->nv; i++) {
			unsigned k;

			if (i == self)
				continue;
			for (k = 0; k < r->npartners; k++)
				if (r->partner[k] == e->v[i].mmsi)
					break;
			if (k < r->npartners)
				continue;
			if (r->npartners < VIGIL_REPORT_PARTNERS) {
				r->partner[r->npartners] = e->v[i].mmsi;
				copy(r->partner_name[r->npartners++], sizeof(r->partner_name[0]), e->v[i].name);
			} else {
				r->partners_more++;
			}
		}
	} else if (!strcmp(e->type, "loitering")) {
		r->loiterings++;
		r->loiter_h += e->duration_h;
	} else if (!strcmp(e->type, "port_visit") || !strcmp(e->type, "area_visit")) {
		if (!strcmp(e->type, "port_visit"))
			r->port_calls++;
		else
			r->area_visits++;
		if (vigil_report_poi(e)) {
			unsigned k;

			if (!strcmp(e->type, "port_visit"))
				r->poi_calls++;
			for (k = 0; k < r->npoi; k++)
				if (!strncmp(r->poi[k], e->place, sizeof(r->poi[0]) - 1))
					break;
			if (k < r->npoi) {
				r->poi_n[k]++;
				w = 0; /* a place scores once: repeated visits are one fact */
			}
			else if (r->npoi < VIGIL_REPORT_POI) {
				copy(r->poi[r->npoi], sizeof(r->poi[0]), e->place[0] ? e->place : "?");
				r->poi_n[r->npoi++] = 1;
			}
		}
	} else if (is_anomaly(e->type)) {
		r->anomalies++;
		add_distinct(r->anomaly_types, sizeof(r->anomaly_types), e->type);
	}
	r->score += w;
}

int vigil_report_table_note(struct vigil_report_table *t, const struct vigil_report_event *e)
{
	size_t mask, h;
	unsigned i;

	if (!t->slot || !e->nv)
		return 0;
	mask = t->nslot - 1;
	for (h = mix(e->v[0].mmsi, mask); t->slot[h]; h = (h + 1) & mask) {
		struct vigil_report_row *r = &t->rows[t->slot[h] - 1];

		if (r->mmsi != e->v[0].mmsi)
			continue;
		for (i = 0; i < e->nv; i++)
			row_names(r, &e->v[i]);
		return 1;
	}
	return 0;
}

size_t vigil_report_table_add(struct vigil_report_table *t, const struct vigil_report_filter *f,
			      const struct vigil_report_event *e, size_t *rows_out, uint32_t *mmsi_out)
{
	unsigned i, nv = e->nv;
	size_t n = 0;

	/* An identity change lists the old identity second: that is the same ship, not another finding. */
	if (strcmp(e->type, "encounter"))
		nv = nv ? 1 : 0;
	for (i = 0; i < nv; i++) {
		int fresh;
		size_t r;

		if (f && f->vessel && *f->vessel && !vigil_report_vessel_match(f, &e->v[i]))
			continue;
		r = row_of(t, &e->v[i], &fresh);
		if (r == SIZE_MAX) {
			t->over_cap_events++;
			t->over_cap_vessels += fresh;
			continue;
		}
		row_names(&t->rows[r], &e->v[i]);
		/* The old name under the same IMO is a name this ship went by. */
		if (!strcmp(e->type, "identity_change") && e->nv > 1 && e->v[1].imo && e->v[1].imo == e->v[0].imo)
			row_names(&t->rows[r], &e->v[1]);
		row_count(&t->rows[r], e, i);
		rows_out[n] = r;
		mmsi_out[n++] = e->v[i].mmsi;
	}
	return n;
}

static int cmp_rows(const struct vigil_report_row *a, const struct vigil_report_row *b)
{
	double sa = a->score + (a->nlisted ? 5 : 0), sb = b->score + (b->nlisted ? 5 : 0);

	if (sa != sb)
		return sa > sb ? -1 : 1;
	if (a->events != b->events)
		return a->events > b->events ? -1 : 1;
	return a->mmsi < b->mmsi ? -1 : a->mmsi > b->mmsi;
}

/* A merge sort: qsort has no context pointer in C11 and a global would not be reentrant. */
static void order_merge(const struct vigil_report_table *t, size_t *a, size_t *tmp, size_t n)
{
	size_t m = n / 2, i = 0, j = m, k = 0;

	if (n < 2)
		return;
	order_merge(t, a, tmp, m);
	order_merge(t, a + m, tmp, n - m);
	while (i < m && j < n)
		tmp[k++] = cmp_rows(&t->rows[a[j]], &t->rows[a[i]]) < 0 ? a[j++] : a[i++];
	while (i < m)
		tmp[k++] = a[i++];
	while (j < n)
		tmp[k++] = a[j++];
	memcpy(a, tmp, n * sizeof(*a));
}

void vigil_report_table_order(const struct vigil_report_table *t, size_t *order)
{
	size_t i, *tmp = malloc((t->n ? t->n : 1) * sizeof(*tmp));

	for (i = 0; i < t->n; i++)
		order[i] = i;
	if (!tmp)
		return; /* first-seen order */
	order_merge(t, order, tmp, t->n);
	free(tmp);
}

/* ---- text ---- */

/* Civil date and time of Unix seconds t. */
static void civil(int64_t t, int64_t f[6])
{
	int64_t d, s, z, era, doe, yoe, doy, mp;

	d = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	s = t - d * 86400;
	z = d + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	f[2] = doy - (153 * mp + 2) / 5 + 1;
	f[1] = mp + (mp < 10 ? 3 : -9);
	f[0] = yoe + era * 400 + (f[1] <= 2);
	f[3] = s / 3600;
	f[4] = s / 60 % 60;
	f[5] = s % 60;
}

void vigil_report_time(int64_t t, char *buf, size_t cap)
{
	int64_t f[6];

	if (t == INT64_MIN) {
		snprintf(buf, cap, "?");
		return;
	}
	civil(t, f);
	snprintf(buf, cap, "%04lld-%02lld-%02lld %02lld:%02lldZ", (long long)f[0], (long long)f[1],
		 (long long)f[2], (long long)f[3], (long long)f[4]);
}

void vigil_report_iso(int64_t t, char *buf, size_t cap)
{
	int64_t f[6];

	if (t == INT64_MIN) {
		snprintf(buf, cap, "%s", "");
		return;
	}
	civil(t, f);
	snprintf(buf, cap, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", (long long)f[0], (long long)f[1],
		 (long long)f[2], (long long)f[3], (long long)f[4], (long long)f[5]);
}

static const char *compass(double deg)
{
	static const char *const c[] = { "N", "NE", "E", "SE", "S", "SW", "W", "NW" };
	double x = fmod(deg + 360 + 22.5, 360) / 45;

	return x >= 0 && x < 8 ? c[(int)x] : "";
}

size_t vigil_report_near(const struct vigil_geo *g, double lat, double lon, char *buf, size_t cap)
{
	struct vigil_geo_hit h;
	const struct vigil_geo_place *p;
	size_t n = 0;

	buf[0] = 0;
	if (!g || !(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180) ||
	    !vigil_geo_nearest(g, lat, lon, 500, VIGIL_GEO_PORTLIKE, &h) || h.is_area)
		return 0;
	p = &g->places[h.index];
	if (h.km <= p->radius_km)
		add(buf, cap, &n, "in %s", p->name);
	else
		add(buf, cap, &n, "%.0f nm %s of %s", h.km / VIGIL_GEO_NM_KM,
		    compass(vigil_geo_bearing(p->lat, p->lon, lat, lon)), p->name);
	sanitize(buf);
	return n;
}

/* "PAEK DU 17 (445118200, KP, IMO 9254886)" */
static void vessel_text(const struct vigil_report_vessel *v, char *buf, size_t cap, size_t *n)
{
	const char *fl = vigil_report_flag(v->mmsi);

	add(buf, cap, n, "%s (%u%s%s", v->name[0] ? v->name : "unnamed", v->mmsi, fl[0] ? ", " : "", fl);
	if (v->imo)
		add(buf, cap, n, ", IMO %u", v->imo);
	add(buf, cap, n, ")");
}

size_t vigil_report_finding(const struct vigil_report_event *e, uint32_t self, char *buf, size_t cap)
{
	size_t n = 0;
	unsigned i;
	const char *ty = e->type;
	char tm[32];

	buf[0] = 0;
	vigil_report_time(e->start, tm, sizeof(tm));
	add(buf, cap, &n, "%s  ", tm);
	if (!strcmp(ty, "gap"))
		add(buf, cap, &n, "gap %.1f h", e->duration_h);
	else if (!strcmp(ty, "encounter")) {
		add(buf, cap, &n, "encounter %.1f h with ", e->duration_h);
		for (i = 0; i < e->nv && e->v[i].mmsi == self; i++)
			;
		if (i == e->nv) /* no other vessel (or both the same MMSI): the second listed */
			i = e->nv > 1 ? 1 : e->nv;
		if (i < e->nv)
			vessel_text(&e->v[i], buf, cap, &n);
		else
			add(buf, cap, &n, "?");
	} else if (!strcmp(ty, "loitering"))
		add(buf, cap, &n, "loitering %.1f h", e->duration_h);
	else if (!strcmp(ty, "fishing_loitering"))
		add(buf, cap, &n, "fishing vessel loitering %.1f h", e->duration_h);
	else if (!strcmp(ty, "service_loitering"))
		add(buf, cap, &n, "service vessel loitering %.1f h", e->duration_h);
	else if (!strcmp(ty, "port_visit"))
		add(buf, cap, &n, "port call%s", vigil_report_poi(e) ? " (port of interest):" : "");
	else if (!strcmp(ty, "area_visit"))
		add(buf, cap, &n, "area visit%s", vigil_report_poi(e) ? " (area of interest):" : "");
	else if (!strcmp(ty, "identity_change"))
		add(buf, cap, &n, "identity change");
	else if (!strcmp(ty, "mid_mismatch"))
		add(buf, cap, &n, "flag mismatch:");
	else if (!strcmp(ty, "coverage_silence"))
		add(buf, cap, &n, "silence %.1f h explained by coverage", e->duration_h);
	else if (!strcmp(ty, "spoof_jump"))
		add(buf, cap, &n, "spoofed positions %.1f h:", e->duration_h);
	else if (!strcmp(ty, "shared_mmsi"))
		add(buf, cap, &n, "shared MMSI %.1f h:", e->duration_h);
	else if (!strcmp(ty, "invalid_imo") || !strcmp(ty, "invalid_mmsi"))
		add(buf, cap, &n, "%s:", ty);
	else
		add(buf, cap, &n, "%s %.1f h:", ty, e->duration_h);
	if (e->what[0])
		add(buf, cap, &n, " %s", e->what);
	if (!isnan(e->confidence))
		add(buf, cap, &n, "; conf %.2f", e->confidence);
	return n;
}

static const char *base(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

size_t vigil_report_evidence(const struct vigil_report_event *e, char *buf, size_t cap)
{
	size_t n = 0;

	buf[0] = 0;
	if (!e->first.has) {
		add(buf, cap, &n, "no evidence location");
	} else {
		add(buf, cap, &n, "%s", base(e->first.file));
		if (e->first.line && e->last.line && e->last.has && !strcmp(e->first.file, e->last.file))
			add(buf, cap, &n, " lines %llu-%llu", (unsigned long long)e->first.line,
			    (unsigned long long)e->last.line);
		else if (e->last.has && !strcmp(e->first.file, e->last.file))
			add(buf, cap, &n, " bytes %llu-%llu", (unsigned long long)e->first.offset,
			    (unsigned long long)e->last.offset);
		else
			add(buf, cap, &n, " byte %llu", (unsigned long long)e->first.offset);
	}
	add(buf, cap, &n, ", %llu msg%s", (unsigned long long)e->messages, e->messages == 1 ? "" : "s");
	if (e->sha256[0])
		add(buf, cap, &n, ", sha256 %.12s", e->sha256);
	sanitize(buf);
	return n;
}
