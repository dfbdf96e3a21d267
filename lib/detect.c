/* detect.c - the behaviour engine: reorder, dedupe, segment, judge gaps and identities, emit events. */
#include <ctype.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "vigil/detect.h"
#include "vigil/encounter.h"
#include "vigil/error.h"
#include "vigil/evidence.h"
#include "vigil/geo.h"
#include "vigil/handover.h"
#include "vigil/loiter.h"
#include "vigil/visit.h"
#include "hash.h"

#define HOUR_MS 3600000LL
/* Recent message keys kept per vessel for duplicate detection. */
#define VIGIL__DUPS 5

/*
 * The vessel index: open addressing over 64-byte slots, each holding what
 * every incoming record touches (duplicate keys, thinning state), so that
 * the intake costs one cache line per record (vigil_detect_prefetch1 starts
 * loading it). mmsi 0 marks an empty slot (cleaning drops MMSI 0).
 */
#define INS_T_BITS 42                   /* times are 1990..2100 in ms: below 2^42 */
#define INS_T_MASK ((1ULL << INS_T_BITS) - 1)
#define INS_DKI_SHIFT INS_T_BITS        /* 3 bits: next dk[] to overwrite */
#define INS_THIN_SHIFT (INS_T_BITS + 3) /* 19 bits: positions thinned, overflow into vessel.nthin */
#define INS_THIN_MAX ((1ULL << (64 - INS_THIN_SHIFT)) - 1)
struct vslot {
	_Alignas(64) uint32_t mmsi;
	uint32_t vi;              /* index in d->v */
	uint64_t dk[VIGIL__DUPS]; /* recent message keys: top 40 bits + time in s mod 2^24 */
	uint64_t ins;             /* last position let into the buffer (ms, 0 none) | dki | thinned count */
	float ins_lat, ins_lon;
};

/* A silence being held until the identity after it is known. */
struct pgap {
	struct vigil_event ev;
	int64_t deadline;
};

/*
 * A vessel. The first cache line holds what the release loop reads a few
 * positions ahead (segment state, detector hints) and the per-position
 * counters; with the last position, the visit state and its own reception
 * the part every processed position touches spans three lines
 * (vessel_prefetch_hot). Identity and counters follow. The array is
 * 64-byte aligned.
 */
struct vessel {
	_Alignas(64) struct vigil_seg_state seg;
	uint32_t enc_hint, loi_hint; /* vigil_encounter_add_hint / vigil_loiter_add_hint */
	uint32_t mmsi;
	int32_t cov_slot;          /* last coverage mark: 10-minute slot and cell, to skip repeats */
	int32_t cov_cell;
	float max_sog;
	uint64_t nfix;
	uint8_t shiptype, mmsi_checked, has_visit;
	uint8_t has_gap;           /* gap != NULL, readable without the cold part */
	struct vigil_fix last;     /* last accepted position, any segment (last.t: its time, 0 none) */
	struct vigil_visit_state visit; /* used (has_visit) once a fix met the loaded geography */
	struct vigil_own own;      /* its own reception per 10-minute slot, for the gap verdict */
	/* identity: what a static message reads and writes (statics_prefetch) */
	uint64_t nstatic;
	int64_t id_t;
	int64_t t24a;
	uint32_t imo;
	uint32_t ie_hint;                /* index + 1 of the IMO entry of its last static, 0 none */
	uint32_t bad_imo_done, mid_done;
	float draught;
	uint16_t length, width;
	struct hist *hist;               /* identity and silence history, malloc'd on first use */
	char name[21], callsign[8], dest[21];
	char name24a[21];
	/* rarely touched */
	struct pgap *gap;          /* a gap event held until the identity after it is known */
	uint32_t nsegs, ngaps, nsil, nevents;
	double gap_h, sil_h;
	int64_t first_t;
	double first_lat, first_lon; /* first position (identity hand-overs) */
	float first_sog, first_cog;
	uint32_t first_line;
	uint64_t first_ref;
	uint32_t imo_change_done;
	uint64_t nthin;                  /* positions thinned, beyond the count kept in the index slot */
};

/* A vessel's identity history and its longest silences explained by coverage. */
struct hist {
	uint8_t nids, capids, nsils;
	struct vigil_silence *sils;        /* VIGIL_VESSEL_SILS, malloc'd on the first silence */
	struct vigil_identity_span ids[];  /* capids of them: 1, 2, then VIGIL_VESSEL_IDS */
};

/* The vessel's history with room for one more identity (up to VIGIL_VESSEL_IDS); NULL out of memory. */
static struct hist *hist_of(struct vessel *v, int id_room)
{
	struct hist *h = v->hist;
	unsigned cap;

	if (h && (!id_room || h->nids < h->capids || h->capids >= VIGIL_VESSEL_IDS))
		return h;
	cap = !h ? (id_room ? 1 : 0) : h->capids ? h->capids * 2u : 1;
	if (cap > VIGIL_VESSEL_IDS)
		cap = VIGIL_VESSEL_IDS;
	h = realloc(h, sizeof(*h) + cap * sizeof(h->ids[0]));
	if (!h)
		return NULL;
	if (!v->hist) {
		h->nids = h->nsils = 0;
		h->sils = NULL;
	}
	h->capids = (uint8_t)cap;
	v->hist = h;
	return h;
}

struct imo_ent {
	uint32_t imo, mmsi;
	char name[21], callsign[8];
	int64_t last_t;
	double lat, lon;
	uint64_t ref;
	uint32_t line;
	uint64_t seen[4];
	uint8_t nseen;
};

struct bucket;

/*
 * Clock gate. A record more than clock_margin_ms ahead of the newest accepted
 * time waits here; it is accepted when HOLD_N records in a row agree that the
 * stream moved there (a gap in the feed, a sparse track), and dropped as a
 * clock outlier as soon as a later record is more than the margin before it.
 */
#define HOLD_N 3
#define HOLD_FINISH_MS (24 * HOUR_MS) /* unconfirmed at the end: accepted only this close to the stream */

struct held {
	int is_static;
	uint64_t dupkey;
	union {
		struct vigil_fix f;
		struct vigil_static s;
	} u;
};

struct vigil_detect {
	struct vigil_detect_params p;
	struct vigil_detect_hooks h;
	struct vigil_detect_stats st;
	struct vigil_cover cover;
	/* reorder buffer */
	struct bucket *bk;
	uint32_t nbk;
	int64_t base_s;   /* oldest second not yet released; INT64_MIN before any record */
	size_t pending;
	int64_t max_t;
	struct fchunk *ffree;     /* free chunks */
	struct schunk *sfree;
	struct vigil_fix *rel;    /* release scratch: one bucket's positions, unpacked */
	uint32_t *relvi;
	uint32_t relcap;
	struct pstatic **srel;    /* release scratch: one bucket's statics */
	uint32_t srelcap;
	/* vessels */
	struct vessel *v;
	size_t nv, capv;
	struct vslot *vix; /* vessel index (struct vslot) */
	size_t vixcap;
	/* IMO history */
	struct imo_ent *imos;
	size_t nimos, capimos;
	uint64_t *iix;
	size_t iixcap;
	struct vigil_encounter_engine *enc;
	struct vigil_loiter *loi;
	struct vigil_visit_cfg vcfg;
	int finishing;
	/* clock gate: records far ahead of the stream wait here for confirmation */
	struct held hold[HOLD_N];
	unsigned nhold;
};

void vigil_detect_params_default(struct vigil_detect_params *p)
{
	memset(p, 0, sizeof(*p));
	vigil_seg_params_default(&p->seg);
	vigil_gap_params_default(&p->gap);
	p->reorder_ms = 10 * 60 * 1000;
	p->dedup_ms = 60 * 1000;
	p->max_vessels = 1u << 20;
	p->max_pending = 1u << 22;
	p->max_imos = 1u << 20;
	p->shared_min_fixes = 10;
	p->shared_min_switches = 3;
	p->spoof_min_fixes = 1;
	p->spoof_max_fixes = 9;   /* shared_min_fixes - 1: no size falls between the two rules */
	p->top_speed_min_kn = 12;
	p->id_hold_ms = HOUR_MS;
	p->t24_pair_ms = 10 * 60 * 1000;
	p->fishing_separate = 1;
	p->thin_ms = 30000;
	p->clock_margin_ms = 30 * 60 * 1000;
}

size_t vigil_detect_params_json(const struct vigil_detect_params *p, char *buf, size_t cap)
{
	int n = snprintf(buf, cap,
		"\"segment\":{\"max_knots\":%g,\"max_gap_h\":%g,\"buffer_hours\":%g,\"penalty_hours\":%g,"
		"\"hours_exp\":%g,\"penalty_knots\":%g,\"class_weight\":%g,\"ambiguity\":%g,\"short_seg\":%u,"
		"\"t27_min_hours\":%g,\"max_open\":%u,\"limit_penalized\":%d,\"score_power\":%g},"
		"\"gap\":{\"min_h\":%g,\"min_coverage\":%g,\"min_heard_hours\":%d,\"detour_ratio\":%g,\"cover_cell_deg\":%g,"
		"\"min_slots\":%d,\"min_own_cov\":%g,\"min_own_detour\":%g,\"own_min_heard\":%d,\"own_min_window\":%d,"
		"\"detour_min_kn\":%g},"
		"\"reorder_s\":%g,\"dedup_s\":%g,\"max_vessels\":%u,\"shared_min_fixes\":%u,"
		"\"shared_min_switches\":%u,\"spoof_min_fixes\":%u,\"spoof_max_fixes\":%u,\"top_speed_min_kn\":%g,"
		"\"id_hold_h\":%g,\"t24_pair_s\":%g,\"thin_s\":%g,\"clock_margin_min\":%g",
		p->seg.max_knots, (double)p->seg.max_gap_ms / 3.6e6, p->seg.buffer_hours, p->seg.penalty_hours,
		p->seg.hours_exp, p->seg.penalty_knots, p->seg.class_weight, p->seg.ambiguity, p->seg.short_seg,
		p->seg.t27_min_hours, p->seg.max_open, p->seg.limit_penalized, p->seg.score_power,
		(double)p->gap.min_ms / 3.6e6, p->gap.min_cov, p->gap.min_heard_hours, p->gap.detour_ratio, VIGIL_COVER_DEG,
		p->gap.min_slots, p->gap.min_own_cov, p->gap.min_own_detour, p->gap.own_min_heard,
		(int)p->gap.own_min_window, p->gap.detour_min_kn,
		(double)p->reorder_ms / 1000, (double)p->dedup_ms / 1000, p->max_vessels, p->shared_min_fixes,
		p->shared_min_switches, p->spoof_min_fixes, p->spoof_max_fixes, p->top_speed_min_kn,
		(double)p->id_hold_ms / 3.6e6, (double)p->t24_pair_ms / 1000, (double)p->thin_ms / 1000,
		(double)p->clock_margin_ms / 60000);

	return n < 0 || (size_t)n >= cap ? 0 : (size_t)n;
}

uint64_t vigil_detect_hash(const void *p, size_t n, uint64_t seed)
{
	const unsigned char *b = p;
	uint64_t h = 1469598103934665603ULL ^ seed;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= b[i];
		h *= 1099511628211ULL;
	}
	return h ? h : 1;
}

/* 8 bytes little-endian, whatever the host order (keys must not depend on it). */
static uint64_t load64le(const unsigned char *b)
{
	return (uint64_t)b[0] | (uint64_t)b[1] << 8 | (uint64_t)b[2] << 16 | (uint64_t)b[3] << 24 |
	       (uint64_t)b[4] << 32 | (uint64_t)b[5] << 40 | (uint64_t)b[6] << 48 | (uint64_t)b[7] << 56;
}

