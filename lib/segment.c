/* segment.c - GFW-style segmentation of one MMSI's positions by dead reckoning. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/error.h"
#include "vigil/segment.h"

#define EARTH_NM 3440.065
#define DEG (3.14159265358979323846 / 180.0)

void vigil_seg_params_default(struct vigil_seg_params *p)
{
	p->max_knots = 25.0;
	p->max_gap_ms = 24LL * 3600 * 1000;
	p->buffer_hours = 0.25;
	p->penalty_hours = 4;
	p->hours_exp = 0.5;
	p->penalty_knots = 5.0;
	p->class_weight = 0.1;
	p->ambiguity = 10;
	p->short_seg = 20;
	p->t27_min_hours = 1;
	p->max_open = 16;
	p->limit_penalized = 0;
	p->score_power = 1;
}

void vigil_seg_params_gfw2019(struct vigil_seg_params *p)
{
	vigil_seg_params_default(p);
	p->max_gap_ms = 60LL * 3600 * 1000;
	p->buffer_hours = 5.0 / 60;
	p->penalty_hours = 1;
	p->hours_exp = 0.5;
	p->penalty_knots = 10;  /* its alpha_0 = max_knots / 10 */
	p->class_weight = 1;    /* 0.18 stopped looking at the transponder class */
	p->ambiguity = 2;
	p->short_seg = 10;
	p->t27_min_hours = 0;
	p->max_open = 10;
	p->limit_penalized = 1;
	p->score_power = 2;
}

void vigil_seg_state_init(struct vigil_seg_state *st)
{
	memset(st, 0, sizeof(*st));
	st->next_id = 1;
}

void vigil_seg_state_free(struct vigil_seg_state *st)
{
	free(st->open);
	vigil_seg_state_init(st);
}

double vigil_seg_dist_nm(double lat1, double lon1, double lat2, double lon2)
{
	double p1 = lat1 * DEG, p2 = lat2 * DEG;
	double dp = p2 - p1, dl = (lon2 - lon1) * DEG;
	double a = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);

	if (a > 1)
		a = 1;
	return 2 * EARTH_NM * asin(sqrt(a));
}

int vigil_seg_class(unsigned msgtype)
{
	switch (msgtype) {
	case 1: case 2: case 3: case 5: case 27:
		return 'A';
	case 18: case 19: case 24:
		return 'B';
	default:
		return 0;
	}
}

static int motion_ok(const struct vigil_fix *f)
{
	return !isnan(f->sog) && !isnan(f->cog) && f->sog < 50;
}

/*
 * Score how well p continues a segment whose last fix is q; 0 when it cannot.
 * Both fixes are dead-reckoned towards each other over a shortened time
 * (ships do not hold course for long), and the mean mismatch must stay
 * below max_knots times the padded (or, with limit_penalized, the penalized)
 * elapsed time; the score falls off as a Gaussian of that mismatch and with
 * the elapsed time to the power score_power.
 */
