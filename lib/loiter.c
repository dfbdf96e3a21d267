/* loiter.c - streaming loitering detector: per-vessel slow, offshore windows with O(1) state. */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/error.h"
#include "vigil/loiter.h"
#include "hash.h"

#define DEG2RAD (M_PI / 180.0)
#define RAD2DEG (180.0 / M_PI)
#define KN_PER_KMH (1.0 / 1.852)
#define NOV 0xffffffffu

static const char *const kind_names[] = { "loitering", "fishing_loitering", "service_loitering" };
static const char *const reason_names[VIGIL_LOI_R_NBITS] = {
	"long", "still", "hotspot", "far_offshore", "sparse", "no_shore_data", "split", "near_shore",
	"inferred_duration", "bridged_silence"
};

const char *vigil_loiter_kind_name(int kind)
{
	if (kind < 0 || kind > 2)
		return "";
	return kind_names[kind];
}

const char *vigil_loiter_reason_name(unsigned bit)
{
	for (unsigned i = 0; i < VIGIL_LOI_R_NBITS; i++)
		if (bit == 1u << i)
			return reason_names[i];
	return "";
}

void vigil_loiter_config_init(struct vigil_loiter_config *c)
{
	memset(c, 0, sizeof(*c));
	c->profile = "vigil";
	c->max_avg_kn = 2.0;
	c->break_kn = 3.0;
	c->min_duration_ms = 4 * 3600000LL;
	c->max_duration_ms = 24 * 3600000LL;
	c->max_silence_ms = 3 * 3600000LL;
	c->max_bridge_ms = 6 * 3600000LL;
	c->max_inferred_ms = 3600000;
	c->infer_min_kn = 6.0;
	c->min_shore_km = 20 * 1.852;
	c->min_port_km = 10.0;
	c->hotspot_overrides_shore = 1;
	c->fishing_separate = 1;
	c->service_separate = 1;
	c->emit_fishing = 1;
	c->place_recheck_km = 1.0;
	c->place_recheck_ms = 1800000;
	c->max_vessels = 1u << 18;
}

size_t vigil_loiter_params(const struct vigil_loiter_config *c, struct vigil_param *out, size_t max)
{
	const struct vigil_param p[] = {
		{ "max_avg_speed", c->max_avg_kn, "kn" },
		{ "break_speed", c->break_kn, "kn" },
		{ "min_duration", (double)c->min_duration_ms / 1000.0, "s" },
		{ "max_duration", (double)c->max_duration_ms / 1000.0, "s" },
		{ "max_silence", (double)c->max_silence_ms / 1000.0, "s" },
		{ "max_bridge", (double)c->max_bridge_ms / 1000.0, "s" },
		{ "max_inferred", (double)c->max_inferred_ms / 1000.0, "s" },
		{ "infer_min_speed", c->infer_min_kn, "kn" },
		{ "min_shore_km", c->min_shore_km, "km" },
		{ "min_port_km", c->min_port_km, "km" },
		{ "hotspot_overrides_shore", (double)c->hotspot_overrides_shore, "" },
		{ "fishing_separate", (double)c->fishing_separate, "" },
		{ "service_separate", (double)c->service_separate, "" },
	};
	size_t n = sizeof(p) / sizeof(p[0]);

	for (size_t i = 0; i < n && i < max; i++)
		out[i] = p[i];
	return n;
}

struct win {                    /* the open window of one vessel */
	int64_t start, last;
	double start_lat, start_lon, sum_lat, sum_dlon; /* sum_dlon: longitudes relative to start_lon */
	double sum_sdt, sum_dt, max_kn, min_shore, min_port;
	uint64_t first_ref, last_ref;
	uint32_t nfix;
	unsigned place;
	uint32_t pre_ms, bridged_ms; /* unobserved time the reports allow before start; longest bridged silence */
	uint32_t max_dt;            /* longest interval between fixes (bridged silences aside) */
	uint8_t split, pre_edge;    /* pre_edge: pre_ms is the time since the start of input */
};
_Static_assert(sizeof(struct win) <= 128, "the window fits two cache lines");

