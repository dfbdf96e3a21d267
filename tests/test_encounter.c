/* test_encounter.c - encounters: GFW's pipe-encounters fixtures in place, plus made-up tracks. */
#define _GNU_SOURCE
#include <math.h>
#include <time.h>

#include "harness.h"
#include "vigil/encounter.h"
#include "vigil/error.h"
#include "vigil/json.h"

#define MAXREC 64

struct sink {
	struct vigil_encounter r[MAXREC];
	int n;
};

static void collect(void *ctx, const struct vigil_encounter *e)
{
	struct sink *s = ctx;

	if (s->n < MAXREC)
		s->r[s->n++] = *e;
}

static int64_t iso_ms(const char *s)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
		   &tm.tm_sec) != 6)
		return INT64_MIN;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (int64_t)timegm(&tm) * 1000;
}

/* ---- GFW fixtures ---- */

struct fixture {
	char name[32];
	struct vigil_fix f[600];
	size_t n;
};

static struct fixture fx[8];
static int nfx;
static double maxdiff;
static int matched, expected_total;

static int load_tracks(const char *path)
{
	size_t len;
	char *buf = test_slurp(path, &len), *line, *save = NULL;
	int first = 1;

	if (!buf)
		return -1;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char ds[32], series[64], id[32], ts[32];
		double lat, lon;
		struct fixture *x = NULL;

		if (first) {
			first = 0;
			continue;
		}
		if (sscanf(line, "%31[^,],%63[^,],%31[^,],%31[^,],%lf,%lf", ds, series, id, ts, &lat, &lon) != 6)
			continue;
		for (int i = 0; i < nfx; i++)
			if (strcmp(fx[i].name, ds) == 0)
				x = &fx[i];
		if (!x) {
			if (nfx == 8)
				continue;
			x = &fx[nfx++];
			snprintf(x->name, sizeof(x->name), "%s", ds);
		}
		if (x->n == sizeof(x->f) / sizeof(x->f[0]))
			continue;
		memset(&x->f[x->n], 0, sizeof(x->f[0]));
		x->f[x->n].t = iso_ms(ts);
		x->f[x->n].lat = lat;
		x->f[x->n].lon = lon;
		x->f[x->n].mmsi = (uint32_t)strtoul(id, NULL, 10);
		x->f[x->n].sog = 0;
		x->f[x->n].cog = 45;
		x->f[x->n].ref = x->n + 1;
		x->n++;
	}
	free(buf);
	return 0;
}

static const struct fixture *fixture_get(const char *name)
{
	for (int i = 0; i < nfx; i++)
		if (strcmp(fx[i].name, name) == 0)
			return &fx[i];
	return NULL;
}

static void cmp_num(const char *set, const char *key, double got, double want)
{
	double d = fabs(got - want);

	if (d > maxdiff)
		maxdiff = d;
	if (d <= 1e-6) {
		t_pass++;
	} else {
		t_fail++;
		fprintf(stderr, "FAIL %s.%s: got %.12g want %.12g\n", set, key, got, want);
	}
}

/* Value of one expected field in our record; returns 0 for an unknown field. */
static int field(const struct vigil_encounter *r, const char *key, double *v)
{
	static const struct {
		const char *name;
		size_t off;
	} dbl[] = {
		{ "mean_latitude", offsetof(struct vigil_encounter, mean_lat) },
		{ "mean_longitude", offsetof(struct vigil_encounter, mean_lon) },
		{ "median_distance_km", offsetof(struct vigil_encounter, median_km) },
		{ "median_speed_knots", offsetof(struct vigil_encounter, median_speed_kn) },
		{ "start_lat", offsetof(struct vigil_encounter, start_lat) },
		{ "start_lon", offsetof(struct vigil_encounter, start_lon) },
		{ "end_lat", offsetof(struct vigil_encounter, end_lat) },
		{ "end_lon", offsetof(struct vigil_encounter, end_lon) },
	};

	for (size_t i = 0; i < sizeof(dbl) / sizeof(dbl[0]); i++)
		if (strcmp(key, dbl[i].name) == 0) {
			memcpy(v, (const char *)r + dbl[i].off, sizeof(*v));
			return 1;
		}
	if (strcmp(key, "vessel_1_point_count") == 0)
		*v = r->points[0];
	else if (strcmp(key, "vessel_2_point_count") == 0)
		*v = r->points[1];
	else if (strcmp(key, "start_time") == 0)
		*v = (double)r->start / 1000.0;
	else if (strcmp(key, "end_time") == 0)
		*v = (double)r->end / 1000.0;
	else
		return 0;
	return 1;
}