static double score(const struct vigil_fix *q, const struct vigil_fix *p, const struct vigil_seg_params *sp,
		    double *implied)
{
	double hours = fabs((double)(p->t - q->t)) / 3.6e6;
	double r = hours / sp->penalty_hours;
	double shrink = 1 + (sp->hours_exp == 0.5 ? sqrt(r) : pow(r, 1 - sp->hours_exp));
	double ph = hours / shrink;
	double padded = sqrt(hours * hours + sp->buffer_hours * sp->buffer_hours);
	double eff = sp->limit_penalized ? (hours + sp->buffer_hours) / shrink : padded;
	double maxd, dlat = p->lat - q->lat, dlon = p->lon - q->lon, x, y, d, err, a;
	int back = p->t < q->t;

	/* No buffer and no time: a few seconds, not a division by zero. */
	if (!(padded > 1e-3))
		padded = 1e-3;
	if (!(eff > 1e-3))
		eff = 1e-3;
	maxd = eff * sp->max_knots;

	if (dlon > 180)
		dlon -= 360;
	else if (dlon < -180)
		dlon += 360;
	if (fabs(dlat) > 3 || fabs(dlon) > 3) {
		/* Far apart: the exact distance decides, dead reckoning cannot bridge it. */
		d = vigil_seg_dist_nm(q->lat, q->lon, p->lat, p->lon);
		*implied = d / padded;
		if (d > maxd)
			return 0;
		err = d;
	} else {
		/* Local flat frame in nautical miles centred on q (error < 0.1 % within 3 degrees). */
		double c = cos((q->lat + 0.5 * dlat) * DEG), ax = 0, ay = 0, bx, by;

		x = dlon * 60 * c;
		y = dlat * 60;
		d = sqrt(x * x + y * y);
		*implied = d / padded;
		bx = x;
		by = y;
		if (motion_ok(q)) {
			double sn = sin(q->cog * DEG), cs = cos(q->cog * DEG), k = q->sog * ph * (back ? -1 : 1);

			ax = k * sn;
			ay = k * cs;
		}
		if (motion_ok(p)) {
			double sn = sin(p->cog * DEG), cs = cos(p->cog * DEG), k = p->sog * ph * (back ? -1 : 1);

			bx = x - k * sn;
			by = y - k * cs;
		}
		/* Mean of: q dead-reckoned forward vs p, and p dead-reckoned back vs q. */
		err = 0.5 * (sqrt((ax - x) * (ax - x) + (ay - y) * (ay - y)) + sqrt(bx * bx + by * by));
	}
	if (err > maxd)
		return 0;
	a = sp->max_knots / sp->penalty_knots * err / maxd;
	return exp(-a * a) / (sp->score_power == 1 ? eff : pow(eff, sp->score_power)) + 1e-300;
}

/*
 * sin and cos of a (degrees, |a| <= 720) by a quadrant reduction and Taylor
 * polynomials on [-45, 45] degrees: |error| < 2e-9. Only for reach_fast, which
 * carries that error in its bound; scores themselves use libm.
 */
static inline __attribute__((always_inline)) void sincos_deg(double a, double *s, double *c)
{
	int q = (int)(a / 90 + 8.5) - 8;
	double r = (a - q * 90.0) * DEG, r2 = r * r;
	double sr = r * (1 + r2 * (-1.0 / 6 + r2 * (1.0 / 120 + r2 * (-1.0 / 5040 + r2 * (1.0 / 362880)))));
	double cr = 1 + r2 * (-0.5 + r2 * (1.0 / 24 + r2 * (-1.0 / 720 + r2 * (1.0 / 40320 + r2 * (-1.0 / 3628800)))));

	switch (q & 3) {
	case 0: *s = sr; *c = cr; break;
	case 1: *s = cr; *c = -sr; break;
	case 2: *s = -sr; *c = -cr; break;
	default: *s = -cr; *c = sr; break;
	}
}

/*
 * Does score(q, p) come out non-zero, i.e. is its dead-reckoning mismatch
 * err <= maxd? The same arithmetic as score() with cheap sin/cos, whose error
 * (< 2e-9, taken as 1e-8) moves err by at most (60 |dlon| + |kq| + |kp|) 1e-8
 * (each term of err is 1-Lipschitz in the vectors it measures), plus a generous
 * allowance for rounding. Returns 1 (certainly reachable), 0 (certainly not) or
 * -1 (too close to call, or outside the flat frame: ask score()). With a single
 * open segment only this decision matters, not the score's value.
 */
