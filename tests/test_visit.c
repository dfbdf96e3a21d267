/* test_visit.c - port/area visits: entry, hysteresis exit, stops, silence, flush, multi-point ports. */
#include <math.h>

#include "harness.h"
#include "vigil/error.h"
#include "vigil/visit.h"

#define MIN 60000LL
#define T0 1700000000000LL

static struct vigil_geo g;
static struct vigil_visit_cfg cfg;
static struct vigil_visit_state st;
static struct vigil_visit got[64];
static size_t ngot;
static uint64_t ref;

/* Feed a fix at distance km east (bearing brg) of (lat0, lon0). */
static int feed(int64_t t, double lat0, double lon0, double brg, double km, float sog)
{
	struct vigil_fix f;
	struct vigil_visit out[8];
	size_t n, i;
	int rc;

	memset(&f, 0, sizeof(f));
	f.t = t;
	vigil_geo_dest(lat0, lon0, brg, km, &f.lat, &f.lon);
	f.mmsi = 273000001;
	f.sog = sog;
	f.cog = NAN;
	f.heading = -1;
	f.ref = ++ref;
	rc = vigil_visit_feed(&g, &cfg, &st, &f, out, 8, &n);
	for (i = 0; i < n && ngot < 64; i++)
		got[ngot++] = out[i];
	return rc;
}

static void flush(void)
{
	struct vigil_visit out[8];
	size_t n, i;

	CHECK_INT(vigil_visit_flush(&cfg, &st, out, 8, &n), VIGIL_E_OK);
	for (i = 0; i < n && ngot < 64; i++)
		got[ngot++] = out[i];
}

static void reset(void)
{
	vigil_visit_state_free(&st);
	vigil_visit_state_init(&st);
	ngot = 0;
	ref = 0;
}