static uint32_t str_id(const char *s, const struct vigil_json_tok *t, size_t i)
{
	char buf[64];

	if (t[i].type == VIGIL_JSON_ARRAY) {
		if (t[i].count != 1)
			return 0;
		i = vigil_json_at(t, i, 0);
	}
	if (vigil_json_str(s, &t[i], buf, sizeof(buf), NULL) != VIGIL_E_OK)
		return 0;
	return (uint32_t)strtoul(buf, NULL, 10);
}

/* Compare our records with the expected array `arr` of one set; every expected record must match one of ours. */
static void compare_set(const char *set, const char *js, const struct vigil_json_tok *t, size_t arr,
			const struct sink *got)
{
	int used[MAXREC] = { 0 };

	CHECK_INT(got->n, t[arr].count);
	for (uint32_t k = 0; k < t[arr].count; k++) {
		size_t obj = vigil_json_at(t, arr, k);
		size_t i1 = vigil_json_get(js, t, obj, "vessel_1_seg_id");
		size_t i2 = vigil_json_get(js, t, obj, "vessel_2_seg_id");
		uint32_t v1, v2;
		int hit = -1;

		expected_total++;
		if (!i1)
			i1 = vigil_json_get(js, t, obj, "vessel_1_id");
		if (!i2)
			i2 = vigil_json_get(js, t, obj, "vessel_2_id");
		v1 = i1 ? str_id(js, t, i1) : 0;
		v2 = i2 ? str_id(js, t, i2) : 0;
		for (int j = 0; j < got->n; j++)
			if (!used[j] && got->r[j].mmsi[0] == v1 && got->r[j].mmsi[1] == v2) {
				hit = j;
				break;
			}
		if (hit < 0) {
			t_fail++;
			fprintf(stderr, "FAIL %s: no record %u -> %u\n", set, v1, v2);
			continue;
		}
		used[hit] = 1;
		{
			int before = t_fail;

			for (size_t i = obj + 1, m = 0; m < t[obj].count; m++) {
				size_t key = i, val = i + 1;
				char name[64];
				double want, have;

				i = t[val].next;
				vigil_json_str(js, &t[key], name, sizeof(name), NULL);
				if (strcmp(name, "vessel_1_seg_id") == 0 || strcmp(name, "vessel_2_seg_id") == 0 ||
				    strcmp(name, "vessel_1_id") == 0 || strcmp(name, "vessel_2_id") == 0)
					continue;
				if (strcmp(name, "vessel_1_seg_ids") == 0 || strcmp(name, "vessel_2_seg_ids") == 0) {
					CHECK_INT(str_id(js, t, val), got->r[hit].mmsi[name[7] == '1' ? 0 : 1]);
					continue;
				}
				if (!field(&got->r[hit], name, &have)) {
					t_fail++;
					fprintf(stderr, "FAIL %s: unknown field %s\n", set, name);
					continue;
				}
				if (t[val].type == VIGIL_JSON_STRING) {
					char ts[64];

					vigil_json_str(js, &t[val], ts, sizeof(ts), NULL);
					want = (double)iso_ms(ts) / 1000.0;
				} else if (vigil_json_num(js, &t[val], &want) != VIGIL_E_OK) {
					t_fail++;
					continue;
				}
				cmp_num(set, name, have, want);
			}
			if (t_fail == before)
				matched++;
		}
	}
}

static void run_fixture(const char *set, const char *data, int nerf, int merged, const char *js,
			const struct vigil_json_tok *t, size_t arr)
{
	static struct sink s;
	struct vigil_encounter_config c;
	const struct fixture *x = fixture_get(data);
	struct vigil_encounter_stats st;

	if (!x) {
		t_fail++;
		fprintf(stderr, "FAIL dataset %s missing from fixture_tracks.csv\n", data);
		return;
	}
	memset(&s, 0, sizeof(s));
	vigil_encounter_config_init(&c);
	CHECK_INT(vigil_encounter_config_profile(&c, "gfw-test"), VIGIL_E_OK);
	c.output = merged ? VIGIL_ENC_OUT_MERGED : VIGIL_ENC_OUT_RAW;
	if (nerf)
		c.max_neighbours = 1;
	c.emit = collect;
	c.emit_ctx = &s;
	CHECK_INT(vigil_encounter_batch(&c, x->f, x->n, &st), VIGIL_E_OK);
	compare_set(set, js, t, arr, &s);
}