static int reach_fast(const struct vigil_fix *q, const struct vigil_fix *p, const struct vigil_seg_params *sp)
{
	double hours = fabs((double)(p->t - q->t)) / 3.6e6;
	double r = hours / sp->penalty_hours;
	double shrink, ph, padded, eff, maxd, dlat = p->lat - q->lat, dlon = p->lon - q->lon;
	double mid, sn, cs, c, x, y, ax = 0, ay = 0, bx, by, kq = 0, kp = 0, err, m;
	int back = p->t < q->t;

	if (sp->hours_exp != 0.5)
		return -1;
	shrink = 1 + sqrt(r);
	ph = hours / shrink;
	padded = sqrt(hours * hours + sp->buffer_hours * sp->buffer_hours);
	eff = sp->limit_penalized ? (hours + sp->buffer_hours) / shrink : padded;
	if (!(eff > 1e-3))
		eff = 1e-3;
	maxd = eff * sp->max_knots;
	if (dlon > 180)
		dlon -= 360;
	else if (dlon < -180)
		dlon += 360;
	if (!(fabs(dlat) <= 3 && fabs(dlon) <= 3))
		return -1;
	mid = q->lat + 0.5 * dlat;
	if (!(fabs(mid) <= 90))
		return -1;
	{
		/* cos alone, as in sincos_deg: |mid| <= 90 needs quadrants -1, 0 and 1 only */
		int qd = (int)(mid / 90 + 8.5) - 8;
		double rr = (mid - qd * 90.0) * DEG, r2 = rr * rr;

		if (qd == 0)
			c = 1 + r2 * (-0.5 + r2 * (1.0 / 24 + r2 * (-1.0 / 720 + r2 * (1.0 / 40320 + r2 * (-1.0 / 3628800)))));
		else   /* cos(r + 90) = -sin r, cos(r - 90) = sin r */
			c = -qd * rr * (1 + r2 * (-1.0 / 6 + r2 * (1.0 / 120 + r2 * (-1.0 / 5040 + r2 * (1.0 / 362880)))));
	}
	x = dlon * 60 * c;
	y = dlat * 60;
	bx = x;
	by = y;
	if (motion_ok(q)) {
		if (!(fabs(q->cog) <= 720))
			return -1;
		sincos_deg(q->cog, &sn, &cs);
		kq = q->sog * ph * (back ? -1 : 1);
		ax = kq * sn;
		ay = kq * cs;
	}
	if (motion_ok(p)) {
		if (!(fabs(p->cog) <= 720))
			return -1;
		sincos_deg(p->cog, &sn, &cs);
		kp = p->sog * ph * (back ? -1 : 1);
		bx = x - kp * sn;
		by = y - kp * cs;
	}
	kq = fabs(kq);
	kp = fabs(kp);
	m = (60 * fabs(dlon) + kq + kp) * 1e-8 + 1e-12 * (maxd + fabs(x) + fabs(y) + kq + kp);
	{
		/* err is the mean of two norms, so at most the larger: a ship on course needs no square root */
		double a2 = (ax - x) * (ax - x) + (ay - y) * (ay - y), b2 = bx * bx + by * by, lim = maxd - m;

		if (lim > 0 && (a2 > b2 ? a2 : b2) < lim * lim)
			return 1;
		err = 0.5 * (sqrt(a2) + sqrt(b2));
	}
	if (err + m < maxd)
		return 1;
	if (err - m > maxd)
		return 0;
	return -1;
}

static void close_at(struct vigil_seg_state *st, uint32_t i, vigil_seg_close_fn on_close, void *ctx)
{
	struct vigil_seg s = st->open[i];

	st->open[i] = st->open[--st->nopen];
	if (st->cur == s.id)
		st->cur = 0;
	if (on_close)
		on_close(ctx, &s);
}

void vigil_seg_expire(struct vigil_seg_state *st, const struct vigil_seg_params *p, int64_t now_ms,
		      vigil_seg_close_fn on_close, void *ctx)
{
	uint32_t i = 0;

	while (i < st->nopen) {
		if (now_ms == INT64_MAX || now_ms - st->open[i].last.t > p->max_gap_ms)
			close_at(st, i, on_close, ctx);
		else
			i++;
	}
}

void vigil_seg_prefetch(const struct vigil_seg_state *st)
{
	if (st->open) {
		__builtin_prefetch(st->open);
		__builtin_prefetch((const char *)st->open + 63);
	}
}

const struct vigil_seg *vigil_seg_find(const struct vigil_seg_state *st, uint32_t id)
{
	uint32_t i;

	for (i = 0; i < st->nopen; i++)
		if (st->open[i].id == id)
			return &st->open[i];
	return NULL;
}