uint64_t vigil_detect_key(const void *p, size_t n, uint64_t seed)
{
	const unsigned char *b = p;
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ (seed * 0xbf58476d1ce4e5b9ULL) ^ n, w;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		w = load64le(b + i) * 0x87c37b91114253d5ULL;
		h ^= (w << 31 | w >> 33) * 0x4cf5ad432745937fULL;
		h = (h << 27 | h >> 37) * 5 + 0x52dce729;
	}
	if (i < n) {
		/*
		 * The tail: the last 8 bytes again when there are 8 (overlapping the
		 * previous word; n is in the seed), else byte by byte. No copy through
		 * a stack buffer: its narrow stores stall the 8-byte load after them.
		 */
		if (n >= 8) {
			w = load64le(b + n - 8);
		} else {
			size_t k;

			for (w = 0, k = 0; k < n; k++)
				w |= (uint64_t)b[k] << (8 * k);
		}
		w *= 0x87c37b91114253d5ULL;
		h ^= (w << 31 | w >> 33) * 0x4cf5ad432745937fULL;
	}
	h = vigil__mix64(h);
	return h ? h : 1;
}

/* ---- vessel and IMO tables ---- */

static uint32_t mix32(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x7feb352dU;
	x ^= x >> 15;
	x *= 0x846ca68bU;
	x ^= x >> 16;
	return x;
}

/* Rebuild an index over n records of stride bytes whose uint32_t key is at keyoff. */
static int ix_grow(uint64_t **ix, size_t *cap, size_t n, const void *base, size_t stride, size_t keyoff)
{
	size_t nc = *cap ? *cap * 2 : 1024, i;
	uint64_t *ni;

	while (nc < n * 2)
		nc *= 2;
	ni = calloc(nc, sizeof(*ni));
	if (!ni)
		return VIGIL_E_NOMEM;
	for (i = 0; i < n; i++) {
		uint32_t key;
		size_t j;

		memcpy(&key, (const char *)base + i * stride + keyoff, sizeof(key));
		j = mix32(key) & (nc - 1);

		while (ni[j])
			j = (j + 1) & (nc - 1);
		ni[j] = (uint64_t)key << 32 | ((uint32_t)i + 1);
	}
	free(*ix);
	*ix = ni;
	*cap = nc;
	return VIGIL_E_OK;
}

static struct vslot *slot_find(const struct vigil_detect *d, uint32_t mmsi)
{
	size_t j;

	if (!d->vixcap)
		return NULL;
	for (j = mix32(mmsi) & (d->vixcap - 1); d->vix[j].mmsi; j = (j + 1) & (d->vixcap - 1))
		if (d->vix[j].mmsi == mmsi)
			return &d->vix[j];
	return NULL;
}

static struct vessel *vessel_find(const struct vigil_detect *d, uint32_t mmsi)
{
	const struct vslot *x = slot_find(d, mmsi);

	return x ? &d->v[x->vi] : NULL;
}

void vigil_detect_prefetch1(const struct vigil_detect *d, uint32_t mmsi)
{
	if (d->vixcap)
		__builtin_prefetch(&d->vix[mix32(mmsi) & (d->vixcap - 1)]);
}

void vigil_detect_prefetch2(const struct vigil_detect *d, uint32_t mmsi)
{
	size_t j;

	if (!d->vixcap)
		return;
	/* a collision: the next slot (the first is in cache by now) */
	j = mix32(mmsi) & (d->vixcap - 1);
	if (d->vix[j].mmsi && d->vix[j].mmsi != mmsi)
		__builtin_prefetch(&d->vix[(j + 1) & (d->vixcap - 1)]);
}

/*
 * The vessel array and index are read at random, once or twice per record:
 * at 20,000 vessels they span ~15 MB, and with 4 KB pages most look-ups
 * also miss the TLB. Tables of 2 MB or more are allocated in 2 MB-aligned
 * whole pages and offered to the kernel for transparent huge pages (only a
 * hint: where it is unsupported nothing changes). 64-byte aligned always.
 */
#define BIG_PAGE (2u << 20)
static void *table_alloc(size_t bytes)
{
	void *p;

	if (bytes < BIG_PAGE)
		return aligned_alloc(64, (bytes + 63) / 64 * 64);
	bytes = (bytes + BIG_PAGE - 1) / BIG_PAGE * BIG_PAGE;
	p = aligned_alloc(BIG_PAGE, bytes);
#ifdef MADV_HUGEPAGE
	if (p)
		(void)madvise(p, bytes, MADV_HUGEPAGE);
#endif
	return p;
}

/* Double the index (slots are moved, so callers re-find theirs). */
static int vix_grow(struct vigil_detect *d)
{
	size_t nc = d->vixcap ? d->vixcap * 2 : 1024, i, j;
	struct vslot *ni = table_alloc(nc * sizeof(*ni)); /* sizeof is 64 */

	if (!ni)
		return VIGIL_E_NOMEM;
	memset(ni, 0, nc * sizeof(*ni));
	for (i = 0; i < d->vixcap; i++) {
		if (!d->vix[i].mmsi)
			continue;
		for (j = mix32(d->vix[i].mmsi) & (nc - 1); ni[j].mmsi; j = (j + 1) & (nc - 1))
			;
		ni[j] = d->vix[i];
	}
	free(d->vix);
	d->vix = ni;
	d->vixcap = nc;
	return VIGIL_E_OK;
}

/* Find or create a vessel's index slot; NULL beyond the cap or out of memory. May move every vessel. */
static struct vslot *vessel_get(struct vigil_detect *d, uint32_t mmsi)
{
	struct vslot *x = slot_find(d, mmsi);
	struct vessel *v;
	size_t j;

	if (x)
		return x;
	if (d->nv >= d->p.max_vessels) {
		d->st.vessels_over_cap++;
		return NULL;
	}
	if (d->nv == d->capv) {
		size_t nc = d->capv ? d->capv * 2 : 256;
		struct vessel *nvv = table_alloc(nc * sizeof(*nvv)); /* sizeof is a multiple of 64 */

		if (!nvv) {
			d->st.nomem++;
			return NULL;
		}
		if (d->nv)
			memcpy(nvv, d->v, d->nv * sizeof(*nvv));
		free(d->v);
		d->v = nvv;
		d->capv = nc;
	}
	if ((d->nv + 1) * 2 > d->vixcap && vix_grow(d)) {
		d->st.nomem++;
		return NULL;
	}
	v = &d->v[d->nv];
	memset(v, 0, sizeof(*v));
	v->mmsi = mmsi;
	v->draught = NAN;
	v->max_sog = NAN;
	vigil_seg_state_init(&v->seg);
	for (j = mix32(mmsi) & (d->vixcap - 1); d->vix[j].mmsi; j = (j + 1) & (d->vixcap - 1))
		;
	x = &d->vix[j];
	memset(x, 0, sizeof(*x));
	x->mmsi = mmsi;
	x->vi = (uint32_t)d->nv++;
	d->st.vessels++;
	return x;
}

static struct imo_ent *imo_get(struct vigil_detect *d, uint32_t imo, int create)
{
	size_t j;
	struct imo_ent *e;

	if (d->iixcap)
		for (j = mix32(imo) & (d->iixcap - 1); d->iix[j]; j = (j + 1) & (d->iixcap - 1))
			if ((uint32_t)(d->iix[j] >> 32) == imo)
				return &d->imos[(uint32_t)d->iix[j] - 1];
	if (!create)
		return NULL;
	if (d->nimos >= d->p.max_imos) {
		d->st.imos_over_cap++;
		return NULL;
	}
	if (d->nimos == d->capimos) {
		size_t nc = d->capimos ? d->capimos * 2 : 256;
		struct imo_ent *ne = realloc(d->imos, nc * sizeof(*ne));

		if (!ne)
			return NULL;
		d->imos = ne;
		d->capimos = nc;
	}
	if ((d->nimos + 1) * 2 > d->iixcap && ix_grow(&d->iix, &d->iixcap, d->nimos, d->imos, sizeof(*d->imos), 0))
		return NULL;
	e = &d->imos[d->nimos];
	memset(e, 0, sizeof(*e));
	e->imo = imo;
	for (j = mix32(imo) & (d->iixcap - 1); d->iix[j]; j = (j + 1) & (d->iixcap - 1))
		;
	d->iix[j] = (uint64_t)imo << 32 | (uint32_t)++d->nimos;
	return e;
}

/* ---- events ---- */

static void ev_vessel(struct vigil_event *e, const struct vessel *v, uint32_t seg)
{
	struct vigil_event_vessel *x;

	if (e->nv >= VIGIL_EVENT_MAXV)
		return;
	x = &e->v[e->nv++];
	x->mmsi = v->mmsi;
	x->imo = v->imo;
	x->seg = seg;
	memcpy(x->name, v->name, sizeof(x->name));
	memcpy(x->callsign, v->callsign, sizeof(x->callsign));
}

static void ev_ref(struct vigil_event_ref *r, uint64_t ref, uint32_t line)
{
	r->ref = ref;
	r->line = line;
}

static void emit(struct vigil_detect *d, struct vigil_event *e, struct vessel *v)
{
	if (!e->id[0])
		vigil_event_make_id(e);
	d->st.events++;
	if (v)
		v->nevents++;
	if (d->h.emit)
		d->h.emit(d->h.emit_ctx, e);
}

static void identity_json(struct vigil_event *e, const char *key, const struct vessel *v)
{
	char n[64], c[32], ds[64];

	vigil_json_escape(v->name, n, sizeof(n));
	vigil_json_escape(v->callsign, c, sizeof(c));
	vigil_json_escape(v->dest, ds, sizeof(ds));
	if (isfinite(v->draught))
		vigil_event_detail(e, "\"%s\":{\"mmsi\":%u,\"imo\":%u,\"name\":\"%s\",\"callsign\":\"%s\","
				   "\"destination\":\"%s\",\"draught_m\":%.1f}", key, v->mmsi, v->imo, n, c, ds,
				   v->draught);
	else
		vigil_event_detail(e, "\"%s\":{\"mmsi\":%u,\"imo\":%u,\"name\":\"%s\",\"callsign\":\"%s\","
				   "\"destination\":\"%s\",\"draught_m\":null}", key, v->mmsi, v->imo, n, c, ds);
}

/* ---- gaps ---- */

static double top_speed(const struct vigil_detect *d, const struct vessel *v)
{
	double s = isfinite(v->max_sog) ? v->max_sog * 1.1 : 15;

	if (s < d->p.top_speed_min_kn)
		s = d->p.top_speed_min_kn;
	if (s > d->p.seg.max_knots)
		s = d->p.seg.max_knots;
	return s;
}