static void test_gfw_fixtures(void)
{
	const char *sh = test_shared();
	char path[8192];
	char *js;
	size_t len, ntok = 0;
	struct vigil_json_tok *t;
	static const struct {
		const char *set, *data;
		int nerf, merged;
	} sets[] = {
		{ "simple", "simple", 0, 0 },     { "dateline", "dateline", 0, 0 },
		{ "multi", "multi", 0, 0 },       { "nerfed_multi", "multi", 1, 0 },
		{ "real", "real", 0, 0 },         { "messages", "real", 0, 0 },
		{ "merged", "real", 0, 1 },       { "merged_dateline", "dateline", 0, 1 },
		{ "fastsep", "fastsep", 0, 0 },
	};
	int seen = 0;

	if (!sh) {
		SKIP("../shared absent: GFW encounter fixtures not checked");
		return;
	}
	snprintf(path, sizeof(path), "%s/data/behavior/gfw-pipe-encounters/fixture_tracks.csv", sh);
	if (load_tracks(path)) {
		SKIP("gfw-pipe-encounters/fixture_tracks.csv absent");
		return;
	}
	snprintf(path, sizeof(path), "%s/data/behavior/gfw-pipe-encounters/expected_encounters.json", sh);
	js = test_slurp(path, &len);
	if (!js) {
		SKIP("gfw-pipe-encounters/expected_encounters.json absent");
		return;
	}
	t = malloc(20000 * sizeof(*t));
	CHECK(t != NULL);
	if (!t || vigil_json_parse(js, len, t, 20000, &ntok, NULL) != VIGIL_E_OK) {
		t_fail++;
		free(t);
		free(js);
		return;
	}
	for (size_t i = 1, m = 0; m < t[0].count; m++) {
		size_t key = i, val = i + 1;
		int known = 0;

		i = t[val].next;
		for (size_t k = 0; k < sizeof(sets) / sizeof(sets[0]); k++)
			if (vigil_json_eq(js, &t[key], sets[k].set)) {
				run_fixture(sets[k].set, sets[k].data, sets[k].nerf, sets[k].merged, js, t, val);
				known = 1;
				seen++;
			}
		if (!known && !vigil_json_eq(js, &t[key], "_meta")) {
			char name[64];

			vigil_json_str(js, &t[key], name, sizeof(name), NULL);
			fprintf(stderr, "FAIL unhandled expected set %s\n", name);
			t_fail++;
		}
	}
	CHECK_INT(seen, 9);
	CHECK_INT(matched, expected_total);
	fprintf(stderr, "gfw fixtures: %d of %d expected records matched, max abs difference %.3g\n", matched,
		expected_total, maxdiff);
	free(t);
	free(js);
}

/* ---- made-up tracks ---- */

#define DAY0 1700006400000LL /* 2023-11-15T00:00:00Z */
#define MIN 60000LL

static struct vigil_fix tr[20000];
static size_t ntr;

static void add(uint32_t mmsi, int64_t t, double lat, double lon)
{
	if (ntr < sizeof(tr) / sizeof(tr[0])) {
		memset(&tr[ntr], 0, sizeof(tr[0]));
		tr[ntr].mmsi = mmsi;
		tr[ntr].t = t;
		tr[ntr].lat = lat;
		tr[ntr].lon = lon;
		tr[ntr].sog = NAN;
		tr[ntr].cog = NAN;
		tr[ntr].ref = ((uint64_t)mmsi << 24) | ntr;
		ntr++;
	}
}

/* A vessel drifting slowly around (lat, lon) from t0 for dur, one fix every step. */
static void drift(uint32_t mmsi, int64_t t0, int64_t dur, int64_t step, double lat, double lon, double dlat)
{
	for (int64_t t = t0; t <= t0 + dur; t += step)
		add(mmsi, t, lat + dlat * (double)(t - t0) / 3600000.0 * 0.001, lon);
}

struct geo_ctx {
	double port_lat, port_lon;  /* one port */
	double hot_lat, hot_lon;    /* one hotspot of radius 20 km */
	int calls;
};

