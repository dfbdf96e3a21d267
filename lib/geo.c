/* geo.c - spherical geodesy, point-in-polygon, and the place/area gazetteer with its hashed grid index. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vigil/error.h"
#include "vigil/geo.h"

#define DEG (3.14159265358979323846 / 180.0)
#define KM_PER_DEG (VIGIL_GEO_EARTH_KM * DEG)

/* Grid: 0.1 degree cells; places are filed at least PAD km around their circle. */
#define CELL_DEG 0.1
#define NCOLS 3600u
#define NROWS 1800u
#define PAD_KM 2.0
/* An area whose grown bbox covers more cells than this is tested on every query instead. */
#define BIG_CELLS 65536u
/* Cap on index entries (cell, item) pairs. */
#define MAX_ENTRIES (16u << 20)

/* Index item: area flag, "cell wholly inside" flag, kind, place or area index. */
#define IT_AREA 0x80000000u
#define IT_INSIDE 0x40000000u
#define IT_KIND_SHIFT 24
#define IT_KIND(it) (((it) >> IT_KIND_SHIFT) & 0x0fu)
#define IT_INDEX 0x00ffffffu

struct ix_cell {
	uint32_t key, start, count;
};

/* One grid level: cells hashed by key row * ncols + col, each a run of items. */
struct ix_level {
	struct ix_cell *tab;   /* open addressing, key UINT32_MAX = empty */
	uint32_t mask;         /* table size - 1 */
	uint32_t *items;
	float *ll;             /* lat, lon, radius of each item (places), so a scan stays in one array */
	size_t nitems;
	double deg;            /* cell size */
	uint32_t ncols, nrows;
};

/*
 * Level 0: 0.1 degree cells, places filed within max(radius + PAD, reach)
 * and areas. Level 1: 0.5 degree cells, places only, filed within
 * COARSE_KM: "nearest within 50 km" in open sea is one look-up too.
 */
#define COARSE_KM 50.0
struct vigil__geo_index {
	struct ix_level lv[2];
	uint32_t *big;         /* areas tested on every query */
	size_t nbig;
	double coarse_km;
	double *pcos;          /* cos(latitude) of every place, as vigil_geo_dist_km computes it */
};

/* ---------------- geodesy ---------------- */

double vigil_geo_dist_km(double lat1, double lon1, double lat2, double lon2)
{
	double p1 = lat1 * DEG, p2 = lat2 * DEG;
	double dp = p2 - p1, dl = (lon2 - lon1) * DEG;
	double a = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);

	if (a > 1)
		a = 1;
	return 2 * VIGIL_GEO_EARTH_KM * asin(sqrt(a));
}

/* vigil_geo_dist_km with cos(lat1 * DEG) and cos(lat2 * DEG) given: the same double. */
static double dist_cc(double lat1, double lon1, double c1, double lat2, double lon2, double c2)
{
	double p1 = lat1 * DEG, p2 = lat2 * DEG;
	double dp = p2 - p1, dl = (lon2 - lon1) * DEG;
	double a = sin(dp / 2) * sin(dp / 2) + c1 * c2 * sin(dl / 2) * sin(dl / 2);

	if (a > 1)
		a = 1;
	return 2 * VIGIL_GEO_EARTH_KM * asin(sqrt(a));
}

double vigil_geo_bearing(double lat1, double lon1, double lat2, double lon2)
{
	double p1 = lat1 * DEG, p2 = lat2 * DEG, dl = (lon2 - lon1) * DEG;
	double y = sin(dl) * cos(p2);
	double x = cos(p1) * sin(p2) - sin(p1) * cos(p2) * cos(dl);
	double b;

	if (x == 0 && y == 0)
		return 0;
	b = atan2(y, x) / DEG;
	b = fmod(b + 360.0, 360.0);
	return b >= 360.0 ? 0 : b;
}

static double wrap_lon(double lon)
{
	lon = fmod(lon + 180.0, 360.0);
	if (lon < 0)
		lon += 360.0;
	return lon - 180.0;
}

void vigil_geo_dest(double lat, double lon, double bearing_deg, double dist_km,
		    double *lat2, double *lon2)
{
	double d = dist_km / VIGIL_GEO_EARTH_KM, th = bearing_deg * DEG;
	double p1 = lat * DEG, l1 = lon * DEG;
	double sp2 = sin(p1) * cos(d) + cos(p1) * sin(d) * cos(th);
	double p2, l2;

	if (sp2 > 1)
		sp2 = 1;
	if (sp2 < -1)
		sp2 = -1;
	p2 = asin(sp2);
	l2 = l1 + atan2(sin(th) * sin(d) * cos(p1), cos(d) - sin(p1) * sp2);
	*lat2 = p2 / DEG;
	*lon2 = wrap_lon(l2 / DEG);
}

void vigil_bbox_empty(struct vigil_bbox *b)
{
	b->min_lat = b->min_lon = 1e9;
	b->max_lat = b->max_lon = -1e9;
}

void vigil_bbox_extend(struct vigil_bbox *b, double lat, double lon)
{
	if (lat < b->min_lat) b->min_lat = lat;
	if (lat > b->max_lat) b->max_lat = lat;
	if (lon < b->min_lon) b->min_lon = lon;
	if (lon > b->max_lon) b->max_lon = lon;
}

