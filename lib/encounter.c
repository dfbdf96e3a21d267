/* encounter.c - streaming encounter detector: 10-minute resampling, per-slot spatial grid, runs, merging. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/encounter.h"
#include "vigil/error.h"
#include "hash.h"

/*
 * Data flow (see encounter.h for the method):
 *   fix -> vessel (hash by mmsi<<32|seg) -> resampled points into the open
 *   slot ring -> when stream time passes slot + max_interp_gap the slot is
 *   closed: spatial grid, neighbours, run updates -> closed runs become raw
 *   records -> pair groups wait merge_gap -> merged, filtered records.
 * Arithmetic follows GFW's Python where it decides the output (haversine,
 * interpolation order, point density rounding, medians, means), so the
 * "gfw-test" profile reproduces GFW's fixtures.
 */

#define EARTH_KM 6371.0
#define DEG2RAD (M_PI / 180.0)
#define RAD2DEG (180.0 / M_PI)
#define POLAR_LAT 89.0
#define NOV 0xffffffffu
#define VBITS 25                /* vessel index bits in a slot point */

static const char *const reason_names[VIGIL_ENC_R_COUNT] = {
	"long", "close", "still", "hotspot", "offshore", "sparse", "near_port", "one_sided", "split"
};

const char *vigil_encounter_reason_name(unsigned bit)
{
	for (unsigned i = 0; i < VIGIL_ENC_R_COUNT; i++)
		if (bit == 1u << i)
			return reason_names[i];
	return "";
}

int vigil_encounter_service_type(unsigned t)
{
	return t == 31 || t == 32 || t == 50 || t == 52 || t == 53;
}

double vigil_encounter_km(double lat1, double lon1, double lat2, double lon2)
{
	double s1 = sin(0.5 * ((lat2 - lat1) * DEG2RAD));
	double s2 = sin(0.5 * ((lon2 - lon1) * DEG2RAD));
	double h = s1 * s1 + cos(lat1 * DEG2RAD) * cos(lat2 * DEG2RAD) * s2 * s2;

	if (h > 1)
		h = 1;
	return 2 * EARTH_KM * asin(sqrt(h));
}

/* The same haversine with the cosines of both latitudes given (cached per point). */
static double km_c(double lat1, double lon1, double c1, double lat2, double lon2, double c2)
{
	double s1 = sin(0.5 * ((lat2 - lat1) * DEG2RAD));
	double s2 = sin(0.5 * ((lon2 - lon1) * DEG2RAD));
	double h = s1 * s1 + c1 * c2 * s2 * s2;

	if (h > 1)
		h = 1;
	return 2 * EARTH_KM * asin(sqrt(h));
}

/* ---- settings ---- */

void vigil_encounter_config_init(struct vigil_encounter_config *c)
{
	memset(c, 0, sizeof(*c));
	c->profile = "vigil";
	c->slot_ms = 600000;
	/* 2 h, not GFW's 70 min: a pair heard only by low-orbit satellites is sampled once per
	 * pass, 90-100 min apart, and 70 min would find it only by luck at the pass edges. */
	c->max_interp_gap_ms = 7200000;
	c->adjacency_km = 0.5;
	c->max_km = 0.5;
	c->max_neighbours = 100;
	c->min_run_ms = 3600000;
	c->run_max_silence_ms = 4 * 3600000LL;
	c->max_run_slots = 1008;
	c->output = VIGIL_ENC_OUT_MERGED;
	c->merge_gap_ms = 4 * 3600000LL;
	c->min_duration_ms = 2 * 3600000LL;
	c->max_median_kn = 2.0;
	c->min_port_km = 10.0;
	c->hotspot_overrides_port = 1;
	c->exclude_service = 1;
	c->exclude_fishing_pairs = 1;
	c->knots_per_mps = 3600.0 / 1852.0;
	c->max_vessels = 1u << 18;
	c->max_runs = 1u << 14;
	c->max_port_runs = 1u << 18;
	c->max_slot_points = 1u << 18;
	c->max_samples = 1u << 19;
}

int vigil_encounter_config_profile(struct vigil_encounter_config *c, const char *name)
{
	vigil_place_fn place = c->place;
	void *pctx = c->place_ctx;
	vigil_shiptype_fn stf = c->shiptype;
	void *sctx = c->shiptype_ctx;
	vigil_encounter_emit_fn emit = c->emit;
	void *ectx = c->emit_ctx;

	if (!name || strcmp(name, "vigil") == 0) {
		vigil_encounter_config_init(c);
	} else if (strcmp(name, "gfw-test") == 0) {
		vigil_encounter_config_init(c);
		c->profile = "gfw-test";
		c->max_interp_gap_ms = 4200000;   /* GFW's 70 min */
		c->adjacency_km = 1.0;
		c->min_run_ms = 30 * 60000LL;
		/* GFW runs live within one UTC day; 24 h keeps them open as long. */
		c->run_max_silence_ms = 24 * 3600000LL;
		c->output = VIGIL_ENC_OUT_RAW | VIGIL_ENC_OUT_MERGED;
		c->merge_gap_ms = 24 * 3600000LL;
		c->min_duration_ms = 0;
		c->max_median_kn = INFINITY;
		c->min_port_km = 0;
		c->exclude_service = 0;
		c->exclude_fishing_pairs = 0;
		c->knots_per_mps = 1.94384; /* GFW's MPS_TO_KNOTS */
	} else {
		return VIGIL_E_NOTFOUND;
	}
	c->place = place;
	c->place_ctx = pctx;
	c->shiptype = stf;
	c->shiptype_ctx = sctx;
	c->emit = emit;
	c->emit_ctx = ectx;
	return VIGIL_E_OK;
}

size_t vigil_encounter_params(const struct vigil_encounter_config *c, struct vigil_param *out, size_t max)
{
	const struct vigil_param p[] = {
		{ "slot", (double)c->slot_ms / 1000.0, "s" },
		{ "max_interp_gap", (double)c->max_interp_gap_ms / 1000.0, "s" },
		{ "adjacency_km", c->adjacency_km, "km" },
		{ "max_km", c->max_km, "km" },
		{ "max_neighbours", (double)c->max_neighbours, "" },
		{ "min_run", (double)c->min_run_ms / 1000.0, "s" },
		{ "run_max_silence", (double)c->run_max_silence_ms / 1000.0, "s" },
		{ "merge_gap", (double)c->merge_gap_ms / 1000.0, "s" },
		{ "min_duration", (double)c->min_duration_ms / 1000.0, "s" },
		{ "max_median_speed", c->max_median_kn, "kn" },
		{ "min_port_km", c->min_port_km, "km" },
		{ "hotspot_overrides_port", (double)c->hotspot_overrides_port, "" },
		{ "exclude_service", (double)c->exclude_service, "" },
		{ "exclude_fishing_pairs", (double)c->exclude_fishing_pairs, "" },
	};
	size_t n = sizeof(p) / sizeof(p[0]);

	for (size_t i = 0; i < n && i < max; i++)
		out[i] = p[i];
	return n;
}

/* ---- engine state ---- */

struct vessel {                 /* what every fix touches: one 64-byte cache line */
	uint64_t key;           /* mmsi << 32 | seg */
	int64_t prev_t;         /* last fix */
	double prev_lat, prev_lon;
	uint64_t prev_ref;
	int64_t next_g;         /* first slot the bracket (prev, next fix) fills */
	uint32_t cnt;           /* fixes seen; the last one is number cnt - 1 */
	uint32_t runs;          /* head of the open runs where this vessel is vessel 1 (index + 1) */
	uint32_t refs;          /* open runs naming this vessel */
	uint8_t first;          /* prev is the vessel's first fix */
	uint8_t live;
	uint8_t have_place;     /* place cache (struct vplace) valid */
};

/* aligned_alloc needs a size that is a multiple of the alignment */
_Static_assert(sizeof(struct vessel) == 64, "struct vessel is one cache line");

struct vplace {                 /* per vessel, parallel to vs: place cache for runs that start near ports, run counts */
	int64_t pt;
	double plat, plon, port_km;
	unsigned pflags;
	uint32_t nrun;          /* open runs where this vessel is vessel 1 */
	uint32_t at_g;          /* how many of them have their last sample at slot gat */
	int64_t gat;
};

/*
 * One resampled position in a slot (40 bytes: ~13 slots of every vessel's
 * points wait max_interp_gap for late fixes, the engine's largest table).
 */
struct spoint {
	double lat, lon;
	uint64_t ref_a, ref_b;  /* the bracketing fixes, numbers cnt_a and cnt_a + 1 */
	uint32_t cnt_a;
	uint32_t v : VBITS;     /* vessel index (max_vessels is clamped to 2^VBITS) */
	uint32_t dens100 : 7;   /* GFW's point density (rounded to 2 decimals) x 100: 1..100 */
};

_Static_assert(sizeof(struct spoint) == 40, "slot points stay 40 bytes");

struct ptrig {                  /* per point of the closing slot: cached trigonometry */
	double coslat, sinlon, coslon;
};

struct slot {
	int64_t g;
	struct spoint *p;
	uint32_t n, cap;
};

struct samp {                   /* one slot of a run */
	double d, s1, s2;       /* distance; implied speeds of both vessels since the previous slot */
};

/*
 * Run samples live in fixed chunks of one shared pool (slabs that are never
 * moved, a free list threaded through next): a run holds ceil(n / SCHUNK)
 * chunks, a closed run gives its chain back in O(1), and no per-run array
 * is reallocated while it grows (the doubling arrays held ~2x their samples).
 */
#define SCHUNK 10               /* samples per chunk: 248 bytes */
#define SLAB_BITS 8             /* chunks per slab: 256 (63 KB) */

struct schunk {
	struct samp s[SCHUNK];
	uint32_t next;          /* next chunk of the run or of the free list, index + 1; 0 none */
};

/*
 * A run is a small hot record (every open run, 32 bytes) and, only for runs
 * that store samples, a cold record from a separate pool: most runs in
 * crowded anchorages start near a port and are counters only ("doomed").
 */
struct rhot {
	int64_t last;           /* slot of the last sample */
	uint32_t next, prev;    /* vessel 1's list of open runs (newest first), index + 1 */
	uint32_t n;             /* samples */
	uint32_t v1, v2;        /* vessels */
	unsigned cold : 28;     /* cold record index + 1; 0 none (yet) (< COLD_MAX) */
	unsigned open : 1, split : 1, doomed : 1; /* doomed: starts near a port; counted, not stored */
};