/* Areas of interest a dark vessel could have reached and left within the gap. */
static void reach_json(struct vigil_detect *d, struct vigil_event *e, const struct vigil_fix *a,
		       const struct vigil_fix *b, double kn)
{
	const struct vigil_geo *g = d->h.geo;
	double budget_km = kn * 1.852 * (double)(b->t - a->t) / 3.6e6;
	size_t i, n = 0, checked = 0;
	char buf[1400], nm[120];
	size_t o = 0;

	if (!g)
		return;
	o += (size_t)snprintf(buf + o, sizeof(buf) - o, "\"reachable\":[");
	for (i = 0; i < g->nareas && o < sizeof(buf) - 200; i++) {
		const struct vigil_geo_area *ar = &g->areas[i];
		double da, db;

		if (!(VIGIL_GEO_KIND_BIT(ar->kind) & VIGIL_GEO_INTEREST))
			continue;
		checked++;
		da = vigil_geo_area_km(g, i, a->lat, a->lon);
		db = vigil_geo_area_km(g, i, b->lat, b->lon);
		if (da + db > budget_km)
			continue;
		vigil_json_escape(ar->name, nm, sizeof(nm));
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s{\"id\":\"%s\",\"name\":\"%s\",\"kind\":\"%s\","
				      "\"km_there_and_back\":%.0f,\"hours_needed\":%.1f}", n ? "," : "", ar->id, nm,
				      vigil_geo_kind_name(ar->kind), da + db, (da + db) / (kn * 1.852));
		n++;
	}
	for (i = 0; i < g->nplaces && o < sizeof(buf) - 200; i++) {
		const struct vigil_geo_place *pl = &g->places[i];
		double da, db;

		/* Ports of sanctioned states count as areas of interest. */
		if (pl->kind != VIGIL_GEO_PORT || (strcmp(pl->country, "PRK") && strcmp(pl->country, "KP")))
			continue;
		checked++;
		da = vigil_geo_dist_km(a->lat, a->lon, pl->lat, pl->lon) - pl->radius_km;
		db = vigil_geo_dist_km(b->lat, b->lon, pl->lat, pl->lon) - pl->radius_km;
		if (da < 0)
			da = 0;
		if (db < 0)
			db = 0;
		if (da + db > budget_km)
			continue;
		vigil_json_escape(pl->name, nm, sizeof(nm));
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s{\"id\":\"%s\",\"name\":\"%s\",\"kind\":\"port\","
				      "\"km_there_and_back\":%.0f,\"hours_needed\":%.1f}", n ? "," : "", pl->id, nm,
				      da + db, (da + db) / (kn * 1.852));
		n++;
	}
	if (o >= sizeof(buf) - 200) {
		/* list cut: close it */
		o = (size_t)(strrchr(buf, '}') - buf) + 1;
		buf[o] = 0;
	}
	snprintf(buf + o, sizeof(buf) - o, "],\"areas_checked\":%zu", checked);
	vigil_event_detail(e, "%s", buf);
}

static void gap_emit(struct vigil_detect *d, struct vessel *v)
{
	struct pgap *g = v->gap;

	if (!g)
		return;
	v->gap = NULL;
	v->has_gap = 0;
	identity_json(&g->ev, "after", v);
	emit(d, &g->ev, v);
	free(g);
}

static void gap_check(struct vigil_detect *d, struct vessel *v, const struct vigil_fix *a, const struct vigil_fix *b)
{
	struct vigil_gap_judgement j;
	struct pgap *g;
	struct vigil_event *e;
	double kn, dur_h = (double)(b->t - a->t) / 3.6e6;

	vigil_gap_judge_own(&d->cover, &d->p.gap, &v->own, a->t, a->lat, a->lon, a->sog, a->cog, b->t, b->lat, b->lon, &j);
	if (!j.suspicious) {
		struct hist *hs = hist_of(v, 0);

		v->nsil++;
		v->sil_h += dur_h;
		d->st.silences_explained++;
		if (hs && !hs->sils)
			hs->sils = malloc(VIGIL_VESSEL_SILS * sizeof(*hs->sils));
		if (hs && hs->sils) {
			struct vigil_silence *x = NULL;
			unsigned k, m;

			if (hs->nsils < VIGIL_VESSEL_SILS) {
				x = &hs->sils[hs->nsils++];
			} else { /* full: keep the longest */
				for (k = 0, m = 1; m < VIGIL_VESSEL_SILS; m++)
					if (hs->sils[m].end - hs->sils[m].start < hs->sils[k].end - hs->sils[k].start)
						k = m;
				if (b->t - a->t > hs->sils[k].end - hs->sils[k].start)
					x = &hs->sils[k];
			}
			if (x) {
				x->start = a->t;
				x->end = b->t;
				x->lat = a->lat;
				x->lon = a->lon;
				x->end_lat = b->lat;
				x->end_lon = b->lon;
				x->coverage_path = (float)j.cov_path;
			}
		}
		if (!d->p.emit_silences)
			return;
	} else {
		v->ngaps++;
		v->gap_h += dur_h;
		d->st.gaps++;
	}
	gap_emit(d, v); /* one pending at a time */
	g = malloc(sizeof(*g));
	if (!g) {
		d->st.nomem++;
		return;
	}
	e = &g->ev;
	vigil_event_init(e, j.suspicious ? "gap" : "coverage_silence");
	ev_vessel(e, v, b->seg);
	e->start = a->t;
	e->end = b->t;
	e->lat = a->lat;
	e->lon = a->lon;
	e->end_lat = b->lat;
	e->end_lon = b->lon;
	e->confidence = j.confidence;
	e->nmsg = 2;
	ev_ref(&e->first, a->ref, a->line);
	ev_ref(&e->last, b->ref, b->line);
	vigil_event_reason(e, j.cov_path >= 0.5 ? "others_heard_along_path" :
			   j.cov_path > 0 ? "others_heard_partly_along_path" : "nobody_heard_along_path");
	if (j.cov_start >= 0.5)
		vigil_event_reason(e, "others_heard_near_start");
	if (j.cov_end >= 0.5)
		vigil_event_reason(e, "others_heard_near_end");
	if (j.inner_heard >= d->p.gap.min_heard_hours)
		vigil_event_reason(e, "silent_while_others_heard_nearby");
	if (j.detour)
		vigil_event_reason(e, "reappeared_far_from_dead_reckoning");
	if (j.transit)
		vigil_event_reason(e, "reappeared_near_dead_reckoning");
	if (j.own_weak)
		vigil_event_reason(e, "vessel_heard_intermittently_before");
	if (isfinite(v->draught))
		vigil_event_reason(e, "draught_known");
	vigil_event_param(e, "min_gap_h", (double)d->p.gap.min_ms / 3.6e6, "h");
	vigil_event_param(e, "min_coverage", d->p.gap.min_cov, "");
	vigil_event_param(e, "min_heard_hours", d->p.gap.min_heard_hours, "h");
	vigil_event_param(e, "detour_ratio", d->p.gap.detour_ratio, "");
	vigil_event_param(e, "cover_cell_deg", VIGIL_COVER_DEG, "deg");
	kn = top_speed(d, v);
	vigil_event_param(e, "top_speed_kn", kn, "kn");
	vigil_event_detail(e, "\"path_hours\":\"%s\",\"path_slots\":\"%s\",\"inner_heard\":%d", j.path_hours,
			   j.path_slots, j.inner_heard);
	if (isfinite(j.own_rate))
		vigil_event_detail(e, "\"own_reception\":%.2f", j.own_rate);
	vigil_event_detail(e, "\"own_heard_slots\":%d", j.own_heard);
	if (isfinite(j.dr_ratio))
		vigil_event_detail(e, "\"dead_reckoning_ratio\":%.2f", j.dr_ratio);
	vigil_event_detail(e, "\"hours_checked\":%d,\"coverage_start\":%.2f,\"coverage_end\":%.2f,"
			   "\"coverage_path\":%.2f,\"distance_km\":%.1f,\"implied_speed_kn\":%.2f",
			   j.hours, j.cov_start, j.cov_end, j.cov_path, j.dist_nm * 1.852, j.implied_kn);
	if (isfinite(j.speed_before))
		vigil_event_detail(e, "\"sog_before_kn\":%.1f", j.speed_before);
	if (isfinite(b->sog))
		vigil_event_detail(e, "\"sog_after_kn\":%.1f", b->sog);
	if (isfinite(j.dr_error_nm))
		vigil_event_detail(e, "\"dead_reckoning_error_km\":%.1f", j.dr_error_nm * 1.852);
	reach_json(d, e, a, b, kn);
	identity_json(e, "before", v);
	vigil_event_make_id(e);
	g->deadline = b->t + d->p.id_hold_ms;
	v->gap = g;
	v->has_gap = 1;
}

/* ---- identity anomalies ---- */

static void check_mmsi(struct vigil_detect *d, struct vessel *v, const struct vigil_fix *f)
{
	unsigned mid;
	enum vigil_mmsi_kind k = vigil_mmsi_kind(v->mmsi, &mid);
	struct vigil_event e;

	v->mmsi_checked = 1;
	if (k != VIGIL_MMSI_BADMID && k != VIGIL_MMSI_SHORT)
		return;
	vigil_event_init(&e, "invalid_mmsi");
	ev_vessel(&e, v, f->seg);
	e.start = e.end = f->t;
	e.lat = f->lat;
	e.lon = f->lon;
	e.confidence = k == VIGIL_MMSI_SHORT ? 0.9 : 0.8;
	vigil_event_reason(&e, k == VIGIL_MMSI_SHORT ? "mmsi_not_9_digits" : "mid_not_allocated");
	vigil_event_detail(&e, "\"mid\":%u,\"mmsi_kind\":\"%s\"", mid, vigil_mmsi_kind_name(k));
	e.nmsg = 1;
	ev_ref(&e.first, f->ref, f->line);
	ev_ref(&e.last, f->ref, f->line);
	emit(d, &e, v);
}

static uint64_t ident_hash(uint32_t mmsi, const char *name, const char *cs)
{
	char nn[24], nc[12];
	uint64_t h;

	vigil_name_norm(name, nn, sizeof(nn));
	vigil_name_norm(cs, nc, sizeof(nc));
	h = vigil_detect_hash(&mmsi, sizeof(mmsi), 0);
	h = vigil_detect_hash(nn, strlen(nn), h);
	return vigil_detect_hash(nc, strlen(nc), h);
}

