/* test_loiter.c - loitering detector on made-up tracks. */
#include <math.h>

#include "harness.h"
#include "vigil/error.h"
#include "vigil/loiter.h"

#define DAY0 1700006400000LL
#define MIN 60000LL
#define HOUR 3600000LL

struct sink {
	struct vigil_loiter_event ev[32];
	int n;
};

static void collect(void *ctx, const struct vigil_loiter_event *ev)
{
	struct sink *s = ctx;

	if (s->n < 32)
		s->ev[s->n++] = *ev;
}

/* Geography: shore is the meridian lon = 125 (distance by longitude), a port at (35, 125.5), a hotspot around (31, 124.8). */
struct geo {
	int calls;
};

static unsigned place(void *ctx, double lat, double lon, double *port_km, double *shore_km)
{
	struct geo *g = ctx;
	unsigned f = 0;

	g->calls++;
	*shore_km = fabs(lon - 125.0) * 111.2 * cos(lat * M_PI / 180);
	*port_km = hypot((lat - 35.0) * 111.2, (lon - 125.5) * 111.2 * cos(lat * M_PI / 180));
	if (*port_km < 5)
		f |= VIGIL_PLACE_PORT;
	if (hypot(lat - 31.0, lon - 124.8) < 0.3 || hypot(lat - 35.0, lon - 125.5) < 0.2)
		f |= VIGIL_PLACE_HOTSPOT;
	return f;
}

static struct sink out;
static struct geo geo;

static struct vigil_loiter *mk(int with_geo)
{
	struct vigil_loiter_config c;
	struct vigil_loiter *l;
	int err;

	vigil_loiter_config_init(&c);
	c.emit = collect;
	c.emit_ctx = &out;
	if (with_geo) {
		c.place = place;
		c.place_ctx = &geo;
	}
	l = vigil_loiter_new(&c, &err);
	CHECK(l != NULL);
	return l;
}

/* One vessel from t0 for dur at speed kn heading north from (lat, lon), a fix every step; sog reported or NAN. */
static void track(struct vigil_loiter *l, uint32_t mmsi, unsigned type, int64_t t0, int64_t dur, int64_t step,
		  double lat, double lon, double kn, int report_sog)
{
	struct vigil_fix f;

	memset(&f, 0, sizeof(f));
	f.mmsi = mmsi;
	for (int64_t t = t0; t <= t0 + dur; t += step) {
		f.t = t;
		f.lat = lat + kn * 1.852 / 111.2 * (double)(t - t0) / HOUR;
		f.lon = lon;
		f.sog = report_sog ? (float)kn : NAN;
		f.cog = 0;
		f.ref = (uint64_t)t;
		vigil_loiter_add(l, &f, type);
	}
}

static void test_basic(void)
{
	struct vigil_loiter *l;

	/* 6 h at 0.5 kn, 60 nm offshore: loitering */
	memset(&out, 0, sizeof(out));
	l = mk(1);
	track(l, 412000001, 80, DAY0, 6 * HOUR, 3 * MIN, 30.0, 126.3, 0.5, 1);
	vigil_loiter_finish(l);
	CHECK_INT(out.n, 1);
	if (out.n == 1) {
		CHECK_INT(out.ev[0].kind, VIGIL_LOITER_LOITERING);
		CHECK_STR(vigil_loiter_kind_name(out.ev[0].kind), "loitering");
		CHECK_INT(out.ev[0].end - out.ev[0].start, 6 * HOUR);
		CHECK_DBL(out.ev[0].avg_kn, 0.5, 1e-6);
		CHECK_INT(out.ev[0].nfix, 121);
		CHECK_INT(out.ev[0].first_ref, DAY0);
		CHECK_INT(out.ev[0].last_ref, DAY0 + 6 * HOUR);
		CHECK(out.ev[0].min_shore_km > 100);
		CHECK(out.ev[0].reasons & VIGIL_LOI_R_FAR);
		CHECK(out.ev[0].confidence > 0.6);
	}
	/* geography is throttled: far fewer calls than fixes */
	CHECK(geo.calls > 0 && geo.calls < 40);
	vigil_loiter_free(l);

	/* implied speed (no SOG): 1 kn for 5 h -> loitering with avg ~1 kn */
	memset(&out, 0, sizeof(out));
	l = mk(1);
	track(l, 412000002, 0, DAY0, 5 * HOUR, 2 * MIN, 30.0, 126.3, 1.0, 0);
	vigil_loiter_finish(l);
	CHECK_INT(out.n, 1);
	if (out.n == 1)
		CHECK_DBL(out.ev[0].avg_kn, 1.0, 0.02);
	vigil_loiter_free(l);
}

