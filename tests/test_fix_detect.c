/* test_fix_detect.c - detect regressions (helper fix): clock outliers, cap counters, unique event ids. */
#include <math.h>

#include "harness.h"

#include "vigil/detect.h"
#include "vigil/error.h"

#define T0 1709856000000LL /* 2024-03-08T00:00:00Z */
#define MIN_MS 60000LL

struct sink {
	size_t n;
};

static void on_ev(void *ctx, struct vigil_event *e)
{
	struct sink *s = ctx;

	(void)e;
	s->n++;
}

static struct vigil_detect *mk(const struct vigil_detect_params *pp, struct sink *s)
{
	struct vigil_detect_params p;
	struct vigil_detect_hooks h;
	int err;

	if (pp)
		p = *pp;
	else
		vigil_detect_params_default(&p);
	memset(&h, 0, sizeof(h));
	h.emit = on_ev;
	h.emit_ctx = s;
	return vigil_detect_new(&p, &h, &err);
}

static void feed(struct vigil_detect *d, uint32_t mmsi, int64_t t, double lat, double lon)
{
	struct vigil_fix f;

	memset(&f, 0, sizeof(f));
	f.t = t;
	f.lat = lat;
	f.lon = lon;
	f.mmsi = mmsi;
	f.sog = 10;
	f.cog = 90;
	f.heading = 90;
	f.type = 1;
	f.status = 0;
	vigil_detect_fix(d, &f, 0);
}

struct count {
	uint64_t fixes;
};

static void cnt(void *ctx, const struct vigil_vessel_summary *s)
{
	((struct count *)ctx)->fixes += s->fixes;
}

/* Three vessels every 2 minutes for 4 hours; evil_at >= 0 inserts a record with time evil_t after that many. */
static const struct vigil_detect_stats *dense(struct vigil_detect *d, int evil_at, int64_t evil_t, int64_t shift_after,
					      int64_t shift)
{
	int i, k = 0;

	for (i = 0; i < 120; i++) {
		uint32_t v;

		for (v = 0; v < 3; v++, k++) {
			int64_t t = T0 + i * 2 * MIN_MS + v * 1000 + (i >= shift_after ? shift : 0);

			if (k == evil_at)
				feed(d, 211000000 + v, evil_t, 54.0 + v, 10.0 + i * 0.01);
			feed(d, 211000000 + v, t, 54.0 + v, 10.0 + i * 0.01);
		}
	}
	vigil_detect_finish(d);
	return vigil_detect_stats(d);
}

static void clock_outliers(void)
{
	struct sink s = { 0 };
	struct vigil_detect *d;
	const struct vigil_detect_stats *st;
	struct count c;

	/* clean reference */
	d = mk(NULL, &s);
	st = dense(d, -1, 0, 1000, 0);
	CHECK_INT(st->clock_outliers, 0);
	CHECK_INT(st->late, 0);
	vigil_detect_free(d);

	/* one record in year 2100 mid-stream: dropped, nothing after it late */
	d = mk(NULL, &s);
	st = dense(d, 100, 4102444800000LL, 1000, 0);
	CHECK_INT(st->clock_outliers, 1);
	CHECK_INT(st->late, 0);
	c.fixes = 0;
	vigil_detect_vessels(d, cnt, &c);
	CHECK(c.fixes <= 360);
	vigil_detect_free(d);

	/* three days ahead, and as the very first record */
	d = mk(NULL, &s);
	st = dense(d, 50, T0 + 3 * 86400000LL, 1000, 0);
	CHECK_INT(st->clock_outliers, 1);
	CHECK_INT(st->late, 0);
	vigil_detect_free(d);
	d = mk(NULL, &s);
	st = dense(d, 0, T0 + 3 * 86400000LL, 1000, 0);
	CHECK_INT(st->clock_outliers, 1);
	CHECK_INT(st->late, 0);
	vigil_detect_free(d);

	/* the stream itself jumps two days ahead: that is a gap in the feed, nothing dropped */
	d = mk(NULL, &s);
	st = dense(d, -1, 0, 60, 2 * 86400000LL);
	CHECK_INT(st->clock_outliers, 0);
	CHECK_INT(st->late, 0);
	vigil_detect_free(d);

	/* a sparse track (one position every 6 h for 5 days): every record kept */
	{
		int i;

		d = mk(NULL, &s);
		for (i = 0; i < 20; i++)
			feed(d, 211000009, T0 + i * 6 * 3600000LL, 54.0, 10.0 + i * 0.5);
		vigil_detect_finish(d);
		st = vigil_detect_stats(d);
		CHECK_INT(st->clock_outliers, 0);
		CHECK_INT(st->late, 0);
		c.fixes = 0;
		vigil_detect_vessels(d, cnt, &c);
		CHECK_INT(c.fixes, 20);
		vigil_detect_free(d);
	}

	/* the gate off (clock_margin_ms 0): the old behaviour, the 2100 record poisons the reorder clock */
	{
		struct vigil_detect_params p;

		vigil_detect_params_default(&p);
		p.clock_margin_ms = 0;
		d = mk(&p, &s);
		st = dense(d, 100, 4102444800000LL, 1000, 0);
		CHECK_INT(st->clock_outliers, 0);
		CHECK(st->late > 200);
		vigil_detect_free(d);
	}
}

/* The vessel cap is counted, not silent. */
static void caps(void)
{
	struct vigil_detect_params p;
	struct sink s = { 0 };
	struct vigil_detect *d;
	const struct vigil_detect_stats *st;
	uint32_t i;

	vigil_detect_params_default(&p);
	p.max_vessels = 5;
	d = mk(&p, &s);
	for (i = 0; i < 12; i++)
		feed(d, 211000100 + i, T0 + i * 1000, 54.0, 10.0);
	feed(d, 211000200, T0 + 20000, 91.0, 10.0);
	feed(d, 211000201, T0 + 21000, 54.0, 181.0);
	feed(d, 211000202, T0 + 22000, NAN, 10.0);
	feed(d, 211000203, 0, 54.0, 10.0);
	vigil_detect_finish(d);
	st = vigil_detect_stats(d);
	CHECK_INT(st->vessels, 5);
	CHECK_INT(st->vessels_over_cap, 7);
	CHECK_INT(st->dropped[VIGIL_FIX_NOPOS], 3);
	CHECK_INT(st->dropped[VIGIL_FIX_NOTIME], 1);
	vigil_detect_free(d);
}

int main(void)
{
	clock_outliers();
	caps();
	TEST_END();
}