static void check_imo(struct vigil_detect *d, struct vessel *v, const struct vigil_static *s)
{
	struct imo_ent *ie;
	uint64_t h;
	unsigned mid = 0;
	char cc[3];
	int i, seen = 0;

	if (!s->imo)
		return;
	if (!vigil_identity_imo_ok(s->imo)) {
		if (v->bad_imo_done != s->imo) {
			struct vigil_event e;

			v->bad_imo_done = s->imo;
			vigil_event_init(&e, "invalid_imo");
			ev_vessel(&e, v, v->seg.cur);
			e.v[0].imo = s->imo;
			e.start = e.end = s->t;
			if (v->nfix) {
				e.lat = v->last.lat;
				e.lon = v->last.lon;
			}
			e.confidence = 0.95;
			vigil_event_reason(&e, "imo_check_digit_fails");
			vigil_event_detail(&e, "\"broadcast_imo\":%u", s->imo);
			e.nmsg = 1;
			ev_ref(&e.first, s->ref, s->line);
			ev_ref(&e.last, s->ref, s->line);
			emit(d, &e, v);
		}
		return; /* a broken IMO says nothing about who the ship is */
	}
	/* The MID's flag against the flag the lists record for this IMO. */
	if (d->h.flag_for_imo && v->mid_done != s->imo && vigil_mmsi_kind(v->mmsi, &mid) == VIGIL_MMSI_SHIP &&
	    d->h.flag_for_imo(d->h.flag_ctx, s->imo, vigil_mid_flag(mid), cc)) {
		const char *mf = vigil_mid_flag(mid);

		v->mid_done = s->imo;
		if (mf && strcmp(mf, cc) != 0) {
			struct vigil_event e;

			vigil_event_init(&e, "mid_mismatch");
			ev_vessel(&e, v, v->seg.cur);
			e.v[0].imo = s->imo;
			e.start = e.end = s->t;
			if (v->nfix) {
				e.lat = v->last.lat;
				e.lon = v->last.lon;
			}
			e.confidence = 0.9;
			vigil_event_reason(&e, "mid_flag_differs_from_listed_flag");
			vigil_event_detail(&e, "\"mid\":%u,\"mid_flag\":\"%s\",\"listed_flag\":\"%s\"", mid, mf, cc);
			e.nmsg = 1;
			ev_ref(&e.first, s->ref, s->line);
			ev_ref(&e.last, s->ref, s->line);
			emit(d, &e, v);
		}
	}
	/* Name, call sign or MMSI changes under one IMO. */
	if (v->ie_hint && v->ie_hint <= d->nimos && d->imos[v->ie_hint - 1].imo == s->imo)
		ie = &d->imos[v->ie_hint - 1];
	else if ((ie = imo_get(d, s->imo, 1)) != NULL)
		v->ie_hint = (uint32_t)(ie - d->imos) + 1;
	if (!ie)
		return;
	if (ie->nseen && ie->mmsi == v->mmsi && !memcmp(ie->name, s->name, sizeof(ie->name)) &&
	    !memcmp(ie->callsign, s->callsign, sizeof(ie->callsign))) {
		/*
		 * The entry was last written by this very identity, and every write
		 * leaves its hash among seen[]: the common repeated report, without
		 * normalising and hashing the names again.
		 */
		seen = 1;
		h = 0;
	} else {
		h = ident_hash(v->mmsi, s->name, s->callsign);
		for (i = 0; i < ie->nseen; i++)
			if (ie->seen[i] == h)
				seen = 1;
	}
	if (ie->nseen && !seen) {
		struct vigil_event e;
		char on[64], oc[32], nn[64], nc[32];

		vigil_event_init(&e, "identity_change");
		ev_vessel(&e, v, v->seg.cur);
		e.v[0].imo = s->imo;
		e.start = ie->last_t < s->t ? ie->last_t : s->t;
		e.end = s->t;
		e.lat = ie->lat;
		e.lon = ie->lon;
		if (v->nfix) {
			e.end_lat = v->last.lat;
			e.end_lon = v->last.lon;
		}
		e.confidence = 0.85;
		if (ie->mmsi != v->mmsi)
			vigil_event_reason(&e, "mmsi_changed_under_imo");
		vigil_name_norm(ie->name, on, sizeof(on));
		vigil_name_norm(s->name, nn, sizeof(nn));
		if (strcmp(on, nn))
			vigil_event_reason(&e, "name_changed_under_imo");
		vigil_name_norm(ie->callsign, oc, sizeof(oc));
		vigil_name_norm(s->callsign, nc, sizeof(nc));
		if (strcmp(oc, nc))
			vigil_event_reason(&e, "callsign_changed_under_imo");
		vigil_json_escape(ie->name, on, sizeof(on));
		vigil_json_escape(ie->callsign, oc, sizeof(oc));
		vigil_json_escape(s->name, nn, sizeof(nn));
		vigil_json_escape(s->callsign, nc, sizeof(nc));
		vigil_event_detail(&e, "\"old_identity\":{\"mmsi\":%u,\"imo\":%u,\"name\":\"%s\",\"callsign\":\"%s\"},"
				   "\"new_identity\":{\"mmsi\":%u,\"imo\":%u,\"name\":\"%s\",\"callsign\":\"%s\"}",
				   ie->mmsi, s->imo, on, oc, v->mmsi, s->imo, nn, nc);
		/* Both MMSIs as vessels, so either finds the event. */
		if (ie->mmsi != v->mmsi && e.nv < VIGIL_EVENT_MAXV) {
			struct vigil_event_vessel *x = &e.v[e.nv++];

			memset(x, 0, sizeof(*x));
			x->mmsi = ie->mmsi;
			x->imo = s->imo;
			memcpy(x->name, ie->name, sizeof(x->name));
			memcpy(x->callsign, ie->callsign, sizeof(x->callsign));
		}
		e.nmsg = 2;
		ev_ref(&e.first, ie->ref, ie->line);
		ev_ref(&e.last, s->ref, s->line);
		vigil_event_make_id(&e);
		emit(d, &e, v);
	}
	if (!seen) {
		if (ie->nseen < 4)
			ie->seen[ie->nseen++] = h;
		else
			ie->seen[3] = h;
	}
	ie->mmsi = v->mmsi;
	memcpy(ie->name, s->name, sizeof(ie->name));
	memcpy(ie->callsign, s->callsign, sizeof(ie->callsign));
	ie->last_t = s->t;
	ie->ref = s->ref;
	ie->line = s->line;
	ie->lat = v->nfix ? v->last.lat : NAN;
	ie->lon = v->nfix ? v->last.lon : NAN;
}

/*
 * The same message heard again (another station, a repeat) within dedup_ms:
 * each vessel remembers its last VIGIL__DUPS message keys. Records reach this
 * in time order, so copies of one message meet here.
 */
static int vessel_dup(const struct vigil_detect *d, struct vslot *v, uint64_t key, int64_t t)
{
	uint64_t hi = key & ~0xffffffULL, ts = (uint64_t)(t >= 0 ? t / 1000 : 0) & 0xffffff;
	int64_t win = d->p.dedup_ms / 1000 + 1;
	unsigned k, dki;

	if (!key || !d->p.dedup_ms)
		return 0;
	for (k = 0; k < VIGIL__DUPS; k++) {
		uint64_t x = v->dk[k];

		/* the key first: it almost never matches, so the age is rarely needed */
		if ((x & ~0xffffffULL) == hi && x) {
			int64_t age = (int64_t)((ts - (x & 0xffffff)) & 0xffffff);

			if (age > 0x800000)
				age -= 0x1000000;
			if (llabs(age) <= win)
				return 1;
		}
	}
	dki = (unsigned)(v->ins >> INS_DKI_SHIFT) & 7;
	v->dk[dki] = hi | ts | (hi ? 0 : 1);
	dki = dki + 1 == VIGIL__DUPS ? 0 : dki + 1;
	v->ins = (v->ins & ~(7ULL << INS_DKI_SHIFT)) | (uint64_t)dki << INS_DKI_SHIFT;
	return 0;
}

/* vi: the vessel's index, found when the record came in. */
static void process_static(struct vigil_detect *d, struct vigil_static *s, uint64_t vi)
{
	struct vessel *v = &d->v[vi];

	v->nstatic++;
	if (s->type == 24) {
		if (s->part == 1) {
			memcpy(v->name24a, s->name, sizeof(v->name24a));
			v->t24a = s->t;
			if (s->name[0])
				memcpy(v->name, s->name, sizeof(v->name));
			return;
		}
		/* Part B: pair with a part A of the same MMSI heard on either channel. */
		if (v->t24a && llabs(s->t - v->t24a) <= d->p.t24_pair_ms)
			memcpy(s->name, v->name24a, sizeof(s->name));
	}
	if (s->name[0])
		memcpy(v->name, s->name, sizeof(v->name));
	if (s->callsign[0])
		memcpy(v->callsign, s->callsign, sizeof(v->callsign));
	if (s->destination[0])
		memcpy(v->dest, s->destination, sizeof(v->dest));
	if (s->shiptype)
		v->shiptype = s->shiptype;
	if (isfinite(s->draught))
		v->draught = s->draught;
	if (s->to_bow + s->to_stern)
		v->length = (uint16_t)(s->to_bow + s->to_stern);
	if (s->to_port + s->to_starboard)
		v->width = (uint16_t)(s->to_port + s->to_starboard);
	if (s->imo && vigil_identity_imo_ok(s->imo))
		v->imo = s->imo;
	v->id_t = s->t;
	if ((s->type == 5 || s->type == 0 || (s->type == 24 && s->name[0])) && (s->name[0] || s->imo)) {
		struct hist *hs = v->hist;
		unsigned k = 0;

		if (hs)
			for (k = 0; k < hs->nids; k++)
				if (hs->ids[k].imo == s->imo && !strcmp(hs->ids[k].name, s->name) &&
				    !strcmp(hs->ids[k].callsign, s->callsign))
					break;
		if (!hs || k == hs->nids)
			hs = hist_of(v, 1); /* a new identity: make room */
		if (hs) {
			if (k == hs->nids) {
				if (hs->nids < VIGIL_VESSEL_IDS) {
					hs->nids++;
				} else { /* drop the oldest */
					memmove(&hs->ids[0], &hs->ids[1], (VIGIL_VESSEL_IDS - 1) * sizeof(hs->ids[0]));
					k = VIGIL_VESSEL_IDS - 1;
				}
				hs->ids[k].imo = s->imo;
				memcpy(hs->ids[k].name, s->name, sizeof(hs->ids[k].name));
				memcpy(hs->ids[k].callsign, s->callsign, sizeof(hs->ids[k].callsign));
				hs->ids[k].first = s->t;
			}
			hs->ids[k].last = s->t;
		}
	}
	if (s->type == 5 || s->type == 0 || (s->type == 24 && s->name[0]))
		check_imo(d, v, s);
	if (v->has_gap && s->t > v->gap->ev.end)
		gap_emit(d, v);
}

/* ---- segments closing: shared MMSIs and spoofed jumps ---- */

static void judge_segment(struct vigil_detect *d, struct vessel *v, const struct vigil_seg *b,
			  const struct vigil_seg *parent)
{
	struct vigil_event e;

	v->nsegs++;
	d->st.segments++;
	if (!b->parent || !parent)
		return;
	if (b->n >= d->p.shared_min_fixes && parent->n >= d->p.shared_min_fixes &&
	    b->switches >= d->p.shared_min_switches) {
		vigil_event_init(&e, "shared_mmsi");
		ev_vessel(&e, v, parent->id);
		ev_vessel(&e, v, b->id);
		e.start = b->first.t > parent->first.t ? b->first.t : parent->first.t;
		e.end = b->last.t < parent->last.t ? b->last.t : parent->last.t;
		if (e.end < e.start)
			e.end = e.start;
		e.lat = parent->last.lat;
		e.lon = parent->last.lon;
		e.end_lat = b->last.lat;
		e.end_lon = b->last.lon;
		e.confidence = b->switches >= 2 * d->p.shared_min_switches ? 0.9 : 0.75;
		vigil_event_reason(&e, "two_tracks_at_once");
		vigil_event_reason(&e, "tracks_too_far_apart_for_one_ship");
		vigil_event_param(&e, "max_knots", d->p.seg.max_knots, "kn");
		vigil_event_param(&e, "shared_min_fixes", d->p.shared_min_fixes, "");
		vigil_event_param(&e, "shared_min_switches", d->p.shared_min_switches, "");
		vigil_event_detail(&e, "\"track_1\":{\"segment\":%u,\"positions\":%u,\"lat\":%.5f,\"lon\":%.5f},"
				   "\"track_2\":{\"segment\":%u,\"positions\":%u,\"lat\":%.5f,\"lon\":%.5f},"
				   "\"switches\":%u,\"implied_speed_kn\":%.0f",
				   parent->id, parent->n, parent->last.lat, parent->last.lon, b->id, b->n,
				   b->first.lat, b->first.lon, b->switches, b->jump_knots);
		e.nmsg = b->n;
		ev_ref(&e.first, b->first.ref, b->first.line);
		ev_ref(&e.last, b->last.ref, b->last.line);
		e.nv = 1; /* the same MMSI twice says nothing more */
		vigil_event_make_id(&e);
		emit(d, &e, v);
		return;
	}
	if (b->n >= d->p.spoof_min_fixes && parent->last.t > b->last.t && b->jump_knots > d->p.seg.max_knots &&
	    (b->n <= d->p.spoof_max_fixes || b->switches <= 1)) {
		double km = vigil_seg_dist_nm(parent->last.lat, parent->last.lon, b->first.lat, b->first.lon) * 1.852;

		vigil_event_init(&e, "spoof_jump");
		ev_vessel(&e, v, b->id);
		e.start = b->first.t;
		e.end = b->last.t;
		e.lat = b->first.lat;
		e.lon = b->first.lon;
		e.end_lat = b->last.lat;
		e.end_lon = b->last.lon;
		e.confidence = b->n >= 3 ? 0.85 : b->n == 2 ? 0.7 : 0.6;
		vigil_event_reason(&e, "impossible_speed_away_and_back");
		if (b->n == 1)
			vigil_event_reason(&e, "single_position");
		if (b->switches <= 1)
			vigil_event_reason(&e, "real_track_silent_meanwhile");
		else
			vigil_event_reason(&e, "isolated_positions_amid_real_track");
		vigil_event_param(&e, "max_knots", d->p.seg.max_knots, "kn");
		vigil_event_param(&e, "spoof_min_fixes", d->p.spoof_min_fixes, "");
		vigil_event_param(&e, "spoof_max_fixes", d->p.spoof_max_fixes, "");
		vigil_event_detail(&e, "\"positions_away\":%u,\"track_lat\":%.5f,\"track_lon\":%.5f,\"jump_km\":%.0f,"
				   "\"implied_speed_kn\":%.0f,\"track_segment\":%u",
				   b->n, parent->last.lat, parent->last.lon, km, b->jump_knots, parent->id);
		e.nmsg = b->n;
		ev_ref(&e.first, b->first.ref, b->first.line);
		ev_ref(&e.last, b->last.ref, b->last.line);
		vigil_event_make_id(&e);
		emit(d, &e, v);
	}
}