static void test_rejects(void)
{
	struct vigil_loiter *l;

	memset(&out, 0, sizeof(out));
	l = mk(1);
	/* too short: 3 h */
	track(l, 413000001, 70, DAY0, 3 * HOUR, 3 * MIN, 30.0, 126.3, 0.3, 1);
	/* too fast: 2.5 kn average (below the 3 kn break, above the 2 kn average) */
	track(l, 413000002, 70, DAY0, 6 * HOUR, 3 * MIN, 29.0, 126.3, 2.5, 1);
	/* near shore: 10 km off the coast */
	track(l, 413000003, 70, DAY0, 6 * HOUR, 3 * MIN, 33.0, 125.1, 0.3, 1);
	/* anchored in port */
	track(l, 413000004, 70, DAY0, 6 * HOUR, 3 * MIN, 35.0, 125.5, 0.0, 1);
	/* steaming at 12 kn */
	track(l, 413000005, 70, DAY0, 6 * HOUR, 3 * MIN, 28.0, 127.0, 12, 1);
	vigil_loiter_finish(l);
	CHECK_INT(out.n, 0);
	CHECK(vigil_loiter_stats(l)->rejected_short >= 1);
	CHECK(vigil_loiter_stats(l)->rejected_speed >= 1);
	vigil_loiter_free(l);
}

static void test_kinds_and_hotspot(void)
{
	struct vigil_loiter *l;
	int fishing = 0, loiter = 0, service = 0;

	memset(&out, 0, sizeof(out));
	l = mk(1);
	/* a fishing boat drifting offshore: its own kind */
	track(l, 414000001, 30, DAY0, 6 * HOUR, 3 * MIN, 30.0, 126.3, 0.4, 1);
	/* a tug: service kind */
	track(l, 414000002, 52, DAY0, 6 * HOUR, 3 * MIN, 29.0, 126.3, 0.4, 1);
	/* a tanker inside the hotspot 10 km from the coast: reported despite the shore */
	track(l, 414000003, 80, DAY0, 6 * HOUR, 3 * MIN, 31.0, 124.9, 0.4, 1);
	/* a tanker in port (port area inside the hotspot): not loitering */
	track(l, 414000004, 80, DAY0, 6 * HOUR, 3 * MIN, 35.0, 125.5, 0.1, 1);
	vigil_loiter_finish(l);
	CHECK_INT(out.n, 3);
	for (int i = 0; i < out.n; i++) {
		if (out.ev[i].mmsi == 414000001) {
			fishing += out.ev[i].kind == VIGIL_LOITER_FISHING;
			CHECK_STR(vigil_loiter_kind_name(out.ev[i].kind), "fishing_loitering");
		}
		if (out.ev[i].mmsi == 414000002)
			service += out.ev[i].kind == VIGIL_LOITER_SERVICE;
		if (out.ev[i].mmsi == 414000003) {
			loiter += out.ev[i].kind == VIGIL_LOITER_LOITERING;
			CHECK((out.ev[i].reasons & (VIGIL_LOI_R_HOTSPOT | VIGIL_LOI_R_NEAR_SHORE)) ==
			      (VIGIL_LOI_R_HOTSPOT | VIGIL_LOI_R_NEAR_SHORE));
		}
	}
	CHECK_INT(fishing, 1);
	CHECK_INT(service, 1);
	CHECK_INT(loiter, 1);
	CHECK_INT(vigil_loiter_stats(l)->events, 1);
	CHECK_INT(vigil_loiter_stats(l)->fishing, 1);
	vigil_loiter_free(l);
}