static unsigned fake_place(void *ctx, double lat, double lon, double *port_km, double *shore_km)
{
	struct geo_ctx *g = ctx;
	unsigned f = 0;

	g->calls++;
	*port_km = vigil_encounter_km(lat, lon, g->port_lat, g->port_lon);
	*shore_km = INFINITY;
	if (*port_km < 3)
		f |= VIGIL_PLACE_PORT;
	if (vigil_encounter_km(lat, lon, g->hot_lat, g->hot_lon) < 20)
		f |= VIGIL_PLACE_HOTSPOT;
	return f;
}

static struct sink out;
static struct vigil_encounter_stats st;
static uint32_t budget; /* max_samples for run_vigil; 0 default */
static uint32_t runcap, portcap; /* max_runs, max_port_runs for run_vigil; 0 default */

static void run_vigil(struct geo_ctx *g)
{
	struct vigil_encounter_config c;

	memset(&out, 0, sizeof(out));
	vigil_encounter_config_init(&c);
	c.emit = collect;
	c.emit_ctx = &out;
	if (g) {
		c.place = fake_place;
		c.place_ctx = g;
	}
	if (budget)
		c.max_samples = budget;
	if (runcap)
		c.max_runs = runcap;
	if (portcap)
		c.max_port_runs = portcap;
	CHECK_INT(vigil_encounter_batch(&c, tr, ntr, &st), VIGIL_E_OK);
}

static void test_midnight(void)
{
	/* 22:00 .. 03:00 next day, two ships 100 m apart, offshore */
	ntr = 0;
	drift(111111111, DAY0 - 2 * 3600000, 5 * 3600000, 2 * MIN, 30.0, 125.0, 1);
	drift(222222222, DAY0 - 2 * 3600000 + 30000, 5 * 3600000, 3 * MIN, 30.0009, 125.0, 1);
	run_vigil(NULL);
	CHECK_INT(out.n, 1);
	if (out.n == 1) {
		const struct vigil_encounter *e = &out.r[0];

		CHECK(e->merged);
		CHECK_INT(e->mmsi[0], 111111111);
		CHECK_INT(e->mmsi[1], 222222222);
		CHECK(e->start < DAY0 && e->end > DAY0);
		CHECK(e->end - e->start >= 4 * 3600000);
		CHECK_DBL(e->median_km, 0.1, 0.01);
		CHECK(e->median_speed_kn < 0.2);
		CHECK_INT(e->runs, 2); /* one run per direction */
		CHECK(!(e->reasons & VIGIL_ENC_R_ONE_SIDED));
		CHECK(e->reasons & VIGIL_ENC_R_CLOSE);
		CHECK(e->confidence > 0.6 && e->confidence <= 0.99);
		CHECK(e->nfix[0] >= 140 && e->nfix[0] <= 152);
		CHECK(e->nfix[1] >= 90 && e->nfix[1] <= 102);
		CHECK(e->first_ref[0] >> 24 == 111111111 && e->last_ref[1] >> 24 == 222222222);
		CHECK(e->first_ref[0] < e->last_ref[0]);
	}
}

static void test_third_vessel(void)
{
	/* two ships together 6 h; a third one passes through at 12 kn, one stays 1.5 km away */
	ntr = 0;
	drift(311111111, DAY0, 6 * 3600000, 2 * MIN, 35.0, 128.0, 1);
	drift(322222222, DAY0 + 20000, 6 * 3600000, 2 * MIN, 35.002, 128.0, 1);
	for (int64_t t = DAY0; t <= DAY0 + 6 * 3600000; t += MIN) /* 12 kn east along 35.001 */
		add(333333333, t, 35.001, 127.9 + 0.0037 * (double)(t - DAY0) / MIN);
	drift(344444444, DAY0, 6 * 3600000, 2 * MIN, 35.0135, 128.0, 1);
	run_vigil(NULL);
	CHECK_INT(out.n, 1);
	if (out.n == 1) {
		CHECK_INT(out.r[0].mmsi[0], 311111111);
		CHECK_INT(out.r[0].mmsi[1], 322222222);
		CHECK_DBL(out.r[0].median_km, 0.222, 0.01);
	}
}