_Static_assert(sizeof(struct rhot) == 32, "struct rhot is half a cache line");
#define COLD_MAX ((1u << 28) - 2) /* cold records at most (the cold field's range) */

struct run {                    /* the cold part */
	/* written at every sample (first cache lines) */
	double p1lat, p1lon, p2lat, p2lon, p1c, p2c; /* previous samples and their cos(lat); p1 is the end */
	double sum_lat, sum_sin, sum_cos, dens1, dens2, min_km;
	uint32_t head, tail;    /* the run's sample chunks, index + 1 (0: none yet) */
	uint64_t ref1[2], ref2[2];
	uint32_t cnt1[2], cnt2[2];
	/* set once */
	uint64_t k1, k2;
	int64_t start;
	double start_lat, start_lon;
};

struct rawrec {                 /* what merging reads of a raw encounter (176 bytes with struct raw, not 256) */
	int64_t start, end;
	double start_lat, start_lon, end_lat, end_lon, mean_lat, mean_lon;
	double min_km, median_km;
	double median_kn[2];    /* median_kn[0] is also the raw record's median_speed_kn */
	uint64_t first_ref[2], last_ref[2];
	int points[2];
	unsigned reasons;
};

struct raw {                    /* a raw record kept for merging */
	struct rawrec e;
	uint64_t k[2];
	uint32_t cnt[2][2];     /* [vessel][first,last] */
};

_Static_assert(sizeof(struct raw) <= 176, "raw records held for merging stay small");

struct group {
	uint64_t ka, kb;        /* ka < kb */
	int64_t max_end;
	struct raw *r;
	uint32_t n, cap;
};

struct sp {                     /* a point of the closing slot, in grid-cell order */
	double lat, lon, coslat;
	uint64_t vkey;
	int64_t ckey;
	uint32_t i;             /* index in the slot */
	uint32_t v;             /* vessel index */
};

struct apair {                  /* an adjacent pair of the closing slot, waiting for its run update */
	double d;
	uint64_t hv;            /* vigil__mix64(vi << 32 | vj): the run map hash */
	uint32_t i, j;          /* slot indices of vessel 1 and vessel 2 */
	uint32_t vi, vj;        /* their vessel indices */
};

#define APAIRS 1024             /* pairs batched per flush (prefetch distance needs a few) */

struct nbr {
	double d;
	uint64_t key;
	uint32_t j, v;          /* slot index, vessel index */
};

struct vigil_encounter_engine {
	struct vigil_encounter_config c;
	struct vigil_encounter_stats st;
	/* vessels */
	struct vessel *vs;      /* 64-byte aligned */
	struct vplace *vp;      /* parallel to vs */
	uint32_t nv, capv, *freev, nfreev;
	uint32_t *hash;         /* vessel index + 1, open addressing */
	uint32_t hmask;
	/* slots */
	struct slot *ring;
	uint32_t nring;
	int started;
	int64_t now, oldest, next_sweep, next_close; /* next_close: oldest + max_interp_gap */
	uint64_t pending;       /* points in open slots */
	uint32_t last_n;        /* points of the last closed slot (sizes new slots) */
	/* runs */
	struct rhot *rh;        /* hot records */
	uint32_t nruns, capr, *freer, nfreer, nopen;
	uint32_t nport;         /* open runs that are doomed (near a port); nopen - nport count against max_runs */
	int64_t min_last;       /* no open run has an older last slot (INT64_MIN: unknown) */
	uint32_t maxr;          /* max_runs + max_port_runs (clamped): records in rh */
	struct run *runs;       /* cold records */
	uint32_t ncold, capc, *freec, nfreec;
	double *med;            /* scratch for medians, 3 x max_run_slots */
	uint64_t samp_total;    /* sample capacity held by open runs (chunks x SCHUNK) */
	struct schunk **slab;   /* sample chunk pool: slab[c >> SLAB_BITS][c & mask] is chunk c */
	uint32_t nslab, capslab, nchunk, cfree; /* chunks made; free list head (index + 1) */
	uint64_t *rm;           /* open runs by (v1, v2): low 32 bits hash << 32 | hot index + 1; 0 empty */
	uint32_t rmask, rcount;
	/* merge groups */
	uint32_t nraws;         /* raw records held in groups (at most max_runs) */
	struct group *groups;
	uint32_t ngroups, capg;
	uint32_t *gmap, gmask;  /* group index + 1 by pair hash */
	/* per-slot scratch */
	struct sp *sp;
	uint32_t capsp;
	struct nbr *nb, *nb2;   /* candidates of one point within adjacency_km (any order), merge scratch */
	uint32_t capnb, capnb2;
	struct apair *ap;       /* APAIRS */
	struct ptrig *pt;
	uint32_t cappt;
	double hr;              /* haversine h of adjacency_km, for the prefilter */
	double cd;              /* grid cell size, degrees */
	int64_t ncx;
};