struct closectx {
	struct vigil_detect *d;
	struct vessel *v;
};

static void on_close(void *ctx, const struct vigil_seg *s)
{
	struct closectx *c = ctx;

	judge_segment(c->d, c->v, s, s->parent ? vigil_seg_find(&c->v->seg, s->parent) : NULL);
}

/* ---- encounters ---- */

static unsigned place_fn(void *ctx, double lat, double lon, double *port_km, double *shore_km)
{
	const struct vigil_detect *d = ctx;
	struct vigil_geo_hit hit;
	unsigned fl = 0;

	*port_km = INFINITY;
	*shore_km = INFINITY;
	if (d->h.geo) {
		if (vigil_geo_nearest(d->h.geo, lat, lon, 50, VIGIL_GEO_PORTLIKE, &hit)) {
			*port_km = hit.km;
			if (hit.is_area ? hit.km == 0 : hit.km <= d->h.geo->places[hit.index].radius_km)
				fl |= VIGIL_PLACE_PORT;
		}
		if (vigil_geo_in_interest(d->h.geo, lat, lon))
			fl |= VIGIL_PLACE_HOTSPOT;
	}
	if (d->h.shore) {
		double s = vigil_shore_km(d->h.shore, lat, lon);

		if (isfinite(s))
			*shore_km = s;
		if (vigil_shore_land(d->h.shore, lat, lon) == 1)
			fl |= VIGIL_PLACE_LAND;
	}
	return fl;
}

static void enc_emit(void *ctx, const struct vigil_encounter *x)
{
	struct vigil_detect *d = ctx;
	struct vigil_event e;
	struct vessel *a = vessel_find(d, x->mmsi[0]), *b = vessel_find(d, x->mmsi[1]);
	unsigned bit;
	static const char *const rn[VIGIL_ENC_R_COUNT] = {
		"long", "close", "still", "in_hotspot", "offshore", "sparse", "near_port", "one_sided", "split"
	};

	if (!x->merged)
		return;
	vigil_event_init(&e, "encounter");
	if (a)
		ev_vessel(&e, a, x->seg[0]);
	if (b)
		ev_vessel(&e, b, x->seg[1]);
	e.start = x->start;
	e.end = x->end;
	e.lat = x->mean_lat;
	e.lon = x->mean_lon;
	e.confidence = x->confidence;
	for (bit = 0; bit < VIGIL_ENC_R_COUNT; bit++)
		if (x->reasons & (1u << bit))
			vigil_event_reason(&e, rn[bit]);
	vigil_event_detail(&e, "\"median_distance_km\":%.3f,\"min_distance_km\":%.3f,\"median_speed_kn\":%.2f,"
			   "\"slots\":%u,\"runs\":%u,\"profile\":\"%s\"", x->median_km, x->min_km,
			   x->median_speed_kn, x->slots, x->runs, x->profile ? x->profile : "");
	if (isfinite(x->port_km))
		vigil_event_detail(&e, "\"port_km\":%.1f", x->port_km);
	e.nmsg = (uint64_t)x->nfix[0] + x->nfix[1];
	ev_ref(&e.first, x->first_ref[0], 0);
	ev_ref(&e.last, x->last_ref[0], 0);
	vigil_event_make_id(&e);
	emit(d, &e, a);
}

static void loi_emit(void *ctx, const struct vigil_loiter_event *x)
{
	struct vigil_detect *d = ctx;
	struct vigil_event e;
	struct vessel *a = vessel_find(d, x->mmsi);
	unsigned bit;
	static const char *const rn[VIGIL_LOI_R_NBITS] = {
		"long", "still", "in_hotspot", "far_offshore", "sparse", "shore_unknown", "split", "near_shore",
		"inferred_duration", "bridged_silence"
	};
	const unsigned nbits = VIGIL_LOI_R_NBITS;

	vigil_event_init(&e, vigil_loiter_kind_name(x->kind));
	if (a)
		ev_vessel(&e, a, x->seg);
	e.start = x->start;
	e.end = x->end;
	e.lat = x->mean_lat;
	e.lon = x->mean_lon;
	e.confidence = x->confidence;
	for (bit = 0; bit < nbits; bit++)
		if (x->reasons & (1u << bit))
			vigil_event_reason(&e, rn[bit]);
	vigil_event_param(&e, "max_avg_kn", 2.0, "kn");
	vigil_event_param(&e, "min_duration_h", 4, "h");
	vigil_event_param(&e, "min_shore_nm", 20, "nm");
	vigil_event_detail(&e, "\"avg_speed_kn\":%.2f,\"max_speed_kn\":%.2f,\"shiptype\":%u,\"profile\":\"%s\"",
			   x->avg_kn, x->max_kn, x->shiptype, x->profile ? x->profile : "");
	if (isfinite(x->min_shore_km))
		vigil_event_detail(&e, "\"min_shore_km\":%.1f", x->min_shore_km);
	if (isfinite(x->min_port_km))
		vigil_event_detail(&e, "\"min_port_km\":%.1f", x->min_port_km);
	/* what was observed, what was judged against min_duration, and the window the silences allow */
	vigil_event_detail(&e, "\"observed_h\":%.2f,\"estimated_h\":%.2f", (double)(x->end - x->start) / 3.6e6,
			   (double)x->judged_ms / 3.6e6);
	if (x->est_start != x->start || x->est_end != x->end) {
		char ts[32], te[32];

		vigil_time_iso(x->est_start, ts, sizeof(ts));
		vigil_time_iso(x->est_end, te, sizeof(te));
		vigil_event_detail(&e, "\"est_start\":\"%s\",\"est_end\":\"%s\"", ts, te);
	}
	if (x->bridged_ms > 0)
		vigil_event_detail(&e, "\"bridged_h\":%.2f", (double)x->bridged_ms / 3.6e6);
	e.nmsg = x->nfix;
	ev_ref(&e.first, x->first_ref, 0);
	ev_ref(&e.last, x->last_ref, 0);
	vigil_event_make_id(&e);
	emit(d, &e, a);
}

static void visit_id(struct vigil_event *e, const char *place);

static void visit_emit(struct vigil_detect *d, struct vessel *v, const struct vigil_visit *x)
{
	const struct vigil_geo *g = d->h.geo;
	struct vigil_event e;
	const char *id = "", *name = "", *country = "";
	char nm[200];
	static const char *const endn[] = { "exit", "silence", "open" };

	if (x->is_area && x->index < g->nareas) {
		id = g->areas[x->index].id;
		name = g->areas[x->index].name;
		country = g->areas[x->index].country;
	} else if (!x->is_area && x->index < g->nplaces) {
		id = g->places[x->index].id;
		name = g->places[x->index].name;
		country = g->places[x->index].country;
	}
	vigil_event_init(&e, x->kind == VIGIL_GEO_PORT || x->kind == VIGIL_GEO_ANCHORAGE ? "port_visit" : "area_visit");
	ev_vessel(&e, v, x->seg);
	e.start = x->t_in;
	e.end = x->t_out;
	e.lat = x->lat_in;
	e.lon = x->lon_in;
	e.end_lat = x->lat_out;
	e.end_lon = x->lon_out;
	e.confidence = x->nfix >= 10 ? 0.9 : 0.6;
	/* a stop the data cut short (first_stop_ms set, stopped_ms 0) is still a stop (lib/visit.c) */
	vigil_event_reason(&e, x->stopped_ms > 0 || x->first_stop_ms ? "stopped_inside" : "passed_through");
	if (x->stop_censored)
		vigil_event_reason(&e, "stop_cut_by_data");
	if (x->end == VIGIL_VISIT_SILENCE)
		vigil_event_reason(&e, "closed_by_silence");
	vigil_event_param(&e, "exit_margin_km", d->vcfg.exit_margin_km, "km");
	vigil_event_param(&e, "stop_kn", d->vcfg.stop_kn, "kn");
	vigil_event_param(&e, "stop_min_h", (double)d->vcfg.stop_min_s / 3600, "h");
	vigil_json_escape(name, nm, sizeof(nm));
	vigil_event_detail(&e, "\"place_id\":\"%s\",\"place\":\"%s\",\"country\":\"%s\",\"kind\":\"%s\","
			   "\"stopped_h\":%.2f,\"end\":\"%s\"", id, nm, country, vigil_geo_kind_name(x->kind),
			   (double)x->stopped_ms / 3.6e6, x->end < 3 ? endn[x->end] : "");
	e.nmsg = x->nfix;
	ev_ref(&e.first, x->ref_first, 0);
	ev_ref(&e.last, x->ref_last, 0);
	visit_id(&e, id);
	emit(d, &e, v);
}

/*
 * Visit ids name the place: one vessel can enter two places in the same second
 * (a port and its anchorage). type-MMSI-segment-PLACE-start, PLACE being the
 * place id in [A-Za-z0-9_.-] (others as '_'), or its 8-hex-digit hash when long.
 */
static void visit_id(struct vigil_event *e, const char *place)
{
	char tok[24], tail[40];
	const char *ts;
	size_t n = strlen(place), i;

	vigil_event_make_id(e);
	ts = strrchr(e->id, '-');
	snprintf(tail, sizeof(tail), "%s", ts ? ts : "");
	if (ts)
		e->id[ts - e->id] = 0;
	if (n > 20 || !n) {
		snprintf(tok, sizeof(tok), "%08x", (unsigned)(vigil_detect_hash(place, n, 0) & 0xffffffffu));
	} else {
		for (i = 0; i < n; i++) {
			unsigned char c = (unsigned char)place[i];

			tok[i] = (char)(isalnum(c) || c == '_' || c == '.' || c == '-' ? c : '_');
		}
		tok[n] = 0;
	}
	i = strlen(e->id);
	snprintf(e->id + i, sizeof(e->id) - i, "-%s%s", tok, tail);
}