static void test_silence(void)
{
	struct vigil_encounter_config c;

	/* together 2 h, vessel B silent 3 h (longer than 70 min: no interpolation), together 2 h more */
	ntr = 0;
	drift(411111111, DAY0, 7 * 3600000, 2 * MIN, 20.0, 140.0, 0);
	drift(422222222, DAY0, 2 * 3600000, 2 * MIN, 20.001, 140.0, 0);
	drift(422222222, DAY0 + 5 * 3600000, 2 * 3600000, 2 * MIN, 20.001, 140.0, 0);
	/*
	 * raw runs (GFW's semantics): B's silence breaks A's run (A has positions,
	 * B none), while B's own run continues across its silence.
	 */
	memset(&out, 0, sizeof(out));
	vigil_encounter_config_init(&c);
	c.output = VIGIL_ENC_OUT_RAW;
	c.emit = collect;
	c.emit_ctx = &out;
	CHECK_INT(vigil_encounter_batch(&c, tr, ntr, &st), VIGIL_E_OK);
	CHECK_INT(out.n, 3);
	for (int i = 0; i < out.n; i++) {
		if (out.r[i].mmsi[0] == 411111111)
			CHECK(out.r[i].end - out.r[i].start <= 2 * 3600000);
		else
			CHECK_INT(out.r[i].end - out.r[i].start, 7 * 3600000);
	}
	/* merged across the 3 h break (< 4 h) into one 7 h encounter */
	run_vigil(NULL);
	CHECK_INT(out.n, 1);
	if (out.n == 1) {
		CHECK_INT(out.r[0].end - out.r[0].start, 7 * 3600000);
		CHECK_INT(out.r[0].runs, 3);
		CHECK(out.r[0].nfix[1] < out.r[0].nfix[0]);
	}
	/* with a 5 h silence the two halves stay apart and neither reaches 2 h... */
	ntr = 0;
	drift(411111111, DAY0, 9 * 3600000, 2 * MIN, 20.0, 140.0, 0);
	drift(422222222, DAY0, 100 * MIN, 2 * MIN, 20.001, 140.0, 0);
	drift(422222222, DAY0 + 7 * 3600000, 100 * MIN, 2 * MIN, 20.001, 140.0, 0);
	run_vigil(NULL);
	CHECK_INT(out.n, 0);
}

static unsigned tug_type(void *ctx, uint32_t mmsi)
{
	(void)ctx;
	if (mmsi == 922222229)
		return 52;
	return mmsi >= 930000000 ? 30 : 80;
}

static void test_tug(void)
{
	struct vigil_encounter_config c;

	/* a tug alongside a tanker at sea for 5 h: routine, not reported by default */
	ntr = 0;
	drift(911111119, DAY0, 5 * 3600000, 2 * MIN, 12.0, 110.0, 1);
	drift(922222229, DAY0, 5 * 3600000, 2 * MIN, 12.0005, 110.0, 1);
	memset(&out, 0, sizeof(out));
	vigil_encounter_config_init(&c);
	c.emit = collect;
	c.emit_ctx = &out;
	c.shiptype = tug_type;
	CHECK_INT(vigil_encounter_batch(&c, tr, ntr, &st), VIGIL_E_OK);
	CHECK_INT(out.n, 0);
	CHECK_INT(st.rejected_service, 1);
	c.exclude_service = 0;
	CHECK_INT(vigil_encounter_batch(&c, tr, ntr, &st), VIGIL_E_OK);
	CHECK_INT(out.n, 1);
	CHECK(vigil_encounter_service_type(52) && vigil_encounter_service_type(31) && !vigil_encounter_service_type(80));
	/* two fishing boats drifting together: not an STS by default */
	ntr = 0;
	drift(931111111, DAY0, 5 * 3600000, 2 * MIN, 12.0, 110.0, 1);
	drift(932222222, DAY0, 5 * 3600000, 2 * MIN, 12.0005, 110.0, 1);
	vigil_encounter_config_init(&c);
	c.emit = collect;
	c.emit_ctx = &out;
	c.shiptype = tug_type;
	memset(&out, 0, sizeof(out));
	CHECK_INT(vigil_encounter_batch(&c, tr, ntr, &st), VIGIL_E_OK);
	CHECK_INT(out.n, 0);
	/* a fishing boat with a carrier (type 80 here): reported */
	ntr = 0;
	drift(931111111, DAY0, 5 * 3600000, 2 * MIN, 12.0, 110.0, 1);
	drift(822222222, DAY0, 5 * 3600000, 2 * MIN, 12.0005, 110.0, 1);
	CHECK_INT(vigil_encounter_batch(&c, tr, ntr, &st), VIGIL_E_OK);
	CHECK_INT(out.n, 1);
}