static void test_silence_and_split(void)
{
	struct vigil_loiter *l;
	struct vigil_fix f;

	/* 3 h, silent 7 h (> max_bridge), 3 h: two short windows, no event */
	memset(&out, 0, sizeof(out));
	l = mk(1);
	track(l, 415000001, 80, DAY0, 3 * HOUR, 3 * MIN, 30.0, 126.3, 0.2, 1);
	track(l, 415000001, 80, DAY0 + 10 * HOUR, 3 * HOUR, 3 * MIN, 30.0, 126.3, 0.2, 1);
	vigil_loiter_finish(l);
	CHECK_INT(out.n, 0);
	vigil_loiter_free(l);

	/* 52 h drifting: emitted as 24 h pieces while streaming (no finish needed for the first two) */
	memset(&out, 0, sizeof(out));
	l = mk(1);
	track(l, 415000002, 80, DAY0, 52 * HOUR, 5 * MIN, 30.0, 126.3, 0.1, 1);
	CHECK_INT(out.n, 2);
	vigil_loiter_finish(l);
	CHECK_INT(out.n, 3);
	if (out.n == 3)
		CHECK(out.ev[1].reasons & VIGIL_LOI_R_SPLIT);
	/* a silent vessel's window is closed by the stream clock */
	track(l, 415000003, 80, DAY0 + 60 * HOUR, 5 * HOUR, 5 * MIN, 30.0, 126.3, 0.1, 1);
	memset(&f, 0, sizeof(f));
	f.mmsi = 415000004;
	f.lat = 10;
	f.lon = 10;
	f.sog = 15;
	for (int64_t t = DAY0 + 66 * HOUR; t < DAY0 + 73 * HOUR; t += 10 * MIN) {
		f.t = t;
		vigil_loiter_add(l, &f, 0);
	}
	CHECK_INT(out.n, 4);
	vigil_loiter_free(l);
}

static void test_no_geo_and_bounds(void)
{
	struct vigil_loiter_config c;
	struct vigil_loiter *l;
	struct vigil_fix f;
	struct vigil_param p[16];
	int err;

	memset(&out, 0, sizeof(out));
	l = mk(0);
	track(l, 416000001, 80, DAY0, 5 * HOUR, 3 * MIN, 30.0, 126.3, 0.2, 1);
	vigil_loiter_finish(l);
	CHECK_INT(out.n, 1);
	if (out.n == 1)
		CHECK(out.ev[0].reasons & VIGIL_LOI_R_NO_SHORE);
	vigil_loiter_free(l);

	vigil_loiter_config_init(&c);
	c.max_vessels = 10;
	l = vigil_loiter_new(&c, &err);
	CHECK(l != NULL);
	if (l) {
		memset(&f, 0, sizeof(f));
		for (uint32_t i = 0; i < 100; i++) {
			f.mmsi = 200000000 + i;
			f.t = DAY0 + i;
			f.lat = 1;
			f.lon = 1;
			f.sog = NAN;
			vigil_loiter_add(l, &f, 0);
		}
		CHECK_INT(vigil_loiter_stats(l)->dropped_vessels, 90);
		f.t = DAY0; /* backwards */
		f.mmsi = 200000000;
		vigil_loiter_add(l, &f, 0);
		CHECK_INT(vigil_loiter_stats(l)->out_of_order, 1);
		f.lat = NAN;
		CHECK_INT(vigil_loiter_add(l, &f, 0), VIGIL_E_OK);
		vigil_loiter_free(l);
	}
	c.max_avg_kn = 0;
	CHECK(vigil_loiter_new(&c, &err) == NULL);
	CHECK_INT(err, VIGIL_E_INVAL);
	vigil_loiter_config_init(&c);
	CHECK_INT(vigil_loiter_params(&c, p, 16), 13);
	CHECK_STR(p[8].name, "min_shore_km");
	CHECK_DBL(p[8].value, 37.04, 1e-9);
	CHECK_STR(p[5].name, "max_bridge");
	CHECK_STR(vigil_loiter_reason_name(VIGIL_LOI_R_SPARSE), "sparse");
}