int main(void)
{
	struct vigil_geo_place p;
	struct vigil_geo_area a;
	static const struct vigil_geo_pt sq[] = { { 30, 124 }, { 30, 125 }, { 31, 125 }, { 31, 124 } };
	static const struct vigil_geo_ring ring = { 0, 4, 1 };
	int64_t t;
	int i;
	uint64_t ref_enter = 0, ref_last_in = 0;

	vigil_geo_init(&g);
	memset(&p, 0, sizeof(p));
	p.kind = VIGIL_GEO_PORT;
	p.lat = 40;
	p.lon = 130;
	p.radius_km = 5;
	strcpy(p.name, "Testport");
	strcpy(p.country, "PRK");
	CHECK_INT(vigil_geo_add_place(&g, &p), VIGIL_E_OK);
	/* A second port made of two anchorage points 8 km apart, one name. */
	p.kind = VIGIL_GEO_ANCHORAGE;
	p.lat = 42;
	p.lon = 131;
	p.radius_km = 5;
	strcpy(p.name, "Twin");
	strcpy(p.country, "RUS");
	CHECK_INT(vigil_geo_add_place(&g, &p), VIGIL_E_OK);
	vigil_geo_dest(42, 131, 90, 8, &p.lat, &p.lon);
	CHECK_INT(vigil_geo_add_place(&g, &p), VIGIL_E_OK);
	memset(&a, 0, sizeof(a));
	a.kind = VIGIL_GEO_STS_HOTSPOT;
	strcpy(a.id, "BOX");
	CHECK_INT(vigil_geo_add_area(&g, &a, &ring, 1, sq, 4), VIGIL_E_OK);
	CHECK_INT(vigil_geo_index(&g, 10), VIGIL_E_OK);
	vigil_visit_cfg_default(&cfg);
	CHECK_DBL(cfg.exit_margin_km, 1.0, 0);
	CHECK_INT(cfg.stop_min_s, 1800);

	/* 1. Approach from 20 km east at 10 kn (1.543 km per 5 min), hover at 5.5 km outside: no entry. */
	reset();
	t = T0;
	CHECK_INT(feed(t, 40, 130, 90, 20, 10), VIGIL_E_OK);
	for (i = 0; i < 6; i++)
		feed(t += 5 * MIN, 40, 130, 90, 5.5, 0.2f);
	CHECK_INT(st.nopen, 0);
	/* Enter at 4.5 km, stop 2 h inside, then drift to 5.5 km (inside the exit margin): still one visit. */
	feed(t += 5 * MIN, 40, 130, 90, 4.5, 8);
	CHECK_INT(st.nopen, 1);
	ref_enter = ref;
	for (i = 0; i < 24; i++)
		feed(t += 5 * MIN, 40, 130, 90, 1.0, 0.1f);   /* stopped from the first of these */
	feed(t += 5 * MIN, 40, 130, 90, 2.0, 6);          /* resume: 24 x 5 min = 120 min stopped */
	feed(t += 5 * MIN, 40, 130, 90, 5.5, 6);
	feed(t += 5 * MIN, 40, 130, 90, 5.9, 6);
	ref_last_in = ref;
	CHECK_INT(ngot, 0);
	CHECK_INT(st.nopen, 1);
	/* Beyond radius + 1 km: the visit ends, with the last fix inside as exit. */
	feed(t += 5 * MIN, 40, 130, 90, 6.2, 6);
	CHECK_INT(ngot, 1);
	if (ngot >= 1) {
		struct vigil_visit *v = &got[0];
		CHECK_INT(v->is_area, 0);
		CHECK_INT(v->index, 0);
		CHECK_INT(v->kind, VIGIL_GEO_PORT);
		CHECK_INT(v->end, VIGIL_VISIT_EXIT);
		CHECK_INT(v->mmsi, 273000001);
		CHECK_INT(v->t_in, T0 + 35 * MIN);
		CHECK_INT(v->t_out, t - 5 * MIN);
		CHECK_INT(v->nfix, 28);
		CHECK_INT(v->ref_first, ref_enter);
		CHECK_INT(v->ref_last, ref_last_in);
		CHECK_INT(v->stopped_ms, 120 * MIN);
		CHECK_INT(v->first_stop_ms, T0 + 40 * MIN);
		CHECK_DBL(vigil_geo_dist_km(40, 130, v->lat_in, v->lon_in), 4.5, 1e-6);
		CHECK_DBL(vigil_geo_dist_km(40, 130, v->lat_out, v->lon_out), 5.9, 1e-6);
	}
	/* Older fix: refused, state unchanged. */
	CHECK_INT(feed(T0, 40, 130, 90, 1, 0), VIGIL_E_RANGE);

	/* 2. A stop shorter than stop_min_s does not count; implied speed when SOG is missing. */
	reset();
	t = T0;
	feed(t, 40, 130, 0, 1, 5);
	feed(t += 10 * MIN, 40, 130, 0, 1, 0);
	feed(t += 10 * MIN, 40, 130, 0, 2, 5);      /* stopped 20 min only */
	feed(t += 10 * MIN, 40, 130, 0, 2, NAN);    /* implied 0 kn: stop starts */
	feed(t += 60 * MIN, 40, 130, 0, 2, NAN);
	feed(t += 10 * MIN, 40, 130, 0, 4, NAN);    /* 2 km in 10 min = 6.5 kn: stop ends, 70 min */
	flush();
	CHECK_INT(ngot, 1);
	if (ngot >= 1) {
		CHECK_INT(got[0].end, VIGIL_VISIT_OPEN);
		CHECK_INT(got[0].stopped_ms, 70 * MIN);
		CHECK_INT(got[0].nfix, 6);
	}
	CHECK_INT(st.nopen, 0);

	/* 3. A pass through the port at speed, no stop, 40 min: a transit, counted but not emitted. */
	reset();
	t = T0;
	for (i = 0; i <= 8; i++)
		feed(t += 5 * MIN, 40, 130, 90, 6.5 - i * 1.5, 10);   /* 6.5 km east to 5.5 km west */
	feed(t += 5 * MIN, 40, 130, 270, 8, 10);
	CHECK_INT(ngot, 0);
	CHECK_INT(st.transits, 1);
	flush();
	CHECK_INT(st.transits, 1);   /* kept across flush for the vessel summary */

	/* 4. Silence longer than max_silence_s closes the visit at the last fix (short stays emitted here). */
	cfg.min_port_stay_s = 0;
	cfg.port_need_stop = 0;
	reset();
	t = T0;
	feed(t, 40, 130, 0, 1, 0);
	feed(t += 10 * MIN, 40, 130, 0, 1, 0);
	feed(t += 25 * 60 * MIN, 40, 130, 0, 1, 0);
	CHECK_INT(ngot, 1);
	if (ngot >= 1) {
		CHECK_INT(got[0].end, VIGIL_VISIT_SILENCE);
		CHECK_INT(got[0].t_out, T0 + 10 * MIN);
		CHECK_INT(got[0].nfix, 2);
	}
	CHECK_INT(st.nopen, 1);   /* and a new visit opens with the fix after the silence */
	vigil_visit_cfg_default(&cfg);

	/* 5. Moving between two anchorage points of one port stays one visit (kept without a stop here). */
	cfg.port_need_stop = 0;
	reset();
	t = T0;
	for (i = 0; i <= 16; i++)
		feed(t += 10 * MIN, 42, 131, 90, i * 0.5, 3);   /* 0 .. 8 km east: always within one of them */
	feed(t += 10 * MIN, 42, 131, 90, 14.5, 3);           /* 6.5 km past the second point: out */
	CHECK_INT(ngot, 1);
	if (ngot >= 1) {
		CHECK_INT(got[0].nfix, 17);
		CHECK_INT(got[0].kind, VIGIL_GEO_ANCHORAGE);
		CHECK_INT(got[0].index, 1);
	}
	/* The same slow crawl with the defaults: no stop, so a transit however long (170 min). */
	vigil_visit_cfg_default(&cfg);
	reset();
	t = T0;
	for (i = 0; i <= 16; i++)
		feed(t += 10 * MIN, 42, 131, 90, i * 0.5, 3);
	feed(t += 10 * MIN, 42, 131, 90, 14.5, 3);
	CHECK_INT(ngot, 0);
	CHECK_INT(st.transits, 1);
	CHECK_INT(st.nopen, 0);
	CHECK(st.open == NULL);   /* the open-visit array is released with the last visit */

	/* 5b. Reports at speed only, but 5 h silent in between and found 0.3 km away: it stopped there. */
	reset();
	t = T0;
	feed(t, 40, 130, 90, 4.5, 8);
	feed(t += 10 * MIN, 40, 130, 90, 2.0, 6);
	feed(t += 300 * MIN, 40, 130, 90, 2.3, 6);
	feed(t += 10 * MIN, 40, 130, 90, 7.0, 8);
	CHECK_INT(ngot, 1);
	if (ngot >= 1) {
		CHECK_INT(got[0].stopped_ms, 300 * MIN);
		CHECK_INT(got[0].first_stop_ms, T0 + 10 * MIN);
		CHECK_INT(got[0].nfix, 3);
	}
	/* ... but 5 h silent and 8 km across the port (0.86 kn on average): not a stop, a transit. */
	reset();
	t = T0;
	feed(t, 40, 130, 90, 4.5, 8);
	feed(t += 300 * MIN, 40, 130, 270, 3.5, 6);
	feed(t += 10 * MIN, 40, 130, 270, 7.0, 8);
	CHECK_INT(ngot, 0);
	CHECK_INT(st.transits, 1);
	/* 5c. Stops cut by the data count however short: already moored at the first fix (no data before) ... */
	reset();
	t = T0;
	feed(t, 40, 130, 90, 1.0, 0);
	feed(t += 20 * MIN, 40, 130, 90, 2.0, 7);
	feed(t += 10 * MIN, 40, 130, 90, 7.0, 8);
	CHECK_INT(ngot, 1);
	if (ngot >= 1) {
		CHECK_INT(got[0].stopped_ms, 20 * MIN);
		CHECK_INT(got[0].first_stop_ms, T0);
		CHECK_INT(got[0].stop_censored, 1);
	}
	/* ... or stopped at the last fix when the stream ends (stop of unknown, here zero, length) ... */
	reset();
	t = T0;
	feed(t, 40, 130, 90, 7.0, 8);
	feed(t += 10 * MIN, 40, 130, 90, 3.0, 6);
	feed(t += 10 * MIN, 40, 130, 90, 1.0, 0);
	CHECK_INT(ngot, 0);
	flush();
	CHECK_INT(ngot, 1);
	if (ngot >= 1) {
		CHECK_INT(got[0].end, VIGIL_VISIT_OPEN);
		CHECK_INT(got[0].stopped_ms, 0);
		CHECK_INT(got[0].first_stop_ms, T0 + 20 * MIN);
		CHECK_INT(got[0].stop_censored, 1);
	}
	/* ... but a 20-minute stop in the middle of continuous data is a pause in a transit. */
	reset();
	t = T0;
	feed(t, 40, 130, 90, 7.0, 8);
	feed(t += 10 * MIN, 40, 130, 90, 3.0, 6);
	feed(t += 10 * MIN, 40, 130, 90, 1.0, 0);
	feed(t += 20 * MIN, 40, 130, 90, 0.5, 6);
	feed(t += 10 * MIN, 40, 130, 270, 7.0, 8);
	CHECK_INT(ngot, 0);
	CHECK_INT(st.transits, 1);
	/* ... and a silence shorter than stop_min_s (20 min, not moved) does not count either. */
	reset();
	t = T0;
	feed(t, 40, 130, 90, 4.5, 8);
	feed(t += 10 * MIN, 40, 130, 90, 2.0, 6);
	feed(t += 20 * MIN, 40, 130, 90, 2.0, 6);
	feed(t += 10 * MIN, 40, 130, 90, 7.0, 8);
	CHECK_INT(ngot, 0);

	/* 6. Polygon area: enter, leave within 1 km of the edge (kept), then beyond (closed). */
	reset();
	t = T0;
	feed(t, 30.5, 124.5, 0, 0, 10);
	feed(t += 10 * MIN, 30.5, 125.0, 90, 0.5, 10);   /* 0.5 km outside the east edge */
	CHECK_INT(st.nopen, 1);
	CHECK_INT(ngot, 0);
	feed(t += 10 * MIN, 30.5, 125.0, 90, 1.5, 10);
	CHECK_INT(ngot, 1);
	if (ngot >= 1) {
		CHECK_INT(got[0].is_area, 1);
		CHECK_INT(got[0].kind, VIGIL_GEO_STS_HOTSPOT);
		CHECK_INT(got[0].nfix, 2);
		CHECK_INT(got[0].t_out, T0 + 10 * MIN);
	}
	/* kinds filter: ports only -> no area visit. */
	reset();
	cfg.kinds = VIGIL_GEO_PORTLIKE;
	feed(T0, 30.5, 124.5, 0, 0, 10);
	CHECK_INT(st.nopen, 0);
	vigil_visit_cfg_default(&cfg);
	/* 7. Two ships on one MMSI (segments 1 and 2), fixes interleaved: no flapping, one visit each. */
	reset();
	t = T0;
	for (i = 0; i < 30; i++) {
		struct vigil_fix f;
		struct vigil_visit out[8];
		size_t n, k;

		memset(&f, 0, sizeof(f));
		f.mmsi = 413456780;
		f.sog = 0;
		f.t = (t += 5 * MIN);
		f.seg = 1 + (uint32_t)(i & 1);
		if (f.seg == 1)
			vigil_geo_dest(40, 130, 0, 1, &f.lat, &f.lon);    /* in Testport */
		else
			vigil_geo_dest(42, 131, 90, 4, &f.lat, &f.lon);   /* in Twin */
		f.ref = (uint64_t)i + 1;
		CHECK_INT(vigil_visit_feed(&g, &cfg, &st, &f, out, 8, &n), VIGIL_E_OK);
		for (k = 0; k < n && ngot < 64; k++)
			got[ngot++] = out[k];
	}
	CHECK_INT(ngot, 0);
	CHECK_INT(st.nopen, 2);
	flush();
	CHECK_INT(ngot, 2);
	if (ngot == 2) {
		int a1 = got[0].seg == 1 ? 0 : 1;
		CHECK_INT(got[a1].seg, 1);
		CHECK_INT(got[a1].index, 0);
		CHECK_INT(got[a1].nfix, 15);
		CHECK_INT(got[a1].ref_first, 1);
		CHECK_INT(got[a1].ref_last, 29);
		CHECK_INT(got[1 - a1].seg, 2);
		CHECK_INT(got[1 - a1].kind, VIGIL_GEO_ANCHORAGE);
		CHECK_INT(got[1 - a1].nfix, 15);
		CHECK_INT(got[1 - a1].stopped_ms, 14 * 10 * MIN);
	}
	/* min_fixes drops one-fix visits. */
	reset();
	cfg.min_fixes = 2;
	feed(T0, 40, 130, 0, 1, 10);
	feed(T0 + MIN, 40, 130, 0, 20, 10);
	CHECK_INT(ngot, 0);
	vigil_geo_release(&g);
	TEST_END();
}