static void visit_feed(struct vigil_detect *d, struct vessel *v, const struct vigil_fix *f, int flush)
{
	struct vigil_visit out[VIGIL_VISIT_MAX_OPEN + 1];
	size_t n = 0, i;

	if (!d->h.geo)
		return;
	if (!v->has_visit) {
		if (flush)
			return;
		vigil_visit_state_init(&v->visit);
		v->has_visit = 1;
	}
	if (flush)
		vigil_visit_flush(&d->vcfg, &v->visit, out, VIGIL_VISIT_MAX_OPEN + 1, &n);
	else
		vigil_visit_feed(d->h.geo, &d->vcfg, &v->visit, f, out, VIGIL_VISIT_MAX_OPEN + 1, &n);
	for (i = 0; i < n && i < VIGIL_VISIT_MAX_OPEN + 1; i++)
		visit_emit(d, v, &out[i]);
}

/* ---- positions ---- */

/* vi: the vessel's index, found when the record came in (duplicates and thinning were handled then). */
static void process_fix(struct vigil_detect *d, struct vigil_fix *f, uint64_t vi)
{
	struct vessel *v = &d->v[vi];
	struct vigil_seg_result r;
	struct closectx cc;
	struct vigil_fix prev;
	int have_prev = 0;

	{
		int32_t slot = (int32_t)(f->t / VIGIL_COVER_SLOT_MS), cell = (int32_t)floor((f->lat + 90) / VIGIL_COVER_DEG) * 4096 +
								   (int32_t)floor((f->lon + 180) / VIGIL_COVER_DEG);

		if (slot != v->cov_slot || cell != v->cov_cell) {
			vigil_cover_mark(&d->cover, f->lat, f->lon, f->t);
			v->cov_slot = slot;
			v->cov_cell = cell;
		}
	}
	if (!v->mmsi_checked)
		check_mmsi(d, v, f);
	cc.d = d;
	cc.v = v;
	if (vigil_seg_add(&v->seg, &d->p.seg, f, &r, on_close, &cc) != VIGIL_E_OK) {
		d->st.nomem++;
		return;
	}
	if (r.noise) {
		d->st.noise++;
		return;
	}
	if (r.jump)
		d->st.jumps++;
	if (r.prev) {
		prev = *r.prev;
		have_prev = 1;
	}
	if (v->has_gap && f->t >= v->gap->deadline)
		gap_emit(d, v);
	if (have_prev && f->t - prev.t >= d->p.gap.min_ms) {
		gap_check(d, v, &prev, f);
	} else if (r.opened && !r.jump && v->nfix && f->t - v->last.t >= d->p.gap.min_ms) {
		/* Silence beyond the segment limit: still one ship if it could have sailed there. */
		double h = (double)(f->t - v->last.t) / 3.6e6;

		if (vigil_seg_dist_nm(v->last.lat, v->last.lon, f->lat, f->lon) / h <= d->p.seg.max_knots)
			gap_check(d, v, &v->last, f);
	}
	vigil_own_mark(&v->own, f->t); /* after the gap checks: they read the slots before the silence */
	if (d->enc && vigil_encounter_add_hint(d->enc, f, &v->enc_hint) != VIGIL_E_OK)
		d->st.nomem++;
	/* Until a static message says what the ship is, navigational status 7 ("engaged in
	 * fishing") does: a trawler heard before its first type 5/24 is not a loiterer. */
	if (d->loi && vigil_loiter_add_hint(d->loi, f, v->shiptype ? v->shiptype : f->status == 7 ? 30 : 0,
					    &v->loi_hint) != VIGIL_E_OK)
		d->st.nomem++;
	visit_feed(d, v, f, 0);
	if (!v->nfix) {
		v->first_t = f->t;
		v->first_lat = f->lat;
		v->first_lon = f->lon;
		v->first_sog = f->sog;
		v->first_cog = f->cog;
		v->first_line = f->line;
		v->first_ref = f->ref;
	}
	v->nfix++;
	if (f->t >= v->last.t)
		v->last = *f;
	if (isfinite(f->sog) && f->sog < 40 && (!isfinite(v->max_sog) || f->sog > v->max_sog))
		v->max_sog = f->sog;
}

/* ---- reorder buffer: one bucket per second over the reorder window ---- */

/*
 * A position waiting in the reorder buffer: 48 bytes instead of a vigil_fix
 * and its vessel index (64). The MMSI is the vessel's, the time the bucket's
 * second plus ms, seg is 0 before segmentation.
 */
struct pfix {
	double lat, lon;
	uint64_t ref;
	float sog, cog;
	uint32_t vi, line;
	int16_t heading;
	uint16_t ms;
	uint8_t type, status;
};

struct pstatic {
	struct vigil_static s;
	uint32_t vi;
};

/*
 * Records wait in fixed-size chunks taken from a free list and chained per
 * bucket, so the buffer's memory follows what is pending (plus at most one
 * part-filled chunk per second), not each second's busiest moment.
 */
#define FCHUNK 64
#define SCHUNK 16
struct fchunk {
	struct fchunk *next;
	struct pfix r[FCHUNK];
};
struct schunk {
	struct schunk *next;
	struct pstatic r[SCHUNK];
};

struct bucket {
	struct fchunk *fh, *ft;   /* positions: first and last chunk */
	struct schunk *sh, *st;   /* statics */
	uint32_t nf, ns;          /* records in the bucket (the last chunk holds n % CHUNK, or a full one) */
};

static int64_t sec_of(int64_t t)
{
	return t >= 0 ? t / 1000 : (t - 999) / 1000;
}

#define PF_AHEAD 12

/* Start loading the part of a vessel record every position touches (up to its own reception). */
static void vessel_prefetch_hot(const struct vessel *v)
{
	const char *x = (const char *)v;
	size_t o;

	for (o = 0; o < offsetof(struct vessel, own) + sizeof(v->own); o += 64)
		__builtin_prefetch(x + o);
}

/* Process the bucket of second base_s (statics first, then positions, each in arrival order). */
static void release_one(struct vigil_detect *d)
{
	struct bucket *b = &d->bk[(uint64_t)d->base_s % d->nbk];
	uint32_t i, k, n, nf, ns;
	int64_t t0 = d->base_s * 1000;

	/*
	 * Statics: pointers to the bucket's records first, so that the look-ahead
	 * runs across its chunks (a chunk holds only SCHUNK): the record itself
	 * and the identity part of its vessel PF_AHEAD on, the vessel's history
	 * and IMO entry (found through the vessel) PF_AHEAD / 2 on.
	 */
	ns = b->ns;
	if (ns > d->srelcap) {
		uint32_t nc = d->srelcap ? d->srelcap : 64;
		struct pstatic **np;

		while (nc < ns)
			nc *= 2;
		if ((np = realloc(d->srel, (size_t)nc * sizeof(*np))) != NULL) {
			d->srel = np;
			d->srelcap = nc;
		}
	}
	if (ns <= d->srelcap) {
		struct schunk *c;

		for (i = 0, c = b->sh; c; c = c->next)
			for (k = 0, n = c->next ? SCHUNK : ns - i; k < n; k++)
				d->srel[i++] = &c->r[k];
		for (i = 0; i < ns; i++) {
			if (i + PF_AHEAD < ns) {
				const char *r = (const char *)d->srel[i + PF_AHEAD];
				const char *x = (const char *)&d->v[d->srel[i + PF_AHEAD]->vi];
				size_t o;

				__builtin_prefetch(r);
				__builtin_prefetch(r + sizeof(struct pstatic) - 1);
				/* a static reads line 0, the last position and the identity part */
				__builtin_prefetch(x);
				__builtin_prefetch(x + offsetof(struct vessel, last.lat));
				for (o = offsetof(struct vessel, nstatic) & ~(size_t)63;
				     o < offsetof(struct vessel, name24a) + sizeof(((struct vessel *)0)->name24a); o += 64)
					__builtin_prefetch(x + o);
			}
			if (i + PF_AHEAD / 2 < ns) {
				const struct vessel *w = &d->v[d->srel[i + PF_AHEAD / 2]->vi];

				if (w->hist)
					__builtin_prefetch(w->hist);
				if (w->ie_hint && w->ie_hint <= d->nimos) {
					const char *ie = (const char *)&d->imos[w->ie_hint - 1];

					__builtin_prefetch(ie);
					__builtin_prefetch(ie + 64);
					__builtin_prefetch(ie + sizeof(struct imo_ent) - 1);
				}
			}
			process_static(d, &d->srel[i]->s, d->srel[i]->vi);
		}
	} else { /* no memory for the pointers: chunk by chunk */
		struct schunk *c;

		for (i = 0, c = b->sh; c; c = c->next)
			for (k = 0, n = c->next ? SCHUNK : ns - i; k < n; k++, i++)
				process_static(d, &c->r[k].s, c->r[k].vi);
	}
	d->pending -= ns;
	while (b->sh) {
		struct schunk *c = b->sh;

		b->sh = c->next;
		c->next = d->sfree;
		d->sfree = c;
	}
	b->st = NULL;
	b->ns = 0;
	/* positions: unpacked into the scratch array (its chunks go back to the free list at once) */
	nf = b->nf;
	if (nf > d->relcap) {
		uint32_t nc = d->relcap ? d->relcap : 256;
		struct vigil_fix *nr;
		uint32_t *nv;

		while (nc < nf)
			nc *= 2;
		nr = realloc(d->rel, (size_t)nc * sizeof(*nr));
		if (nr)
			d->rel = nr;
		nv = nr ? realloc(d->relvi, (size_t)nc * sizeof(*nv)) : NULL;
		if (nv)
			d->relvi = nv;
		if (nr && nv)
			d->relcap = nc;
	}
	for (i = 0; b->fh; ) {
		struct fchunk *c = b->fh;

		n = c->next ? FCHUNK : nf - i;
		for (k = 0; k < n; k++, i++) {
			const struct pfix *q = &c->r[k];
			struct vigil_fix *f;

			if (i >= d->relcap) { /* no memory for the scratch: one at a time */
				struct vigil_fix one;

				f = &one;
				memset(f, 0, sizeof(*f));
				f->t = t0 + q->ms;
				f->lat = q->lat;
				f->lon = q->lon;
				f->mmsi = d->v[q->vi].mmsi;
				f->sog = q->sog;
				f->cog = q->cog;
				f->heading = q->heading;
				f->type = q->type;
				f->status = q->status;
				f->line = q->line;
				f->ref = q->ref;
				d->st.nomem++;
				process_fix(d, f, q->vi);
				continue;
			}
			/* the records 8 on (into the next chunk at the end): written minutes ago, gone from cache */
			if (k + 8 < n)
				__builtin_prefetch(q + 8);
			else if (c->next)
				__builtin_prefetch(&c->next->r[k + 8 - n]);
			f = &d->rel[i];
			f->mmsi = 0;
			f->seg = 0;
			f->t = t0 + q->ms;
			f->lat = q->lat;
			f->lon = q->lon;
			f->sog = q->sog;
			f->cog = q->cog;
			f->heading = q->heading;
			f->type = q->type;
			f->status = q->status;
			f->line = q->line;
			f->ref = q->ref;
			d->relvi[i] = q->vi;
		}
		b->fh = c->next;
		c->next = d->ffree;
		d->ffree = c;
	}
	b->ft = NULL;
	b->nf = 0;
	d->pending -= nf;
	if (nf > d->relcap)
		nf = d->relcap;
	for (i = 0; i < nf && i < PF_AHEAD; i++)
		vessel_prefetch_hot(&d->v[d->relvi[i]]);
	for (i = 0; i < nf; i++) {
		/*
		 * At 20,000 vessels each position's state is a cache miss: load the
		 * vessel records of the positions PF_AHEAD on now, and what they point
		 * to (open segments, detector states) PF_AHEAD / 2 on.
		 */
		if (i + PF_AHEAD < nf)
			vessel_prefetch_hot(&d->v[d->relvi[i + PF_AHEAD]]);
		if (i + PF_AHEAD / 2 < nf) {
			const struct vessel *w = &d->v[d->relvi[i + PF_AHEAD / 2]];

			if (w->seg.open) { /* the open segment vigil_seg_add reads and updates */
				__builtin_prefetch(w->seg.open);
				__builtin_prefetch((const char *)w->seg.open + 64);
				__builtin_prefetch((const char *)w->seg.open + 128);
			}
			if (w->has_visit)
				vigil_visit_prefetch(&w->visit);
			if (d->enc)
				vigil_encounter_prefetch(d->enc, w->enc_hint);
			if (d->loi)
				vigil_loiter_prefetch(d->loi, w->loi_hint);
		}
		d->rel[i].mmsi = d->v[d->relvi[i]].mmsi;
		if (d->enc)
			vigil_encounter_advance(d->enc, d->rel[i].t);
		if (d->loi)
			vigil_loiter_advance(d->loi, d->rel[i].t);
		process_fix(d, &d->rel[i], d->relvi[i]);
	}
	d->base_s++;
}