static void fix1(struct vigil_loiter *l, uint32_t mmsi, int64_t t, double lat, double lon, double sog)
{
	struct vigil_fix f;

	memset(&f, 0, sizeof(f));
	f.mmsi = mmsi;
	f.t = t;
	f.lat = lat;
	f.lon = lon;
	f.sog = (float)sog;
	f.ref = (uint64_t)t;
	vigil_loiter_add(l, &f, 80);
}

/*
 * Satellite-only reception: a 25-min pass every 95 min. The ship transits
 * north at tr_kn, stops at DAY0 + 10 h at (30, 126.3) for stop_h hours, then
 * leaves north at tr_kn. Returns the number of events.
 */
static int sat_nogeo;

static int sat_track(int64_t max_inferred_ms, double tr_kn, double stop_h, struct vigil_loiter_event *ev)
{
	struct vigil_loiter_config c;
	struct vigil_loiter *l;
	int err, n;
	int64_t ts = DAY0 + 10 * HOUR, te = ts + (int64_t)(stop_h * HOUR);
	double deg = tr_kn * 1.852 / 111.2; /* degrees of latitude per hour */

	memset(&out, 0, sizeof(out));
	vigil_loiter_config_init(&c);
	c.emit = collect;
	c.emit_ctx = &out;
	c.place = sat_nogeo ? NULL : place;
	c.place_ctx = &geo;
	c.max_inferred_ms = max_inferred_ms;
	l = vigil_loiter_new(&c, &err);
	CHECK(l != NULL);
	if (!l)
		return -1;
	/* passes start at DAY0 + 1 h + k * 95 min; fixes every 3 min in a pass */
	for (int64_t p = DAY0 + HOUR; p < DAY0 + 24 * HOUR; p += 95 * MIN)
		for (int64_t t = p; t < p + 25 * MIN; t += 3 * MIN) {
			double h;

			if (t < ts) {
				h = (double)(t - ts) / HOUR;
				fix1(l, 416000001, t, 30.0 + deg * h, 126.3, tr_kn);
			} else if (t <= te) {
				fix1(l, 416000001, t, 30.0, 126.3, 0.1);
			} else {
				h = (double)(t - te) / HOUR;
				fix1(l, 416000001, t, 30.0 + deg * h, 126.3, tr_kn);
			}
		}
	vigil_loiter_finish(l);
	n = out.n;
	if (n >= 1 && ev)
		*ev = out.ev[0];
	vigil_loiter_free(l);
	return n;
}

static void test_sparse_passes(void)
{
	struct vigil_loiter_event ev;
	int64_t ts = DAY0 + 10 * HOUR;

	/* A 4.3 h stop seen only by passes: its slow fixes span < 4 h (the first pass after the stop
	 * starts at 10:30, the last one inside it at 13:40), yet the fixes around it show the ship in
	 * transit at 12 kn, too far away to have been stopped much longer: an event with the
	 * observed interval, a wider estimate, and the reason. */
	memset(&ev, 0, sizeof(ev));
	CHECK_INT(sat_track(3600000, 12, 4.3, &ev), 1);
	CHECK(ev.end - ev.start < 4 * HOUR);
	CHECK(ev.judged_ms >= 4 * HOUR);
	CHECK(ev.reasons & VIGIL_LOI_R_INFERRED);
	CHECK(!(ev.reasons & VIGIL_LOI_R_BRIDGED));
	CHECK_STR(vigil_loiter_reason_name(VIGIL_LOI_R_INFERRED), "inferred_duration");
	/* the estimate reaches back to about the true stop, never before it (the ship kept 12 kn) */
	CHECK(ev.est_start < ev.start && ev.est_start >= ts - 2 * MIN);
	CHECK(ev.est_end > ev.end && ev.est_end <= ts + (int64_t)(4.3 * HOUR) + 2 * MIN);
	CHECK(ev.judged_ms <= ev.end - ev.start + HOUR);
	CHECK(ev.confidence < 0.75);
	/* without inference (max_inferred 0), the same track is no event: the observed span decides */
	CHECK_INT(sat_track(0, 12, 4.3, NULL), 0);
	/* a shorter stop (3.2 h) is not stretched to 4 h: the speed bounds the silences */
	CHECK_INT(sat_track(3600000, 12, 3.2, NULL), 0);
	/* neighbours at 4 kn (< infer_min_kn: trawling, manoeuvring) bound nothing */
	CHECK_INT(sat_track(3600000, 4, 4.3, NULL), 0);
	/* without geography (any slow window counts) nothing is inferred */
	sat_nogeo = 1;
	CHECK_INT(sat_track(3600000, 12, 4.3, NULL), 0);
	CHECK_INT(sat_track(3600000, 12, 6, NULL), 1);
	sat_nogeo = 0;
	/* a stop observed >= 4 h needs no inference */
	memset(&ev, 0, sizeof(ev));
	CHECK_INT(sat_track(3600000, 12, 6, &ev), 1);
	CHECK(!(ev.reasons & VIGIL_LOI_R_INFERRED));
}