struct lv {                     /* 256 bytes, 64-byte aligned: a moving vessel's fix touches the first line only */
	uint64_t key;
	int64_t t;                  /* last fix */
	double lat, lon, coslat, coslat_at; /* coslat: cos of latitude coslat_at, refreshed every 0.5 degree */
	uint8_t have_place, live, open, shiptype, seen;
	float kn;                   /* speed of the last fix (reported, else implied, capped at break_kn) */
	/* second cache line: cached geography (slow vessels only) */
	_Alignas(64) int64_t pt;
	double plat, plon, shore_km, port_km;
	unsigned pflags;
	/* third and fourth: the open window (when open), at a fixed place so the prefetch can name it */
	_Alignas(64) struct win w;
};

/* aligned_alloc needs a size that is a multiple of the alignment */
_Static_assert(sizeof(struct lv) == 256, "struct lv is four cache lines");
_Static_assert(offsetof(struct lv, kn) + sizeof(float) <= 64, "a moving vessel's fix touches the first line only");

struct vigil_loiter {
	struct vigil_loiter_config c;
	struct vigil_loiter_stats st;
	struct lv *vs;
	uint32_t nv, capv, *freev, nfreev;
	uint32_t *hash, hmask;
	int64_t now, next_sweep, t0; /* t0: first time of the stream */
	int started;
};

static double km(double lat1, double lon1, double lat2, double lon2)
{
	double s1 = sin(0.5 * ((lat2 - lat1) * DEG2RAD));
	double s2 = sin(0.5 * ((lon2 - lon1) * DEG2RAD));
	double h = s1 * s1 + cos(lat1 * DEG2RAD) * cos(lat2 * DEG2RAD) * s2 * s2;

	return 2 * 6371.0088 * asin(sqrt(h > 1 ? 1 : h));
}

/*
 * km(lat1, lon1, lat2, lon2) < r, without trigonometry when the answer is
 * clear: sin(x) <= |x| gives h <= hu = x^2 + y^2 (half-angle differences in
 * radians), and asin(z) <= z + z^3 for z <= 0.1, so 2 R sqrt(hu) (1 + hu) is
 * an upper bound of the distance; a vessel that moved metres is decided at
 * once. Otherwise (or near r) the haversine decides, as before.
 */
static int near_km(double lat1, double lon1, double lat2, double lon2, double r)
{
	double x = 0.5 * ((lat2 - lat1) * DEG2RAD), y = 0.5 * ((lon2 - lon1) * DEG2RAD), hu = x * x + y * y;

	if (hu <= 0.01 && 2 * 6371.0088 * sqrt(hu) * (1 + hu) * (1 + 1e-9) < r)
		return 1;
	return km(lat1, lon1, lat2, lon2) < r;
}

static double wrap180(double x)
{
	while (x > 180)
		x -= 360;
	while (x < -180)
		x += 360;
	return x;
}

static uint32_t hslot(uint64_t key, uint32_t mask)
{
	return (uint32_t)vigil__mix64(key) & mask;
}

static uint32_t find(const struct vigil_loiter *l, uint64_t key)
{
	uint32_t h = hslot(key, l->hmask);

	while (l->hash[h]) {
		if (l->vs[l->hash[h] - 1].key == key)
			return l->hash[h] - 1;
		h = (h + 1) & l->hmask;
	}
	return NOV;
}

static void hinsert(struct vigil_loiter *l, uint32_t vi)
{
	uint32_t h = hslot(l->vs[vi].key, l->hmask);

	while (l->hash[h])
		h = (h + 1) & l->hmask;
	l->hash[h] = vi + 1;
}

static void hremove(struct vigil_loiter *l, uint32_t vi)
{
	uint32_t h = hslot(l->vs[vi].key, l->hmask), j;

	while (l->hash[h] != vi + 1)
		h = (h + 1) & l->hmask;
	j = h;
	for (;;) {
		uint32_t home;

		j = (j + 1) & l->hmask;
		if (!l->hash[j])
			break;
		home = hslot(l->vs[l->hash[j] - 1].key, l->hmask);
		if ((j > h && (home <= h || home > j)) || (j < h && (home <= h && home > j))) {
			l->hash[h] = l->hash[j];
			h = j;
		}
	}
	l->hash[h] = 0;
	l->vs[vi].live = 0;
	l->freev[l->nfreev++] = vi;
}