static void test_passing(void)
{
	/* two ships crossing at 10 kn, within 0.5 km for a few slots only */
	ntr = 0;
	for (int64_t t = DAY0; t <= DAY0 + 4 * 3600000; t += MIN) {
		add(511111111, t, 10.0, 120.0 + 0.00309 * (double)(t - DAY0) / MIN);
		add(522222222, t, 10.0003, 120.74 - 0.00309 * (double)(t - DAY0) / MIN);
	}
	run_vigil(NULL);
	CHECK_INT(out.n, 0);
	/* side by side at 10 kn for 4 h: close but too fast */
	ntr = 0;
	for (int64_t t = DAY0; t <= DAY0 + 4 * 3600000; t += MIN) {
		add(511111111, t, 10.0, 120.0 + 0.00309 * (double)(t - DAY0) / MIN);
		add(522222222, t, 10.002, 120.0 + 0.00309 * (double)(t - DAY0) / MIN);
	}
	run_vigil(NULL);
	CHECK_INT(out.n, 0);
}

static void test_port(void)
{
	struct geo_ctx g = { 35.1, 129.04, 34.0, 124.0, 0 };

	/* anchored together 5 h in port: not an encounter */
	ntr = 0;
	drift(611111111, DAY0, 5 * 3600000, 3 * MIN, 35.1, 129.04, 0);
	drift(622222222, DAY0, 5 * 3600000, 3 * MIN, 35.1005, 129.04, 0);
	run_vigil(&g);
	CHECK_INT(out.n, 0);
	CHECK(g.calls > 0);
	CHECK(st.port_runs >= 2); /* both directions kept as counters only */
	CHECK_INT(st.raw, 0);
	/* the same 8 km from port: still too close (10 km) */
	ntr = 0;
	drift(611111111, DAY0, 5 * 3600000, 3 * MIN, 35.172, 129.04, 0);
	drift(622222222, DAY0, 5 * 3600000, 3 * MIN, 35.1725, 129.04, 0);
	run_vigil(&g);
	CHECK_INT(out.n, 0);
	/* 30 km from port: an encounter, offshore */
	ntr = 0;
	drift(611111111, DAY0, 5 * 3600000, 3 * MIN, 35.37, 129.04, 0);
	drift(622222222, DAY0, 5 * 3600000, 3 * MIN, 35.3705, 129.04, 0);
	run_vigil(&g);
	CHECK_INT(out.n, 1);
	if (out.n == 1) {
		CHECK(out.r[0].port_km > 25);
		CHECK(out.r[0].reasons & VIGIL_ENC_R_OFFSHORE);
	}
	/* 6 km from port (outside its 3 km area) inside a hotspot: reported, with a reason */
	g.hot_lat = 35.1;
	g.hot_lon = 129.04;
	ntr = 0;
	drift(611111111, DAY0, 5 * 3600000, 3 * MIN, 35.154, 129.04, 0);
	drift(622222222, DAY0, 5 * 3600000, 3 * MIN, 35.1545, 129.04, 0);
	run_vigil(&g);
	CHECK_INT(out.n, 1);
	if (out.n == 1)
		CHECK((out.r[0].reasons & (VIGIL_ENC_R_HOTSPOT | VIGIL_ENC_R_NEAR_PORT)) ==
		      (VIGIL_ENC_R_HOTSPOT | VIGIL_ENC_R_NEAR_PORT));
	/* inside the port area itself: never, hotspot or not */
	ntr = 0;
	drift(611111111, DAY0, 5 * 3600000, 3 * MIN, 35.1, 129.04, 0);
	drift(622222222, DAY0, 5 * 3600000, 3 * MIN, 35.1005, 129.04, 0);
	run_vigil(&g);
	CHECK_INT(out.n, 0);
}

/*
 * Ships at anchor together in a port open many runs that can never be
 * published; they must not use up the cap of real candidates (max_runs).
 */
