/* visit.c - streaming port/area visits per vessel: entry/exit hysteresis, stops and dwell. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/error.h"
#include "vigil/visit.h"

/* Hits looked at per fix (places within radius + margin and areas); more are ignored. */
#define MAX_HITS 32

void vigil_visit_cfg_default(struct vigil_visit_cfg *c)
{
	c->exit_margin_km = 1.0;
	c->stop_kn = 0.5;
	c->resume_kn = 1.0;
	c->stop_min_s = 1800;
	c->max_silence_s = 86400;
	c->min_fixes = 1;
	c->min_port_stay_s = 7200;
	c->min_area_stay_s = 0;
	c->port_need_stop = 1;
	c->kinds = VIGIL_GEO_ALLKINDS;
}

void vigil_visit_state_init(struct vigil_visit_state *st)
{
	memset(st, 0, sizeof(*st));
}

void vigil_visit_prefetch(const struct vigil_visit_state *st)
{
	if (st->open) {
		__builtin_prefetch(st->open);
		__builtin_prefetch((const char *)st->open + 64);
		__builtin_prefetch((const char *)&st->open[1] - 1);
	}
}

void vigil_visit_state_free(struct vigil_visit_state *st)
{
	if (!st)
		return;
	free(st->open);
	st->open = NULL;
	st->nopen = st->cap = 0;
}

/* Port identity of a place: its name (or id) and country, so anchorage points of one port are one visit. */
static int same_port(const struct vigil_geo_place *a, const struct vigil_geo_place *b)
{
	const char *na = a->name[0] ? a->name : a->id, *nb = b->name[0] ? b->name : b->id;

	return strncmp(na, nb, 47) == 0 && strncmp(a->country, b->country, 3) == 0;
}

/* Open place visit o is at the port of place pi (the same point, or a point of the same port)? */
static int same_key(const struct vigil_geo *g, const struct vigil__visit_open *o, uint32_t pi)
{
	return o->v.index == pi || (o->v.index < g->nplaces && same_port(&g->places[o->v.index], &g->places[pi]));
}

/*
 * Close a stop in progress at time t, counting it when long enough, or when
 * the data cut it (censored: it began with the visit's first fix after no data
 * for a while, or was still going when the data ended): its length is unknown,
 * but the ship was seen stopped.
 */
static void end_stop(const struct vigil_visit_cfg *c, struct vigil__visit_open *o, int64_t t, int censored)
{
	if (o->stop_start) {
		int64_t dur = t - o->stop_start;
		if (dur >= c->stop_min_s * 1000 || censored || o->stop_censored) {
			o->v.stopped_ms += dur;
			if (!o->v.first_stop_ms)
				o->v.first_stop_ms = o->stop_start;
			if (dur < c->stop_min_s * 1000)
				o->v.stop_censored = 1;
		}
		o->stop_start = 0;
		o->stop_censored = 0;
	}
}

/* Emit open visit k (end reason given) and remove it from st. */
static void emit(const struct vigil_visit_cfg *c, struct vigil_visit_state *st, int k, int end,
		 struct vigil_visit *out, size_t cap, size_t *nout, int *full)
{
	struct vigil__visit_open *o = &st->open[k];

	end_stop(c, o, o->v.t_out, end != VIGIL_VISIT_EXIT);
	o->v.end = (uint8_t)end;
	if (o->v.nfix >= c->min_fixes && !o->v.stopped_ms && !o->v.first_stop_ms &&
	    ((!o->v.is_area && c->port_need_stop) ||
	     o->v.t_out - o->v.t_in < 1000 * (o->v.is_area ? c->min_area_stay_s : c->min_port_stay_s))) {
		st->transits++;
	} else if (o->v.nfix >= c->min_fixes) {
		if (*nout < cap)
			out[(*nout)++] = o->v;
		else
			*full = 1;
	}
	st->open[k] = st->open[st->nopen - 1];
	st->nopen--;
}

static void touch(struct vigil__visit_open *o, const struct vigil_fix *f)
{
	o->v.nfix++;
	o->v.t_out = f->t;
	o->v.lat_out = f->lat;
	o->v.lon_out = f->lon;
	o->v.ref_last = f->ref;
}

int vigil_visit_feed(const struct vigil_geo *g, const struct vigil_visit_cfg *c,
		     struct vigil_visit_state *st, const struct vigil_fix *f,
		     struct vigil_visit *out, size_t cap, size_t *nout)
{
	struct vigil_geo_hit hits[MAX_HITS];
	size_t nh, i;
	int k, full = 0, have_prev = st->last_t != 0;
	double speed = NAN;

	*nout = 0;
	if (!isfinite(f->lat) || !isfinite(f->lon))
		return VIGIL_E_RANGE;
	if (have_prev && f->t < st->last_t)
		return VIGIL_E_RANGE;
	/* A long silence closes an open visit at its last fix (each visit keeps its own clock). */
	for (k = (int)st->nopen - 1; k >= 0; k--)
		if (f->t - st->open[k].v.t_out > c->max_silence_s * 1000)
			emit(c, st, k, VIGIL_VISIT_SILENCE, out, cap, nout, &full);
	if (isfinite(f->sog))
		speed = f->sog;
	else if (have_prev && f->t > st->last_t && st->last_seg == f->seg)
		speed = vigil_geo_dist_km(st->last_lat, st->last_lon, f->lat, f->lon) / VIGIL_GEO_NM_KM /
			((double)(f->t - st->last_t) / 3600000.0);
	nh = vigil_geo_within_memo(g, f->lat, f->lon, c->exit_margin_km, c->kinds, hits, MAX_HITS, &st->geo_memo);
	if (nh > MAX_HITS)
		nh = MAX_HITS;