static uint32_t get(struct vigil_loiter *l, uint64_t key)
{
	uint32_t vi = find(l, key);

	if (vi != NOV)
		return vi;
	if (l->nfreev) {
		vi = l->freev[--l->nfreev];
	} else {
		if (l->nv >= l->c.max_vessels)
			return NOV;
		if (l->nv == l->capv) {
			/* 256-byte records: double while small, then grow by half */
			uint32_t nc = l->capv < 4096 ? (l->capv ? l->capv * 2 : 256) : l->capv + l->capv / 2;

			if (nc < l->capv)
				nc = l->c.max_vessels;
			struct lv *nvs;
			uint32_t *nf;

			if (nc > l->c.max_vessels)
				nc = l->c.max_vessels;
			nvs = aligned_alloc(64, (size_t)nc * sizeof(*nvs));
			if (!nvs)
				return NOV;
			if (l->nv)
				memcpy(nvs, l->vs, (size_t)l->nv * sizeof(*nvs));
			free(l->vs);
			l->vs = nvs;
			nf = realloc(l->freev, (size_t)nc * sizeof(*nf));
			if (!nf)
				return NOV;
			l->freev = nf;
			l->capv = nc;
		}
		vi = l->nv++;
	}
	if ((uint64_t)(l->nv - l->nfreev) * 2 > l->hmask) {
		uint32_t ns = (l->hmask + 1) * 2, *nh = calloc(ns, sizeof(*nh));

		if (!nh) {
			l->freev[l->nfreev++] = vi;
			return NOV;
		}
		free(l->hash);
		l->hash = nh;
		l->hmask = ns - 1;
		for (uint32_t i = 0; i < l->nv; i++)
			if (l->vs[i].live && i != vi)
				hinsert(l, i);
	}
	memset(&l->vs[vi], 0, sizeof(l->vs[vi]));
	l->vs[vi].key = key;
	l->vs[vi].live = 1;
	hinsert(l, vi);
	return vi;
}

struct vigil_loiter *vigil_loiter_new(const struct vigil_loiter_config *c, int *err)
{
	struct vigil_loiter *l;
	int dummy;

	if (!err)
		err = &dummy;
	if (!c || !(c->max_avg_kn > 0) || !(c->break_kn > 0) || c->min_duration_ms < 0 ||
	    c->max_duration_ms <= 0 || c->max_silence_ms <= 0 || c->max_bridge_ms < 0 || c->max_inferred_ms < 0 || !(c->min_shore_km >= 0) ||
	    !(c->min_port_km >= 0) || !(c->place_recheck_km >= 0) || c->place_recheck_ms < 0 ||
	    c->max_vessels < 1) {
		*err = VIGIL_E_INVAL;
		return NULL;
	}
	l = calloc(1, sizeof(*l));
	if (l) {
		l->hmask = 1023;
		l->hash = calloc(l->hmask + 1, sizeof(*l->hash));
	}
	if (!l || !l->hash) {
		free(l);
		*err = VIGIL_E_NOMEM;
		return NULL;
	}
	l->c = *c;
	*err = VIGIL_E_OK;
	return l;
}

void vigil_loiter_free(struct vigil_loiter *l)
{
	if (!l)
		return;
	free(l->vs);
	free(l->freev);
	free(l->hash);
	free(l);
}

const struct vigil_loiter_stats *vigil_loiter_stats(const struct vigil_loiter *l)
{
	return &l->st;
}

static int kind_of(const struct vigil_loiter_config *c, unsigned type)
{
	if (c->fishing_separate && type == 30)
		return VIGIL_LOITER_FISHING;
	if (c->service_separate && ((type >= 31 && type <= 35) || (type >= 50 && type <= 55)))
		return VIGIL_LOITER_SERVICE;
	return VIGIL_LOITER_LOITERING;
}