/* Degrees of longitude spanned by km at latitude lat (conservative: uses the poleward edge). */
static double lon_deg_for(double lat, double km)
{
	double dlat = km / KM_PER_DEG, edge = fabs(lat) + dlat;
	double c;

	if (edge >= 89.0)
		return 360.0;
	c = cos(edge * DEG);
	return km / (KM_PER_DEG * c);
}

void vigil_bbox_around(struct vigil_bbox *b, double lat, double lon, double km)
{
	double dlat = km / KM_PER_DEG, dlon = lon_deg_for(lat, km);

	b->min_lat = lat - dlat < -90 ? -90 : lat - dlat;
	b->max_lat = lat + dlat > 90 ? 90 : lat + dlat;
	b->min_lon = lon - dlon < -180 ? -180 : lon - dlon;
	b->max_lon = lon + dlon > 180 ? 180 : lon + dlon;
}

int vigil_bbox_contains(const struct vigil_bbox *b, double lat, double lon)
{
	return lat >= b->min_lat && lat <= b->max_lat && lon >= b->min_lon && lon <= b->max_lon;
}

int vigil_geo_ring_contains(const struct vigil_geo_pt *r, size_t n, double lat, double lon)
{
	size_t i, j;
	int in = 0;

	for (i = 0, j = n - 1; i < n; j = i++) {
		if ((r[i].lat > lat) != (r[j].lat > lat)) {
			double x = r[i].lon + (lat - r[i].lat) * (r[j].lon - r[i].lon) / (r[j].lat - r[i].lat);
			if (lon < x)
				in = !in;
		}
	}
	return in;
}

/* ---------------- kinds ---------------- */

static const char *const kind_names[VIGIL_GEO__NKINDS] = {
	"port", "anchorage", "sts_hotspot", "aoi", "corridor", "user"
};

const char *vigil_geo_kind_name(int kind)
{
	if (kind < 0 || kind >= VIGIL_GEO__NKINDS)
		return "unknown";
	return kind_names[kind];
}

int vigil_geo_kind_parse(const char *s)
{
	static const struct { const char *prefix; int kind; } alias[] = {
		{ "port", VIGIL_GEO_PORT }, { "harbo", VIGIL_GEO_PORT },
		{ "anchorage", VIGIL_GEO_ANCHORAGE },
		{ "sts", VIGIL_GEO_STS_HOTSPOT }, { "hotspot", VIGIL_GEO_STS_HOTSPOT },
		{ "aoi", VIGIL_GEO_AOI }, { "area of interest", VIGIL_GEO_AOI }, { "area_of_interest", VIGIL_GEO_AOI },
		{ "corridor", VIGIL_GEO_CORRIDOR }, { "transit corridor", VIGIL_GEO_CORRIDOR },
		{ "user", VIGIL_GEO_USER },
	};
	size_t i;

	if (!s)
		return -1;
	while (*s == ' ')
		s++;
	for (i = 0; i < sizeof(alias) / sizeof(alias[0]); i++)
		if (strncasecmp(s, alias[i].prefix, strlen(alias[i].prefix)) == 0)
			return alias[i].kind;
	return -1;
}

/* ---------------- tables ---------------- */

void vigil_geo_init(struct vigil_geo *g)
{
	memset(g, 0, sizeof(*g));
}

static void ix_free(struct vigil__geo_index *ix)
{
	if (!ix)
		return;
	for (int k = 0; k < 2; k++) {
		free(ix->lv[k].tab);
		free(ix->lv[k].items);
		free(ix->lv[k].ll);
	}
	free(ix->big);
	free(ix->pcos);
	free(ix);
}

void vigil_geo_release(struct vigil_geo *g)
{
	size_t i;

	free(g->places);
	free(g->areas);
	free(g->rings);
	free(g->verts);
	for (i = 0; i < g->nsources; i++)
		free(g->sources[i]);
	free(g->sources);
	ix_free(g->ix);
	memset(g, 0, sizeof(*g));
}

/* Grow *arr (element size sz) to hold need elements, capped at max. */
static int grow(void **arr, size_t *cap, size_t need, size_t sz, size_t max)
{
	size_t nc;
	void *p;

	if (need <= *cap)
		return VIGIL_E_OK;
	if (need > max)
		return VIGIL_E_FULL;
	nc = *cap ? *cap : 16;
	while (nc < need)
		nc *= 2;
	if (nc > max)
		nc = max;
	p = realloc(*arr, nc * sz);
	if (!p)
		return VIGIL_E_NOMEM;
	*arr = p;
	*cap = nc;
	return VIGIL_E_OK;
}

static void drop_index(struct vigil_geo *g)
{
	ix_free(g->ix);
	g->ix = NULL;
}

int vigil_geo_source_add(struct vigil_geo *g, const char *src)
{
	size_t i, n;
	char **ns, *c;

	if (!src)
		src = "";
	for (i = g->nsources; i-- > 0;)
		if (strcmp(g->sources[i], src) == 0)
			return (int)i;
	if (g->nsources >= VIGIL_GEO_MAX_SOURCES)
		return -1;
	n = strlen(src);
	if (n > 1000)
		n = 1000;
	c = malloc(n + 1);
	if (!c)
		return -1;
	memcpy(c, src, n);
	c[n] = 0;
	ns = realloc(g->sources, (g->nsources + 1) * sizeof(*ns));
	if (!ns) {
		free(c);
		return -1;
	}
	g->sources = ns;
	g->sources[g->nsources] = c;
	return (int)g->nsources++;
}

const char *vigil_geo_source(const struct vigil_geo *g, unsigned i)
{
	return i < g->nsources ? g->sources[i] : "";
}