static int64_t floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if (a % b != 0 && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/* Ring position of slot time g (also before 1970). */
static uint32_t ring_index(const struct vigil_encounter_engine *e, int64_t g)
{
	int64_t k = floordiv(g, e->c.slot_ms) % (int64_t)e->nring;

	return (uint32_t)(k < 0 ? k + e->nring : k);
}

static int grow(void **p, uint32_t *cap, uint32_t need, size_t size, uint32_t max)
{
	uint32_t nc;
	void *np;

	if (need <= *cap)
		return 0;
	if (need > max)
		return -1;
	nc = *cap ? *cap : need < 4 ? 4 : need;
	while (nc < need)
		nc = nc > max / 2 ? max : nc * 2;
	np = realloc(*p, (size_t)nc * size);
	if (!np)
		return -1;
	*p = np;
	*cap = nc;
	return 0;
}

static uint32_t hslot(uint64_t key, uint32_t mask)
{
	return (uint32_t)vigil__mix64(key) & mask;
}

static uint32_t vessel_find(const struct vigil_encounter_engine *e, uint64_t key)
{
	uint32_t h = hslot(key, e->hmask);

	while (e->hash[h]) {
		if (e->vs[e->hash[h] - 1].key == key)
			return e->hash[h] - 1;
		h = (h + 1) & e->hmask;
	}
	return NOV;
}

static void hash_insert(struct vigil_encounter_engine *e, uint32_t vi)
{
	uint32_t h = hslot(e->vs[vi].key, e->hmask);

	while (e->hash[h])
		h = (h + 1) & e->hmask;
	e->hash[h] = vi + 1;
}

static int hash_grow(struct vigil_encounter_engine *e)
{
	uint32_t nsize = (e->hmask + 1) * 2;
	uint32_t *nh = calloc(nsize, sizeof(*nh));

	if (!nh)
		return -1;
	free(e->hash);
	e->hash = nh;
	e->hmask = nsize - 1;
	for (uint32_t i = 0; i < e->nv; i++)
		if (e->vs[i].live)
			hash_insert(e, i);
	return 0;
}

/* Remove a vessel from the hash (backward-shift deletion) and free its index. */
static void vessel_remove(struct vigil_encounter_engine *e, uint32_t vi)
{
	uint32_t h = hslot(e->vs[vi].key, e->hmask), j;

	while (e->hash[h] != vi + 1)
		h = (h + 1) & e->hmask;
	j = h;
	for (;;) {
		uint32_t home;

		j = (j + 1) & e->hmask;
		if (!e->hash[j])
			break;
		home = hslot(e->vs[e->hash[j] - 1].key, e->hmask);
		/* move j back into h when its home is not in (h, j] cyclically */
		if ((j > h && (home <= h || home > j)) || (j < h && (home <= h && home > j))) {
			e->hash[h] = e->hash[j];
			h = j;
		}
	}
	e->hash[h] = 0;
	e->vs[vi].live = 0;
	e->freev[e->nfreev++] = vi;
}

static uint32_t vessel_get(struct vigil_encounter_engine *e, uint64_t key)
{
	uint32_t vi = vessel_find(e, key);
	struct vessel *v;

	if (vi != NOV)
		return vi;
	if (e->nfreev) {
		vi = e->freev[--e->nfreev];
	} else {
		if (e->nv >= e->c.max_vessels)
			return NOV;
		if (e->nv + 1 > e->capv) {
			uint32_t nc = e->capv ? e->capv * 2 : 64;
			struct vessel *nvs;
			struct vplace *nvp;

			if (nc > e->c.max_vessels)
				nc = e->c.max_vessels;
			nvs = aligned_alloc(64, (size_t)nc * sizeof(*nvs));
			if (!nvs)
				return NOV;
			nvp = realloc(e->vp, (size_t)nc * sizeof(*nvp));
			if (!nvp) {
				free(nvs);
				return NOV;
			}
			e->vp = nvp;
			if (e->nv)
				memcpy(nvs, e->vs, (size_t)e->nv * sizeof(*nvs));
			free(e->vs);
			e->vs = nvs;
			e->capv = nc;
		}
		{
			uint32_t *nf = realloc(e->freev, (size_t)e->capv * sizeof(*nf));
			if (!nf)
				return NOV;
			e->freev = nf;
		}
		vi = e->nv++;
	}
	if ((uint64_t)(e->nv - e->nfreev) * 2 > e->hmask && hash_grow(e)) {
		e->freev[e->nfreev++] = vi;
		return NOV;
	}
	v = &e->vs[vi];
	memset(v, 0, sizeof(*v));
	memset(&e->vp[vi], 0, sizeof(e->vp[vi]));
	v->key = key;
	v->live = 1;
	hash_insert(e, vi);
	return vi;
}

struct vigil_encounter_engine *vigil_encounter_new(const struct vigil_encounter_config *c, int *err)
{
	struct vigil_encounter_engine *e;
	int dummy;

	if (!err)
		err = &dummy;
	if (!c || c->slot_ms <= 0 || c->max_interp_gap_ms < 0 || !(c->adjacency_km > 0) ||
	    c->adjacency_km > 50 || !(c->max_km >= 0) || c->max_km > c->adjacency_km || c->max_neighbours < 1 ||
	    c->max_neighbours > 100000 || c->max_run_slots < 2 || c->max_vessels < 1 || c->max_runs < 1 || c->max_port_runs < 1 ||
	    c->max_slot_points < 1 || c->max_samples < 16 || c->max_interp_gap_ms / c->slot_ms > 100000 || c->merge_gap_ms < 0 ||
	    c->run_max_silence_ms < 0 || !(c->knots_per_mps > 0)) {
		*err = VIGIL_E_INVAL;
		return NULL;
	}
	e = calloc(1, sizeof(*e));
	if (!e) {
		*err = VIGIL_E_NOMEM;
		return NULL;
	}
	e->c = *c;
	if (e->c.max_vessels > 1u << VBITS)
		e->c.max_vessels = 1u << VBITS;
	e->nring = (uint32_t)(c->max_interp_gap_ms / c->slot_ms) + 2;
	e->ring = calloc(e->nring, sizeof(*e->ring));
	e->hmask = 1023;
	e->hash = calloc(e->hmask + 1, sizeof(*e->hash));
	e->ap = malloc(APAIRS * sizeof(*e->ap));
	if (!e->ring || !e->hash || !e->ap) {
		vigil_encounter_free(e);
		*err = VIGIL_E_NOMEM;
		return NULL;
	}
	/* cell a little larger than the radius in degrees of latitude */
	e->cd = c->adjacency_km / (EARTH_KM * DEG2RAD) * 1.001;
	e->hr = sin(c->adjacency_km / (2 * EARTH_KM));
	e->hr = e->hr * e->hr * (1 + 1e-9) + 1e-300;
	e->rmask = 255;
	e->rm = calloc(e->rmask + 1, sizeof(*e->rm));
	if (!e->rm) {
		vigil_encounter_free(e);
		*err = VIGIL_E_NOMEM;
		return NULL;
	}
	e->ncx = (int64_t)ceil(360.0 / e->cd);
	e->min_last = INT64_MIN;
	{
		uint64_t m = (uint64_t)c->max_runs + c->max_port_runs;

		e->maxr = m > UINT32_MAX / 4 ? UINT32_MAX / 4 : (uint32_t)m;
	}
	*err = VIGIL_E_OK;
	return e;
}

void vigil_encounter_free(struct vigil_encounter_engine *e)
{
	if (!e)
		return;
	for (uint32_t i = 0; e->ring && i < e->nring; i++)
		free(e->ring[i].p);
	for (uint32_t i = 0; i < e->nslab; i++)
		free(e->slab[i]);
	free(e->slab);
	free(e->freec);
	free(e->rh);
	free(e->med);
	for (uint32_t i = 0; i < e->ngroups; i++)
		free(e->groups[i].r);
	free(e->ring);
	free(e->vs);
	free(e->vp);
	free(e->freev);
	free(e->hash);
	free(e->runs);
	free(e->freer);
	free(e->groups);
	free(e->sp);
	free(e->nb);
	free(e->nb2);
	free(e->ap);
	free(e->pt);
	free(e->rm);
	free(e->gmap);
	free(e);
}

const struct vigil_encounter_stats *vigil_encounter_stats(const struct vigil_encounter_engine *e)
{
	return &e->st;
}

/* ---- small numeric helpers with Python's semantics ---- */

static int dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* statistics.median: sorts (in place) and averages the middle pair. */
static double median(double *v, uint32_t n)
{
	if (n == 0)
		return NAN;
	qsort(v, n, sizeof(*v), dcmp);
	if (n % 2)
		return v[n / 2];
	return (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Python's round(x, 2): the decimal rounding of the exact binary value, ties to even. */
static double round2(double x)
{
	double y = x * 100.0;

	if (fabs(fabs(y - floor(y)) - 0.5) < 1e-6) {
		char buf[64];

		snprintf(buf, sizeof(buf), "%.2f", x);
		return strtod(buf, NULL);
	}
	return nearbyint(y) / 100.0;
}

/* ---- runs ---- */

static void emit_raw(struct vigil_encounter_engine *e, uint32_t ri);

/* ---- open runs by vessel pair: open addressing, backward-shift deletion ---- */

static uint64_t rkey(const struct rhot *h)
{
	return (uint64_t)h->v1 << 32 | h->v2;
}

/*
 * Open run of pair k (v1 << 32 | v2) whose hash is hv (vigil__mix64(k)):
 * hot index + 1, or 0. Entries keep the hash, so probing and deletion read
 * the run record only on a hash match.
 */
static uint32_t rmap_find(const struct vigil_encounter_engine *e, uint64_t k, uint64_t hv)
{
	uint32_t h = (uint32_t)hv & e->rmask;

	while (e->rm[h]) {
		uint64_t x = e->rm[h];

		if ((uint32_t)(x >> 32) == (uint32_t)hv && rkey(&e->rh[(uint32_t)x - 1]) == k)
			return (uint32_t)x;
		h = (h + 1) & e->rmask;
	}
	return 0;
}

static void rmap_set(uint64_t *rm, uint32_t mask, uint64_t x)
{
	uint32_t h = (uint32_t)(x >> 32) & mask;

	while (rm[h])
		h = (h + 1) & mask;
	rm[h] = x;
}

/* Add hot run v (index + 1), whose v1/v2 are set; hv is the hash of its key. */
static int rmap_put(struct vigil_encounter_engine *e, uint32_t v, uint64_t hv)
{
	if ((uint64_t)(e->rcount + 1) * 4 > (uint64_t)e->rmask * 3) { /* load <= 3/4: entries carry their hash */
		uint32_t ns = (e->rmask + 1) * 2;
		uint64_t *nm = calloc(ns, sizeof(*nm));

		if (!nm)
			return -1;
		for (uint32_t i = 0; i <= e->rmask; i++)
			if (e->rm[i])
				rmap_set(nm, ns - 1, e->rm[i]);
		free(e->rm);
		e->rm = nm;
		e->rmask = ns - 1;
	}
	rmap_set(e->rm, e->rmask, (uint64_t)(uint32_t)hv << 32 | v);
	e->rcount++;
	return 0;
}

static void rmap_del(struct vigil_encounter_engine *e, uint64_t k)
{
	uint64_t hv = vigil__mix64(k);
	uint32_t h = (uint32_t)hv & e->rmask, j;

	while (e->rm[h] && !((uint32_t)(e->rm[h] >> 32) == (uint32_t)hv && rkey(&e->rh[(uint32_t)e->rm[h] - 1]) == k))
		h = (h + 1) & e->rmask;
	if (!e->rm[h])
		return;
	j = h;
	for (;;) {
		uint32_t home;

		j = (j + 1) & e->rmask;
		if (!e->rm[j])
			break;
		home = (uint32_t)(e->rm[j] >> 32) & e->rmask;
		if ((j > h && (home <= h || home > j)) || (j < h && (home <= h && home > j))) {
			e->rm[h] = e->rm[j];
			h = j;
		}
	}
	e->rm[h] = 0;
	e->rcount--;
}

/*
 * Open run v1 -> v2. A doomed run (it starts near a port: a counter that can
 * never be published) counts against max_port_runs, the others against
 * max_runs, so crowded anchorages cannot crowd out real candidates.
 */
static uint32_t run_new(struct vigil_encounter_engine *e, uint32_t v1, uint32_t v2, int doomed, uint64_t hv)
{
	uint32_t ri;
	struct rhot *h;

	if (doomed ? e->nport >= e->c.max_port_runs : e->nopen - e->nport >= e->c.max_runs)
		return NOV;
	if (e->nfreer) {
		ri = e->freer[--e->nfreer];
	} else {
		if (e->nruns >= e->maxr)
			return NOV;
		if (e->nruns + 1 > e->capr) {
			/* double while small, then grow by a quarter: crowded anchorages hold ~10^5 runs */
			uint32_t nc = e->capr < 65536 ? (e->capr ? e->capr * 2 : 64) : e->capr + e->capr / 4;
			struct rhot *nr;

			if (nc > e->maxr)
				nc = e->maxr;
			nr = realloc(e->rh, (size_t)nc * sizeof(*nr));
			if (!nr)
				return NOV;
			e->rh = nr;
			e->capr = nc;
		}
		{
			uint32_t *nf = realloc(e->freer, (size_t)e->capr * sizeof(*nf));

			if (!nf)
				return NOV;
			e->freer = nf;
		}
		ri = e->nruns++;
	}
	h = &e->rh[ri];
	memset(h, 0, sizeof(*h));
	h->v1 = v1;
	h->v2 = v2;
	if (rmap_put(e, ri + 1, hv)) {
		e->freer[e->nfreer++] = ri;
		return NOV;
	}
	h->open = 1;
	h->doomed = doomed != 0;
	h->next = e->vs[v1].runs;
	if (h->next)
		e->rh[h->next - 1].prev = ri + 1;
	e->vs[v1].runs = ri + 1;
	e->vs[v1].refs++;
	e->vs[v2].refs++;
	e->vp[v1].nrun++;
	e->nopen++;
	e->nport += h->doomed;
	return ri;
}

static struct schunk *chunk(const struct vigil_encounter_engine *e, uint32_t c)
{
	c--;
	return &e->slab[c >> SLAB_BITS][c & ((1u << SLAB_BITS) - 1)];
}

/* A sample chunk from the free list or a new one (index + 1, next 0); 0 when out of memory. */
static uint32_t chunk_get(struct vigil_encounter_engine *e)
{
	uint32_t c = e->cfree;

	if (c) {
		e->cfree = chunk(e, c)->next;
	} else {
		if (e->nchunk >> SLAB_BITS >= e->nslab) {
			struct schunk *sl;

			if (e->nslab >= (UINT32_MAX >> SLAB_BITS) - 1 ||
			    grow((void **)&e->slab, &e->capslab, e->nslab + 1, sizeof(*e->slab), UINT32_MAX >> SLAB_BITS))
				return 0;
			sl = malloc(sizeof(*sl) << SLAB_BITS);
			if (!sl)
				return 0;
			e->slab[e->nslab++] = sl;
		}
		c = ++e->nchunk;
	}
	chunk(e, c)->next = 0;
	return c;
}

/* Give run ri a cold record (index + 1 in h->cold); 0 on failure. */
static uint32_t run_cold(struct vigil_encounter_engine *e, uint32_t ri)
{
	struct rhot *h = &e->rh[ri];
	struct run *r;
	uint32_t ci;

	if (e->nfreec) {
		ci = e->freec[--e->nfreec];
	} else {
		if (grow((void **)&e->runs, &e->capc, e->ncold + 1, sizeof(*e->runs),
			 e->c.max_runs < COLD_MAX ? e->c.max_runs : COLD_MAX))
			return 0;
		{
			uint32_t *nf = realloc(e->freec, (size_t)e->capc * sizeof(*nf));

			if (!nf)
				return 0;
			e->freec = nf;
		}
		ci = e->ncold++;
		memset(&e->runs[ci], 0, sizeof(e->runs[ci]));
	}
	r = &e->runs[ci];
	memset(r, 0, sizeof(*r));
	r->k1 = e->vs[h->v1].key;
	r->k2 = e->vs[h->v2].key;
	r->min_km = INFINITY;
	h->cold = ci + 1;
	return ci + 1;
}

/* Close run ri: unlink it from vessel 1's list, emit its record if it qualifies. */
static void run_close(struct vigil_encounter_engine *e, uint32_t ri)
{
	struct rhot *h = &e->rh[ri];

	if (h->prev)
		e->rh[h->prev - 1].next = h->next;
	else
		e->vs[h->v1].runs = h->next;
	if (h->next)
		e->rh[h->next - 1].prev = h->prev;
	rmap_del(e, rkey(h));
	{
		struct vplace *vp = &e->vp[h->v1];

		vp->nrun--;
		if (h->n > 0 && h->last == vp->gat)
			vp->at_g--;
	}
	e->vs[h->v1].refs--;
	e->vs[h->v2].refs--;
	h->open = 0;
	e->nopen--;
	e->nport -= h->doomed;
	emit_raw(e, ri);
	if (h->cold) {
		struct run *r = &e->runs[h->cold - 1];

		if (r->head) { /* the whole chain back to the pool and the budget */
			e->samp_total -= (uint64_t)(h->n + SCHUNK - 1) / SCHUNK * SCHUNK;
			chunk(e, r->tail)->next = e->cfree;
			e->cfree = r->head;
			r->head = r->tail = 0;
		}
		e->freec[e->nfreec++] = h->cold - 1;
		h->cold = 0;
	}
	e->freer[e->nfreer++] = ri;
}

/* Run h is about to get its sample of slot g: count it among vessel 1's runs that are current at g. */
static void run_at(struct vigil_encounter_engine *e, const struct rhot *h, int64_t g)
{
	struct vplace *vp = &e->vp[h->v1];

	if (h->n > 0 && h->last == g)
		return;
	if (vp->gat != g) {
		vp->gat = g;
		vp->at_g = 0;
	}
	vp->at_g++;
}

static int run_append(struct vigil_encounter_engine *e, uint32_t ri, int64_t g, const struct spoint *a,
		      const struct spoint *b, const struct ptrig *ta, const struct ptrig *tb, double d)
{
	struct rhot *h = &e->rh[ri];
	struct run *r;
	struct samp *sp;

	if (g < e->min_last)
		e->min_last = g;
	if (h->doomed) {
		run_at(e, h, g);
		h->n++;
		h->last = g;
		return 0;
	}
	if (!h->cold && !run_cold(e, ri))
		return -1;
	r = &e->runs[h->cold - 1];
	if (h->n % SCHUNK == 0) {
		uint32_t c;

		if (e->samp_total + SCHUNK > e->c.max_samples)
			return -2;
		c = chunk_get(e);
		if (!c)
			return -1;
		if (r->tail)
			chunk(e, r->tail)->next = c;
		else
			r->head = c;
		r->tail = c;
		e->samp_total += SCHUNK;
	}
	sp = &chunk(e, r->tail)->s[h->n % SCHUNK];
	sp->d = d;
	if (h->n == 0) {
		r->start = g;
		r->start_lat = a->lat;
		r->start_lon = a->lon;
		r->ref1[0] = a->ref_a;
		r->cnt1[0] = a->cnt_a;
		r->ref2[0] = b->ref_a;
		r->cnt2[0] = b->cnt_a;
		sp->s1 = sp->s2 = 0;
	} else {
		double secs = (double)(g - h->last) / 1000.0;

		/* implied speeds in m/s between consecutive samples, as GFW */
		sp->s1 = 1000 * km_c(r->p1lat, r->p1lon, r->p1c, a->lat, a->lon, ta->coslat) / secs;
		sp->s2 = 1000 * km_c(r->p2lat, r->p2lon, r->p2c, b->lat, b->lon, tb->coslat) / secs;
	}
	run_at(e, h, g);
	h->n++;
	h->last = g;
	r->p1lat = a->lat;
	r->p1lon = a->lon;
	r->p2lat = b->lat;
	r->p2lon = b->lon;
	r->p1c = ta->coslat;
	r->p2c = tb->coslat;
	r->sum_lat += a->lat;
	r->sum_sin += ta->sinlon;
	r->sum_cos += ta->coslon;
	r->dens1 += (double)a->dens100 / 100.0; /* the same double as GFW's round(x, 2) */
	r->dens2 += (double)b->dens100 / 100.0;
	if (d < r->min_km)
		r->min_km = d;
	r->ref1[1] = a->ref_b;
	r->cnt1[1] = a->cnt_a + 1;
	r->ref2[1] = b->ref_b;
	r->cnt2[1] = b->cnt_a + 1;
	return 0;
}

/*
 * Would a run of vessel vi starting at point a be rejected for its start
 * near a port? Then it is kept as a counter only, which bounds memory in
 * crowded anchorages. The vessel's place is cached (1 km, 1 h).
 */
static int near_port(struct vigil_encounter_engine *e, uint32_t vi, const struct spoint *a)
{
	struct vplace *v = &e->vp[vi];

	if (!e->c.place || !(e->c.output & VIGIL_ENC_OUT_MERGED) || (e->c.output & VIGIL_ENC_OUT_RAW))
		return 0;
	if (!e->vs[vi].have_place || e->now - v->pt > 3600000 ||
	    vigil_encounter_km(v->plat, v->plon, a->lat, a->lon) > 1.0) {
		double sk = INFINITY;

		v->port_km = INFINITY;
		v->pflags = e->c.place(e->c.place_ctx, a->lat, a->lon, &v->port_km, &sk);
		if (isnan(v->port_km))
			v->port_km = INFINITY;
		e->vs[vi].have_place = 1;
		v->pt = e->now;
		v->plat = a->lat;
		v->plon = a->lon;
	}
	if (v->pflags & VIGIL_PLACE_PORT)
		return 1;
	if (e->c.hotspot_overrides_port && (v->pflags & VIGIL_PLACE_HOTSPOT))
		return 0;
	return v->port_km < e->c.min_port_km;
}

/* Vessel vi is adjacent to vj at slot g: extend (or open) the run vi -> vj. */
static void run_extend(struct vigil_encounter_engine *e, uint32_t vi, uint32_t vj, int64_t g,
		       const struct spoint *a, const struct spoint *b, const struct ptrig *ta, const struct ptrig *tb,
		       double d, uint64_t hv)
{
	uint32_t ri = rmap_find(e, (uint64_t)vi << 32 | vj, hv);
	if (ri && e->rh[ri - 1].n >= e->c.max_run_slots) {
		e->rh[ri - 1].split = 1;
		run_close(e, ri - 1);
		ri = 0;
	}
	if (!ri) {
		int doomed = near_port(e, vi, a);
		uint32_t nr = run_new(e, vi, vj, doomed, hv);

		if (nr == NOV) {
			if (doomed)
				e->st.dropped_port_runs++;
			else
				e->st.dropped_runs++;
			return;
		}
		ri = nr + 1;
		if (doomed)
			e->st.port_runs++;
	}
	switch (run_append(e, ri - 1, g, a, b, ta, tb, d)) {
	case 0:
		break;
	case -2:
		/* sample budget spent: cut the run here, the merge joins the pieces */
		e->st.budget_splits++;
		e->rh[ri - 1].split = 1;
		run_close(e, ri - 1);
		ri = run_new(e, vi, vj, 0, hv);
		if (ri == NOV || run_append(e, ri, g, a, b, ta, tb, d)) {
			e->st.dropped_runs++;
			if (ri != NOV)
				run_close(e, ri);
		}
		break;
	default:
		e->st.dropped_runs++;
		e->min_last = INT64_MIN; /* the run may have no sample (last 0): let the next sweep see it */
		break;
	}
}

/* ---- records ---- */

static void vessel_ids(uint64_t k, uint32_t *mmsi, uint32_t *seg)
{
	*mmsi = (uint32_t)(k >> 32);
	*seg = (uint32_t)k;
}

static void confidence(const struct vigil_encounter_engine *e, struct vigil_encounter *x)
{
	double c = 0.6;
	uint32_t slots = (uint32_t)((x->end - x->start) / e->c.slot_ms) + 1;
	int64_t mind = e->c.min_duration_ms > 0 ? e->c.min_duration_ms : e->c.min_run_ms;

	if (mind > 0 && x->end - x->start >= 2 * mind) {
		x->reasons |= VIGIL_ENC_R_LONG;
		c += 0.1;
	}
	if (x->median_km <= 0.2) {
		x->reasons |= VIGIL_ENC_R_CLOSE;
		c += 0.1;
	}
	if (x->median_speed_kn < 1.0) {
		x->reasons |= VIGIL_ENC_R_STILL;
		c += 0.05;
	}
	if (x->place & VIGIL_PLACE_HOTSPOT) {
		x->reasons |= VIGIL_ENC_R_HOTSPOT;
		c += 0.1;
	}
	if (x->merged && e->c.place && e->c.min_port_km > 0 && x->port_km >= 2 * e->c.min_port_km) {
		x->reasons |= VIGIL_ENC_R_OFFSHORE;
		c += 0.05;
	}
	if ((double)x->points[0] < 0.5 * slots || (double)x->points[1] < 0.5 * slots) {
		x->reasons |= VIGIL_ENC_R_SPARSE;
		c -= 0.2;
	}
	if (e->c.place && x->port_km < e->c.min_port_km && (x->place & VIGIL_PLACE_HOTSPOT)) {
		x->reasons |= VIGIL_ENC_R_NEAR_PORT;
		c -= 0.1;
	}
	if (x->reasons & VIGIL_ENC_R_ONE_SIDED)
		c -= 0.05;
	if (c < 0.05)
		c = 0.05;
	if (c > 0.99)
		c = 0.99;
	x->confidence = c;
}

static void merge_add(struct vigil_encounter_engine *e, const struct raw *rw);

static void emit_raw(struct vigil_encounter_engine *e, uint32_t ri)
{
	const struct rhot *h = &e->rh[ri];
	const struct run *r;
	struct raw rw;
	struct vigil_encounter xe, *x = &xe;
	double ss, sc, *md = e->med;
	uint32_t n = h->n;

	if (n < 2 || h->doomed || !h->cold)
		return;
	r = &e->runs[h->cold - 1];
	if (h->last - r->start < e->c.min_run_ms)
		return;
	if (!md) {
		md = e->med = malloc((size_t)e->c.max_run_slots * 3 * sizeof(double));
		if (!md) {
			e->st.dropped_runs++;
			return;
		}
	}
	{
		const struct schunk *ck = chunk(e, r->head);

		for (uint32_t i = 0; i < n; i++) {
			const struct samp *q;

			if (i && i % SCHUNK == 0)
				ck = chunk(e, ck->next);
			q = &ck->s[i % SCHUNK];
			md[i] = q->d;
			if (i > 0) {
				md[n + i - 1] = q->s1;
				md[2 * n + i - 1] = q->s2;
			}
		}
	}
	memset(&rw, 0, sizeof(rw));
	memset(x, 0, sizeof(*x));
	x->profile = e->c.profile;
	x->runs = 1;
	vessel_ids(r->k1, &x->mmsi[0], &x->seg[0]);
	vessel_ids(r->k2, &x->mmsi[1], &x->seg[1]);
	rw.k[0] = r->k1;
	rw.k[1] = r->k2;
	x->start = r->start;
	x->end = h->last;
	x->start_lat = r->start_lat;
	x->start_lon = r->start_lon;
	x->end_lat = r->p1lat;
	x->end_lon = r->p1lon;
	x->mean_lat = r->sum_lat / n;
	ss = r->sum_sin / n;
	sc = r->sum_cos / n;
	x->mean_lon = atan2(ss, sc) * RAD2DEG;
	x->min_km = r->min_km;
	x->median_km = median(md, n);
	x->median_kn[0] = median(md + n, n - 1) * e->c.knots_per_mps;
	x->median_kn[1] = median(md + 2 * n, n - 1) * e->c.knots_per_mps;
	x->median_speed_kn = x->median_kn[0];
	x->points[0] = (int)nearbyint(r->dens1);
	x->points[1] = (int)nearbyint(r->dens2);
	x->slots = n;
	x->nfix[0] = r->cnt1[1] - r->cnt1[0] + 1;
	x->nfix[1] = r->cnt2[1] - r->cnt2[0] + 1;
	x->first_ref[0] = r->ref1[0];
	x->last_ref[0] = r->ref1[1];
	x->first_ref[1] = r->ref2[0];
	x->last_ref[1] = r->ref2[1];
	rw.cnt[0][0] = r->cnt1[0];
	rw.cnt[0][1] = r->cnt1[1];
	rw.cnt[1][0] = r->cnt2[0];
	rw.cnt[1][1] = r->cnt2[1];
	x->port_km = INFINITY;
	if (h->split)
		x->reasons |= VIGIL_ENC_R_SPLIT;
	confidence(e, x);
	e->st.raw++;
	if ((e->c.output & VIGIL_ENC_OUT_RAW) && e->c.emit)
		e->c.emit(e->c.emit_ctx, x);
	if (e->c.output & VIGIL_ENC_OUT_MERGED) {
		rw.e.start = x->start;
		rw.e.end = x->end;
		rw.e.start_lat = x->start_lat;
		rw.e.start_lon = x->start_lon;
		rw.e.end_lat = x->end_lat;
		rw.e.end_lon = x->end_lon;
		rw.e.mean_lat = x->mean_lat;
		rw.e.mean_lon = x->mean_lon;
		rw.e.min_km = x->min_km;
		rw.e.median_km = x->median_km;
		rw.e.median_kn[0] = x->median_kn[0];
		rw.e.median_kn[1] = x->median_kn[1];
		for (int v = 0; v < 2; v++) {
			rw.e.first_ref[v] = x->first_ref[v];
			rw.e.last_ref[v] = x->last_ref[v];
			rw.e.points[v] = x->points[v];
		}
		rw.e.reasons = x->reasons;
		merge_add(e, &rw);
	}
}

/* ---- merging (GFW's MergeEncounters, per unordered pair) ---- */

static uint32_t gslot(uint64_t ka, uint64_t kb, uint32_t mask)
{
	return hslot(ka * 0x100000001B3ull ^ kb, mask);
}

/* Slot of pair (ka, kb) in gmap: where it is, or the empty slot where it would go. */
static uint32_t gmap_slot(const struct vigil_encounter_engine *e, uint64_t ka, uint64_t kb)
{
	uint32_t h = gslot(ka, kb, e->gmask);

	while (e->gmap[h]) {
		const struct group *gp = &e->groups[e->gmap[h] - 1];

		if (gp->ka == ka && gp->kb == kb)
			break;
		h = (h + 1) & e->gmask;
	}
	return h;
}

static int gmap_rebuild(struct vigil_encounter_engine *e, uint32_t size)
{
	uint32_t *nm = calloc(size, sizeof(*nm));

	if (!nm)
		return -1;
	free(e->gmap);
	e->gmap = nm;
	e->gmask = size - 1;
	for (uint32_t i = 0; i < e->ngroups; i++)
		e->gmap[gmap_slot(e, e->groups[i].ka, e->groups[i].kb)] = i + 1;
	return 0;
}

/* Remove pair (ka, kb) from gmap (backward-shift deletion). */
static void gmap_del(struct vigil_encounter_engine *e, uint64_t ka, uint64_t kb)
{
	uint32_t h = gmap_slot(e, ka, kb), j = h;

	if (!e->gmap[h])
		return;
	for (;;) {
		uint32_t home;
		const struct group *gp;

		j = (j + 1) & e->gmask;
		if (!e->gmap[j])
			break;
		gp = &e->groups[e->gmap[j] - 1];
		home = gslot(gp->ka, gp->kb, e->gmask);
		if ((j > h && (home <= h || home > j)) || (j < h && (home <= h && home > j))) {
			e->gmap[h] = e->gmap[j];
			h = j;
		}
	}
	e->gmap[h] = 0;
}

static void merge_add(struct vigil_encounter_engine *e, const struct raw *rw)
{
	uint64_t ka = rw->k[0] < rw->k[1] ? rw->k[0] : rw->k[1];
	uint64_t kb = rw->k[0] < rw->k[1] ? rw->k[1] : rw->k[0];
	struct group *gp = NULL;
	uint32_t h;

	if (e->nraws >= e->c.max_runs) {   /* as many held records as candidate runs: overload */
		e->st.dropped_runs++;
		return;
	}
	if ((!e->gmap || (e->ngroups + 1) * 2 > e->gmask) && gmap_rebuild(e, e->gmap ? (e->gmask + 1) * 2 : 256)) {
		e->st.dropped_runs++;
		return;
	}
	h = gmap_slot(e, ka, kb);
	if (e->gmap[h])
		gp = &e->groups[e->gmap[h] - 1];
	if (!gp) {
		if (grow((void **)&e->groups, &e->capg, e->ngroups + 1, sizeof(*e->groups), e->c.max_runs)) {
			e->st.dropped_runs++;
			return;
		}
		e->gmap[h] = e->ngroups + 1;
		gp = &e->groups[e->ngroups++];
		memset(gp, 0, sizeof(*gp));
		gp->ka = ka;
		gp->kb = kb;
		gp->max_end = rw->e.end;
	}
	if (gp->n + 1 > gp->cap) {
		/* most pairs have one or two records: grow 1, 2, 4... (records are 176 bytes) */
		uint32_t nc = gp->cap ? gp->cap * 2 : 1;
		struct raw *nr;

		if (gp->n + 1 > (1u << 12) || !(nr = realloc(gp->r, (size_t)nc * sizeof(*nr)))) {
			e->st.dropped_runs++;
			return;
		}
		gp->r = nr;
		gp->cap = nc;
	}
	gp->r[gp->n++] = *rw;
	e->nraws++;
	if (rw->e.end > gp->max_end)
		gp->max_end = rw->e.end;
}

static int raw_cmp(const void *a, const void *b)
{
	const struct raw *x = a, *y = b;

	if (x->e.start != y->e.start)
		return x->e.start < y->e.start ? -1 : 1;
	if (x->e.end != y->e.end)
		return x->e.end < y->e.end ? -1 : 1;
	if (x->k[0] != y->k[0])
		return x->k[0] < y->k[0] ? -1 : 1;
	if (x->k[1] != y->k[1])
		return x->k[1] < y->k[1] ? -1 : 1;
	return 0;
}

static void publish(struct vigil_encounter_engine *e, struct vigil_encounter *x)
{
	e->st.merged++;
	if (x->end - x->start < e->c.min_duration_ms) {
		e->st.rejected_short++;
		return;
	}
	if (!(x->median_speed_kn < e->c.max_median_kn)) {
		e->st.rejected_speed++;
		return;
	}
	if (e->c.shiptype && (e->c.exclude_service || e->c.exclude_fishing_pairs)) {
		unsigned t0 = e->c.shiptype(e->c.shiptype_ctx, x->mmsi[0]);
		unsigned t1 = e->c.shiptype(e->c.shiptype_ctx, x->mmsi[1]);

		if ((e->c.exclude_service && (vigil_encounter_service_type(t0) || vigil_encounter_service_type(t1))) ||
		    (e->c.exclude_fishing_pairs && t0 == 30 && t1 == 30)) {
			e->st.rejected_service++;
			return;
		}
	}
	x->port_km = INFINITY;
	if (e->c.place) {
		const double pts[3][2] = { { x->start_lat, x->start_lon }, { x->mean_lat, x->mean_lon },
					   { x->end_lat, x->end_lon } };

		for (int i = 0; i < 3; i++) {
			double pk = INFINITY, sk = INFINITY;

			x->place |= e->c.place(e->c.place_ctx, pts[i][0], pts[i][1], &pk, &sk);
			if (pk < x->port_km)
				x->port_km = pk;
		}
		/* a hotspot waives the distance rule, never the inside of a port area */
		if ((x->place & VIGIL_PLACE_PORT) ||
		    (x->port_km < e->c.min_port_km && !(e->c.hotspot_overrides_port && (x->place & VIGIL_PLACE_HOTSPOT)))) {
			e->st.rejected_port++;
			return;
		}
	}
	confidence(e, x);
	e->st.published++;
	if (e->c.emit)
		e->c.emit(e->c.emit_ctx, x);
}

/* Merge records r[0..n) (sorted) of one pair into one encounter, as GFW does. */
static void merge_emit(struct vigil_encounter_engine *e, uint64_t ka, uint64_t kb, struct raw *r, uint32_t n)
{
	struct vigil_encounter x;
	double tot = 0, wlat = 0, wsin = 0, wcos = 0;
	double *med = malloc((size_t)n * 4 * sizeof(double));
	uint32_t si = 0, ei = 0, cnt[2][2] = { { 0, 0 }, { 0, 0 } };
	int dir[2] = { 0, 0 }, have = 0;

	if (!med) {
		e->st.dropped_runs++;
		return;
	}
	memset(&x, 0, sizeof(x));
	x.merged = 1;
	x.profile = e->c.profile;
	x.runs = n;
	vessel_ids(ka, &x.mmsi[0], &x.seg[0]);
	vessel_ids(kb, &x.mmsi[1], &x.seg[1]);
	x.min_km = INFINITY;
	for (uint32_t i = 0; i < n; i++) {
		const struct rawrec *y = &r[i].e;
		double dur = (double)(y->end - y->start) / 1000.0;
		int sw = r[i].k[0] != ka;  /* record's vessel 1 is our vessel b */

		tot += dur;
		if (y->start < r[si].e.start)
			si = i;
		if (y->end > r[ei].e.end)
			ei = i;
		wlat += dur * y->mean_lat;
		wcos += dur * cos(y->mean_lon * DEG2RAD);
		wsin += dur * sin(y->mean_lon * DEG2RAD);
		med[i] = y->median_kn[0];   /* the raw record's median_speed_kn */
		med[n + i] = y->median_km;
		med[2 * n + i] = y->median_kn[sw];
		med[3 * n + i] = y->median_kn[!sw];
		x.points[0] += y->points[sw];
		x.points[1] += y->points[!sw];
		if (y->min_km < x.min_km)
			x.min_km = y->min_km;
		dir[sw] = 1;
		for (int v = 0; v < 2; v++) {
			const uint32_t *c = r[i].cnt[v ^ sw];
			int dv = v;

			if (!have || c[0] < cnt[dv][0]) {
				cnt[dv][0] = c[0];
				x.first_ref[dv] = y->first_ref[v ^ sw];
			}
			if (!have || c[1] > cnt[dv][1]) {
				cnt[dv][1] = c[1];
				x.last_ref[dv] = y->last_ref[v ^ sw];
			}
		}
		have = 1;
	}
	if (tot < 1)
		tot = 1;
	x.start = r[si].e.start;
	x.end = r[ei].e.end;
	x.start_lat = r[si].e.start_lat;
	x.start_lon = r[si].e.start_lon;
	x.end_lat = r[ei].e.end_lat;
	x.end_lon = r[ei].e.end_lon;
	x.mean_lat = wlat / tot;
	x.mean_lon = atan2(wsin / tot, wcos / tot) * RAD2DEG;
	x.median_speed_kn = median(med, n);
	x.median_km = median(med + n, n);
	x.median_kn[0] = median(med + 2 * n, n);
	x.median_kn[1] = median(med + 3 * n, n);
	x.slots = (uint32_t)((x.end - x.start) / e->c.slot_ms) + 1;
	for (int v = 0; v < 2; v++)
		x.nfix[v] = cnt[v][1] - cnt[v][0] + 1;
	if (!(dir[0] && dir[1]))
		x.reasons |= VIGIL_ENC_R_ONE_SIDED;
	for (uint32_t i = 0; i < n; i++)
		x.reasons |= r[i].e.reasons & VIGIL_ENC_R_SPLIT;
	free(med);
	publish(e, &x);
}

static void group_finalize(struct vigil_encounter_engine *e, uint32_t gi)
{
	struct group *gp = &e->groups[gi];
	int64_t end = INT64_MIN;
	uint32_t from = 0;

	qsort(gp->r, gp->n, sizeof(*gp->r), raw_cmp);
	for (uint32_t i = 0; i < gp->n; i++) {
		if (i > 0 && gp->r[i].e.start - end >= e->c.merge_gap_ms) {
			merge_emit(e, gp->ka, gp->kb, gp->r + from, i - from);
			from = i;
		}
		if (gp->r[i].e.end > end)
			end = gp->r[i].e.end;
	}
	if (gp->n > from)
		merge_emit(e, gp->ka, gp->kb, gp->r + from, gp->n - from);
	e->nraws -= gp->n;
	free(gp->r);
	gmap_del(e, gp->ka, gp->kb);
	if (gi != e->ngroups - 1) {
		struct group *last = &e->groups[e->ngroups - 1];

		e->gmap[gmap_slot(e, last->ka, last->kb)] = gi + 1;
		*gp = *last;
	}
	e->ngroups--;
}

static int pair_open(const struct vigil_encounter_engine *e, uint64_t ka, uint64_t kb)
{
	for (int d = 0; d < 2; d++) {
		uint32_t vi = vessel_find(e, d ? kb : ka);
		uint64_t other = d ? ka : kb;

		if (vi == NOV)
			continue;
		for (uint32_t ri = e->vs[vi].runs; ri; ri = e->rh[ri - 1].next)
			if (e->vs[e->rh[ri - 1].v2].key == other)
				return 1;
	}
	return 0;
}

/* Finalize the groups whose pair has been apart for merge_gap (all when now is INT64_MAX). */
static void groups_sweep(struct vigil_encounter_engine *e, int64_t now)
{
	for (uint32_t i = 0; i < e->ngroups;) {
		struct group *gp = &e->groups[i];

		if ((now == INT64_MAX || now - gp->max_end >= e->c.merge_gap_ms) && !pair_open(e, gp->ka, gp->kb))
			group_finalize(e, i); /* moves the last group into i */
		else
			i++;
	}
}

/* ---- slots ---- */

static int64_t cell_y(const struct vigil_encounter_engine *e, double lat)
{
	return (int64_t)floor((lat + 90.0) / e->cd);
}

static int row_polar(const struct vigil_encounter_engine *e, int64_t cy)
{
	double lo = (double)cy * e->cd - 90.0, hi = lo + e->cd;

	return (lo >= POLAR_LAT) || (hi <= -POLAR_LAT);
}

static int64_t cell_x(const struct vigil_encounter_engine *e, int64_t cy, double lon)
{
	int64_t cx;

	if (row_polar(e, cy))
		return 0;
	cx = (int64_t)floor((lon + 180.0) / e->cd);
	if (cx < 0)
		cx = 0;
	if (cx >= e->ncx)
		cx = e->ncx - 1;
	return cx;
}

/* Neighbour order: distance, ties by vessel key (unique per slot). */
static int nbr_less(const struct nbr *x, const struct nbr *y)
{
	return x->d < y->d || (x->d == y->d && x->key < y->key);
}

/*
 * Sort nb[0..n) by nbr_less (a total order, so the result is the one the
 * former insertion into a bounded list gave): insertion sort of blocks of 8,
 * then bottom-up merges through tmp (n entries).
 */
static void nbr_sort(struct nbr *nb, struct nbr *tmp, uint32_t n)
{
	struct nbr *src = nb, *dst = tmp;

	for (uint32_t b = 0; b < n; b += 8) {
		uint32_t e = b + 8 < n ? b + 8 : n;

		for (uint32_t i = b + 1; i < e; i++) {
			struct nbr x = nb[i];
			uint32_t j = i;

			while (j > b && nbr_less(&x, &nb[j - 1])) {
				nb[j] = nb[j - 1];
				j--;
			}
			nb[j] = x;
		}
	}
	for (uint32_t w = 8; w < n; w *= 2) {
		for (uint32_t lo = 0; lo < n; lo += 2 * w) {
			uint32_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
			uint32_t i = lo, j = mid, k = lo;

			while (i < mid && j < hi)
				dst[k++] = nbr_less(&src[j], &src[i]) ? src[j++] : src[i++];
			while (i < mid)
				dst[k++] = src[i++];
			while (j < hi)
				dst[k++] = src[j++];
		}
		{
			struct nbr *t = src;

			src = dst;
			dst = t;
		}
	}
	if (src != nb)
		memcpy(nb, src, (size_t)n * sizeof(*nb));
}

static int sp_cmp(const void *a, const void *b)
{
	const struct sp *x = a, *y = b;

	if (x->ckey != y->ckey)
		return x->ckey < y->ckey ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

/*
 * Copy the slot's points into e->sp sorted by grid cell (row-major), with
 * what the neighbour search reads, so candidates are contiguous in memory.
 */
static int slot_sort(struct vigil_encounter_engine *e, const struct slot *s)
{
	uint32_t n = s->n;

	if (grow((void **)&e->sp, &e->capsp, n, sizeof(*e->sp), UINT32_MAX / 2) ||
	    grow((void **)&e->nb, &e->capnb, n, sizeof(*e->nb), UINT32_MAX / 2) ||
	    grow((void **)&e->nb2, &e->capnb2, n, sizeof(*e->nb2), UINT32_MAX / 2) ||
	    grow((void **)&e->pt, &e->cappt, n, sizeof(*e->pt), UINT32_MAX / 2))
		return -1;
	for (uint32_t i = 0; i < n; i++) {
		const struct spoint *p = &s->p[i];
		struct sp *q = &e->sp[i];
		int64_t cy = cell_y(e, p->lat);

		if (i + 8 < n)
			__builtin_prefetch(&e->vs[s->p[i + 8].v]);
		q->lat = p->lat;
		q->lon = p->lon;
		q->coslat = cos(p->lat * DEG2RAD);
		q->vkey = e->vs[p->v].key;
		q->v = p->v;
		q->ckey = cy * e->ncx + cell_x(e, cy, p->lon);
		q->i = i;
		e->pt[i].coslat = q->coslat;
		e->pt[i].sinlon = sin(p->lon * DEG2RAD);
		e->pt[i].coslon = cos(p->lon * DEG2RAD);
	}
	qsort(e->sp, n, sizeof(*e->sp), sp_cmp);
	return 0;
}

/* First index in sp[from..n) whose cell key is >= key (sp sorted by key). */
static uint32_t sp_lower(const struct sp *sp, uint32_t from, uint32_t n, int64_t key)
{
	uint32_t lo = from, hi = n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (sp[mid].ckey < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Test candidates sp[b..) with cell keys <= kmax against point sp[a].
 * Most candidates are rejected without trigonometry: for |x| <= 0.1 rad,
 * sin(x) >= x (1 - x^2 / 6), so lo below is a lower bound of the haversine h
 * (with a 1e-6 relative margin for rounding); a candidate whose bound exceeds
 * hr is certainly farther than adjacency_km. Those that pass get the exact
 * haversine, computed once (d is the same double km_c gives).
 */
static uint32_t scan_range(struct vigil_encounter_engine *e, uint32_t a, uint32_t b, uint32_t n, int64_t kmax,
			   uint32_t nn)
{
	const struct sp *p = &e->sp[a];
	uint32_t pm = (uint32_t)(p->vkey >> 32);
	double hr = e->hr, hrq = e->hr * (1 + 1e-6), adj = e->c.adjacency_km;

	for (; b < n && e->sp[b].ckey <= kmax; b++) {
		const struct sp *q = &e->sp[b];
		double x, y, c12, s1, s2, h, d;

		if (b == a || (uint32_t)(q->vkey >> 32) == pm)
			continue;
		x = 0.5 * ((q->lat - p->lat) * DEG2RAD);
		y = 0.5 * ((q->lon - p->lon) * DEG2RAD);
		c12 = p->coslat * q->coslat;
		if (fabs(x) <= 0.1 && fabs(y) <= 0.1) {
			double fx = 1 - x * x / 6, fy = 1 - y * y / 6;

			if (x * x * fx * fx + c12 * (y * y * fy * fy) > hrq)
				continue;
		}
		/* the haversine h grows with distance: reject far pairs before asin */
		s1 = sin(x);
		s1 *= s1;
		if (s1 > hr)
			continue;
		s2 = sin(y);
		h = s1 + c12 * s2 * s2;
		if (h > hr)
			continue;
		d = 2 * EARTH_KM * asin(sqrt(h > 1 ? 1 : h));
		if (d <= adj && nn < e->capnb) { /* nb has room for every point of the slot */
			struct nbr *o = &e->nb[nn++];

			o->d = d;
			o->key = q->vkey;
			o->j = q->i;
			o->v = q->v;
		}
	}
	return nn;
}

/*
 * First index >= the row cursor *c whose cell key is >= key. The cursor is
 * where the previous point of the walk started in that row; cell keys of
 * successive points nearly always grow, so it moves forward a few entries;
 * when it has passed key, a binary search finds the start instead.
 */
static uint32_t row_start(const struct sp *sp, uint32_t n, uint32_t *c, int64_t key)
{
	uint32_t i = *c;

	if (i > 0 && sp[i - 1].ckey >= key) {
		i = sp_lower(sp, 0, n, key);
	} else {
		while (i < n && sp[i].ckey < key)
			i++;
	}
	*c = i;
	return i;
}

/*
 * Neighbours of sorted point a within adjacency_km, closest first, cut to
 * max_neighbours (ties by vessel key, as GFW's id order), into e->nb. Per row
 * of cells only the columns that overlap [lon - hw, lon + hw] are scanned, hw
 * being a safe bound of the circle's half-width in longitude (0.1 % slack,
 * taken at the row's far edge). cur[3] are start cursors per row offset.
 */
static uint32_t slot_neighbours(struct vigil_encounter_engine *e, uint32_t a, uint32_t n, uint32_t cur[3])
{
	const struct sp *p = &e->sp[a];
	int64_t cy = p->ckey / e->ncx;
	double rdeg = e->c.adjacency_km / (EARTH_KM * DEG2RAD);
	double amax = fabs(p->lat) + 2 * e->cd, hw;
	int64_t kx, lo0, hi0;
	uint32_t nn = 0;

	if (amax > POLAR_LAT + 2 * e->cd)
		amax = POLAR_LAT + 2 * e->cd;
	hw = rdeg / cos(amax * DEG2RAD) * 1.001;
	kx = (int64_t)ceil(hw / e->cd) + 1;
	lo0 = (int64_t)floor((p->lon - hw + 180.0) / e->cd);
	hi0 = (int64_t)floor((p->lon + hw + 180.0) / e->cd);
	for (int dy = -1; dy <= 1; dy++) {
		int64_t y = cy + dy, base = y * e->ncx, lo = lo0, hi = hi0;

		if (y < 0 || (double)y * e->cd > 180.0)
			continue;
		if (row_polar(e, y)) {
			nn = scan_range(e, a, sp_lower(e->sp, 0, n, base), n, base, nn);
			continue;
		}
		if (2 * kx + 1 >= e->ncx) {
			nn = scan_range(e, a, sp_lower(e->sp, 0, n, base), n, base + e->ncx - 1, nn);
			continue;
		}
		if (lo < 0) {
			nn = scan_range(e, a, sp_lower(e->sp, 0, n, base + lo + e->ncx), n, base + e->ncx - 1, nn);
			lo = 0;
		}
		if (hi >= e->ncx) {
			nn = scan_range(e, a, sp_lower(e->sp, 0, n, base), n, base + hi - e->ncx, nn);
			hi = e->ncx - 1;
		}
		if (lo <= hi)
			nn = scan_range(e, a, row_start(e->sp, n, &cur[dy + 1], base + lo), n, base + hi, nn);
	}
	if (nn > 1)
		nbr_sort(e->nb, e->nb2, nn);
	if (nn > (uint32_t)e->c.max_neighbours)
		nn = (uint32_t)e->c.max_neighbours;
	return nn;
}

/* Close the runs whose vessel 1 has been silent too long; skipped while no run can be due. */
static void runs_sweep(struct vigil_encounter_engine *e, int64_t g)
{
	int64_t m = INT64_MAX;

	if (!e->nopen)
		return;
	if (g != INT64_MAX && e->min_last != INT64_MIN && g - e->min_last <= e->c.run_max_silence_ms)
		return;
	for (uint32_t ri = 0; ri < e->nruns; ri++) {
		const struct rhot *r = &e->rh[ri];

		if (!r->open)
			continue;
		if (g == INT64_MAX || g - r->last > e->c.run_max_silence_ms)
			run_close(e, ri);
		else if (r->last < m)
			m = r->last;
	}
	e->min_last = m;
}

static void vessels_sweep(struct vigil_encounter_engine *e)
{
	int64_t keep = e->c.max_interp_gap_ms > e->c.run_max_silence_ms ? e->c.max_interp_gap_ms
									: e->c.run_max_silence_ms;

	keep += 2 * e->c.slot_ms;
	for (uint32_t vi = 0; vi < e->nv; vi++) {
		struct vessel *v = &e->vs[vi];

		if (v->live && !v->refs && e->now - v->prev_t > keep)
			vessel_remove(e, vi);
	}
}

/*
 * Update the runs of n batched adjacent pairs, in order. The run map slot
 * and then the run record of a pair a few places ahead are prefetched: at
 * 20,000 vessels each lookup is otherwise two cache misses.
 */
static void pairs_flush(struct vigil_encounter_engine *e, struct slot *s, uint32_t n)
{
	const struct apair *ap = e->ap;

	for (uint32_t k = 0; k < n; k++) {
		if (k + 32 < n) {
			__builtin_prefetch(&e->rm[(uint32_t)ap[k + 32].hv & e->rmask]);
			__builtin_prefetch(&e->vp[ap[k + 32].vi]);
		}
		if (k + 16 < n) {
			uint32_t r = (uint32_t)e->rm[(uint32_t)ap[k + 16].hv & e->rmask];

			if (r)
				__builtin_prefetch(&e->rh[r - 1]);
		}
		run_extend(e, ap[k].vi, ap[k].vj, s->g, &s->p[ap[k].i], &s->p[ap[k].j], &e->pt[ap[k].i],
			   &e->pt[ap[k].j], ap[k].d, ap[k].hv);
	}
}

static void slot_close(struct vigil_encounter_engine *e, struct slot *s)
{
	int64_t g = s->g;

	e->st.slots_closed++;
	e->st.slot_points += s->n;
	if (s->n >= 2 && slot_sort(e, s) == 0) {
		uint32_t np = 0, cur[3] = { 0, 0, 0 };

		/* neighbours do not depend on runs: collect pairs in order, update runs in batches */
		for (uint32_t a = 0; a < s->n; a++) {
			uint32_t nn = slot_neighbours(e, a, s->n, cur);

			for (uint32_t m = 0; m < nn; m++) {
				if (e->nb[m].d > e->c.max_km)
					break;
				e->st.pairs_adjacent++;
				if (np == APAIRS) {
					pairs_flush(e, s, np);
					np = 0;
				}
				e->ap[np].d = e->nb[m].d;
				e->ap[np].i = e->sp[a].i;
				e->ap[np].j = e->nb[m].j;
				e->ap[np].vi = e->sp[a].v;
				e->ap[np].vj = e->nb[m].v;
				e->ap[np].hv = vigil__mix64((uint64_t)e->sp[a].v << 32 | e->nb[m].v);
				np++;
			}
		}
		pairs_flush(e, s, np);
	}
	/*
	 * Runs of a vessel that has a position now but whose partner is not
	 * adjacent end. A vessel whose open runs all got a sample at g (the
	 * usual case at anchor) has none to close: its list is not walked.
	 */
	for (uint32_t i = 0; i < s->n; i++) {
		const struct vplace *vp = &e->vp[s->p[i].v];
		uint32_t ri;

		if (i + 8 < s->n)
			__builtin_prefetch(&e->vp[s->p[i + 8].v]);
		if (vp->nrun == 0 || (vp->gat == g && vp->at_g == vp->nrun))
			continue;
		ri = e->vs[s->p[i].v].runs;
		while (ri) {
			uint32_t next = e->rh[ri - 1].next;

			if (e->rh[ri - 1].last != g)
				run_close(e, ri - 1);
			ri = next;
		}
	}
	e->pending -= s->n;
	/* give the array back: the next slot is sized from this one, without the growth slack */
	e->last_n = s->n;
	free(s->p);
	s->p = NULL;
	s->cap = 0;
	s->n = 0;
	runs_sweep(e, g);
	groups_sweep(e, g);
}

/* Close every slot g with g + max_interp_gap <= now. */
static void advance(struct vigil_encounter_engine *e, int64_t now)
{
	int64_t last = floordiv(now - e->c.max_interp_gap_ms, e->c.slot_ms) * e->c.slot_ms;

	while (e->oldest <= last) {
		struct slot *s = &e->ring[ring_index(e, e->oldest)];

		if (!e->pending) {
			/* nothing waits: jump, but keep run and group timeouts ticking */
			e->oldest = last + e->c.slot_ms;
			runs_sweep(e, last);
			groups_sweep(e, last);
			break;
		}
		if (s->n && s->g == e->oldest)
			slot_close(e, s);
		else {
			runs_sweep(e, e->oldest);
			groups_sweep(e, e->oldest);
		}
		e->oldest += e->c.slot_ms;
	}
	e->next_close = e->oldest + e->c.max_interp_gap_ms;
	if (now >= e->next_sweep) {
		vessels_sweep(e);
		e->next_sweep = now + 3600000;
	}
}

int vigil_encounter_advance(struct vigil_encounter_engine *e, int64_t t)
{
	if (t > (1LL << 60))
		t = 1LL << 60;
	if (t < -(1LL << 60))
		t = -(1LL << 60);
	if (!e->started) {
		e->started = 1;
		e->now = t;
		e->oldest = floordiv(t, e->c.slot_ms) * e->c.slot_ms;
		e->next_close = e->oldest + e->c.max_interp_gap_ms;
		e->next_sweep = t + 3600000;
		return VIGIL_E_OK;
	}
	if (t <= e->now)
		return VIGIL_E_OK;
	e->now = t;
	if (t >= e->next_close || t >= e->next_sweep)
		advance(e, t);
	return VIGIL_E_OK;
}

static void slot_put(struct vigil_encounter_engine *e, int64_t g, const struct spoint *p)
{
	struct slot *s;

	if (g < e->oldest || g - e->oldest >= (int64_t)e->nring * e->c.slot_ms) {
		e->st.late_points++;
		return;
	}
	s = &e->ring[ring_index(e, g)];
	if (s->n && s->g != g) {
		e->st.late_points++;
		return;
	}
	s->g = g;
	if (s->n + 1 > s->cap) {
		/* slots are reused round the ring: grow by a quarter past 4096 points, not double */
		uint32_t nc = s->cap < 4096 ? (s->cap ? s->cap * 2 : 64) : s->cap + s->cap / 4;

		if (!s->cap && e->last_n > nc) /* a new slot: as many as the last closed one, 1/32 more */
			nc = e->last_n + e->last_n / 32;
		struct spoint *np;

		if (s->n + 1 > e->c.max_slot_points) {
			e->st.dropped_points++;
			return;
		}
		if (nc > e->c.max_slot_points)
			nc = e->c.max_slot_points;
		np = realloc(s->p, (size_t)nc * sizeof(*np));
		if (!np) {
			e->st.dropped_points++;
			return;
		}
		s->p = np;
		s->cap = nc;
	}
	s->p[s->n++] = *p;
	e->pending++;
}

void vigil_encounter_prefetch(const struct vigil_encounter_engine *e, uint32_t hint)
{
	if (hint && hint <= e->nv)
		__builtin_prefetch(&e->vs[hint - 1]);
}

int vigil_encounter_add(struct vigil_encounter_engine *e, const struct vigil_fix *f)
{
	return vigil_encounter_add_hint(e, f, NULL);
}

int vigil_encounter_add_hint(struct vigil_encounter_engine *e, const struct vigil_fix *f, uint32_t *hint)
{
	uint64_t key = (uint64_t)f->mmsi << 32 | f->seg;
	uint32_t vi;
	struct vessel *v;

	e->st.fixes++;
	/* times beyond +-2^60 ms (36 million years) would overflow the slot arithmetic */
	if (!(f->lat >= -90 && f->lat <= 90 && f->lon >= -180 && f->lon <= 180) || f->t > (1LL << 60) ||
	    f->t < -(1LL << 60)) {
		e->st.dropped_points++;
		return VIGIL_E_OK;
	}
	vigil_encounter_advance(e, f->t);
	if (hint && *hint && *hint <= e->nv && e->vs[*hint - 1].live && e->vs[*hint - 1].key == key) {
		vi = *hint - 1;
	} else {
		vi = vessel_get(e, key);
		if (vi == NOV) {
			e->st.dropped_vessels++;
			return VIGIL_E_NOMEM;
		}
		if (hint)
			*hint = vi + 1;
	}
	v = &e->vs[vi];
	if (v->cnt && f->t <= v->prev_t) {
		e->st.out_of_order++;
		return VIGIL_E_OK;
	}
	if (v->cnt && f->t < v->next_g) {
		/* the common case: no slot boundary since the last fix */
		v->first = 0;
	} else if (v->cnt) {
		int64_t dt = f->t - v->prev_t;

		if (dt < e->c.max_interp_gap_ms) {
			int64_t g = v->next_g;
			double dens = dt <= e->c.slot_ms ? 1.0 : round2((double)e->c.slot_ms / (double)dt);

			for (; g <= f->t; g += e->c.slot_ms) {
				struct spoint p;
				double mix = (double)(g - v->prev_t) / (double)dt;

				p.lat = f->lat * mix + v->prev_lat * (1 - mix);
				p.lon = f->lon * mix + v->prev_lon * (1 - mix);
				p.dens100 = (uint32_t)nearbyint(dens * 100.0) & 127u;
				p.ref_a = v->prev_ref;
				p.ref_b = f->ref;
				p.cnt_a = v->cnt - 1;
				p.v = vi;
				slot_put(e, g, &p);
			}
		}
	}
	if (v->cnt == 0) {
		/* GFW fills a slot exactly at the first fix; later ones belong to the bracket before */
		int64_t fl = floordiv(f->t, e->c.slot_ms) * e->c.slot_ms;

		v->first = 1;
		v->next_g = fl == f->t ? fl : fl + e->c.slot_ms;
	} else if (f->t >= v->next_g || v->first) {
		v->first = 0;
		v->next_g = (floordiv(f->t, e->c.slot_ms) + 1) * e->c.slot_ms;
	}
	v->prev_t = f->t;
	v->prev_lat = f->lat;
	v->prev_lon = f->lon;
	v->prev_ref = f->ref;
	v->cnt++;
	return VIGIL_E_OK;
}

int vigil_encounter_finish(struct vigil_encounter_engine *e)
{
	if (!e->started)
		return VIGIL_E_OK;
	for (uint32_t k = 0; k < e->nring && e->pending; k++) {
		int64_t g = e->oldest + (int64_t)k * e->c.slot_ms;
		struct slot *s = &e->ring[ring_index(e, g)];

		if (s->n && s->g == g)
			slot_close(e, s);
	}
	e->oldest += (int64_t)e->nring * e->c.slot_ms;
	runs_sweep(e, INT64_MAX);
	groups_sweep(e, INT64_MAX);
	return VIGIL_E_OK;
}

/* ---- batch ---- */

struct bfix {
	struct vigil_fix f;
	size_t i;
};

static int bfix_vcmp(const void *a, const void *b)
{
	const struct bfix *x = a, *y = b;
	uint64_t kx = (uint64_t)x->f.mmsi << 32 | x->f.seg, ky = (uint64_t)y->f.mmsi << 32 | y->f.seg;

	if (kx != ky)
		return kx < ky ? -1 : 1;
	if (x->f.t != y->f.t)
		return x->f.t < y->f.t ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

static int bfix_tcmp(const void *a, const void *b)
{
	const struct bfix *x = a, *y = b;
	uint64_t kx = (uint64_t)x->f.mmsi << 32 | x->f.seg, ky = (uint64_t)y->f.mmsi << 32 | y->f.seg;

	if (x->f.t != y->f.t)
		return x->f.t < y->f.t ? -1 : 1;
	if (kx != ky)
		return kx < ky ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

int vigil_encounter_batch(const struct vigil_encounter_config *c, const struct vigil_fix *fixes, size_t n,
			  struct vigil_encounter_stats *stats)
{
	struct vigil_encounter_engine *e;
	struct bfix *b;
	double *tmp;
	size_t m = 0;
	int err;

	if (!fixes && n)
		return VIGIL_E_INVAL;
	e = vigil_encounter_new(c, &err);
	if (!e)
		return err;
	b = malloc((n ? n : 1) * sizeof(*b));
	tmp = malloc((n ? n : 1) * sizeof(*tmp));
	if (!b || !tmp) {
		free(b);
		free(tmp);
		vigil_encounter_free(e);
		return VIGIL_E_NOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		b[i].f = fixes[i];
		b[i].i = i;
	}
	qsort(b, n, sizeof(*b), bfix_vcmp);
	/* one fix per vessel and time: median latitude and longitude, as GFW's SortByTime */
	for (size_t i = 0; i < n;) {
		size_t j = i + 1, k;

		while (j < n && b[j].f.mmsi == b[i].f.mmsi && b[j].f.seg == b[i].f.seg && b[j].f.t == b[i].f.t)
			j++;
		b[m] = b[i];
		if (j - i > 1) {
			for (k = i; k < j; k++)
				tmp[k - i] = b[k].f.lat;
			b[m].f.lat = median(tmp, (uint32_t)(j - i));
			for (k = i; k < j; k++)
				tmp[k - i] = b[k].f.lon;
			b[m].f.lon = median(tmp, (uint32_t)(j - i));
		}
		m++;
		i = j;
	}
	qsort(b, m, sizeof(*b), bfix_tcmp);
	err = VIGIL_E_OK;
	for (size_t i = 0; i < m && err == VIGIL_E_OK; i++)
		err = vigil_encounter_add(e, &b[i].f);
	if (err == VIGIL_E_OK)
		err = vigil_encounter_finish(e);
	if (stats)
		*stats = e->st;
	free(b);
	free(tmp);
	vigil_encounter_free(e);
	return err;
}