/*
 * The part of a silence of dt ms that a stopped ship could have spent at the
 * stop when the report at the silence's other end is d km away (km between
 * the two positions) at kn knots: dt less the time to cover d at kn. 0 when
 * that report does not show the ship in transit (< infer_min_kn: a ship
 * manoeuvring or trawling at 3-5 kn may have spent the silence just as slow,
 * without stopping) or the silence is no silence at all. Capped at 24 h.
 */
static int64_t spare_ms(const struct vigil_loiter *l, double lat1, double lon1, double lat2, double lon2, double kn,
			int64_t dt)
{
	double need;

	if (!(kn >= l->c.infer_min_kn) || dt <= 0)
		return 0;
	need = km(lat1, lon1, lat2, lon2) * KN_PER_KMH / kn * 3600000.0;
	if (!(need < (double)dt))
		return 0;
	dt -= (int64_t)need;
	return dt < 86400000 ? dt : 86400000;
}

/*
 * Close the vessel's window; emit it when it qualifies. post_ms: unobserved
 * time after the last fix that the reports cannot exclude (0 when unknown).
 */
static void win_close(struct vigil_loiter *l, struct lv *v, int64_t post_ms)
{
	struct win wc, *w = &wc;
	struct vigil_loiter_event ev;
	double avg, hours, c = 0.6;
	int64_t obs, inf, judged;

	if (!v->open)
		return;
	v->open = 0;
	wc = v->w;
	l->st.windows++;
	obs = w->last - w->start;
	/* a silence at the input's start counts only when the ship's own rhythm explains it */
	if (w->pre_edge && w->pre_ms > w->max_dt)
		w->pre_ms = 0;
	/* one kind of unobserved time per window: a window that needed a
	 * bridge gets none at its ends */
	inf = w->bridged_ms ? 0 : (int64_t)w->pre_ms + (post_ms > 0 ? post_ms : 0);
	/* nor one whose distance to shore is unknown: without geography any slow
	 * window counts (ports, coasts), too weak a base to stretch */
	if (!l->c.place || isinf(w->min_shore))
		inf = 0;
	judged = obs + (inf < l->c.max_inferred_ms ? inf : l->c.max_inferred_ms > 0 ? l->c.max_inferred_ms : 0);
	if (judged < l->c.min_duration_ms || w->nfix < 2) {
		l->st.rejected_short++;
		return;
	}
	avg = w->sum_dt > 0 ? w->sum_sdt / w->sum_dt : 0;
	if (!(avg < l->c.max_avg_kn)) {
		l->st.rejected_speed++;
		return;
	}
	memset(&ev, 0, sizeof(ev));
	ev.kind = kind_of(&l->c, v->shiptype);
	ev.mmsi = (uint32_t)(v->key >> 32);
	ev.seg = (uint32_t)v->key;
	ev.shiptype = v->shiptype;
	ev.start = w->start;
	ev.end = w->last;
	ev.est_start = w->start - w->pre_ms;
	ev.est_end = w->last + (post_ms > 0 ? post_ms : 0);
	ev.judged_ms = judged;
	ev.bridged_ms = w->bridged_ms;
	ev.start_lat = w->start_lat;
	ev.start_lon = w->start_lon;
	ev.end_lat = v->lat;
	ev.end_lon = v->lon;
	ev.mean_lat = w->sum_lat / w->nfix;
	ev.mean_lon = wrap180(w->start_lon + w->sum_dlon / w->nfix);
	ev.avg_kn = avg;
	ev.max_kn = w->max_kn;
	ev.min_shore_km = w->min_shore;
	ev.min_port_km = w->min_port;
	ev.nfix = w->nfix;
	ev.first_ref = w->first_ref;
	ev.last_ref = w->last_ref;
	ev.place = w->place;
	ev.profile = l->c.profile;
	hours = (double)(w->last - w->start) / 3600000.0;
	if (w->last - w->start >= 2 * l->c.min_duration_ms) {
		ev.reasons |= VIGIL_LOI_R_LONG;
		c += 0.1;
	}
	if (avg < 0.5) {
		ev.reasons |= VIGIL_LOI_R_STILL;
		c += 0.05;
	}
	if (w->place & VIGIL_PLACE_HOTSPOT) {
		ev.reasons |= VIGIL_LOI_R_HOTSPOT;
		c += 0.15;
	}
	if (!l->c.place || isinf(w->min_shore)) {
		ev.reasons |= VIGIL_LOI_R_NO_SHORE;
		c -= 0.15;
	} else if (w->min_shore >= 2 * l->c.min_shore_km) {
		ev.reasons |= VIGIL_LOI_R_FAR;
		c += 0.05;
	}
	if (l->c.place && (w->min_shore < l->c.min_shore_km || w->min_port < l->c.min_port_km ||
			   (w->place & VIGIL_PLACE_PORT))) {
		ev.reasons |= VIGIL_LOI_R_NEAR_SHORE;
		c -= 0.1;
	}
	if (hours > 0 && w->nfix / hours < 2) {
		ev.reasons |= VIGIL_LOI_R_SPARSE;
		c -= 0.2;
	}
	if (w->split) {
		ev.reasons |= VIGIL_LOI_R_SPLIT;
	}
	if (obs < l->c.min_duration_ms) {
		ev.reasons |= VIGIL_LOI_R_INFERRED;
		c -= 0.15;
		l->st.inferred++;
	}
	if (w->bridged_ms) {
		ev.reasons |= VIGIL_LOI_R_BRIDGED;
		c -= 0.1;
		l->st.bridged++;
	}
	ev.confidence = c < 0.05 ? 0.05 : c > 0.99 ? 0.99 : c;
	if (ev.kind == VIGIL_LOITER_FISHING)
		l->st.fishing++;
	else if (ev.kind == VIGIL_LOITER_SERVICE)
		l->st.service++;
	else
		l->st.events++;
	if (l->c.emit && (ev.kind == VIGIL_LOITER_LOITERING || l->c.emit_fishing))
		l->c.emit(l->c.emit_ctx, &ev);
}