static int ok_latlon(double lat, double lon)
{
	return isfinite(lat) && isfinite(lon) && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
}

int vigil_geo_add_place(struct vigil_geo *g, const struct vigil_geo_place *p)
{
	int rc;

	if (!ok_latlon(p->lat, p->lon) || !(p->radius_km >= 0) || p->radius_km > VIGIL_GEO_MAX_RADIUS_KM)
		return VIGIL_E_RANGE;
	if (p->kind >= VIGIL_GEO__NKINDS)
		return VIGIL_E_INVAL;
	rc = grow((void **)&g->places, &g->cap_places, g->nplaces + 1, sizeof(*p), VIGIL_GEO_MAX_PLACES);
	if (rc)
		return rc;
	g->places[g->nplaces] = *p;
	g->places[g->nplaces].country[sizeof(p->country) - 1] = 0;
	g->places[g->nplaces].id[sizeof(p->id) - 1] = 0;
	g->places[g->nplaces].name[sizeof(p->name) - 1] = 0;
	if (p->radius_km > g->max_radius_km)
		g->max_radius_km = p->radius_km;
	g->nplaces++;
	drop_index(g);
	return VIGIL_E_OK;
}

int vigil_geo_add_area(struct vigil_geo *g, const struct vigil_geo_area *a,
		       const struct vigil_geo_ring *rings, size_t nrings,
		       const struct vigil_geo_pt *pts, size_t npts)
{
	struct vigil_geo_area *na;
	size_t i, k, total = 0;
	int rc;

	if (a->kind >= VIGIL_GEO__NKINDS)
		return VIGIL_E_INVAL;
	if (a->radius_km > 0) {
		if (!ok_latlon(a->lat, a->lon) || !(a->radius_km <= 2000))
			return VIGIL_E_RANGE;
		nrings = 0;
	} else {
		if (nrings == 0 || !rings[0].outer)
			return VIGIL_E_INVAL;
		for (i = 0; i < nrings; i++) {
			size_t n = rings[i].n;
			if ((size_t)rings[i].first + n > npts || (size_t)rings[i].first + n < n)
				return VIGIL_E_INVAL;
			if (n > VIGIL_GEO_MAX_RING_VERTS)
				return VIGIL_E_FULL;
			for (k = 0; k < n; k++)
				if (!ok_latlon(pts[rings[i].first + k].lat, pts[rings[i].first + k].lon))
					return VIGIL_E_RANGE;
			/* Drop the closing repeat of the first vertex. */
			if (n > 1 && pts[rings[i].first].lat == pts[rings[i].first + n - 1].lat &&
			    pts[rings[i].first].lon == pts[rings[i].first + n - 1].lon)
				n--;
			if (n < 3)
				return VIGIL_E_INVAL;
			total += n;
		}
	}
	if ((rc = grow((void **)&g->areas, &g->cap_areas, g->nareas + 1, sizeof(*a), VIGIL_GEO_MAX_AREAS)) ||
	    (rc = grow((void **)&g->rings, &g->cap_rings, g->nrings + nrings, sizeof(*rings), VIGIL_GEO_MAX_RINGS)) ||
	    (rc = grow((void **)&g->verts, &g->cap_verts, g->nverts + total, sizeof(*pts), VIGIL_GEO_MAX_VERTS)))
		return rc;
	na = &g->areas[g->nareas];
	*na = *a;
	na->country[sizeof(na->country) - 1] = 0;
	na->id[sizeof(na->id) - 1] = 0;
	na->name[sizeof(na->name) - 1] = 0;
	na->first_ring = (uint32_t)g->nrings;
	na->nrings = (uint32_t)nrings;
	vigil_bbox_empty(&na->bbox);
	if (a->radius_km > 0) {
		vigil_bbox_around(&na->bbox, a->lat, a->lon, a->radius_km);
	} else {
		for (i = 0; i < nrings; i++) {
			size_t n = rings[i].n;
			const struct vigil_geo_pt *p = pts + rings[i].first;
			struct vigil_geo_ring *r = &g->rings[g->nrings++];

			if (p[0].lat == p[n - 1].lat && p[0].lon == p[n - 1].lon)
				n--;
			r->first = (uint32_t)g->nverts;
			r->n = (uint32_t)n;
			r->outer = rings[i].outer ? 1 : 0;
			for (k = 0; k < n; k++) {
				g->verts[g->nverts++] = p[k];
				if (r->outer)
					vigil_bbox_extend(&na->bbox, p[k].lat, p[k].lon);
			}
		}
		na->lat = (na->bbox.min_lat + na->bbox.max_lat) / 2;
		na->lon = (na->bbox.min_lon + na->bbox.max_lon) / 2;
	}
	g->nareas++;
	drop_index(g);
	return VIGIL_E_OK;
}

/* ---------------- containment and distances ---------------- */

int vigil_geo_area_contains(const struct vigil_geo *g, size_t i, double lat, double lon)
{
	const struct vigil_geo_area *a = &g->areas[i];
	size_t r, end;
	int in_poly = 0, in_any = 0;

	if (a->radius_km > 0)
		return vigil_geo_dist_km(lat, lon, a->lat, a->lon) <= a->radius_km;
	if (!vigil_bbox_contains(&a->bbox, lat, lon))
		return 0;
	end = (size_t)a->first_ring + a->nrings;
	for (r = a->first_ring; r < end; r++) {
		const struct vigil_geo_ring *rg = &g->rings[r];
		int in = vigil_geo_ring_contains(g->verts + rg->first, rg->n, lat, lon);

		if (rg->outer) {
			if (in_poly)
				in_any = 1;
			in_poly = in;
		} else if (in && in_poly) {
			in_poly = 0;   /* inside a hole of the current polygon */
		}
	}
	return in_any || in_poly;
}