	/* Open visits: still within radius + margin? */
	for (k = (int)st->nopen - 1; k >= 0; k--) {
		struct vigil__visit_open *o = &st->open[k];
		int in = 0;

		/* Another segment of the MMSI (a second ship): its visits are not judged by this fix. */
		if (o->v.seg != f->seg)
			continue;
		for (i = 0; i < nh && !in; i++) {
			if (hits[i].is_area != o->v.is_area)
				continue;
			if (o->v.is_area)
				in = hits[i].index == o->v.index;
			else
				in = same_key(g, o, hits[i].index);
		}
		if (!in) {
			emit(c, st, k, VIGIL_VISIT_EXIT, out, cap, nout, &full);
			continue;
		}
		/*
		 * Silent for a while but found (nearly) where it was last seen: it
		 * was stopped in between, whatever its reports said (AIS off at the
		 * berth, a sparse class B). Counted when the silence is long enough
		 * and the mean speed across it below stop_kn.
		 */
		if (!o->stop_start && f->t - o->v.t_out >= c->stop_min_s * 1000 &&
		    vigil_geo_dist_km(o->v.lat_out, o->v.lon_out, f->lat, f->lon) / VIGIL_GEO_NM_KM <
			    c->stop_kn * ((double)(f->t - o->v.t_out) / 3600000.0)) {
			o->v.stopped_ms += f->t - o->v.t_out;
			if (!o->v.first_stop_ms)
				o->v.first_stop_ms = o->v.t_out;
		}
		touch(o, f);
		if (!isnan(speed)) {
			if (!o->stop_start && speed < c->stop_kn)
				o->stop_start = f->t;
			else if (o->stop_start && speed > c->resume_kn)
				end_stop(c, o, f->t, 0);
		}
	}

	/* New entries: strictly inside (radius, polygon), not already open. */
	for (i = 0; i < nh; i++) {
		struct vigil__visit_open *o;
		int dup = 0;

		if (hits[i].is_area) {
			if (hits[i].km > 0)
				continue;
			for (k = 0; k < st->nopen && !dup; k++)
				dup = st->open[k].v.seg == f->seg && st->open[k].v.is_area &&
				      st->open[k].v.index == hits[i].index;
		} else {
			const struct vigil_geo_place *p = &g->places[hits[i].index];
			if (hits[i].km > p->radius_km)
				continue;
			for (k = 0; k < st->nopen && !dup; k++)
				dup = st->open[k].v.seg == f->seg && !st->open[k].v.is_area &&
				      same_key(g, &st->open[k], hits[i].index);
		}
		if (dup)
			continue;
		if (st->nopen >= VIGIL_VISIT_MAX_OPEN) {
			st->dropped++;
			continue;
		}
		if (st->nopen == st->cap) {
			o = realloc(st->open, (size_t)(st->cap + 1) * sizeof(*o));
			if (!o) {
				st->dropped++;
				continue;
			}
			st->open = o;
			st->cap++;
		}
		o = &st->open[st->nopen++];
		memset(o, 0, sizeof(*o));
		o->v.mmsi = f->mmsi;
		o->v.seg = f->seg;
		o->v.is_area = hits[i].is_area;
		o->v.index = hits[i].index;
		if (hits[i].is_area) {
			o->v.kind = g->areas[hits[i].index].kind;
		} else {
			o->v.kind = g->places[hits[i].index].kind;
		}
		o->v.t_in = f->t;
		o->v.lat_in = f->lat;
		o->v.lon_in = f->lon;
		o->v.ref_first = f->ref;
		touch(o, f);
		if (!isnan(speed) && speed < c->stop_kn) {
			o->stop_start = f->t;
			/* Already stopped when first seen here, with no data just before: the stop's start is unknown. */
			o->stop_censored = !have_prev || f->t - st->last_t >= c->stop_min_s * 1000;
		}
	}
	if (!st->nopen)
		vigil_visit_state_free(st);
	st->last_t = f->t;
	st->last_seg = f->seg;
	st->last_lat = f->lat;
	st->last_lon = f->lon;
	return full ? VIGIL_E_FULL : VIGIL_E_OK;
}

int vigil_visit_flush(const struct vigil_visit_cfg *c, struct vigil_visit_state *st,
		      struct vigil_visit *out, size_t cap, size_t *nout)
{
	int full = 0;
	uint32_t dropped, transits;

	*nout = 0;
	while (st->nopen)
		emit(c, st, 0, VIGIL_VISIT_OPEN, out, cap, nout, &full);
	vigil_visit_state_free(st);
	dropped = st->dropped;
	transits = st->transits;
	vigil_visit_state_init(st);
	st->dropped = dropped;
	st->transits = transits;
	return full ? VIGIL_E_FULL : VIGIL_E_OK;
}