/* How long a silent vessel is remembered: its window may still be bridged. */
static int64_t keep_ms(const struct vigil_loiter_config *c)
{
	return c->max_bridge_ms > c->max_silence_ms ? c->max_bridge_ms : c->max_silence_ms;
}

static void sweep(struct vigil_loiter *l)
{
	int64_t keep = keep_ms(&l->c);

	for (uint32_t i = 0; i < l->nv; i++) {
		struct lv *v = &l->vs[i];

		if (!v->live || l->now - v->t <= keep)
			continue;
		win_close(l, v, 0); /* silent since: nothing says whether it stayed */
		hremove(l, i);
	}
}

int vigil_loiter_advance(struct vigil_loiter *l, int64_t t)
{
	if (t > (1LL << 60))
		t = 1LL << 60;
	if (t < -(1LL << 60))
		t = -(1LL << 60);
	if (!l->started) {
		l->started = 1;
		l->now = t;
		l->t0 = t;
		l->next_sweep = t + 3600000;
	}
	if (t > l->now)
		l->now = t;
	if (l->now >= l->next_sweep) {
		sweep(l);
		l->next_sweep = l->now + 3600000;
	}
	return VIGIL_E_OK;
}

int vigil_loiter_finish(struct vigil_loiter *l)
{
	/* the input ends: a window may have lasted until then (the input was
	 * cut, not the ship) when the ship's own rhythm explains the silence:
	 * no longer than its longest interval between fixes in the window */
	for (uint32_t i = 0; i < l->nv; i++) {
		struct lv *v = &l->vs[i];

		if (v->live)
			win_close(l, v, v->open && l->now - v->t <= (int64_t)v->w.max_dt ? l->now - v->t : 0);
	}
	return VIGIL_E_OK;
}