/* Distance from the point to segment a-b in km, in a flat projection centred on the point. */
static double seg_km(double lat, double lon, double coslat, const struct vigil_geo_pt *a,
		     const struct vigil_geo_pt *b)
{
	double dla = a->lon - lon, dlb = b->lon - lon;
	double ax, ay, bx, by, dx, dy, t, l2, px, py;

	if (dla > 180) dla -= 360;
	if (dla < -180) dla += 360;
	if (dlb > 180) dlb -= 360;
	if (dlb < -180) dlb += 360;
	ax = dla * coslat; ay = a->lat - lat;
	bx = dlb * coslat; by = b->lat - lat;
	dx = bx - ax; dy = by - ay;
	l2 = dx * dx + dy * dy;
	t = l2 > 0 ? -(ax * dx + ay * dy) / l2 : 0;
	if (t < 0) t = 0;
	if (t > 1) t = 1;
	px = ax + t * dx; py = ay + t * dy;
	return sqrt(px * px + py * py) * KM_PER_DEG;
}

double vigil_geo_area_km(const struct vigil_geo *g, size_t i, double lat, double lon)
{
	const struct vigil_geo_area *a = &g->areas[i];
	double best = INFINITY, coslat = cos(lat * DEG);
	size_t r, k, end;

	if (a->radius_km > 0) {
		double d = vigil_geo_dist_km(lat, lon, a->lat, a->lon) - a->radius_km;
		return d > 0 ? d : 0;
	}
	if (vigil_geo_area_contains(g, i, lat, lon))
		return 0;
	end = (size_t)a->first_ring + a->nrings;
	for (r = a->first_ring; r < end; r++) {
		const struct vigil_geo_ring *rg = &g->rings[r];
		const struct vigil_geo_pt *v = g->verts + rg->first;

		for (k = 0; k < rg->n; k++) {
			double d = seg_km(lat, lon, coslat, &v[k], &v[k + 1 == rg->n ? 0 : k + 1]);
			if (d < best)
				best = d;
		}
	}
	return best;
}

/* ---------------- the grid index ---------------- */

/* floor(x) as a long, without the libm call for the usual x >= 0 (same value). */
static long floor_l(double x)
{
	return x >= 0 && x < 1e15 ? (long)x : (long)floor(x);
}

static uint32_t lv_row(const struct ix_level *lv, double lat)
{
	long r = floor_l((lat + 90.0) / lv->deg);

	if (r < 0) r = 0;
	if (r >= (long)lv->nrows) r = (long)lv->nrows - 1;
	return (uint32_t)r;
}

static uint32_t lv_col(const struct ix_level *lv, double lon)
{
	long c = floor_l((lon + 180.0) / lv->deg);

	if (c < 0 || c >= (long)lv->ncols) {   /* only lon = 180 or out of range: no division otherwise */
		c %= (long)lv->ncols;
		if (c < 0) c += lv->ncols;
	}
	return (uint32_t)c;
}

static uint32_t cell_row(double lat)
{
	long r = (long)floor((lat + 90.0) / CELL_DEG);

	if (r < 0) r = 0;
	if (r >= (long)NROWS) r = NROWS - 1;
	return (uint32_t)r;
}

static uint32_t hash32(uint32_t k)
{
	k ^= k >> 16;
	k *= 0x7feb352dU;
	k ^= k >> 15;
	k *= 0x846ca68bU;
	k ^= k >> 16;
	return k;
}

static const struct ix_cell *ix_find(const struct ix_level *ix, uint32_t key)
{
	uint32_t h = hash32(key) & ix->mask;

	for (;;) {
		const struct ix_cell *c = &ix->tab[h];
		if (c->key == key)
			return c;
		if (c->key == UINT32_MAX)
			return NULL;
		h = (h + 1) & ix->mask;
	}
}

/* Collected (key, item) pairs while building. */
struct pairs {
	uint64_t *v;
	size_t n, cap;
};