/* Release every second before limit_s. */
static void release_upto(struct vigil_detect *d, int64_t limit_s)
{
	int64_t steps = 0;

	if (d->base_s == INT64_MIN)
		return;
	while (d->base_s < limit_s && d->pending && steps < (int64_t)d->nbk) {
		release_one(d);
		steps++;
	}
	if (d->base_s < limit_s)
		d->base_s = limit_s; /* the rest of the ring is empty */
}

/* Make room for a record of time t; returns its bucket, or NULL when it is late (process it now). */
static struct bucket *slot_for(struct vigil_detect *d, int64_t t)
{
	int64_t s = sec_of(t);

	if (t > d->max_t) {
		d->max_t = t;
		if (d->base_s == INT64_MIN)
			d->base_s = s - (int64_t)(d->p.reorder_ms / 1000);
		release_upto(d, sec_of(t - d->p.reorder_ms));
	}
	while (d->pending >= d->p.max_pending && d->pending) {
		d->st.pending_forced++;
		release_one(d);
	}
	if (d->base_s == INT64_MIN || s < d->base_s)
		return NULL;
	if (s - d->base_s >= (int64_t)d->nbk)
		release_upto(d, s - (int64_t)d->nbk + 1);
	return &d->bk[(uint64_t)s % d->nbk];
}

static int intake_fix(struct vigil_detect *d, struct vigil_fix *fp, uint64_t dupkey);
static int intake_static(struct vigil_detect *d, struct vigil_static *sp, uint64_t dupkey);

static int64_t held_t(const struct held *h)
{
	return h->is_static ? h->u.s.t : h->u.f.t;
}

static int held_intake(struct vigil_detect *d, struct held *h)
{
	return h->is_static ? intake_static(d, &h->u.s, h->dupkey) : intake_fix(d, &h->u.f, h->dupkey);
}

/* Accept the waiting records that the stream has caught up with (or all of them). */
static int hold_release(struct vigil_detect *d, int all)
{
	unsigned i, k = 0;
	int rc = VIGIL_E_OK, r;

	for (i = 0; i < d->nhold; i++) {
		if (all || (d->max_t != INT64_MIN && held_t(&d->hold[i]) - d->max_t <= d->p.clock_margin_ms)) {
			struct held h = d->hold[i];

			if ((r = held_intake(d, &h)) != VIGIL_E_OK)
				rc = r;
		} else {
			d->hold[k++] = d->hold[i];
		}
	}
	d->nhold = k;
	return rc;
}

/* The clock gate (see struct held): pass the record on, hold it, or drop waiting outliers. */
static int gate(struct vigil_detect *d, struct vigil_fix *f, struct vigil_static *st, uint64_t dupkey)
{
	int64_t t = f ? f->t : st->t, m = d->p.clock_margin_ms;
	unsigned i, k = 0;
	int rc;

	if (m <= 0 || d->finishing)
		return f ? intake_fix(d, f, dupkey) : intake_static(d, st, dupkey);
	/* Waiting records this one shows to be ahead of the stream are outliers. */
	for (i = 0; i < d->nhold; i++) {
		if (held_t(&d->hold[i]) - t > m)
			d->st.clock_outliers++;
		else
			d->hold[k++] = d->hold[i];
	}
	d->nhold = k;
	if (d->max_t == INT64_MIN || t - d->max_t > m) {
		struct held *h = &d->hold[d->nhold++];

		h->is_static = !f;
		h->dupkey = dupkey;
		if (f)
			h->u.f = *f;
		else
			h->u.s = *st;
		if (d->nhold < HOLD_N)
			return VIGIL_E_OK;
		return hold_release(d, 1); /* confirmed: the stream is there now */
	}
	rc = f ? intake_fix(d, f, dupkey) : intake_static(d, st, dupkey);
	if (d->nhold) {
		int r = hold_release(d, 0);

		if (r != VIGIL_E_OK)
			rc = r;
	}
	return rc;
}

int vigil_detect_fix(struct vigil_detect *d, const struct vigil_fix *f, uint64_t dupkey)
{
	struct vigil_fix c = *f;
	int bad;

	d->st.fixes_in++;
	bad = vigil_fix_clean(&c);
	if (bad) {
		d->st.dropped[bad & 7]++;
		return VIGIL_E_OK;
	}
	c.seg = 0;
	return gate(d, &c, NULL, dupkey);
}

/* Room for one more position / static at the end of bucket b; NULL when out of memory. */
static struct pfix *bucket_fix(struct vigil_detect *d, struct bucket *b)
{
	uint32_t k = b->nf % FCHUNK;

	if (!k && (b->nf || !b->fh)) { /* the last chunk is full, or there is none */
		struct fchunk *c = d->ffree;

		if (c)
			d->ffree = c->next;
		else if (!(c = malloc(sizeof(*c))))
			return NULL;
		c->next = NULL;
		if (b->ft)
			b->ft->next = c;
		else
			b->fh = c;
		b->ft = c;
	}
	return &b->ft->r[k];
}

static struct pstatic *bucket_static(struct vigil_detect *d, struct bucket *b)
{
	uint32_t k = b->ns % SCHUNK;

	if (!k && (b->ns || !b->sh)) {
		struct schunk *c = d->sfree;

		if (c)
			d->sfree = c->next;
		else if (!(c = malloc(sizeof(*c))))
			return NULL;
		c->next = NULL;
		if (b->st)
			b->st->next = c;
		else
			b->sh = c;
		b->st = c;
	}
	return &b->st->r[k];
}

/* fp: the engine's own copy of the position (may be changed). */
static int intake_fix(struct vigil_detect *d, struct vigil_fix *fp, uint64_t dupkey)
{
	struct vigil_fix *c = fp;
	struct bucket *b;
	struct pfix *q;
	struct vslot *x;
	uint64_t vi;
	int64_t ins_t;

	if (!(x = vessel_get(d, c->mmsi)))
		return VIGIL_E_OK;
	vi = x->vi;
	if (vessel_dup(d, x, dupkey, c->t)) {
		d->st.duplicates++;
		return VIGIL_E_OK;
	}
	/*
	 * Thinning: a report close in time and place to the vessel's last kept one
	 * adds nothing to any detector; it is counted, not buffered. A far one
	 * (a spoof, a second ship on the MMSI) always passes.
	 */
	ins_t = (int64_t)(x->ins & INS_T_MASK);
	if (d->p.thin_ms && ins_t && llabs(c->t - ins_t) < d->p.thin_ms &&
	    fabs(c->lat - x->ins_lat) < 0.02 && fabs(c->lon - x->ins_lon) < 0.03) {
		if ((x->ins >> INS_THIN_SHIFT) == INS_THIN_MAX) {
			d->v[vi].nthin += INS_THIN_MAX;
			x->ins &= ~(INS_THIN_MAX << INS_THIN_SHIFT);
		}
		x->ins += 1ULL << INS_THIN_SHIFT;
		d->st.thinned++;
		return VIGIL_E_OK;
	}
	x->ins = (x->ins & ~INS_T_MASK) | ((uint64_t)c->t & INS_T_MASK);
	x->ins_lat = (float)c->lat;
	x->ins_lon = (float)c->lon;
	if (!(b = slot_for(d, c->t))) {
		d->st.late++;
		process_fix(d, c, vi);
		return VIGIL_E_OK;
	}
	if (!(q = bucket_fix(d, b))) {
		d->st.nomem++;
		process_fix(d, c, vi);
		return VIGIL_E_NOMEM;
	}
	q->lat = c->lat;
	q->lon = c->lon;
	q->ref = c->ref;
	q->sog = c->sog;
	q->cog = c->cog;
	q->vi = (uint32_t)vi;
	q->line = c->line;
	q->heading = c->heading;
	q->ms = (uint16_t)(c->t - sec_of(c->t) * 1000);
	q->type = c->type;
	q->status = c->status;
	b->nf++;
	d->pending++;
	return VIGIL_E_OK;
}

int vigil_detect_static(struct vigil_detect *d, const struct vigil_static *s, uint64_t dupkey)
{
	struct vigil_static c = *s;

	d->st.statics_in++;
	if (c.mmsi == 0 || c.mmsi > 999999999u || c.t < 631152000000LL || c.t > 4102444800000LL) {
		d->st.dropped[0]++;
		return VIGIL_E_OK;
	}
	vigil_static_clean(&c, NULL);
	return gate(d, NULL, &c, dupkey);
}

static int intake_static(struct vigil_detect *d, struct vigil_static *sp, uint64_t dupkey)
{
	struct vigil_static c = *sp;
	struct bucket *b;
	struct pstatic *q;
	struct vslot *x;
	uint64_t vi;

	if (!(x = vessel_get(d, c.mmsi)))
		return VIGIL_E_OK;
	vi = x->vi;
	if (vessel_dup(d, x, dupkey, c.t)) {
		d->st.duplicates++;
		return VIGIL_E_OK;
	}
	if (!(b = slot_for(d, c.t))) {
		d->st.late++;
		process_static(d, &c, vi);
		return VIGIL_E_OK;
	}
	if (!(q = bucket_static(d, b))) {
		d->st.nomem++;
		process_static(d, &c, vi);
		return VIGIL_E_NOMEM;
	}
	q->s = c;
	q->vi = (uint32_t)vi;
	b->ns++;
	d->pending++;
	return VIGIL_E_OK;
}

