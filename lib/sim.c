/* sim.c - scenario JSON reader and trajectory planner of the simulator. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/error.h"
#include "vigil/json.h"
#include "sim_int.h"

struct rd {
	const char *s;
	const struct vigil_json_tok *t;
	size_t ntok;
	char *err;
	size_t errcap;
	struct vigil_sim *sim;
};

static int fail(struct rd *r, int code, const char *fmt, ...)
{
	va_list ap;

	if (r->err && r->errcap) {
		va_start(ap, fmt);
		vsnprintf(r->err, r->errcap, fmt, ap);
		va_end(ap);
	}
	return code;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* "YYYY-MM-DDTHH:MM[:SS][Z]" -> unix ms; -1 when malformed. */
static int64_t parse_iso(const char *p)
{
	int y, mo, d, h = 0, mi = 0, s = 0, n = 0;

	if (sscanf(p, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3)
		return -1;
	p += n;
	if (*p == 'T' || *p == ' ') {
		n = 0;
		if (sscanf(p + 1, "%2d:%2d%n", &h, &mi, &n) != 2)
			return -1;
		p += 1 + n;
		if (*p == ':') {
			n = 0;
			if (sscanf(p + 1, "%2d%n", &s, &n) != 1)
				return -1;
			p += 1 + n;
		}
	}
	if (*p == 'Z')
		p++;
	if (*p || y < 1970 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 ||
	    mi > 59 || s > 60)
		return -1;
	return ((days_from_civil(y, (unsigned)mo, (unsigned)d) * 24 + h) * 60 + mi) * 60000LL +
	       s * 1000LL;
}

/* Member lookup: 0 when absent or when obj is not an object. */
static size_t get(struct rd *r, size_t obj, const char *key)
{
	if (!obj && r->t[0].type != VIGIL_JSON_OBJECT)
		return 0;
	if (r->t[obj].type != VIGIL_JSON_OBJECT)
		return 0;
	return vigil_json_get(r->s, r->t, obj, key);
}

static int get_num(struct rd *r, size_t obj, const char *key, double def, double lo, double hi,
		   double *out, const char *where)
{
	size_t i = get(r, obj, key);

	*out = def;
	if (!i || r->t[i].type == VIGIL_JSON_NULL)
		return 0;
	if (r->t[i].type != VIGIL_JSON_NUMBER || vigil_json_num(r->s, &r->t[i], out) ||
	    !(*out >= lo && *out <= hi))
		return fail(r, VIGIL_E_INVAL, "%s.%s: expected a number in [%g, %g]", where, key, lo, hi);
	return 0;
}

static int get_bool(struct rd *r, size_t obj, const char *key, int def, int *out)
{
	size_t i = get(r, obj, key);

	*out = def;
	if (i && r->t[i].type == VIGIL_JSON_TRUE)
		*out = 1;
	else if (i && r->t[i].type == VIGIL_JSON_FALSE)
		*out = 0;
	return 0;
}

static int get_str(struct rd *r, size_t obj, const char *key, char *out, size_t cap,
		   const char *where)
{
	size_t i = get(r, obj, key);
	size_t n;

	if (!i || r->t[i].type == VIGIL_JSON_NULL)
		return 0;
	if (r->t[i].type != VIGIL_JSON_STRING)
		return fail(r, VIGIL_E_INVAL, "%s.%s: expected a string", where, key);
	if (vigil_json_str(r->s, &r->t[i], out, cap, &n) == VIGIL_E_TOOBIG)
		return fail(r, VIGIL_E_INVAL, "%s.%s: longer than %zu bytes", where, key, cap - 1);
	return 0;
}

/* A time: a string (ISO 8601 UTC) or a number of hours after the scenario start. */
static int time_of(struct rd *r, size_t i, int64_t *out, const char *where, const char *key)
{
	char buf[40];
	double h;
	size_t n;

	if (r->t[i].type == VIGIL_JSON_NUMBER && vigil_json_num(r->s, &r->t[i], &h) == 0 &&
	    h >= -VIGIL_SIM_MAX_HOURS && h <= VIGIL_SIM_MAX_HOURS) {
		*out = r->sim->start + (int64_t)llround(h * SIM_HOUR_MS);
		return 0;
	}
	if (r->t[i].type == VIGIL_JSON_STRING &&
	    vigil_json_str(r->s, &r->t[i], buf, sizeof(buf), &n) == 0 && (*out = parse_iso(buf)) >= 0)
		return 0;
	return fail(r, VIGIL_E_INVAL, "%s.%s: expected hours after start or an ISO 8601 UTC time",
		    where, key);
}

static int get_time(struct rd *r, size_t obj, const char *key, int64_t def, int64_t *out,
		    const char *where)
{
	size_t i = get(r, obj, key);

	*out = def;
	if (!i || r->t[i].type == VIGIL_JSON_NULL)
		return 0;
	return time_of(r, i, out, where, key);
}

static int arr_len(struct rd *r, size_t obj, const char *key, size_t cap, size_t *arr, size_t *n,
		   const char *where)
{
	size_t i = get(r, obj, key);

	*arr = 0;
	*n = 0;
	if (!i || r->t[i].type == VIGIL_JSON_NULL)
		return 0;
	if (r->t[i].type != VIGIL_JSON_ARRAY)
		return fail(r, VIGIL_E_INVAL, "%s.%s: expected an array", where, key);
	if (r->t[i].count > cap)
		return fail(r, VIGIL_E_TOOBIG, "%s.%s: more than %zu entries", where, key, cap);
	*arr = i;
	*n = r->t[i].count;
	return 0;
}

static int port_find(const struct vigil_sim *s, const char *id)
{
	size_t i;

	for (i = 0; i < s->nports; i++)
		if (!strcmp(s->ports[i].id, id))
			return (int)i;
	return -1;
}

/* ---- scenario sections ---- */

static int read_ports(struct rd *r)
{
	struct vigil_sim *s = r->sim;
	size_t arr, n, k, i;
	int e;

	s->ports = calloc(VIGIL_SIM_MAX_PORTS, sizeof(*s->ports));
	if (!s->ports)
		return VIGIL_E_NOMEM;
	memcpy(s->ports, vigil__sim_ports, vigil__sim_nports * sizeof(*s->ports));
	s->nports = vigil__sim_nports;
	if ((e = arr_len(r, 0, "ports", VIGIL_SIM_MAX_PORTS - vigil__sim_nports, &arr, &n, "scenario")))
		return e;
	for (k = 0; k < n; k++) {
		struct sim_port p;
		char where[48];
		double lat, lon, rad, interest;
		int j;

		i = vigil_json_at(r->t, arr, k);
		snprintf(where, sizeof(where), "ports[%zu]", k);
		memset(&p, 0, sizeof(p));
		if ((e = get_str(r, i, "id", p.id, sizeof(p.id), where)) ||
		    (e = get_str(r, i, "name", p.name, sizeof(p.name), where)) ||
		    (e = get_num(r, i, "lat", NAN, -90, 90, &lat, where)) ||
		    (e = get_num(r, i, "lon", NAN, -180, 180, &lon, where)) ||
		    (e = get_num(r, i, "radius_km", 5, 0.1, 100, &rad, where)) ||
		    (e = get_num(r, i, "interest", 0, 0, 1, &interest, where)))
			return e;
		if (!p.id[0] || isnan(lat) || isnan(lon))
			return fail(r, VIGIL_E_INVAL, "%s: id, lat and lon are required", where);
		if (!p.name[0])
			snprintf(p.name, sizeof(p.name), "%s", p.id);
		p.lat = lat;
		p.lon = lon;
		p.radius_km = (float)rad;
		p.interest = (uint8_t)(interest > 0);
		j = port_find(s, p.id);
		s->ports[j >= 0 ? (size_t)j : s->nports++] = p;
	}
	return 0;
}

static int read_windows(struct rd *r, size_t obj, const char *key, int64_t (**out)[2], uint32_t *nout,
			const char *where)
{
	size_t arr, n, k;
	int e;

	if ((e = arr_len(r, obj, key, 4096, &arr, &n, where)))
		return e;
	*nout = 0;
	if (!n)
		return 0;
	*out = calloc(n, sizeof(**out));
	if (!*out)
		return VIGIL_E_NOMEM;
	for (k = 0; k < n; k++) {
		size_t w = vigil_json_at(r->t, arr, k);
		int64_t a, b;
		if ((e = get_time(r, w, "start", -1, &a, where)) || (e = get_time(r, w, "end", -1, &b, where)))
			return e;
		if (a < 0 || b <= a)
			return fail(r, VIGIL_E_INVAL, "%s.%s[%zu]: needs start < end", where, key, k);
		(*out)[k][0] = a;
		(*out)[k][1] = b;
	}
	*nout = (uint32_t)n;
	return 0;
}

static int read_receivers(struct rd *r)
{
	struct vigil_sim *s = r->sim;
	size_t arr, n, k;
	int e;

	if ((e = arr_len(r, 0, "receivers", VIGIL_SIM_MAX_RECEIVERS, &arr, &n, "scenario")))
		return e;
	s->recv = calloc(n ? n : 1, sizeof(*s->recv));
	if (!s->recv)
		return VIGIL_E_NOMEM;
	if (!n) {
		/* No receivers declared: one aggregated feed that hears everything. */
		snprintf(s->recv[0].id, sizeof(s->recv[0].id), "FEED");
		s->nrecv = 1;
	}
	for (k = 0; k < n; k++) {
		struct sim_recv *rc = &s->recv[k];
		size_t i = vigil_json_at(r->t, arr, k);
		char where[48];
		double lat, lon, range, loss, bmmsi, every, ph, pm, off;
		int sat;

		snprintf(where, sizeof(where), "receivers[%zu]", k);
		s->nrecv = k + 1;   /* counted first: release() frees what a failed read allocated */
		if ((e = get_str(r, i, "id", rc->id, sizeof(rc->id), where)) ||
		    (e = get_bool(r, i, "satellite", 0, &sat)) ||
		    (e = get_num(r, i, "lat", 0, -90, 90, &lat, where)) ||
		    (e = get_num(r, i, "lon", 0, -180, 180, &lon, where)) ||
		    (e = get_num(r, i, "range_km", sat ? 0 : 74, 0, 20000, &range, where)) ||
		    (e = get_num(r, i, "loss", sat ? 0.5 : 0.05, 0, 1, &loss, where)) ||
		    (e = get_num(r, i, "base_mmsi", 0, 0, 999999999, &bmmsi, where)) ||
		    (e = get_num(r, i, "base_every_s", 10, 1, 86400, &every, where)) ||
		    (e = get_num(r, i, "pass_every_h", 0, 0, 1000, &ph, where)) ||
		    (e = get_num(r, i, "pass_min", 12, 1, 600, &pm, where)) ||
		    (e = get_num(r, i, "pass_offset_h", 0, 0, 1000, &off, where)))
			return e;
		if (!rc->id[0] || strchr(rc->id, ',') || strchr(rc->id, '*') || strchr(rc->id, '\\'))
			return fail(r, VIGIL_E_INVAL, "%s.id: required, without , * or \\", where);
		rc->lat = lat;
		rc->lon = lon;
		rc->range_km = (float)range;
		rc->loss = (float)loss;
		rc->satellite = (uint8_t)sat;
		rc->base_mmsi = (uint32_t)bmmsi;
		rc->base_every = (int64_t)(every * 1000);
		if ((e = read_windows(r, i, sat ? "passes" : "down", &rc->win, &rc->nwin, where)))
			return e;
		if (sat && !rc->nwin && ph > 0) {
			/* Regular passes: pass_min minutes every pass_every_h hours. */
			int64_t step = (int64_t)(ph * SIM_HOUR_MS), t = s->start + (int64_t)(off * SIM_HOUR_MS);
			size_t cnt = (size_t)((s->end - t) / step + 1), j;
			if (cnt > 100000)
				return fail(r, VIGIL_E_TOOBIG, "%s: too many passes", where);
			rc->win = calloc(cnt ? cnt : 1, sizeof(*rc->win));
			if (!rc->win)
				return VIGIL_E_NOMEM;
			for (j = 0; j < cnt && t < s->end; j++, t += step) {
				rc->win[j][0] = t;
				rc->win[j][1] = t + (int64_t)(pm * 60000);
				rc->nwin++;
			}
		}
		if (sat && !rc->nwin && !(ph > 0))
			return fail(r, VIGIL_E_INVAL, "%s: a satellite needs passes or pass_every_h", where);
	}
	if (n)
		s->nrecv = n;
	return 0;
}

static int read_holes(struct rd *r)
{
	struct vigil_sim *s = r->sim;
	size_t arr, n, k;
	int e;

	if ((e = arr_len(r, 0, "holes", VIGIL_SIM_MAX_HOLES, &arr, &n, "scenario")))
		return e;
	s->holes = calloc(n ? n : 1, sizeof(*s->holes));
	if (!s->holes)
		return VIGIL_E_NOMEM;
	for (k = 0; k < n; k++) {
		struct sim_hole *h = &s->holes[k];
		size_t i = vigil_json_at(r->t, arr, k);
		char where[48];
		int so;

		snprintf(where, sizeof(where), "holes[%zu]", k);
		if ((e = get_str(r, i, "id", h->id, sizeof(h->id), where)) ||
		    (e = get_num(r, i, "min_lat", NAN, -90, 90, &h->min_lat, where)) ||
		    (e = get_num(r, i, "max_lat", NAN, -90, 90, &h->max_lat, where)) ||
		    (e = get_num(r, i, "min_lon", NAN, -180, 180, &h->min_lon, where)) ||
		    (e = get_num(r, i, "max_lon", NAN, -180, 180, &h->max_lon, where)) ||
		    (e = get_bool(r, i, "shore_only", 0, &so)))
			return e;
		if (!(h->min_lat < h->max_lat && h->min_lon < h->max_lon))
			return fail(r, VIGIL_E_INVAL, "%s: needs min_lat < max_lat and min_lon < max_lon", where);
		h->shore_only = (uint8_t)so;
	}
	s->nholes = n;
	return 0;
}

static const char *const meet_kinds[] = {
	"sts", "anchored_pair_in_port", "tug_alongside_in_port", "bunkering_in_port_anchorage",
	"passing_at_speed",
};

static int read_meetings(struct rd *r, char (*vid)[4][24])
{
	struct vigil_sim *s = r->sim;
	size_t arr, n, k;
	int e;

	if ((e = arr_len(r, 0, "meetings", VIGIL_SIM_MAX_MEETINGS, &arr, &n, "scenario")))
		return e;
	s->meet = calloc(n ? n : 1, sizeof(*s->meet));
	if (!s->meet)
		return VIGIL_E_NOMEM;
	for (k = 0; k < n; k++) {
		struct sim_meeting *m = &s->meet[k];
		size_t i = vigil_json_at(r->t, arr, k), va, nva, j;
		char where[48], kind[40] = "sts", port[32] = "";
		double lat, lon, tlat, tlon, hours, sep;

		snprintf(where, sizeof(where), "meetings[%zu]", k);
		if ((e = get_str(r, i, "id", m->id, sizeof(m->id), where)) ||
		    (e = get_str(r, i, "kind", kind, sizeof(kind), where)) ||
		    (e = get_str(r, i, "port", port, sizeof(port), where)) ||
		    (e = get_num(r, i, "lat", NAN, -90, 90, &lat, where)) ||
		    (e = get_num(r, i, "lon", NAN, -180, 180, &lon, where)) ||
		    (e = get_num(r, i, "to_lat", NAN, -90, 90, &tlat, where)) ||
		    (e = get_num(r, i, "to_lon", NAN, -180, 180, &tlon, where)) ||
		    (e = get_num(r, i, "hours", 4, 0.1, 240, &hours, where)) ||
		    (e = get_time(r, i, "start", -1, &m->t0, where)) ||
		    (e = arr_len(r, i, "vessels", 4, &va, &nva, where)))
			return e;
		for (j = 0; j < sizeof(meet_kinds) / sizeof(meet_kinds[0]); j++)
			if (!strcmp(kind, meet_kinds[j]))
				break;
		if (j == sizeof(meet_kinds) / sizeof(meet_kinds[0]))
			return fail(r, VIGIL_E_INVAL, "%s.kind: unknown '%s'", where, kind);
		m->kind = (uint8_t)j;
		m->port = -1;
		if (port[0] && (m->port = (int16_t)port_find(s, port)) < 0)
			return fail(r, VIGIL_E_INVAL, "%s.port: unknown port '%s'", where, port);
		if (isnan(lat) && m->port >= 0) {
			lat = s->ports[m->port].lat;
			lon = s->ports[m->port].lon;
		}
		if (!m->id[0] || isnan(lat) || isnan(lon) || m->t0 < 0 || nva < 2)
			return fail(r, VIGIL_E_INVAL, "%s: id, lat, lon (or port), start and 2-4 vessels are required", where);
		if (m->kind == MEET_COMPANY && (isnan(tlat) || isnan(tlon)))
			return fail(r, VIGIL_E_INVAL, "%s: passing_at_speed needs to_lat and to_lon", where);
		if ((e = get_num(r, i, "separation_m", m->kind == MEET_TUG ? 30 : m->kind == MEET_STS ? 60 :
				 m->kind == MEET_BUNKER ? 25 : 200, 0, 5000, &sep, where)))
			return e;
		m->lat = lat;
		m->lon = lon;
		m->to_lat = tlat;
		m->to_lon = tlon;
		m->t1 = m->t0 + (int64_t)(hours * SIM_HOUR_MS);
		m->sep_m = (float)sep;
		m->nv = (uint8_t)nva;
		for (j = 0; j < nva; j++) {
			size_t vi = vigil_json_at(r->t, va, j);
			size_t len;
			if (r->t[vi].type != VIGIL_JSON_STRING ||
			    vigil_json_str(r->s, &r->t[vi], vid[k][j], 24, &len))
				return fail(r, VIGIL_E_INVAL, "%s.vessels[%zu]: expected a vessel id", where, j);
		}
	}
	s->nmeet = n;
	return 0;
}

/* ---- planning ---- */

struct plan {
	struct sim_vessel *v;
	uint32_t cap;
	int64_t t;
	double lat, lon;
	float draught;
};

static struct sim_leg *leg_add(struct plan *p, uint8_t kind, int64_t t1, double lat1, double lon1)
{
	struct sim_leg *l;

	if (p->v->nlegs >= p->cap || t1 <= p->t)
		return NULL;
	l = &p->v->legs[p->v->nlegs++];
	memset(l, 0, sizeof(*l));
	l->t0 = p->t;
	l->t1 = t1;
	l->lat0 = p->lat;
	l->lon0 = p->lon;
	l->lat1 = lat1;
	l->lon1 = lon1;
	l->kind = kind;
	l->port = -1;
	l->meeting = -1;
	l->draught = p->draught;
	if (kind == LEG_MOVE) {
		double km = vigil__sim_dist_km(p->lat, p->lon, lat1, lon1);
		l->sog = (float)(km / SIM_KN_KMH / ((t1 - p->t) / (double)SIM_HOUR_MS));
		l->cog = (float)vigil__sim_bearing(p->lat, p->lon, lat1, lon1);
		l->status = 0;
	}
	p->t = t1;
	p->lat = lat1;
	p->lon = lon1;
	return l;
}

static struct sim_leg *dwell(struct plan *p, int64_t t1, uint8_t where, uint8_t status, float drift_m)
{
	struct sim_leg *l = leg_add(p, LEG_DWELL, t1, p->lat, p->lon);

	if (l) {
		l->where = where;
		l->status = status;
		l->drift_m = drift_m;
		l->drift_period_s = (float)(1800 + 3600 * vigil__sim_unif(&p->v->rng));
		l->phase = (float)(6.283185 * vigil__sim_unif(&p->v->rng));
	}
	return l;
}

/*
 * Move to (lat, lon). With at >= 0 the vessel arrives at `at`: it waits where it
 * is, or speeds up to 1.5 times its cruise speed, and arrives late if it must.
 */
static void go(struct plan *p, double lat, double lon, double kn, int64_t at)
{
	double km = vigil__sim_dist_km(p->lat, p->lon, lat, lon);
	int64_t travel = (int64_t)(km / (kn * SIM_KN_KMH) * SIM_HOUR_MS);

	if (travel < 60000)
		travel = 60000;
	if (at >= 0) {
		if (at - travel > p->t) {
			/* Wait where it is: a longer stay in port, or drifting at sea. */
			struct sim_leg *prev = p->v->nlegs ? &p->v->legs[p->v->nlegs - 1] : NULL;
			if (!prev) {
				/* Not under way yet: the vessel appears later, on its way. */
				p->t = at - travel;
				p->v->t_start = p->t;
			} else if (prev->kind == LEG_DWELL && prev->t1 == p->t) {
				prev->t1 = at - travel;
				p->t = prev->t1;
			} else {
				dwell(p, at - travel, DW_SEA, p->v->fishing ? 7 : 0, 100);
			}
		}
		else if (at > p->t && at - p->t >= travel / 1.5)
			travel = at - p->t;
		else if (at > p->t)
			travel = (int64_t)(travel / 1.5);
	}
	leg_add(p, LEG_MOVE, p->t + travel, lat, lon);
}

static int meeting_slot(const struct vigil_sim *s, const char (*vid)[4][24], size_t m, const char *id)
{
	unsigned j;

	for (j = 0; j < s->meet[m].nv; j++)
		if (!strcmp(vid[m][j], id))
			return (int)j;
	return -1;
}

/* Offset a point by metres east and north. */
static void offset(double *lat, double *lon, double east_m, double north_m)
{
	*lat += north_m / (SIM_KM_PER_DEG * 1000);
	*lon += east_m / (SIM_KM_PER_DEG * 1000 * cos(*lat * 3.14159265358979 / 180));
}

static int read_route(struct rd *r, struct sim_vessel *v, size_t vo, const char (*vid)[4][24],
		      int64_t t_begin, float draught, const char *where0)
{
	struct vigil_sim *s = r->sim;
	struct plan p;
	size_t arr, n, k;
	int e;
	char where[96];

	if ((e = arr_len(r, vo, "route", VIGIL_SIM_MAX_ROUTE, &arr, &n, where0)))
		return e;
	if (!n)
		return fail(r, VIGIL_E_INVAL, "%s.route: at least one item is required", where0);
	p.cap = (uint32_t)(4 * n + 4);
	p.v = v;
	v->legs = calloc(p.cap, sizeof(*v->legs));
	if (!v->legs)
		return VIGIL_E_NOMEM;
	p.t = t_begin;
	p.draught = draught;
	for (k = 0; k < n; k++) {
		size_t i = vigil_json_at(r->t, arr, k);
		char port[32] = "", meet[32] = "", status[16] = "";
		double lat, lon, dwell_h, kn, dr;
		int64_t at;
		int pi = -1, mi = -1, loiter;
		struct sim_leg *l;

		snprintf(where, sizeof(where), "%s.route[%zu]", where0, k);
		if ((e = get_str(r, i, "port", port, sizeof(port), where)) ||
		    (e = get_str(r, i, "meeting", meet, sizeof(meet), where)) ||
		    (e = get_str(r, i, "status", status, sizeof(status), where)) ||
		    (e = get_num(r, i, "lat", NAN, -90, 90, &lat, where)) ||
		    (e = get_num(r, i, "lon", NAN, -180, 180, &lon, where)) ||
		    (e = get_num(r, i, "speed_kn", v->speed, 0.5, 60, &kn, where)) ||
		    (e = get_num(r, i, "draught", -1, -1, 25, &dr, where)) ||
		    (e = get_bool(r, i, "loiter", 0, &loiter)) ||
		    (e = get_time(r, i, "at", -1, &at, where)))
			return e;
		if (port[0] && (pi = port_find(s, port)) < 0)
			return fail(r, VIGIL_E_INVAL, "%s.port: unknown port '%s'", where, port);
		if (meet[0]) {
			for (mi = 0; mi < (int)s->nmeet && strcmp(s->meet[mi].id, meet); mi++)
				;
			if (mi == (int)s->nmeet)
				return fail(r, VIGIL_E_INVAL, "%s.meeting: unknown meeting '%s'", where, meet);
		}
		if (pi >= 0 && isnan(lat)) {
			/* A berth or anchoring spot inside the port, away from the centre. */
			double rad = s->ports[pi].radius_km * 1000 * 0.35 * vigil__sim_unif(&v->rng);
			double ang = 6.283185 * vigil__sim_unif(&v->rng);
			lat = s->ports[pi].lat;
			lon = s->ports[pi].lon;
			offset(&lat, &lon, rad * cos(ang), rad * sin(ang));
		}
		if (mi >= 0) {
			struct sim_meeting *m = &s->meet[mi];
			int slot = meeting_slot(s, vid, (size_t)mi, v->id);
			if (slot < 0)
				return fail(r, VIGIL_E_INVAL, "%s: vessel '%s' is not in meeting '%s'", where, v->id, meet);
			lat = m->lat;
			lon = m->lon;
			offset(&lat, &lon, m->sep_m * slot, 0);
			at = m->t0;
			pi = m->port;
		}
		if (isnan(lat) || isnan(lon))
			return fail(r, VIGIL_E_INVAL, "%s: needs a port, a meeting, or lat and lon", where);
		if ((e = get_num(r, i, "dwell_h", pi >= 0 && mi < 0 ? 6 : loiter ? 6 : 0, 0, VIGIL_SIM_MAX_HOURS,
				 &dwell_h, where)))
			return e;
		if (k == 0) {
			p.lat = lat;
			p.lon = lon;
			if (at > p.t && mi < 0)
				p.t = at;    /* a late start: the vessel appears then */
			v->t_start = v->t_start > p.t ? v->t_start : p.t;
		} else {
			go(&p, lat, lon, kn, at);
		}
		if (mi >= 0) {
			struct sim_meeting *m = &s->meet[mi];
			int slot = meeting_slot(s, vid, (size_t)mi, v->id);
			if (m->kind == MEET_COMPANY) {
				double tl = m->to_lat, tn = m->to_lon;
				offset(&tl, &tn, m->sep_m * slot, 0);
				m->arr[slot] = p.t;
				l = leg_add(&p, LEG_MOVE, m->t1 > p.t ? m->t1 : p.t + 60000, tl, tn);
				if (l)
					l->meeting = (int16_t)mi;
				m->dep[slot] = p.t;
			} else {
				uint8_t st = m->kind == MEET_ANCHORED_PAIR || m->kind == MEET_BUNKER ? 1 :
					     m->kind == MEET_TUG ? (slot ? 0 : 5) : 0;
				m->arr[slot] = p.t;
				l = dwell(&p, m->t1 > p.t ? m->t1 : p.t + 60000, pi >= 0 ? DW_PORT : DW_MEET, st,
					  m->kind == MEET_STS ? 150 : 20);
				if (l) {
					/* Vessels of one meeting drift together. */
					l->meeting = (int16_t)mi;
					l->port = (int16_t)pi;
					l->drift_period_s = (float)(2400 + 600 * (mi % 5));
					l->phase = (float)(0.7 * mi);
				}
				m->dep[slot] = p.t;
			}
		} else if (dwell_h > 0) {
			uint8_t st = pi >= 0 ? (strcmp(status, "anchored") ? 5 : 1) : v->fishing ? 7 : 0;
			l = dwell(&p, p.t + (int64_t)(dwell_h * SIM_HOUR_MS), pi >= 0 ? DW_PORT : DW_SEA, st,
				  pi >= 0 ? 15 : v->fishing ? 1500 : 300);
			if (l) {
				l->port = (int16_t)pi;
				l->loiter = (uint8_t)loiter;
			}
		}
		if (dr >= 0)
			p.draught = (float)dr;
		if (p.t >= s->end)
			break;
	}
	/* After a route that ends at sea under way: keep the last course and speed. */
	if (p.t < s->end && v->nlegs && v->legs[v->nlegs - 1].kind == LEG_MOVE) {
		const struct sim_leg *last = &v->legs[v->nlegs - 1];
		double km = last->sog * SIM_KN_KMH * ((s->end + 1 - p.t) / (double)SIM_HOUR_MS);
		double brg = last->cog * 3.14159265358979 / 180, lat = p.lat, lon = p.lon;
		offset(&lat, &lon, km * 1000 * sin(brg), km * 1000 * cos(brg));
		if (lat > 89)
			lat = 89;
		if (lat < -89)
			lat = -89;
		if (lon > 180)
			lon -= 360;
		if (lon < -180)
			lon += 360;
		leg_add(&p, LEG_MOVE, s->end + 1, lat, lon);
	}
	/* After a route that ends with a stay: stay there. */
	if (p.t < s->end) {
		const struct sim_leg *last = v->nlegs ? &v->legs[v->nlegs - 1] : NULL;
		int pi = last && last->kind == LEG_DWELL ? last->port : -1;
		struct sim_leg *l = dwell(&p, s->end + 1, pi >= 0 ? DW_PORT : DW_SEA,
					  pi >= 0 ? 5 : v->fishing ? 7 : 1, pi >= 0 ? 15 : 100);
		if (l)
			l->port = (int16_t)pi;
	}
	if (!v->nlegs) {
		/* Starts after the end of the period: present but silent. */
		dwell(&p, p.t + 1, DW_SEA, 0, 0);
		v->t_end = v->t_start;
	}
	return 0;
}

static int read_ident(struct rd *r, size_t o, struct sim_ident *id, const char *where)
{
	double mmsi = id->mmsi, imo = id->imo;
	int e;

	if ((e = get_num(r, o, "mmsi", mmsi, 0, 999999999, &mmsi, where)) ||
	    (e = get_num(r, o, "imo", imo, 0, 1073741823, &imo, where)) ||
	    (e = get_str(r, o, "name", id->name, sizeof(id->name), where)) ||
	    (e = get_str(r, o, "callsign", id->callsign, sizeof(id->callsign), where)) ||
	    (e = get_str(r, o, "flag", id->flag, sizeof(id->flag), where)))
		return e;
	id->mmsi = (uint32_t)mmsi;
	id->imo = (uint32_t)imo;
	return 0;
}

static int read_vessel(struct rd *r, size_t vo, struct sim_vessel *v, const char (*vid)[4][24], size_t idx)
{
	struct vigil_sim *s = r->sim;
	char where[48], cls[4] = "A";
	double shiptype, length, beam, draught, speed, timo;
	size_t arr, n, k;
	int64_t t0, t1;
	int e, ais;

	snprintf(where, sizeof(where), "vessels[%zu]", idx);
	memset(v, 0, sizeof(*v));
	v->ident = calloc(VIGIL_SIM_MAX_WINDOWS, sizeof(*v->ident));
	v->dark = calloc(VIGIL_SIM_MAX_WINDOWS, sizeof(*v->dark));
	v->spoof = calloc(VIGIL_SIM_MAX_WINDOWS, sizeof(*v->spoof));
	if (!v->ident || !v->dark || !v->spoof)
		return VIGIL_E_NOMEM;
	v->rng = s->seed ^ (0x51ed270b27a1f3d5u * (idx + 1));
	vigil__sim_rand(&v->rng);
	v->ident[0].at = INT64_MIN;
	if ((e = get_str(r, vo, "id", v->id, sizeof(v->id), where)) ||
	    (e = read_ident(r, vo, &v->ident[0], where)) ||
	    (e = get_str(r, vo, "class", cls, sizeof(cls), where)) ||
	    (e = get_str(r, vo, "destination", v->dest, sizeof(v->dest), where)) ||
	    (e = get_str(r, vo, "true_name", v->true_name, sizeof(v->true_name), where)) ||
	    (e = get_num(r, vo, "true_imo", 0, 0, 9999999, &timo, where)) ||
	    (e = get_num(r, vo, "shiptype", 70, 0, 99, &shiptype, where)) ||
	    (e = get_num(r, vo, "length", 120, 1, 500, &length, where)) ||
	    (e = get_num(r, vo, "beam", 18, 1, 80, &beam, where)) ||
	    (e = get_num(r, vo, "draught", 6, 0, 25, &draught, where)) ||
	    (e = get_num(r, vo, "speed_kn", 11, 0.5, 40, &speed, where)) ||
	    (e = get_bool(r, vo, "ais", 1, &ais)) ||
	    (e = get_time(r, vo, "start", s->start, &t0, where)) ||
	    (e = get_time(r, vo, "end", s->end, &t1, where)))
		return e;
	if (!v->id[0])
		snprintf(v->id, sizeof(v->id), "V%04zu", idx + 1);
	if (v->ident[0].mmsi < 1000000)
		return fail(r, VIGIL_E_INVAL, "%s.mmsi: required", where);
	if (strcmp(cls, "A") && strcmp(cls, "B"))
		return fail(r, VIGIL_E_INVAL, "%s.class: \"A\" or \"B\"", where);
	memcpy(v->flag, v->ident[0].flag, sizeof(v->flag));
	v->classb = cls[0] == 'B';
	v->shiptype = (uint8_t)shiptype;
	v->fishing = v->shiptype == 30;
	v->to_bow = (uint16_t)(length * 0.8);
	v->to_stern = (uint16_t)(length - v->to_bow);
	v->to_port = (uint8_t)(beam / 2);
	v->to_starboard = (uint8_t)(beam - v->to_port);
	v->speed = (float)speed;
	v->true_imo = (uint32_t)timo;
	v->t_start = t0 > s->start ? t0 : s->start;
	v->t_end = t1 < s->end ? t1 : s->end;
	if ((e = read_route(r, v, vo, vid, v->t_start, (float)draught, where)))
		return e;
	/* Identity changes. */
	if ((e = arr_len(r, vo, "identity", VIGIL_SIM_MAX_WINDOWS - 1, &arr, &n, where)))
		return e;
	for (k = 0; k < n; k++) {
		size_t o = vigil_json_at(r->t, arr, k);
		struct sim_ident *id = &v->ident[k + 1];
		*id = v->ident[k];
		if ((e = read_ident(r, o, id, where)) || (e = get_time(r, o, "at", -1, &id->at, where)))
			return e;
		if (id->at < 0 || id->at <= v->ident[k].at)
			return fail(r, VIGIL_E_INVAL, "%s.identity[%zu].at: required, increasing", where, k);
	}
	v->nident = (uint8_t)(n + 1);
	/* Dark and spoofed windows. */
	if ((e = arr_len(r, vo, "dark", VIGIL_SIM_MAX_WINDOWS - 1, &arr, &n, where)))
		return e;
	for (k = 0; k < n; k++) {
		size_t o = vigil_json_at(r->t, arr, k);
		struct sim_win *w = &v->dark[v->ndark++];
		if ((e = get_time(r, o, "start", -1, &w->t0, where)) || (e = get_time(r, o, "end", -1, &w->t1, where)))
			return e;
		if (w->t0 < 0 || w->t1 <= w->t0)
			return fail(r, VIGIL_E_INVAL, "%s.dark[%zu]: needs start < end", where, k);
	}
	if (!ais) {
		struct sim_win *w = &v->dark[v->ndark++];
		w->t0 = s->start - 1;
		w->t1 = s->end + 1;
	}
	if ((e = arr_len(r, vo, "spoof", VIGIL_SIM_MAX_WINDOWS, &arr, &n, where)))
		return e;
	for (k = 0; k < n; k++) {
		size_t o = vigil_json_at(r->t, arr, k);
		struct sim_win *w = &v->spoof[v->nspoof++];
		if ((e = get_time(r, o, "start", -1, &w->t0, where)) || (e = get_time(r, o, "end", -1, &w->t1, where)) ||
		    (e = get_num(r, o, "lat", NAN, -90, 90, &w->lat, where)) ||
		    (e = get_num(r, o, "lon", NAN, -180, 180, &w->lon, where)))
			return e;
		if (w->t0 < 0 || w->t1 <= w->t0 || isnan(w->lat) || isnan(w->lon))
			return fail(r, VIGIL_E_INVAL, "%s.spoof[%zu]: needs start < end, lat and lon", where, k);
	}
	return 0;
}

/* ---- random background vessels for the benchmark day ---- */

static const struct {
	double min_lat, max_lat, min_lon, max_lon;
} seas[] = {
	{ 36.0, 41.0, 131.0, 137.0 },   /* Sea of Japan, central */
	{ 34.5, 38.0, 121.0, 125.0 },   /* Yellow Sea */
	{ 28.0, 32.0, 123.0, 127.0 },   /* East China Sea */
	{ 38.2, 39.8, 119.0, 121.0 },   /* Bohai */
};

static int random_vessel(struct vigil_sim *s, struct sim_vessel *v, size_t idx, double moored,
			 double classb)
{
	static const uint16_t mid[] = { 412, 413, 414, 440, 441, 431, 273, 351, 352, 370, 477, 636, 538, 667 };
	struct plan p;
	struct sim_leg tmp[40];
	double u, box[4];
	unsigned k, nleg;

	memset(v, 0, sizeof(*v));
	v->ident = calloc(1, sizeof(*v->ident));
	if (!v->ident)
		return VIGIL_E_NOMEM;
	v->rng = s->seed ^ (0x2545f4914f6cdd1du * (idx + 1));
	vigil__sim_rand(&v->rng);
	v->background = 1;
	snprintf(v->id, sizeof(v->id), "B%06zu", idx + 1);
	v->ident[0].at = INT64_MIN;
	v->ident[0].mmsi = mid[vigil__sim_rand(&v->rng) % (sizeof(mid) / sizeof(mid[0]))] * 1000000u +
			   (uint32_t)(100000 + idx % 900000);
	snprintf(v->ident[0].name, sizeof(v->ident[0].name), "SIM %zu", idx + 1);
	snprintf(v->ident[0].callsign, sizeof(v->ident[0].callsign), "S%zu", (idx + 1) % 1000000);
	v->nident = 1;
	u = vigil__sim_unif(&v->rng);
	v->classb = u >= moored && u < moored + classb;
	v->shiptype = v->classb ? (vigil__sim_rand(&v->rng) & 1 ? 30 : 37) : (uint8_t)(70 + vigil__sim_rand(&v->rng) % 20);
	v->fishing = v->shiptype == 30;
	if (!v->classb) {
		/* A valid IMO: six digits, then the check digit. */
		uint32_t six = 900000 + (uint32_t)(idx % 99999), x = six, sum = 0, w;
		for (w = 2; w <= 7; w++, x /= 10)
			sum += (x % 10) * w;
		v->ident[0].imo = six * 10 + sum % 10;
	}
	v->to_bow = 80;
	v->to_stern = 20;
	v->to_port = 8;
	v->to_starboard = 8;
	v->speed = (float)(v->classb ? 6 + 4 * vigil__sim_unif(&v->rng) : 8 + 8 * vigil__sim_unif(&v->rng));
	v->t_start = s->start;
	v->t_end = s->end;
	p.v = v;
	p.cap = sizeof(tmp) / sizeof(tmp[0]);
	p.t = s->start;
	p.draught = 7;
	v->legs = tmp;
	if (u < moored) {
		const struct sim_port *pt = &s->ports[vigil__sim_rand(&v->rng) % s->nports];
		if (s->rbox[1] > s->rbox[0]) {
			/* Moored in a port of the random region, if it has any. */
			size_t j, cnt = 0, pick;
			for (j = 0; j < s->nports; j++)
				cnt += s->ports[j].lat >= s->rbox[0] - 0.3 && s->ports[j].lat <= s->rbox[1] + 0.3 &&
				       s->ports[j].lon >= s->rbox[2] - 0.3 && s->ports[j].lon <= s->rbox[3] + 0.3;
			pick = cnt ? vigil__sim_rand(&v->rng) % cnt : 0;
			for (j = 0; cnt && j < s->nports; j++)
				if (s->ports[j].lat >= s->rbox[0] - 0.3 && s->ports[j].lat <= s->rbox[1] + 0.3 &&
				    s->ports[j].lon >= s->rbox[2] - 0.3 && s->ports[j].lon <= s->rbox[3] + 0.3 &&
				    pick-- == 0) {
					pt = &s->ports[j];
					break;
				}
		}
		struct sim_leg *l;
		double rad = pt->radius_km * 1000 * 0.35 * vigil__sim_unif(&v->rng);
		double ang = 6.283185 * vigil__sim_unif(&v->rng);
		p.lat = pt->lat;
		p.lon = pt->lon;
		offset(&p.lat, &p.lon, rad * cos(ang), rad * sin(ang));
		l = dwell(&p, s->end + 1, DW_PORT, 5, 15);
		if (l)
			l->port = (int16_t)(pt - s->ports);
		goto keep;
	}
	k = (unsigned)(vigil__sim_rand(&v->rng) % (sizeof(seas) / sizeof(seas[0])));
	box[0] = seas[k].min_lat;
	box[1] = seas[k].max_lat;
	box[2] = seas[k].min_lon;
	box[3] = seas[k].max_lon;
	if (s->rbox[1] > s->rbox[0])
		memcpy(box, s->rbox, sizeof(box));
	p.lat = box[0] + (box[1] - box[0]) * vigil__sim_unif(&v->rng);
	p.lon = box[2] + (box[3] - box[2]) * vigil__sim_unif(&v->rng);
	for (nleg = 0; nleg < 36 && p.t < s->end; nleg++) {
		double lat = box[0] + (box[1] - box[0]) * vigil__sim_unif(&v->rng);
		double lon = box[2] + (box[3] - box[2]) * vigil__sim_unif(&v->rng);
		go(&p, lat, lon, v->speed, -1);
	}
	if (p.t < s->end)
		dwell(&p, s->end + 1, DW_SEA, v->fishing ? 7 : 0, 300);
keep:
	/* Planned in a scratch table, kept at its exact size: memory is per vessel on the benchmark day. */
	v->legs = malloc(v->nlegs * sizeof(*v->legs));
	if (!v->legs)
		return VIGIL_E_NOMEM;
	memcpy(v->legs, tmp, v->nlegs * sizeof(*v->legs));
	return 0;
}

/* ---- top level ---- */

static int read_scenario(struct rd *r, const struct vigil_sim_opt *opt)
{
	struct vigil_sim *s = r->sim;
	char (*vid)[4][24] = NULL;
	double hours, seed, nrand, moored, classb;
	size_t arr, n, k, nr = 0;
	int e;
	int64_t t0;

	if (r->t[0].type != VIGIL_JSON_OBJECT)
		return fail(r, VIGIL_E_INVAL, "scenario: expected a JSON object");
	if ((e = get_str(r, 0, "name", s->name, sizeof(s->name), "scenario")) ||
	    (e = get_time(r, 0, "start", 1709856000000LL, &t0, "scenario")))
		return e;
	s->start = t0;
	if ((e = get_num(r, 0, "hours", 24, 0.01, VIGIL_SIM_MAX_HOURS, &hours, "scenario")) ||
	    (e = get_num(r, 0, "seed", 1, 0, 9007199254740991.0, &seed, "scenario")) ||
	    (e = get_num(r, 0, "gap_min_h", 6, 0.1, 1000, &s->gap_min_h, "scenario")) ||
	    (e = get_num(r, 0, "static_every_s", 360, 10, 86400, &s->static_every_s, "scenario")) ||
	    (e = get_num(r, 0, "rate_scale", 1, 0.1, 100, &s->rate_scale, "scenario")) ||
	    (e = get_num(r, 0, "random_vessels", 0, 0, VIGIL_SIM_MAX_RANDOM, &nrand, "scenario")) ||
	    (e = get_num(r, 0, "random_moored", 0.55, 0, 1, &moored, "scenario")) ||
	    (e = get_num(r, 0, "random_class_b", 0.25, 0, 1, &classb, "scenario")))
		return e;
	{
		int g;
		get_bool(r, 0, "groups", 1, &g);
		s->groups = (uint8_t)g;
	}
	if (opt && opt->hours > 0)
		hours = opt->hours > VIGIL_SIM_MAX_HOURS ? VIGIL_SIM_MAX_HOURS : opt->hours;
	if (opt && opt->vessels > 0)
		nrand = (double)(opt->vessels > VIGIL_SIM_MAX_RANDOM ? VIGIL_SIM_MAX_RANDOM : opt->vessels);
	if (opt && opt->max_random > 0 && nrand > opt->max_random)
		nrand = (double)opt->max_random;
	s->seed = opt && opt->seed_set ? opt->seed : (uint64_t)seed;
	s->end = s->start + (int64_t)(hours * SIM_HOUR_MS);
	s->region[0] = 28;
	s->region[1] = 46;
	s->region[2] = 117;
	s->region[3] = 142;
	{
		size_t reg = get(r, 0, "region");
		if (reg && ((e = get_num(r, reg, "min_lat", 28, -90, 90, &s->region[0], "region")) ||
			    (e = get_num(r, reg, "max_lat", 46, -90, 90, &s->region[1], "region")) ||
			    (e = get_num(r, reg, "min_lon", 117, -180, 180, &s->region[2], "region")) ||
			    (e = get_num(r, reg, "max_lon", 142, -180, 180, &s->region[3], "region"))))
			return e;
	}
	{
		size_t rb = get(r, 0, "random_region");
		if (rb && ((e = get_num(r, rb, "min_lat", 0, -90, 90, &s->rbox[0], "random_region")) ||
			   (e = get_num(r, rb, "max_lat", 0, -90, 90, &s->rbox[1], "random_region")) ||
			   (e = get_num(r, rb, "min_lon", 0, -180, 180, &s->rbox[2], "random_region")) ||
			   (e = get_num(r, rb, "max_lon", 0, -180, 180, &s->rbox[3], "random_region"))))
			return e;
		if (rb && !(s->rbox[0] < s->rbox[1] && s->rbox[2] < s->rbox[3]))
			return fail(r, VIGIL_E_INVAL, "random_region: needs min < max");
	}
	if ((e = read_ports(r)) || (e = read_receivers(r)) || (e = read_holes(r)))
		return e;
	vid = calloc(VIGIL_SIM_MAX_MEETINGS, sizeof(*vid));
	if (!vid)
		return VIGIL_E_NOMEM;
	if ((e = read_meetings(r, vid)))
		goto out;
	s->bg_truth = nrand + VIGIL_SIM_MAX_VESSELS <= 15000;
	if ((e = arr_len(r, 0, "vessels", VIGIL_SIM_MAX_VESSELS, &arr, &n, "scenario")))
		goto out;
	nr = (size_t)nrand;
	s->v = calloc(n + nr ? n + nr : 1, sizeof(*s->v));
	if (!s->v) {
		e = VIGIL_E_NOMEM;
		goto out;
	}
	for (k = 0; k < n; k++) {
		size_t j;
		s->nv = k + 1;   /* counted first: release() frees what a failed read allocated */
		if ((e = read_vessel(r, vigil_json_at(r->t, arr, k), &s->v[k], (const char (*)[4][24])vid, k)))
			goto out;
		for (j = 0; j < k; j++)
			if (!strcmp(s->v[j].id, s->v[k].id)) {
				e = fail(r, VIGIL_E_INVAL, "vessels[%zu].id: '%s' used twice", k, s->v[k].id);
				goto out;
			}
	}
	s->ndeclared = n;
	/* Every meeting's vessels must exist and route through it. */
	for (k = 0; k < s->nmeet; k++) {
		unsigned j;
		for (j = 0; j < s->meet[k].nv; j++) {
			size_t x;
			for (x = 0; x < n && strcmp(s->v[x].id, vid[k][j]); x++)
				;
			if (x == n || (!s->meet[k].arr[j] && s->meet[k].t0 < s->end)) {
				e = fail(r, VIGIL_E_INVAL, "meetings[%zu]: vessel '%s' %s", k, vid[k][j],
					 x == n ? "is not declared" : "has no route item {\"meeting\": ...} for it");
				goto out;
			}
			s->meet[k].v[j] = (uint32_t)x;
		}
	}
	for (k = 0; k < nr; k++) {
		s->nv = n + k + 1;
		if ((e = random_vessel(r->sim, &s->v[n + k], k, moored, classb)))
			goto out;
	}
	e = 0;
out:
	free(vid);
	return e;
}

static void release(struct vigil_sim *s)
{
	size_t i;

	for (i = 0; i < s->nv; i++) {
		free(s->v[i].legs);
		free(s->v[i].visits);
		free(s->v[i].ident);
		free(s->v[i].dark);
		free(s->v[i].spoof);
	}
	for (i = 0; i < s->nrecv; i++)
		free(s->recv[i].win);
	free(s->v);
	free(s->recv);
	free(s->holes);
	free(s->meet);
	free(s->ports);
	free(s->when);
	free(s->next);
	free(s->head);
	free(s->tail);
	free(s->sil);
	free(s->truth);
	free(s->meta);
}

void vigil_sim_free(struct vigil_sim *s)
{
	if (!s)
		return;
	release(s);
	free(s);
}

int vigil_sim_new(const char *json, size_t len, const struct vigil_sim_opt *opt,
		  struct vigil_sim **out, char *err, size_t errcap)
{
	struct rd r;
	struct vigil_json_tok *tok;
	size_t ntok = 0, cap, errpos = 0;
	struct vigil_sim *s;
	int e;

	*out = NULL;
	if (err && errcap)
		err[0] = 0;
	memset(&r, 0, sizeof(r));
	r.err = err;
	r.errcap = errcap;
	if (len > VIGIL_SIM_MAX_JSON)
		return fail(&r, VIGIL_E_TOOBIG, "scenario larger than %u bytes", VIGIL_SIM_MAX_JSON);
	cap = len / 2 + 16;
	tok = malloc(cap * sizeof(*tok));
	s = calloc(1, sizeof(*s));
	if (!tok || !s) {
		free(tok);
		free(s);
		return fail(&r, VIGIL_E_NOMEM, "out of memory");
	}
	e = vigil_json_parse(json, len, tok, cap, &ntok, &errpos);
	if (e) {
		free(tok);
		free(s);
		return fail(&r, VIGIL_E_JSON, "malformed JSON at byte %zu", errpos);
	}
	r.s = json;
	r.t = tok;
	r.ntok = ntok;
	r.sim = s;
	e = read_scenario(&r, opt);
	if (!e)
		e = vigil__sim_visits(s);
	if (!e)
		e = vigil__sim_start(s);
	free(tok);
	if (e) {
		if (e == VIGIL_E_NOMEM)
			fail(&r, e, "out of memory");
		vigil_sim_free(s);
		return e;
	}
	*out = s;
	return VIGIL_E_OK;
}