static void test_bridge_and_input_end(void)
{
	struct vigil_loiter *l;

	/* 1 h slow, silent 4 h (> max_silence, <= max_bridge), 1 h slow 0.3 nm away: one 6 h window */
	memset(&out, 0, sizeof(out));
	l = mk(1);
	track(l, 417000001, 80, DAY0, HOUR, 5 * MIN, 30.0, 126.3, 0.2, 1);
	track(l, 417000001, 80, DAY0 + 5 * HOUR, HOUR, 5 * MIN, 30.0, 126.3, 0.2, 1);
	vigil_loiter_finish(l);
	CHECK_INT(out.n, 1);
	if (out.n == 1) {
		CHECK_INT(out.ev[0].end - out.ev[0].start, 6 * HOUR);
		CHECK_INT(out.ev[0].bridged_ms, 4 * HOUR);
		CHECK(out.ev[0].reasons & VIGIL_LOI_R_BRIDGED);
		CHECK(out.ev[0].avg_kn < 2);
	}
	CHECK_INT(vigil_loiter_stats(l)->bridged, 1);
	vigil_loiter_free(l);
	/* the same, but 12 nm apart across the silence (3 kn average): not bridged, no event */
	memset(&out, 0, sizeof(out));
	l = mk(1);
	track(l, 417000002, 80, DAY0, HOUR, 5 * MIN, 30.0, 126.3, 0.2, 1);
	track(l, 417000002, 80, DAY0 + 5 * HOUR, HOUR, 5 * MIN, 30.2, 126.3, 0.2, 1);
	vigil_loiter_finish(l);
	CHECK_INT(out.n, 0);
	vigil_loiter_free(l);
	/* 3.75 h slow, heard every 25 min, then the input ends 20 min later (another vessel still
	 * heard): the stop may have lasted until the end of input. The input ending 5 min later: not
	 * enough; 40 min later: longer than the ship's own rhythm, nothing inferred */
	for (int k = 0; k < 3; k++) {
		static const int tail[3] = { 20, 5, 40 };

		memset(&out, 0, sizeof(out));
		l = mk(1);
		track(l, 417000003, 80, DAY0, 225 * MIN, 25 * MIN, 30.0, 126.3, 0.2, 1);
		fix1(l, 417000004, DAY0 + 225 * MIN + tail[k] * MIN, 10, 10, 15);
		vigil_loiter_finish(l);
		CHECK_INT(out.n, k == 0);
		if (out.n == 1) {
			CHECK_INT(out.ev[0].end - out.ev[0].start, 225 * MIN);
			CHECK_INT(out.ev[0].est_end - out.ev[0].end, 20 * MIN);
			CHECK_INT(out.ev[0].judged_ms, 245 * MIN);
			CHECK(out.ev[0].reasons & VIGIL_LOI_R_INFERRED);
		}
		vigil_loiter_free(l);
	}
}

int main(void)
{
	test_basic();
	test_rejects();
	test_kinds_and_hotspot();
	test_silence_and_split();
	test_no_geo_and_bounds();
	test_sparse_passes();
	test_bridge_and_input_end();
	TEST_END();
}