/* Geography for the vessel's position, cached per vessel. */
static void place_of(struct vigil_loiter *l, struct lv *v, const struct vigil_fix *f)
{
	if (!l->c.place) {
		v->pflags = 0;
		v->shore_km = INFINITY;
		v->port_km = INFINITY;
		return;
	}
	if (v->have_place && f->t - v->pt < l->c.place_recheck_ms && near_km(v->plat, v->plon, f->lat, f->lon, l->c.place_recheck_km))
		return;
	v->port_km = INFINITY;
	v->shore_km = INFINITY;
	v->pflags = l->c.place(l->c.place_ctx, f->lat, f->lon, &v->port_km, &v->shore_km);
	if (isnan(v->shore_km))
		v->shore_km = INFINITY;
	if (isnan(v->port_km))
		v->port_km = INFINITY;
	v->have_place = 1;
	v->pt = f->t;
	v->plat = f->lat;
	v->plon = f->lon;
	l->st.place_calls++;
}

/* Open a window for v (its own record); pre_ms as struct win; returns 0. */
static int win_open(struct lv *v, const struct vigil_fix *f, unsigned split, int64_t pre_ms, int pre_edge)
{
	struct win *w = &v->w;

	memset(w, 0, sizeof(*w));
	v->open = 1;
	w->start = f->t;
	w->start_lat = f->lat;
	w->start_lon = f->lon;
	w->first_ref = f->ref;
	w->min_shore = INFINITY;
	w->min_port = INFINITY;
	w->split = (uint8_t)split;
	w->pre_ms = (uint32_t)(pre_ms > 0 ? pre_ms : 0);
	w->pre_edge = (uint8_t)pre_edge;
	return 0;
}

static void win_add(struct lv *v, const struct vigil_fix *f, double kn, int64_t dt)
{
	struct win *w = &v->w;

	w->last = f->t;
	w->last_ref = f->ref;
	w->nfix++;
	w->sum_lat += f->lat;
	w->sum_dlon += wrap180(f->lon - w->start_lon);
	if (dt > 0) {
		w->sum_sdt += kn * (double)dt;
		w->sum_dt += (double)dt;
		if (dt > (int64_t)w->max_dt && dt <= 86400000 && (uint32_t)dt != w->bridged_ms)
			w->max_dt = (uint32_t)dt;
	}
	if (kn > w->max_kn)
		w->max_kn = kn;
	if (v->shore_km < w->min_shore)
		w->min_shore = v->shore_km;
	if (v->port_km < w->min_port)
		w->min_port = v->port_km;
	w->place |= v->pflags;
}

void vigil_loiter_prefetch(const struct vigil_loiter *l, uint32_t hint)
{
	if (hint && hint <= l->nv) {
		const struct lv *v = &l->vs[hint - 1];

		__builtin_prefetch(v);
		__builtin_prefetch(&v->pt);
		__builtin_prefetch(&v->w);
		__builtin_prefetch((const char *)&v->w + 64);
	}
}

int vigil_loiter_add(struct vigil_loiter *l, const struct vigil_fix *f, unsigned shiptype)
{
	return vigil_loiter_add_hint(l, f, shiptype, NULL);
}