struct vigil_detect *vigil_detect_new(const struct vigil_detect_params *p, const struct vigil_detect_hooks *h,
				      int *err)
{
	struct vigil_detect *d = calloc(1, sizeof(*d));
	struct vigil_encounter_config ec;
	int e2;

	*err = VIGIL_E_NOMEM;
	if (!d)
		return NULL;
	d->p = *p;
	if (h)
		d->h = *h;
	d->max_t = INT64_MIN;
	d->base_s = INT64_MIN;
	if (d->p.reorder_ms < 0 || d->p.seg.max_knots <= 0) {
		free(d);
		*err = VIGIL_E_INVAL;
		return NULL;
	}
	if (vigil_cover_init(&d->cover) != VIGIL_E_OK)
		goto fail;
	d->nbk = (uint32_t)(d->p.reorder_ms / 1000) + 2;
	if (!(d->bk = calloc(d->nbk, sizeof(*d->bk))))
		goto fail;
	vigil_visit_cfg_default(&d->vcfg);
	vigil_encounter_config_init(&ec);
	ec.emit = enc_emit;
	ec.emit_ctx = d;
	ec.place = place_fn;
	ec.place_ctx = d;
	d->enc = vigil_encounter_new(&ec, &e2);
	{
		struct vigil_loiter_config lc;

		vigil_loiter_config_init(&lc);
		lc.emit = loi_emit;
		lc.emit_ctx = d;
		lc.place = place_fn;
		lc.place_ctx = d;
		lc.fishing_separate = d->p.fishing_separate;
		d->loi = vigil_loiter_new(&lc, &e2);
	}
	*err = VIGIL_E_OK;
	return d;
fail:
	vigil_detect_free(d);
	*err = VIGIL_E_NOMEM;
	return NULL;
}

/* ---- identity hand-overs: a new MMSI continuing the track of one gone silent for good ---- */

static void handover_emit(struct vigil_detect *d)
{
	struct vigil_handover_params hp;
	struct vigil_handover_track *t;
	struct vigil_handover_pair pairs[64];
	size_t i, np = 0;
	int64_t t_first = INT64_MAX, t_last = INT64_MIN;

	if (d->nv < 2)
		return;
	t = malloc(d->nv * sizeof(*t));
	if (!t) {
		d->st.nomem++;
		return;
	}
	for (i = 0; i < d->nv; i++) {
		const struct vessel *v = &d->v[i];
		struct vigil_handover_track *x = &t[i];

		memset(x, 0, sizeof(*x));
		x->mmsi = v->mmsi;
		x->imo = v->imo;
		x->nfix = (uint32_t)(v->nfix > UINT32_MAX ? UINT32_MAX : v->nfix);
		x->shiptype = v->shiptype;
		x->length = v->length;
		x->width = v->width;
		if (!v->nfix)
			continue;
		x->t0 = v->first_t;
		x->lat0 = v->first_lat;
		x->lon0 = v->first_lon;
		x->sog0 = v->first_sog;
		x->cog0 = v->first_cog;
		x->t1 = v->last.t;
		x->lat1 = v->last.lat;
		x->lon1 = v->last.lon;
		x->sog1 = v->last.sog;
		x->cog1 = v->last.cog;
		if (x->t0 < t_first)
			t_first = x->t0;
		if (x->t1 > t_last)
			t_last = x->t1;
	}
	vigil_handover_params_default(&hp);
	if (t_first <= t_last &&
	    vigil_handover_find(&hp, t, d->nv, t_first, t_last, pairs, sizeof(pairs) / sizeof(pairs[0]), &np) != VIGIL_E_OK) {
		d->st.nomem++;
		np = 0;
	}
	for (i = 0; i < np && i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		struct vessel *o = &d->v[pairs[i].old_i], *n = &d->v[pairs[i].new_i];
		struct vigil_event e;
		char on[64], oc[32], nn[64], nc[32];

		vigil_event_init(&e, "identity_change");
		ev_vessel(&e, n, n->last.seg);
		ev_vessel(&e, o, o->last.seg);
		e.start = o->last.t;
		e.end = n->first_t;
		e.lat = o->last.lat;
		e.lon = o->last.lon;
		e.end_lat = n->first_lat;
		e.end_lon = n->first_lon;
		e.confidence = pairs[i].confidence;
		vigil_event_reason(&e, "new_mmsi_continues_track");
		vigil_event_reason(&e, "old_mmsi_not_heard_again");
		if (pairs[i].same_type)
			vigil_event_reason(&e, "same_ship_type");
		if (pairs[i].same_dims)
			vigil_event_reason(&e, "same_dimensions");
		if (o->callsign[0] && !strcmp(o->callsign, n->callsign))
			vigil_event_reason(&e, "same_callsign");
		if (o->imo && n->imo && o->imo != n->imo)
			vigil_event_reason(&e, "imo_changed");
		vigil_name_norm(o->name, on, sizeof(on));
		vigil_name_norm(n->name, nn, sizeof(nn));
		if (on[0] && nn[0] && strcmp(on, nn))
			vigil_event_reason(&e, "name_changed");
		vigil_event_param(&e, "max_silence_h", (double)hp.max_silence_ms / 3.6e6, "h");
		vigil_event_param(&e, "max_dr_km", hp.max_dr_km, "km");
		vigil_event_param(&e, "dr_frac", hp.dr_frac, "");
		vigil_event_param(&e, "max_sog_diff_kn", hp.max_sog_diff, "kn");
		vigil_event_param(&e, "max_cog_diff_deg", hp.max_cog_diff, "deg");
		vigil_json_escape(o->name, on, sizeof(on));
		vigil_json_escape(o->callsign, oc, sizeof(oc));
		vigil_json_escape(n->name, nn, sizeof(nn));
		vigil_json_escape(n->callsign, nc, sizeof(nc));
		vigil_event_detail(&e, "\"old_identity\":{\"mmsi\":%u,\"imo\":%u,\"name\":\"%s\",\"callsign\":\"%s\",\"shiptype\":%u,"
				   "\"length_m\":%u,\"width_m\":%u},"
				   "\"new_identity\":{\"mmsi\":%u,\"imo\":%u,\"name\":\"%s\",\"callsign\":\"%s\",\"shiptype\":%u,"
				   "\"length_m\":%u,\"width_m\":%u}",
				   o->mmsi, o->imo, on, oc, o->shiptype, o->length, o->width,
				   n->mmsi, n->imo, nn, nc, n->shiptype, n->length, n->width);
		vigil_event_detail(&e, "\"silence_min\":%.1f,\"dead_reckoning_error_km\":%.2f,\"sog_before_kn\":%.1f,"
				   "\"sog_after_kn\":%.1f", pairs[i].silence_min, pairs[i].dr_km, o->last.sog, n->first_sog);
		e.nmsg = 2;
		ev_ref(&e.first, o->last.ref, o->last.line);
		ev_ref(&e.last, n->first_ref, n->first_line);
		vigil_event_make_id(&e);
		emit(d, &e, n);
	}
	free(t);
}

int vigil_detect_finish(struct vigil_detect *d)
{
	size_t i;

	if (d->finishing)
		return VIGIL_E_STATE;
	/* Unconfirmed waiting records: accepted when near the stream (or the stream is that short). */
	{
		unsigned hi, hk = 0;

		for (hi = 0; hi < d->nhold; hi++) {
			if (d->max_t != INT64_MIN && held_t(&d->hold[hi]) - d->max_t > HOLD_FINISH_MS)
				d->st.clock_outliers++;
			else
				d->hold[hk++] = d->hold[hi];
		}
		d->nhold = hk;
		hold_release(d, 1);
	}
	d->finishing = 1;
	if (d->base_s != INT64_MIN)
		release_upto(d, d->base_s + (int64_t)d->nbk + 1);
	if (d->enc)
		vigil_encounter_finish(d->enc);
	if (d->loi)
		vigil_loiter_finish(d->loi);
	for (i = 0; i < d->nv; i++) {
		struct vessel *v = &d->v[i];
		struct vigil_seg snap[VIGIL_SEG_MAXOPEN];
		uint32_t n = v->seg.nopen, k, m;

		if (n)
			memcpy(snap, v->seg.open, n * sizeof(*snap));
		for (k = 0; k < n; k++) {
			const struct vigil_seg *par = NULL;

			for (m = 0; m < n; m++)
				if (snap[k].parent && snap[m].id == snap[k].parent)
					par = &snap[m];
			judge_segment(d, v, &snap[k], par);
		}
		vigil_seg_state_free(&v->seg);
		gap_emit(d, v);
		visit_feed(d, v, NULL, 1);
	}
	handover_emit(d);
	return VIGIL_E_OK;
}

const struct vigil_detect_stats *vigil_detect_stats(const struct vigil_detect *d)
{
	return &d->st;
}

size_t vigil_detect_vessels(const struct vigil_detect *d,
			    void (*fn)(void *ctx, const struct vigil_vessel_summary *s), void *ctx)
{
	size_t i;

	for (i = 0; i < d->nv && fn; i++) {
		const struct vessel *v = &d->v[i];
		const struct vslot *x;
		struct vigil_vessel_summary s;
		unsigned mid;
		const char *fl;

		memset(&s, 0, sizeof(s));
		s.mmsi = v->mmsi;
		s.imo = v->imo;
		memcpy(s.name, v->name, sizeof(s.name));
		memcpy(s.callsign, v->callsign, sizeof(s.callsign));
		vigil_mmsi_kind(v->mmsi, &mid);
		fl = vigil_mid_flag(mid);
		memcpy(s.flag, fl ? fl : "", fl ? 3 : 1);
		s.shiptype = v->shiptype;
		x = slot_find(d, v->mmsi);
		s.fixes = v->nfix + v->nthin + (x ? x->ins >> INS_THIN_SHIFT : 0);
		s.statics = v->nstatic;
		s.segments = v->nsegs + v->seg.nopen;
		s.gaps = v->ngaps;
		s.silences = v->nsil;
		s.gap_hours = v->gap_h;
		s.silence_hours = v->sil_h;
		s.events = v->nevents;
		s.first = v->first_t;
		s.last = v->last.t;
		memcpy(s.destination, v->dest, sizeof(s.destination));
		s.length = v->length;
		s.width = v->width;
		s.draught = v->draught;
		if (v->hist) {
			s.nids = v->hist->nids;
			memcpy(s.ids, v->hist->ids, v->hist->nids * sizeof(s.ids[0]));
			s.nsils = v->hist->sils ? v->hist->nsils : 0;
			if (s.nsils)
				memcpy(s.sils, v->hist->sils, s.nsils * sizeof(s.sils[0]));
		}
		fn(ctx, &s);
	}
	return d->nv;
}

void vigil_detect_free(struct vigil_detect *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->nv; i++) {
		vigil_seg_state_free(&d->v[i].seg);
		free(d->v[i].gap);
		if (d->v[i].has_visit)
			vigil_visit_state_free(&d->v[i].visit);
		if (d->v[i].hist)
			free(d->v[i].hist->sils);
		free(d->v[i].hist);
	}
	vigil_encounter_free(d->enc);
	vigil_loiter_free(d->loi);
	vigil_cover_free(&d->cover);
	if (d->bk)
		for (i = 0; i < d->nbk; i++) {
			while (d->bk[i].fh) {
				struct fchunk *c = d->bk[i].fh;

				d->bk[i].fh = c->next;
				free(c);
			}
			while (d->bk[i].sh) {
				struct schunk *c = d->bk[i].sh;

				d->bk[i].sh = c->next;
				free(c);
			}
		}
	while (d->ffree) {
		struct fchunk *c = d->ffree;

		d->ffree = c->next;
		free(c);
	}
	while (d->sfree) {
		struct schunk *c = d->sfree;

		d->sfree = c->next;
		free(c);
	}
	free(d->rel);
	free(d->relvi);
	free(d->srel);
	free(d->bk);
	free(d->v);
	free(d->vix);
	free(d->imos);
	free(d->iix);
	free(d);
}