static void test_port_cap(void)
{
	struct geo_ctx g = { 35.1, 129.04, 34.0, 124.0, 0 };

	ntr = 0;
	for (uint32_t k = 0; k < 8; k++) /* 8 ships within 300 m: 56 directional runs in port */
		drift(600000001 + k, DAY0, 6 * 3600000, 5 * MIN, 35.1 + 0.0004 * k, 129.04, 0);
	/* an STS 30 km offshore, starting an hour later, when the port runs are open */
	drift(611111111, DAY0 + 3600000, 5 * 3600000, 3 * MIN, 35.37, 129.04, 0);
	drift(622222222, DAY0 + 3600000, 5 * 3600000, 3 * MIN, 35.3705, 129.04, 0);
	runcap = 4;
	run_vigil(&g);
	CHECK_INT(out.n, 1);
	CHECK_INT(st.dropped_runs, 0);
	CHECK(st.port_runs >= 56);
	CHECK_INT(st.dropped_port_runs, 0);
	/* with room for only 10 port runs: the rest are counted, the STS is still found */
	portcap = 10;
	run_vigil(&g);
	CHECK_INT(out.n, 1);
	CHECK(st.dropped_port_runs > 0);
	CHECK_INT(st.dropped_runs, 0);
	/* and a real candidate beyond max_runs is counted as dropped */
	runcap = 1;
	run_vigil(&g);
	CHECK(st.dropped_runs > 0);
	runcap = portcap = 0;
	CHECK(out.n <= 1);
}

static void test_budget(void)
{
	/* 12 h together with room for only 32 samples in all: runs are cut and merged back */
	ntr = 0;
	drift(911111111, DAY0, 12 * 3600000, 2 * MIN, 5.0, 100.0, 1);
	drift(922222222, DAY0, 12 * 3600000, 2 * MIN, 5.001, 100.0, 1);
	budget = 32;
	run_vigil(NULL);
	budget = 0;
	CHECK(st.budget_splits > 0);
	CHECK_INT(out.n, 1);
	if (out.n == 1) {
		CHECK(out.r[0].runs > 2);
		CHECK(out.r[0].reasons & VIGIL_ENC_R_SPLIT);
		CHECK(out.r[0].end - out.r[0].start >= 11 * 3600000);
	}
	/* raw records waiting to be merged are capped at max_runs too: the rest are counted as dropped */
	budget = 32;
	runcap = 2;
	run_vigil(NULL);
	budget = runcap = 0;
	CHECK(st.budget_splits > 2);
	CHECK(st.dropped_runs > 0);
	CHECK(out.n >= 1);
	for (int i = 0; i < out.n; i++)
		CHECK(out.r[i].runs <= 2);
}

static void test_dateline_and_pole(void)
{
	/* straddling the antimeridian: positions at +179.9995 and -179.9998 (~77 m apart) */
	ntr = 0;
	drift(711111111, DAY0, 3 * 3600000, 2 * MIN, -10.0, 179.9995, 0);
	drift(722222222, DAY0, 3 * 3600000, 2 * MIN, -10.0, -179.9998, 0);
	run_vigil(NULL);
	CHECK_INT(out.n, 1);
	if (out.n == 1) {
		CHECK(fabs(out.r[0].mean_lon) > 179.99);
		CHECK_DBL(out.r[0].median_km, 0.0766, 0.01);
	}
	/* near the pole the grid still finds the pair */
	ntr = 0;
	drift(811111111, DAY0, 3 * 3600000, 2 * MIN, 89.5, 10.0, 0);
	drift(822222222, DAY0, 3 * 3600000, 2 * MIN, 89.5, 10.5, 0);
	run_vigil(NULL);
	CHECK_INT(out.n, 1);
}

static int fix_tcmp(const void *a, const void *b)
{
	const struct vigil_fix *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return (x->mmsi > y->mmsi) - (x->mmsi < y->mmsi);
}