int vigil_loiter_add_hint(struct vigil_loiter *l, const struct vigil_fix *f, unsigned shiptype, uint32_t *hint)
{
	uint64_t key = (uint64_t)f->mmsi << 32 | f->seg;
	uint32_t vi;
	struct lv *v;
	int64_t dt = 0;
	double kn;
	int ok;

	l->st.fixes++;
	if (!(f->lat >= -90 && f->lat <= 90 && f->lon >= -180 && f->lon <= 180) || f->t > (1LL << 60) ||
	    f->t < -(1LL << 60))
		return VIGIL_E_OK;
	vigil_loiter_advance(l, f->t);
	if (hint && *hint && *hint <= l->nv && l->vs[*hint - 1].live && l->vs[*hint - 1].key == key) {
		vi = *hint - 1;
	} else {
		vi = get(l, key);
		if (vi == NOV) {
			l->st.dropped_vessels++;
			return VIGIL_E_NOMEM;
		}
		if (hint)
			*hint = vi + 1;
	}
	v = &l->vs[vi];
	if (shiptype)
		v->shiptype = (uint8_t)shiptype;
	if (v->seen) {
		if (f->t <= v->t) {
			l->st.out_of_order++;
			return VIGIL_E_OK;
		}
		dt = f->t - v->t;
	}
	if (f->sog >= 0 && f->sog < 102.25f) {
		kn = f->sog;
	} else if (dt > 0) {
		/* flat earth is plenty between consecutive fixes; cos(lat) is cached per vessel */
		double dlat = f->lat - v->lat, dlon = wrap180(f->lon - v->lon);

		if (fabs(f->lat - v->coslat_at) > 0.5 || v->coslat == 0) {
			v->coslat = cos(f->lat * DEG2RAD);
			v->coslat_at = f->lat;
		}
		dlon *= v->coslat;
		{
			/* in degrees of arc per hour; the square root only for slow fixes */
			double d2 = dlat * dlat + dlon * dlon, hours = (double)dt / 3600000.0;
			double lim = l->c.break_kn / (KN_PER_KMH * 6371.0088 * DEG2RAD) * hours;

			kn = d2 >= lim * lim ? l->c.break_kn
					     : sqrt(d2) * (6371.0088 * DEG2RAD) / hours * KN_PER_KMH;
		}
	} else {
		kn = 0;
	}
	ok = kn < l->c.break_kn;
	if (ok) {
		place_of(l, v, f);
		/* a hotspot waives the distances, never the inside of a port area or land */
		ok = !(v->pflags & (VIGIL_PLACE_PORT | VIGIL_PLACE_LAND)) &&
		     ((l->c.hotspot_overrides_shore && (v->pflags & VIGIL_PLACE_HOTSPOT)) ||
		      (v->shore_km >= l->c.min_shore_km && v->port_km >= l->c.min_port_km));
	}
	if (v->open && dt > l->c.max_silence_ms) {
		/* a long silence ends the window unless it is bridgeable: short
		 * enough, both ends slow and offshore, and close enough together
		 * that drifting explains it: the average speed across it below
		 * max_avg_kn and at most twice the faster of the speeds reported
		 * at its ends (0.5 kn at least, for position noise). A boat that
		 * reports 0.1 kn at both ends yet is found 5 nm away has moved
		 * while unheard (fishing, typically). */
		double across = ok && dt <= l->c.max_bridge_ms
					? km(v->lat, v->lon, f->lat, f->lon) * KN_PER_KMH / ((double)dt / 3600000.0)
					: INFINITY;
		double drift = 2 * (kn > v->kn ? kn : (double)v->kn);

		if (drift < 0.5)
			drift = 0.5;
		if (across < l->c.max_avg_kn && across <= drift) {
			if ((uint64_t)dt > v->w.bridged_ms)
				v->w.bridged_ms = (uint32_t)dt;
			if (across > kn)
				kn = across;
		} else {
			win_close(l, v, spare_ms(l, v->lat, v->lon, f->lat, f->lon, kn, dt));
		}
	}
	if (!ok) {
		/* the fix after the window: moving at kn, it needed d/kn to get here */
		if (v->open)
			win_close(l, v, spare_ms(l, v->lat, v->lon, f->lat, f->lon, kn, dt));
	} else {
		if (v->open && f->t - v->w.start >= l->c.max_duration_ms) {
			win_close(l, v, 0);
			if (win_open(v, f, 1, 0, 0) == 0)
				v->open = 1;
			dt = 0;
		} else if (!v->open) {
			/* the fix before the window: moving at v->kn; or none yet, near the input's start */
			int64_t pre = v->seen ? spare_ms(l, v->lat, v->lon, f->lat, f->lon, v->kn, dt)
					      : f->t - l->t0 <= l->c.max_silence_ms ? f->t - l->t0 : 0;

			if (win_open(v, f, 0, pre, !v->seen) == 0)
				v->open = 1;
			dt = 0;
		}
		if (v->open)
			win_add(v, f, kn, dt);
		else
			l->st.dropped_vessels++; /* no memory for a window */
	}
	v->t = f->t;
	v->lat = f->lat;
	v->lon = f->lon;
	v->kn = (float)kn;
	v->seen = 1;
	return VIGIL_E_OK;
}
