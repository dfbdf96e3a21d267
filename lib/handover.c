/* handover.c - one ship, two MMSIs: a track that ends where a new one begins (see handover.h). */
#include <math.h>
#include <stdlib.h>

#include "vigil/error.h"
#include "vigil/handover.h"
#include "vigil/segment.h"

#define KM_PER_NM 1.852

void vigil_handover_params_default(struct vigil_handover_params *p)
{
	p->max_silence_ms = 2 * 3600000LL;
	p->edge_ms = 3600000LL;
	p->min_fixes = 5;
	p->min_sog = 3;
	p->max_sog_diff = 3;
	p->max_cog_diff = 30;
	p->max_dr_km = 3;
	p->dr_frac = 0.15;
	p->max_dim_diff = 2;
}

/* Sort context: qsort has none, so the indices carry the end time with them. */
struct end {
	int64_t t1;
	size_t i;
};

static int end_cmp(const void *a, const void *b)
{
	const struct end *x = a, *y = b;

	if (x->t1 != y->t1)
		return x->t1 < y->t1 ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static double cog_diff(double a, double b)
{
	double d = fabs(fmod(a - b, 360));

	return d > 180 ? 360 - d : d;
}

static int usable(const struct vigil_handover_params *p, const struct vigil_handover_track *x, int at_end)
{
	double sog = at_end ? x->sog1 : x->sog0, cog = at_end ? x->cog1 : x->cog0;

	return x->nfix >= p->min_fixes && isfinite(sog) && isfinite(cog) && sog >= p->min_sog && sog < 60 &&
	       cog >= 0 && cog < 360;
}

/*
 * Does the new track b continue the old track a? Fills *m (dr_km, silence,
 * agreement of the statics) when it does.
 */
static int continues(const struct vigil_handover_params *p, const struct vigil_handover_track *a,
		     const struct vigil_handover_track *b, struct vigil_handover_pair *m)
{
	double h = (double)(b->t0 - a->t1) / 3.6e6, nm, c0, elat, elon, dr, tol;
	int type_known = a->shiptype && b->shiptype, dims_known = a->length && a->width && b->length && b->width;

	if (a->mmsi == b->mmsi || b->t0 <= a->t1 || b->t0 - a->t1 > p->max_silence_ms)
		return 0;
	if (a->imo && a->imo == b->imo)
		return 0; /* linked by the IMO already */
	if (fabs(a->sog1 - b->sog0) > p->max_sog_diff || cog_diff(a->cog1, b->cog0) > p->max_cog_diff)
		return 0;
	m->same_type = type_known && a->shiptype == b->shiptype;
	m->same_dims = dims_known && abs((int)a->length - (int)b->length) <= p->max_dim_diff &&
		       abs((int)a->width - (int)b->width) <= p->max_dim_diff;
	/* The statics must agree on what they both tell, and tell something. */
	if ((type_known && !m->same_type) || (dims_known && !m->same_dims) || (!m->same_type && !m->same_dims))
		return 0;
	/* Dead reckoning from the old track's last position, at the mean of the two speeds. */
	nm = 0.5 * (a->sog1 + b->sog0) * h;
	c0 = cos(a->lat1 * M_PI / 180);
	elat = a->lat1 + nm * cos(a->cog1 * M_PI / 180) / 60;
	elon = a->lon1 + (c0 > 0.01 ? nm * sin(a->cog1 * M_PI / 180) / (60 * c0) : 0);
	if (fabs(elat) > 90)
		return 0;
	dr = vigil_seg_dist_nm(elat, elon, b->lat0, b->lon0) * KM_PER_NM;
	tol = p->max_dr_km + p->dr_frac * nm * KM_PER_NM;
	if (!(dr <= tol))
		return 0;
	m->dr_km = dr;
	m->silence_min = h * 60;
	m->confidence = 0.6 + 0.1 * m->same_type + 0.1 * m->same_dims + 0.1 * (1 - dr / tol);
	return 1;
}

int vigil_handover_find(const struct vigil_handover_params *p, const struct vigil_handover_track *t, size_t n,
			int64_t first_ms, int64_t last_ms, struct vigil_handover_pair *out, size_t cap, size_t *nout)
{
	struct end *ends;
	uint32_t *nmatch; /* per track: candidates as old (low 16 bits) and as new (high 16 bits), saturating */
	size_t ne = 0, i, found = 0;
	int pass;

	if (nout)
		*nout = 0;
	if (!p || !nout || (n && !t) || (cap && !out))
		return VIGIL_E_INVAL;
	if (n < 2)
		return VIGIL_E_OK;
	ends = malloc(n * sizeof(*ends));
	nmatch = calloc(n, sizeof(*nmatch));
	if (!ends || !nmatch) {
		free(ends);
		free(nmatch);
		return VIGIL_E_NOMEM;
	}
	for (i = 0; i < n; i++)
		if (usable(p, &t[i], 1) && t[i].t1 <= last_ms - p->edge_ms) {
			ends[ne].t1 = t[i].t1;
			ends[ne++].i = i;
		}
	qsort(ends, ne, sizeof(*ends), end_cmp);
	/* Pass 0 counts every track's candidates, pass 1 reports the pairs where both counts are 1. */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < n; i++) {
			const struct vigil_handover_track *b = &t[i];
			size_t lo = 0, hi = ne, k;

			if (!usable(p, b, 0) || b->t0 < first_ms + p->edge_ms)
				continue;
			if (pass && (nmatch[i] >> 16) != 1)
				continue;
			/* The first end at or after b->t0 - max_silence. */
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;

				if (ends[mid].t1 < b->t0 - p->max_silence_ms)
					lo = mid + 1;
				else
					hi = mid;
			}
			for (k = lo; k < ne && ends[k].t1 < b->t0; k++) {
				struct vigil_handover_pair m;
				size_t a = ends[k].i;

				if (!continues(p, &t[a], b, &m))
					continue;
				if (!pass) {
					if ((nmatch[a] & 0xffff) < 0xffff)
						nmatch[a]++;
					if ((nmatch[i] >> 16) < 0xffff)
						nmatch[i] += 1u << 16;
				} else if ((nmatch[a] & 0xffff) == 1) {
					m.old_i = a;
					m.new_i = i;
					if (found < cap)
						out[found] = m;
					found++;
				}
			}
		}
	}
	free(ends);
	free(nmatch);
	*nout = found;
	return VIGIL_E_OK;
}