/* Streaming with per-vessel hints (some of them wrong) gives what the batch gives. */
static void test_hints(void)
{
	struct vigil_encounter_config c;
	struct vigil_encounter_engine *e;
	static struct sink s2;
	uint32_t hint[4] = { 0, 0, 0, 0 };
	int err;

	ntr = 0;
	drift(111111111, DAY0 - 2 * 3600000, 5 * 3600000, 2 * MIN, 30.0, 125.0, 1);
	drift(222222222, DAY0 - 2 * 3600000 + 30000, 5 * 3600000, 3 * MIN, 30.0009, 125.0, 1);
	drift(333333333, DAY0 - 3600000, 3 * 3600000, 3 * MIN, 30.0, 125.003, 1);
	run_vigil(NULL);
	qsort(tr, ntr, sizeof(tr[0]), fix_tcmp);
	memset(&s2, 0, sizeof(s2));
	vigil_encounter_config_init(&c);
	c.emit = collect;
	c.emit_ctx = &s2;
	e = vigil_encounter_new(&c, &err);
	CHECK(e != NULL);
	if (!e)
		return;
	for (size_t i = 0; i < ntr; i++) {
		uint32_t *h = &hint[tr[i].mmsi / 111111111 - 1];

		if (i % 97 == 0)
			*h = (uint32_t)(i % 5); /* stale or wrong */
		CHECK_INT(vigil_encounter_add_hint(e, &tr[i], h), VIGIL_E_OK);
	}
	vigil_encounter_finish(e);
	vigil_encounter_free(e);
	CHECK(out.n >= 2);
	CHECK_INT(s2.n, out.n);
	for (int i = 0; i < out.n && i < s2.n; i++) {
		CHECK_INT(s2.r[i].start, out.r[i].start);
		CHECK_INT(s2.r[i].end, out.r[i].end);
		CHECK_DBL(s2.r[i].median_km, out.r[i].median_km, 0);
		CHECK_INT(s2.r[i].nfix[0], out.r[i].nfix[0]);
	}
}

static void test_streaming_bounds(void)
{
	struct vigil_encounter_config c;
	struct vigil_encounter_engine *e;
	struct vigil_fix f;
	int err;

	vigil_encounter_config_init(&c);
	c.max_vessels = 100;
	e = vigil_encounter_new(&c, &err);
	CHECK(e != NULL);
	if (!e)
		return;
	memset(&f, 0, sizeof(f));
	/* 1000 vessels, each seen once a minute apart: the table stays capped */
	for (int i = 0; i < 1000; i++) {
		f.mmsi = 100000000 + (uint32_t)i;
		f.t = DAY0 + (int64_t)i * MIN;
		f.lat = 1;
		f.lon = 1;
		vigil_encounter_add(e, &f);
	}
	CHECK(vigil_encounter_stats(e)->dropped_vessels > 0);
	/* time going backwards for one vessel is counted */
	f.mmsi = 100000999;
	f.t = DAY0;
	vigil_encounter_add(e, &f);
	CHECK(vigil_encounter_stats(e)->out_of_order + vigil_encounter_stats(e)->dropped_vessels > 0);
	f.lat = NAN;
	vigil_encounter_add(e, &f);
	CHECK_INT(vigil_encounter_finish(e), VIGIL_E_OK);
	vigil_encounter_free(e);

	/* waves of 40 new vessels every 6 h through a table of 50: silent ones are forgotten, none dropped */
	c.max_vessels = 50;
	e = vigil_encounter_new(&c, &err);
	CHECK(e != NULL);
	if (e) {
		for (int w = 0; w < 5; w++)
			for (int k = 0; k < 12; k++)
				for (int i = 0; i < 40; i++) {
					f.mmsi = 200000000 + (uint32_t)(w * 40 + i);
					f.t = DAY0 + (int64_t)w * 6 * 3600000 + (int64_t)k * 5 * MIN + i;
					f.lat = 10 + i * 0.1;
					f.lon = 10;
					vigil_encounter_add(e, &f);
				}
		CHECK_INT(vigil_encounter_stats(e)->dropped_vessels, 0);
		CHECK_INT(vigil_encounter_stats(e)->fixes, 5 * 12 * 40);
		vigil_encounter_free(e);
	}
	c.slot_ms = 0;
	CHECK(vigil_encounter_new(&c, &err) == NULL);
	CHECK_INT(err, VIGIL_E_INVAL);
	CHECK_INT(vigil_encounter_config_profile(&c, "nope"), VIGIL_E_NOTFOUND);
	CHECK_STR(vigil_encounter_reason_name(VIGIL_ENC_R_SPARSE), "sparse");
	{
		struct vigil_param p[32];
		size_t n;

		vigil_encounter_config_init(&c);
		n = vigil_encounter_params(&c, p, 32);
		CHECK(n >= 10 && n <= 32);
		CHECK_STR(p[3].name, "max_km");
		CHECK_DBL(p[3].value, 0.5, 0);
	}
}

int main(void)
{
	test_gfw_fixtures();
	test_midnight();
	test_third_vessel();
	test_silence();
	test_passing();
	test_tug();
	test_port();
	test_port_cap();
	test_dateline_and_pole();
	test_budget();
	test_hints();
	test_streaming_bounds();
	TEST_END();
}