int vigil_seg_add(struct vigil_seg_state *st, const struct vigil_seg_params *p,
		  struct vigil_fix *f, struct vigil_seg_result *res,
		  vigil_seg_close_fn on_close, void *ctx)
{
	uint32_t i, best = UINT32_MAX, latest = UINT32_MAX, maxopen;
	uint32_t second = UINT32_MAX;
	double bs = -1, bs2 = -1, implied, latest_implied = 0;
	int cls = vigil_seg_class(f->type);
	struct vigil_seg *s;

	res->seg = 0;
	res->opened = res->jump = res->ambiguous = res->noise = 0;
	res->prev = NULL;
	res->nearest = 0;
	res->implied_knots = 0;
	vigil_seg_expire(st, p, f->t, on_close, ctx);
	/*
	 * One open segment (nearly every ship): whether the fix joins it depends only
	 * on score() > 0 (any positive score beats the initial -1 whatever the class and
	 * length factors), and the cheap test decides that without libm in most cases.
	 */
	if (st->nopen == 1 && p->class_weight >= 0 && reach_fast(&st->open[0].last, f, p) == 1) {
		best = latest = 0;
		i = st->nopen;
	} else {
		i = 0;
	}
	for (; i < st->nopen; i++) {
		double sc = score(&st->open[i].last, f, p, &implied), al;

		if (latest == UINT32_MAX || st->open[i].last.t > st->open[latest].last.t) {
			latest = i;
			latest_implied = implied;
		}
		if (sc <= 0)
			continue;
		if (cls && st->open[i].cls && cls != st->open[i].cls)
			sc *= p->class_weight;
		al = (double)st->open[i].n / (p->short_seg ? p->short_seg : 1);
		sc *= al / sqrt(1 + al * al);
		if (sc > bs) {
			bs2 = bs;
			second = best;
			bs = sc;
			best = i;
		} else if (sc > bs2) {
			bs2 = sc;
			second = i;
		}
	}
	if (best != UINT32_MAX && f->type == 27 &&
	    fabs((double)(f->t - st->open[best].last.t)) < p->t27_min_hours * 3.6e6) {
		res->noise = 1;
		f->seg = 0;
		return VIGIL_E_OK;
	}
	if (second != UINT32_MAX && bs2 * p->ambiguity >= bs) {
		/* Ambiguous: close both candidates and start afresh (GFW does the same). */
		uint32_t hi = best > second ? best : second, lo = best > second ? second : best;

		close_at(st, hi, on_close, ctx);
		close_at(st, lo, on_close, ctx);
		res->ambiguous = 1;
		best = latest = UINT32_MAX;
	}
	if (best != UINT32_MAX) {
		s = &st->open[best];
		if (st->cur != s->id) {
			s->switches++;
			for (i = 0; i < st->nopen; i++)
				if (st->open[i].parent == s->id && st->open[i].id != s->id)
					st->open[i].parent_n_during++;
		}
		res->prev_buf = s->last;
		res->prev = &res->prev_buf;
		s->last = *f;
		s->n++;
		if (!s->cls)
			s->cls = (uint8_t)cls;
		f->seg = s->id;
		s->last.seg = s->id;
		st->cur = s->id;
		res->seg = s->id;
		return VIGIL_E_OK;
	}
	maxopen = p->max_open ? p->max_open : 1;
	if (maxopen > VIGIL_SEG_MAXOPEN)
		maxopen = VIGIL_SEG_MAXOPEN;
	if (st->nopen >= maxopen) {
		/* Evict the segment heard from longest ago. */
		uint32_t old = 0;

		for (i = 1; i < st->nopen; i++)
			if (st->open[i].last.t < st->open[old].last.t)
				old = i;
		if (latest == old)
			latest = UINT32_MAX;
		else if (latest == st->nopen - 1)
			latest = old; /* close_at moves the last entry into the hole */
		close_at(st, old, on_close, ctx);
	}
	if (st->nopen == st->cap) {
		uint32_t nc = st->cap ? st->cap * 2 : 1;
		struct vigil_seg *no;

		if (nc > VIGIL_SEG_MAXOPEN)
			nc = VIGIL_SEG_MAXOPEN;
		no = realloc(st->open, nc * sizeof(*no));
		if (!no) {
			f->seg = 0;
			return VIGIL_E_NOMEM;
		}
		st->open = no;
		st->cap = nc;
	}
	s = &st->open[st->nopen++];
	memset(s, 0, sizeof(*s));
	s->id = st->next_id++;
	s->n = 1;
	s->cls = (uint8_t)cls;
	s->switches = st->cur ? 1 : 0;
	f->seg = s->id;
	s->first = *f;
	s->last = *f;
	if (latest != UINT32_MAX) {
		res->jump = 1;
		res->nearest = st->open[latest].id;
		res->implied_knots = latest_implied;
		s->parent = st->open[latest].id;
		s->parent_last_t = st->open[latest].last.t;
		s->jump_knots = (float)latest_implied;
	}
	st->cur = s->id;
	res->seg = s->id;
	res->opened = 1;
	return VIGIL_E_OK;
}