static int pair_add(struct pairs *p, uint32_t key, uint32_t item)
{
	if (p->n == p->cap) {
		size_t nc = p->cap ? p->cap * 2 : 4096;
		uint64_t *nv;
		if (p->n >= MAX_ENTRIES)
			return VIGIL_E_FULL;
		nv = realloc(p->v, nc * sizeof(*nv));
		if (!nv)
			return VIGIL_E_NOMEM;
		p->v = nv;
		p->cap = nc;
	}
	/* Flipping the area bit sorts each cell's areas before its places. */
	p->v[p->n++] = (uint64_t)key << 32 | (item ^ IT_AREA);
	return VIGIL_E_OK;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* File item under every cell of box b at level lv (rows clamp, columns wrap). */
static int file_box(struct pairs *p, const struct ix_level *lv, const struct vigil_bbox *b, uint32_t item)
{
	uint32_t r0 = lv_row(lv, b->min_lat), r1 = lv_row(lv, b->max_lat);
	uint32_t c0 = lv_col(lv, b->min_lon), c1 = lv_col(lv, b->max_lon);
	uint32_t r, c, nc = c1 >= c0 ? c1 - c0 + 1 : lv->ncols - c0 + c1 + 1;
	int rc;

	if (b->max_lon - b->min_lon >= 359.9)
		c0 = 0, nc = lv->ncols;
	for (r = r0; r <= r1; r++)
		for (c = 0; c < nc; c++)
			if ((rc = pair_add(p, r * lv->ncols + (c0 + c) % lv->ncols, item)))
				return rc;
	return VIGIL_E_OK;
}

/* Does the box [la0,la1]x[lo0,lo1] touch any edge of area a (edges' bboxes)? Used cell by cell. */
static int file_polygon(const struct vigil_geo *g, struct pairs *p, uint32_t ai, int *big)
{
	const struct vigil_geo_area *a = &g->areas[ai];
	struct vigil_bbox gb = a->bbox;
	double mlat = PAD_KM / KM_PER_DEG;
	double mlon = lon_deg_for(fabs(gb.min_lat) > fabs(gb.max_lat) ? gb.min_lat : gb.max_lat, PAD_KM);
	uint32_t r0, r1, c0, c1, w, h, r, c;
	size_t e, k, end;
	uint8_t *edge;
	uint32_t kb = (uint32_t)a->kind << IT_KIND_SHIFT;
	int rc = VIGIL_E_OK;

	gb.min_lat = fmax(-90, gb.min_lat - mlat);
	gb.max_lat = fmin(90, gb.max_lat + mlat);
	gb.min_lon = fmax(-180, gb.min_lon - mlon);
	gb.max_lon = fmin(180, gb.max_lon + mlon);
	r0 = cell_row(gb.min_lat); r1 = cell_row(gb.max_lat);
	c0 = (uint32_t)floor((gb.min_lon + 180.0) / CELL_DEG);
	c1 = (uint32_t)floor((gb.max_lon + 180.0) / CELL_DEG);
	if (c1 >= NCOLS) c1 = NCOLS - 1;
	if (c0 > c1) c0 = c1;
	w = c1 - c0 + 1;
	h = r1 - r0 + 1;
	if ((size_t)w * h > BIG_CELLS) {
		*big = 1;
		return VIGIL_E_OK;
	}
	*big = 0;
	edge = calloc((size_t)w * h, 1);
	if (!edge)
		return VIGIL_E_NOMEM;
	end = (size_t)a->first_ring + a->nrings;
	for (e = a->first_ring; e < end; e++) {
		const struct vigil_geo_ring *rg = &g->rings[e];
		const struct vigil_geo_pt *v = g->verts + rg->first;
		for (k = 0; k < rg->n; k++) {
			const struct vigil_geo_pt *u = &v[k], *t = &v[k + 1 == rg->n ? 0 : k + 1];
			double la0 = fmin(u->lat, t->lat) - mlat, la1 = fmax(u->lat, t->lat) + mlat;
			double lo0 = fmin(u->lon, t->lon) - mlon, lo1 = fmax(u->lon, t->lon) + mlon;
			long er0 = (long)floor((la0 + 90.0) / CELL_DEG) - (long)r0;
			long er1 = (long)floor((la1 + 90.0) / CELL_DEG) - (long)r0;
			long ec0 = (long)floor((lo0 + 180.0) / CELL_DEG) - (long)c0;
			long ec1 = (long)floor((lo1 + 180.0) / CELL_DEG) - (long)c0;
			long rr, cc;

			if (er0 < 0) er0 = 0;
			if (ec0 < 0) ec0 = 0;
			if (er1 >= (long)h) er1 = (long)h - 1;
			if (ec1 >= (long)w) ec1 = (long)w - 1;
			for (rr = er0; rr <= er1; rr++)
				for (cc = ec0; cc <= ec1; cc++)
					edge[(size_t)rr * w + (size_t)cc] = 1;
		}
	}
	for (r = 0; r < h && !rc; r++) {
		for (c = 0; c < w && !rc; c++) {
			uint32_t key = (r0 + r) * NCOLS + c0 + c;
			if (edge[(size_t)r * w + c]) {
				rc = pair_add(p, key, IT_AREA | kb | ai);
			} else {
				double clat = -90.0 + (r0 + r + 0.5) * CELL_DEG;
				double clon = -180.0 + (c0 + c + 0.5) * CELL_DEG;
				if (vigil_geo_area_contains(g, ai, clat, clon))
					rc = pair_add(p, key, IT_AREA | IT_INSIDE | kb | ai);
			}
		}
	}
	free(edge);
	return rc;
}

/* Turn sorted (key, item) pairs into level lv's hash table and item runs. */
static int level_build(const struct vigil_geo *g, struct ix_level *lv, struct pairs *p)
{
	size_t i, nkeys = 0, tsize;

	if (p->n)
		qsort(p->v, p->n, sizeof(*p->v), cmp_u64);
	for (i = 0; i < p->n; i++)
		if (i == 0 || (p->v[i] >> 32) != (p->v[i - 1] >> 32))
			nkeys++;
	for (tsize = 16; tsize < nkeys * 2; tsize *= 2)
		;
	lv->tab = malloc(tsize * sizeof(*lv->tab));
	lv->items = malloc((p->n ? p->n : 1) * sizeof(*lv->items));
	lv->ll = malloc((p->n ? p->n : 1) * 3 * sizeof(*lv->ll));
	if (!lv->tab || !lv->items || !lv->ll)
		return VIGIL_E_NOMEM;
	memset(lv->tab, 0xff, tsize * sizeof(*lv->tab));
	lv->mask = (uint32_t)(tsize - 1);
	for (i = 0; i < p->n; i++) {
		uint32_t key = (uint32_t)(p->v[i] >> 32);
		lv->items[i] = (uint32_t)p->v[i] ^ IT_AREA;
		if (!(lv->items[i] & IT_AREA)) {
			const struct vigil_geo_place *pl = &g->places[lv->items[i] & IT_INDEX];
			lv->ll[3 * i] = (float)pl->lat;
			lv->ll[3 * i + 1] = (float)pl->lon;
			lv->ll[3 * i + 2] = pl->radius_km;
		} else {
			lv->ll[3 * i] = lv->ll[3 * i + 1] = lv->ll[3 * i + 2] = 0;
		}
		if (i == 0 || key != (uint32_t)(p->v[i - 1] >> 32)) {
			uint32_t h = hash32(key) & lv->mask;
			while (lv->tab[h].key != UINT32_MAX)
				h = (h + 1) & lv->mask;
			lv->tab[h].key = key;
			lv->tab[h].start = (uint32_t)i;
			lv->tab[h].count = 0;
		}
		((struct ix_cell *)ix_find(lv, key))->count++;
	}
	lv->nitems = p->n;
	return VIGIL_E_OK;
}

int vigil_geo_index(struct vigil_geo *g, double reach_km)
{
	struct vigil__geo_index *ix;
	struct pairs p = { 0 }, q = { 0 };
	size_t i;
	int rc = VIGIL_E_OK;

	drop_index(g);
	if (!(reach_km >= 0) || reach_km > 200)
		return VIGIL_E_RANGE;
	ix = calloc(1, sizeof(*ix));
	if (!ix)
		return VIGIL_E_NOMEM;
	ix->lv[0].deg = CELL_DEG;
	ix->lv[0].ncols = NCOLS;
	ix->lv[0].nrows = NROWS;
	ix->lv[1].deg = 0.5;
	ix->lv[1].ncols = 720;
	ix->lv[1].nrows = 360;
	ix->coarse_km = fmax(COARSE_KM, reach_km);
	for (i = 0; i < g->nplaces && !rc; i++) {
		const struct vigil_geo_place *pl = &g->places[i];
		uint32_t item = (uint32_t)pl->kind << IT_KIND_SHIFT | (uint32_t)i;
		struct vigil_bbox b;

		vigil_bbox_around(&b, pl->lat, pl->lon, fmax(pl->radius_km + PAD_KM, reach_km));
		rc = file_box(&p, &ix->lv[0], &b, item);
		if (!rc) {
			vigil_bbox_around(&b, pl->lat, pl->lon, ix->coarse_km);
			rc = file_box(&q, &ix->lv[1], &b, item);
		}
	}
	for (i = 0; i < g->nareas && !rc; i++) {
		const struct vigil_geo_area *a = &g->areas[i];
		int big = 0;

		if (a->radius_km > 0) {
			struct vigil_bbox b;
			vigil_bbox_around(&b, a->lat, a->lon, a->radius_km + PAD_KM);
			rc = file_box(&p, &ix->lv[0], &b, IT_AREA | (uint32_t)a->kind << IT_KIND_SHIFT | (uint32_t)i);
		} else {
			rc = file_polygon(g, &p, (uint32_t)i, &big);
			if (!rc && big) {
				uint32_t *nb = realloc(ix->big, (ix->nbig + 1) * sizeof(*nb));
				if (!nb)
					rc = VIGIL_E_NOMEM;
				else
					(ix->big = nb)[ix->nbig++] = (uint32_t)i;
			}
		}
	}
	if (!rc)
		rc = level_build(g, &ix->lv[0], &p);
	if (!rc)
		rc = level_build(g, &ix->lv[1], &q);
	free(p.v);
	free(q.v);
	if (rc) {
		ix_free(ix);
		return rc;
	}
	ix->pcos = malloc((g->nplaces ? g->nplaces : 1) * sizeof(*ix->pcos));
	if (!ix->pcos) {
		ix_free(ix);
		return VIGIL_E_NOMEM;
	}
	for (i = 0; i < g->nplaces; i++)
		ix->pcos[i] = cos(g->places[i].lat * DEG);
	g->ix = ix;
	g->reach_km = reach_km;
	return VIGIL_E_OK;
}

/* ---------------- queries ---------------- */

/*
 * Visit the index items that can matter for a point: the point's own cell
 * (s_km <= 0) or every cell of box(point, s_km), plus the big areas. The
 * callback gets the item and, for places, their position (from the index,
 * so a scan does not touch the place records). Each query context starts
 * with `int stop`; setting it ends the walk early.
 */
typedef void (*item_fn)(void *ctx, uint32_t item, double plat, double plon, double prad);

static void for_items(const struct vigil_geo *g, int level, double lat, double lon, double s_km, item_fn fn,
		      void *ctx)
{
	const struct ix_level *ix = g->ix ? &g->ix->lv[level] : NULL;
	const int *stop = ctx;
	size_t i;

	if (!ix) {
		for (i = 0; i < g->nplaces && !*stop; i++)
			fn(ctx, (uint32_t)g->places[i].kind << IT_KIND_SHIFT | (uint32_t)i, g->places[i].lat, g->places[i].lon,
			   g->places[i].radius_km);
		for (i = 0; i < g->nareas && !*stop; i++)
			fn(ctx, IT_AREA | (uint32_t)g->areas[i].kind << IT_KIND_SHIFT | (uint32_t)i, 0, 0, 0);
		return;
	}
	for (i = 0; i < g->ix->nbig && !*stop && level == 0; i++)
		fn(ctx, IT_AREA | (uint32_t)g->areas[g->ix->big[i]].kind << IT_KIND_SHIFT | g->ix->big[i], 0, 0, 0);
	if (s_km <= 0) {
		const struct ix_cell *c = ix_find(ix, lv_row(ix, lat) * ix->ncols + lv_col(ix, lon));
		if (c)
			for (i = c->start; i < (size_t)c->start + c->count && !*stop; i++)
				fn(ctx, ix->items[i], ix->ll[3 * i], ix->ll[3 * i + 1], ix->ll[3 * i + 2]);
	} else {
		struct vigil_bbox b;
		uint32_t r0, r1, c0, c1, r, c, nc, own = lv_row(ix, lat) * ix->ncols + lv_col(ix, lon);

		vigil_bbox_around(&b, lat, lon, s_km);
		r0 = lv_row(ix, b.min_lat); r1 = lv_row(ix, b.max_lat);
		c0 = lv_col(ix, b.min_lon); c1 = lv_col(ix, b.max_lon);
		nc = c1 >= c0 ? c1 - c0 + 1 : ix->ncols - c0 + c1 + 1;
		if (b.max_lon - b.min_lon >= 359.9)
			c0 = 0, nc = ix->ncols;
		for (r = r0; r <= r1; r++)
			for (c = 0; c < nc; c++) {
				uint32_t key = r * ix->ncols + (c0 + c) % ix->ncols;
				const struct ix_cell *cl = ix_find(ix, key);
				/* "Wholly inside" holds for the point's own cell only. */
				uint32_t keep = key == own ? ~0u : ~IT_INSIDE;
				if (cl)
					for (i = cl->start; i < (size_t)cl->start + cl->count && !*stop; i++)
						fn(ctx, ix->items[i] & keep, ix->ll[3 * i], ix->ll[3 * i + 1], ix->ll[3 * i + 2]);
			}
	}
}

/* Squared flat distance in degrees of latitude (ranking and thresholds only). */
static double flat2(double lat, double lon, double coslat, double plat, double plon)
{
	double dl = plon - lon, dy = plat - lat;

	if (dl > 180) dl -= 360;
	if (dl < -180) dl += 360;
	dl *= coslat;
	return dl * dl + dy * dy;
}

struct near_ctx {
	int stop;
	const struct vigil_geo *g;
	double lat, lon, coslat, max2;
	unsigned kinds;
	int found, any;
	double best2;
	struct vigil_geo_hit best;
};

static void near_item(void *vctx, uint32_t item, double plat, double plon, double prad)
{
	struct near_ctx *x = vctx;
	uint32_t i = item & IT_INDEX;

	(void)prad;
	if (!(x->kinds & VIGIL_GEO_KIND_BIT(IT_KIND(item))))
		return;
	if (item & IT_AREA) {
		if ((item & IT_INSIDE) || vigil_geo_area_contains(x->g, i, x->lat, x->lon)) {
			x->found = 1;
			x->best.index = i;
			x->best.is_area = 1;
			x->best.km = 0;
			x->best2 = 0;
			x->stop = 1;   /* nothing is nearer than inside */
		}
	} else {
		double d2 = flat2(x->lat, x->lon, x->coslat, plat, plon);
		if (d2 <= x->max2 && (!x->found || d2 < x->best2)) {
			x->found = 1;
			x->best.index = i;
			x->best.is_area = 0;
			x->best2 = d2;
			if (x->any)
				x->stop = 1;
		}
	}
}

int vigil_geo_nearest(const struct vigil_geo *g, double lat, double lon, double max_km,
		      unsigned kinds, struct vigil_geo_hit *hit)
{
	struct near_ctx x;
	double m;

	if (!ok_latlon(lat, lon) || !(max_km >= 0))
		return 0;
	/*
	 * Beyond the index reach, first ask within the reach (one cell): a place
	 * found there is the nearest of all, and most queries end here.
	 */
	if (g->ix && max_km > g->reach_km && vigil_geo_nearest(g, lat, lon, g->reach_km, kinds, hit))
		return 1;
	memset(&x, 0, sizeof(x));
	x.g = g;
	x.lat = lat;
	x.lon = lon;
	x.coslat = cos(lat * DEG);
	/* Flat distance is within 0.5 % of the great circle here; the exact check follows. */
	m = (max_km * 1.01 + 0.01) / KM_PER_DEG;
	x.max2 = m * m;
	x.kinds = kinds;
	x.any = hit == NULL;
	if (!g->ix || max_km <= g->reach_km)
		for_items(g, 0, lat, lon, 0, near_item, &x);
	else   /* nothing within the reach: places only, on the coarse level */
		for_items(g, 1, lat, lon, max_km - g->ix->coarse_km, near_item, &x);
	if (!x.found)
		return 0;
	if (!x.best.is_area) {
		const struct vigil_geo_place *p = &g->places[x.best.index];
		x.best.km = vigil_geo_dist_km(lat, lon, p->lat, p->lon);
		if (x.best.km > max_km) {
			if (!x.any)
				return 0;
			/* The first hit was just outside: look again for a full answer. */
			return vigil_geo_nearest(g, lat, lon, max_km, kinds, &x.best);
		}
	}
	if (hit)
		*hit = x.best;
	return 1;
}

struct within_ctx {
	int stop;
	const struct vigil_geo *g;
	double lat, lon, coslat, extra;
	unsigned kinds;
	struct vigil_geo_hit *out;
	size_t cap, n, nplaces;
};

static void within_add(struct within_ctx *x, uint32_t i, int is_area, double km)
{
	size_t k, pos;

	for (k = 0; k < x->n && k < x->cap; k++)
		if (x->out[k].index == i && x->out[k].is_area == is_area)
			return;   /* already seen through another cell */
	if (x->n >= x->cap) {
		x->n++;       /* counted, not stored (may count a duplicate: an upper bound) */
		return;
	}
	/* Places nearest first, before all areas. */
	if (is_area) {
		pos = x->n;
	} else {
		for (pos = 0; pos < x->nplaces && x->out[pos].km <= km; pos++)
			;
		memmove(&x->out[pos + 1], &x->out[pos], (x->n - pos) * sizeof(*x->out));
		x->nplaces++;
	}
	x->out[pos].index = i;
	x->out[pos].is_area = (uint8_t)is_area;
	x->out[pos].km = km;
	x->n++;
}

static void within_item(void *vctx, uint32_t item, double plat, double plon, double prad)
{
	struct within_ctx *x = vctx;
	uint32_t i = item & IT_INDEX;

	if (!(x->kinds & VIGIL_GEO_KIND_BIT(IT_KIND(item))))
		return;
	if (item & IT_AREA) {
		double d;
		if (item & IT_INSIDE) {
			within_add(x, i, 1, 0);
			return;
		}
		if (x->extra <= 0) {
			if (vigil_geo_area_contains(x->g, i, x->lat, x->lon))
				within_add(x, i, 1, 0);
			return;
		}
		d = vigil_geo_area_km(x->g, i, x->lat, x->lon);
		if (d <= x->extra)
			within_add(x, i, 1, d);
	} else {
		/* Cheap flat reject, then the exact test. */
		double m = ((prad + x->extra) * 1.01 + 0.01) / KM_PER_DEG, d;
		const struct vigil_geo_place *p;
		if (x->coslat < 0)   /* first place of this query: most queries (open sea) have none */
			x->coslat = cos(x->lat * DEG);
		if (flat2(x->lat, x->lon, x->coslat, plat, plon) > m * m)
			return;
		p = &x->g->places[i];
		d = x->g->ix ? dist_cc(x->lat, x->lon, x->coslat, p->lat, p->lon, x->g->ix->pcos[i])
			     : vigil_geo_dist_km(x->lat, x->lon, p->lat, p->lon);
		if (d <= p->radius_km + x->extra)
			within_add(x, i, 0, d);
	}
}

size_t vigil_geo_within(const struct vigil_geo *g, double lat, double lon, double extra_km,
			unsigned kinds, struct vigil_geo_hit *out, size_t cap)
{
	struct within_ctx x;

	if (!ok_latlon(lat, lon))
		return 0;
	if (!(extra_km >= 0))
		extra_km = 0;
	if (extra_km > 50)
		extra_km = 50;
	memset(&x, 0, sizeof(x));
	x.g = g;
	x.lat = lat;
	x.lon = lon;
	x.coslat = -1;   /* computed when needed (within_item) */
	x.extra = extra_km;
	x.kinds = kinds;
	x.out = out;
	x.cap = out ? cap : 0;
	for_items(g, 0, lat, lon, extra_km - PAD_KM, within_item, &x);
	return x.n;
}

size_t vigil_geo_within_memo(const struct vigil_geo *g, double lat, double lon, double extra_km,
			     unsigned kinds, struct vigil_geo_hit *out, size_t cap, uint32_t *memo)
{
	const struct ix_level *ix;
	uint32_t key;

	/* Only single-cell queries with no big area qualify (see for_items). */
	if (!memo || !g->ix || g->ix->nbig || !ok_latlon(lat, lon) || (extra_km >= 0 && extra_km - PAD_KM > 0)) {
		if (memo)
			*memo = 0;
		return vigil_geo_within(g, lat, lon, extra_km, kinds, out, cap);
	}
	ix = &g->ix->lv[0];
	key = lv_row(ix, lat) * ix->ncols + lv_col(ix, lon);
	if (*memo == key + 1)
		return 0;
	if (!ix_find(ix, key)) {
		*memo = key + 1;
		return 0;
	}
	*memo = 0;
	return vigil_geo_within(g, lat, lon, extra_km, kinds, out, cap);
}

struct interest_ctx {
	int stop;
	const struct vigil_geo *g;
	double lat, lon;
	int in;
};

static void interest_item(void *vctx, uint32_t item, double plat, double plon, double prad)
{
	struct interest_ctx *x = vctx;

	(void)plat;
	(void)plon;
	(void)prad;
	if (!(item & IT_AREA)) {
		x->stop = x->g->ix != NULL;   /* a cell lists its areas first: no more areas */
		return;
	}
	if (!(VIGIL_GEO_INTEREST & VIGIL_GEO_KIND_BIT(IT_KIND(item))))
		return;
	if ((item & IT_INSIDE) || vigil_geo_area_contains(x->g, item & IT_INDEX, x->lat, x->lon))
		x->stop = x->in = 1;
}

int vigil_geo_in_interest(const struct vigil_geo *g, double lat, double lon)
{
	struct interest_ctx x = { 0, g, lat, lon, 0 };

	if (!ok_latlon(lat, lon))
		return 0;
	for_items(g, 0, lat, lon, 0, interest_item, &x);
	return x.in;
}
