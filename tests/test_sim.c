/* test_sim.c - the scenario simulator: determinism, valid NMEA, ITU rates, holes, dark periods, truth. */
#include <math.h>

#include "harness.h"
#include "vigil/ais.h"
#include "vigil/error.h"
#include "vigil/json.h"
#include "vigil/sim.h"

struct run {
	char *nmea;
	size_t len;
	char *truth;
	struct vigil_sim_stats st;
};

/* Run a scenario to the end with chunks of `chunk` bytes (0 = 1 MB). */
static int run(const char *json, const struct vigil_sim_opt *opt, size_t chunk, struct run *out)
{
	struct vigil_sim *s;
	char err[256], *buf;
	size_t n, cap = 0;
	const char *t;
	int e;

	memset(out, 0, sizeof(*out));
	e = vigil_sim_new(json, strlen(json), opt, &s, err, sizeof(err));
	if (e) {
		fprintf(stderr, "scenario refused: %s\n", err);
		return e;
	}
	if (!chunk)
		chunk = 1 << 20;
	if (chunk < vigil_sim_chunk_min(s))
		chunk = vigil_sim_chunk_min(s);
	buf = malloc(chunk);
	do {
		e = vigil_sim_run(s, buf, chunk, &n);
		if (out->len + n + 1 > cap) {
			cap = (out->len + n + 1) * 2;
			out->nmea = realloc(out->nmea, cap);
		}
		memcpy(out->nmea + out->len, buf, n);
		out->len += n;
		out->nmea[out->len] = 0;
	} while (e == VIGIL_E_INCOMPLETE);
	free(buf);
	if (!e && vigil_sim_truth(s, &t, &n) == VIGIL_E_OK) {
		out->truth = malloc(n + 1);
		memcpy(out->truth, t, n);
		out->truth[n] = 0;
	}
	vigil_sim_stats(s, &out->st);
	vigil_sim_free(s);
	return e;
}

static void run_free(struct run *r)
{
	free(r->nmea);
	free(r->truth);
}

/* Each scenario file is simulated once and shared by the tests (they are slow under ASan). */
static struct cached {
	const char *file;
	struct run r;
	int ok;
} cache[16];

static const struct run *cached_run(const char *file)
{
	size_t i;
	char *json;

	for (i = 0; i < sizeof(cache) / sizeof(cache[0]) && cache[i].file; i++)
		if (!strcmp(cache[i].file, file))
			return cache[i].ok ? &cache[i].r : NULL;
	if (i == sizeof(cache) / sizeof(cache[0]))
		return NULL;
	cache[i].file = file;
	json = test_slurp(file, NULL);
	if (!json) {
		SKIP(file);
		return NULL;
	}
	cache[i].ok = run(json, NULL, 0, &cache[i].r) == VIGIL_E_OK;
	free(json);
	return cache[i].ok ? &cache[i].r : NULL;
}

static void cache_free(void)
{
	size_t i;

	for (i = 0; i < sizeof(cache) / sizeof(cache[0]); i++)
		if (cache[i].file)
			run_free(&cache[i].r);
}

/* ---- an independent reader of our output: tag block, checksums, fragments ---- */

struct msg {
	int64_t t;                 /* c: */
	char station[24];
	struct vigil_ais_msg m;
};

static unsigned hexv(char c)
{
	return c >= '0' && c <= '9' ? (unsigned)(c - '0') : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 99;
}

/*
 * Walk every line; call fn for each complete decoded message. Returns the
 * number of malformed lines (bad checksum, bad tag block, undecodable).
 */
static int walk(const char *text, void (*fn)(const struct msg *, void *), void *ctx, size_t *nlines)
{
	struct vigil_ais_payload p;
	struct msg mm;
	const char *l = text, *end = text + strlen(text);
	int bad = 0, want = 0, got = 0;

	*nlines = 0;
	vigil_ais_payload_clear(&p);

	while (l < end) {
		/*
		 * Work on a copy of the line: string functions on the whole
		 * remaining text are quadratic under ASan's interceptors.
		 */
		const char *nl = memchr(l, '\n', (size_t)(end - l)), *e, *bang, *star, *f[8], *c;
		char line[600];
		const char *lp = line;
		unsigned x = 0, nf = 0;
		int nfrag, frag;

		if (!nl || nl - l >= (long)sizeof(line))
			return bad + 1;
		memcpy(line, l, (size_t)(nl - l));
		line[nl - l] = 0;
		l = nl + 1;
		e = line + strlen(line);
		(*nlines)++;
		if (lp[0] != '\\' || !(star = memchr(lp + 1, '*', (size_t)(e - lp))) || star[3] != '\\') {
			bad++;
			goto next;
		}
		for (c = lp + 1; c < star; c++)
			x ^= (unsigned char)*c;
		if (hexv(star[1]) * 16 + hexv(star[2]) != x) {
			bad++;
			goto next;
		}
		c = strstr(lp, "c:");
		if (!c || c > star) {
			bad++;
			goto next;
		}
		mm.t = strtoll(c + 2, NULL, 10);
		c = strstr(lp, "s:");
		if (c && c < star) {
			size_t k = 0;
			for (c += 2; *c != ',' && *c != '*' && k < sizeof(mm.station) - 1; c++)
				mm.station[k++] = *c;
			mm.station[k] = 0;
		}
		bang = star + 4;
		if (*bang != '!') {
			bad++;
			goto next;
		}
		x = 0;
		for (c = bang + 1; c < e && *c != '*'; c++) {
			x ^= (unsigned char)*c;
			if (*c == ',' && nf < 8)
				f[nf++] = c + 1;
		}
		if (c >= e || hexv(c[1]) * 16 + hexv(c[2]) != x || nf != 6) {
			bad++;
			goto next;
		}
		nfrag = atoi(f[0]);
		frag = atoi(f[1]);
		if (frag == 1) {
			vigil_ais_payload_clear(&p);
			want = nfrag;
			got = 0;
		}
		if (frag != got + 1 || nfrag != want ||
		    vigil_ais_payload_append(&p, f[4], (size_t)(f[5] - 1 - f[4]),
					     frag == nfrag ? (unsigned)atoi(f[5]) : 0u)) {
			bad++;
			goto next;
		}
		got = frag;
		if (frag == nfrag) {
			if (vigil_ais_decode(&p, &mm.m) != VIGIL_E_OK)
				bad++;
			else if (fn)
				fn(&mm, ctx);
		}
next:
		;
	}
	return bad;
}

static char *slurp_rel(const char *path)
{
	char *s = test_slurp(path, NULL);
	if (!s)
		SKIP(path);
	return s;
}

/* ---- truth helpers ---- */

static int truth_has(const char *truth, const char *type, const char *kind, int required)
{
	struct vigil_json_tok *t;
	size_t cap = strlen(truth) / 2 + 16, n, i;
	int found = 0;

	t = malloc(cap * sizeof(*t));
	if (vigil_json_parse(truth, strlen(truth), t, cap, &n, NULL) != VIGIL_E_OK) {
		free(t);
		return -1;
	}
	for (i = 0; i < t[0].count; i++) {
		size_t e = vigil_json_at(t, 0, i);
		size_t ty = vigil_json_get(truth, t, e, "type");
		size_t rq = vigil_json_get(truth, t, e, "required");
		size_t dk = vigil_json_get(truth, t, e, "decoy_kind");
		if (!ty || !vigil_json_eq(truth, &t[ty], type))
			continue;
		if (kind && (!dk || !vigil_json_eq(truth, &t[dk], kind)))
			continue;
		if (required && (!rq || t[rq].type != VIGIL_JSON_TRUE))
			continue;
		found++;
	}
	free(t);
	return found;
}

/* ---- tests ---- */

static void test_determinism(void)
{
	char *json = slurp_rel("data/scenarios/encounter.json");
	struct vigil_sim_opt o;
	struct run a, b, c, d;

	if (!json)
		return;
	memset(&o, 0, sizeof(o));
	CHECK_INT(run(json, &o, 0, &a), VIGIL_E_OK);
	CHECK_INT(run(json, &o, 1, &b), VIGIL_E_OK);    /* smallest chunks: same stream */
	o.seed = 12345;
	o.seed_set = 1;
	CHECK_INT(run(json, &o, 0, &c), VIGIL_E_OK);
	CHECK_INT(run(json, &o, 0, &d), VIGIL_E_OK);
	CHECK(a.len > 100000);
	CHECK_INT(b.st.sentences, a.st.sentences);
	CHECK(a.len == b.len && memcmp(a.nmea, b.nmea, a.len) == 0);
	CHECK(a.truth && b.truth && strcmp(a.truth, b.truth) == 0);
	CHECK(c.len == d.len && memcmp(c.nmea, d.nmea, c.len) == 0);
	CHECK(c.truth && d.truth && strcmp(c.truth, d.truth) == 0);
	CHECK(a.len != c.len || memcmp(a.nmea, c.nmea, a.len) != 0);
	run_free(&a);
	run_free(&b);
	run_free(&c);
	run_free(&d);
	free(json);
}

struct count_ctx {
	size_t msgs;
	int types[32];
};

static void count_fn(const struct msg *m, void *ctx)
{
	struct count_ctx *c = ctx;
	c->msgs++;
	c->types[m->m.type & 31]++;
}

/* Every sentence of the demo has valid checksums and decodes with the library decoder. */
static void test_valid_nmea(void)
{
	const struct run *r = cached_run("data/scenarios/demo.json");
	struct count_ctx cc;
	size_t nlines;

	if (!r)
		return;
	memset(&cc, 0, sizeof(cc));
	CHECK_INT(walk(r->nmea, count_fn, &cc, &nlines), 0);
	CHECK_INT(nlines, r->st.sentences);
	CHECK_INT(cc.msgs, r->st.received);
	CHECK(cc.types[1] > 1000 && cc.types[4] > 100 && cc.types[5] > 100 && cc.types[18] > 10 &&
	      cc.types[24] > 10);
	CHECK(r->st.received > r->st.messages - r->st.lost);  /* duplicate copies exist */
}

/* ---- report rates ---- */

#define NV 5
struct rate_ctx {
	uint32_t mmsi[NV];
	int64_t last[NV], last5[NV];
	int64_t gaps[NV][4096];
	size_t ngaps[NV];
	int64_t sgaps[NV][256];
	size_t nsgaps[NV];
};

static void rate_fn(const struct msg *m, void *ctx)
{
	struct rate_ctx *c = ctx;
	int i;

	for (i = 0; i < NV; i++) {
		if (c->mmsi[i] != m->m.mmsi)
			continue;
		if (m->m.type == 1 || m->m.type == 18) {
			if (c->last[i] && c->ngaps[i] < 4096)
				c->gaps[i][c->ngaps[i]++] = m->t - c->last[i];
			c->last[i] = m->t;
		} else if (m->m.type == 5) {
			if (c->last5[i] && c->nsgaps[i] < 256)
				c->sgaps[i][c->nsgaps[i]++] = m->t - c->last5[i];
			c->last5[i] = m->t;
		}
	}
}

static int cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static int64_t median(int64_t *v, size_t n)
{
	if (!n)
		return -1;
	qsort(v, n, sizeof(*v), cmp64);
	return v[n / 2];
}

static const char rates_json[] =
	"{\"start\":\"2024-03-08T00:00:00Z\",\"hours\":4,\"seed\":5,"
	"\"receivers\":[{\"id\":\"ALL\",\"range_km\":0,\"loss\":0}],"
	"\"vessels\":["
	"{\"id\":\"A\",\"mmsi\":273000001,\"imo\":9179842,\"name\":\"TEN SECONDS\",\"speed_kn\":12,"
	" \"route\":[{\"lat\":40.0,\"lon\":130.0},{\"lat\":41.5,\"lon\":130.0}]},"
	"{\"id\":\"M\",\"mmsi\":273000002,\"name\":\"MOORED\",\"route\":[{\"port\":\"KOR-BUSAN\",\"dwell_h\":10}]},"
	"{\"id\":\"B\",\"mmsi\":273000003,\"name\":\"CLASS B\",\"class\":\"B\",\"speed_kn\":8,"
	" \"route\":[{\"lat\":38.0,\"lon\":131.0},{\"lat\":39.0,\"lon\":131.0}]},"
	"{\"id\":\"F\",\"mmsi\":273000004,\"name\":\"FAST\",\"speed_kn\":18,"
	" \"route\":[{\"lat\":36.0,\"lon\":131.0},{\"lat\":38.0,\"lon\":131.0}]},"
	"{\"id\":\"H\",\"mmsi\":273000005,\"name\":\"VERY FAST\",\"speed_kn\":30,"
	" \"route\":[{\"lat\":35.0,\"lon\":132.0},{\"lat\":37.0,\"lon\":132.0}]}"
	"]}";

static void test_rates(void)
{
	static struct rate_ctx c;
	struct run r;
	size_t nlines;
	int i;

	memset(&c, 0, sizeof(c));
	for (i = 0; i < NV; i++)
		c.mmsi[i] = 273000001 + (uint32_t)i;
	CHECK_INT(run(rates_json, NULL, 0, &r), VIGIL_E_OK);
	CHECK_INT(walk(r.nmea, rate_fn, &c, &nlines), 0);
	/* ITU-R M.1371-5 Table 1 (tag block times are whole seconds, reports jitter +-5 %). */
	{
		int64_t a = median(c.gaps[0], c.ngaps[0]), m = median(c.gaps[1], c.ngaps[1]);
		int64_t b = median(c.gaps[2], c.ngaps[2]), f = median(c.gaps[3], c.ngaps[3]);
		int64_t h = median(c.gaps[4], c.ngaps[4]), s5 = median(c.sgaps[0], c.nsgaps[0]);
		CHECK(a >= 9 && a <= 11);      /* class A 0-14 kn: 10 s */
		CHECK(m >= 170 && m <= 190);   /* moored: 3 min */
		CHECK(b >= 28 && b <= 32);     /* class B > 2 kn: 30 s */
		CHECK(f >= 5 && f <= 7);       /* class A 14-23 kn: 6 s */
		CHECK(h >= 1 && h <= 3);       /* class A > 23 kn: 2 s */
		CHECK(s5 >= 340 && s5 <= 380); /* static data: 6 min */
		if (!(a >= 9 && a <= 11) || !(m >= 170 && m <= 190) || !(b >= 28 && b <= 32))
			fprintf(stderr, "rates: A %lld M %lld B %lld F %lld H %lld static %lld\n", (long long)a,
				(long long)m, (long long)b, (long long)f, (long long)h, (long long)s5);
	}
	run_free(&r);
}

/* ---- coverage holes, dark periods, spoofing ---- */

struct box_ctx {
	uint32_t mmsi;
	double min_lat, max_lat, min_lon, max_lon;
	int64_t t0, t1;            /* time window (unix s) */
	size_t inside, total, in_window, far;
	double far_lat;
};

static void box_fn(const struct msg *m, void *ctx)
{
	struct box_ctx *c = ctx;
	double lat, lon;

	if (m->m.mmsi != c->mmsi || (m->m.type != 1 && m->m.type != 18))
		return;
	lat = (m->m.type == 1 ? m->m.u.pos.lat : m->m.u.classb.lat) / 600000.0;
	lon = (m->m.type == 1 ? m->m.u.pos.lon : m->m.u.classb.lon) / 600000.0;
	c->total++;
	if (lat >= c->min_lat && lat <= c->max_lat && lon >= c->min_lon && lon <= c->max_lon)
		c->inside++;
	if (m->t >= c->t0 && m->t < c->t1) {
		c->in_window++;
		if (fabs(lat - c->far_lat) < 1.0)
			c->far++;
	}
}

static const char hole_json[] =
	"{\"start\":\"2024-03-08T00:00:00Z\",\"hours\":24,\"seed\":9,"
	"\"receivers\":[{\"id\":\"ALL\",\"range_km\":0,\"loss\":0}],"
	"\"holes\":[{\"id\":\"H\",\"min_lat\":37.0,\"max_lat\":39.0,\"min_lon\":129.0,\"max_lon\":133.0}],"
	"\"vessels\":[{\"id\":\"X\",\"mmsi\":636000001,\"imo\":9179842,\"name\":\"CROSSER\",\"speed_kn\":10,"
	" \"route\":[{\"lat\":36.0,\"lon\":131.0},{\"lat\":40.5,\"lon\":131.0}]}]}";

static void test_hole(void)
{
	struct box_ctx c = { 636000001, 37.0, 39.0, 129.0, 133.0, 0, 0, 0, 0, 0, 0, 0 };
	struct run r;
	size_t nlines;

	CHECK_INT(run(hole_json, NULL, 0, &r), VIGIL_E_OK);
	CHECK_INT(walk(r.nmea, box_fn, &c, &nlines), 0);
	CHECK_INT(c.inside, 0);
	CHECK(c.total > 1000);
	CHECK_INT(truth_has(r.truth, "decoy", "coverage_gap", 0), 1);
	CHECK_INT(truth_has(r.truth, "gap", NULL, 0), 0);
	run_free(&r);
}

static void test_dark_and_spoof(void)
{
	const struct run *gap = cached_run("data/scenarios/gap.json");
	const struct run *spoof = cached_run("data/scenarios/spoof_jump.json");
	size_t nlines;
	const int64_t t0 = 1709856000;

	if (gap) {
		/* G1 is dark from 5 h to 15 h. */
		struct box_ctx c = { 273100001, 0, 0, 0, 0, t0 + 5 * 3600, t0 + 15 * 3600, 0, 0, 0, 0, 0 };
		CHECK_INT(walk(gap->nmea, box_fn, &c, &nlines), 0);
		CHECK(c.total > 500);
		CHECK_INT(c.in_window, 0);
		CHECK_INT(truth_has(gap->truth, "gap", NULL, 1), 1);
	}
	if (spoof) {
		/* J1 reports positions near 37.9 N from 3 h to 5.5 h, though it sails near 42.8 N. */
		struct box_ctx c = { 273700001, 0, 0, 0, 0, t0 + 3 * 3600 + 60, t0 + 5 * 3600, 0, 0, 0, 0, 37.9 };
		CHECK_INT(walk(spoof->nmea, box_fn, &c, &nlines), 0);
		CHECK(c.in_window > 100);
		CHECK_INT(c.far, c.in_window);
		CHECK_INT(truth_has(spoof->truth, "spoof_jump", NULL, 1), 1);
	}
}

/* Each small scenario plants its event type, required and observable, in the truth. */
static void test_planted(void)
{
	static const struct {
		const char *file, *type, *kind;
		int n;
	} cases[] = {
		{ "data/scenarios/encounter.json", "encounter", NULL, 1 },
		{ "data/scenarios/loitering.json", "loitering", NULL, 1 },
		{ "data/scenarios/port_visit.json", "port_visit", NULL, 2 },
		{ "data/scenarios/identity_change.json", "identity_change", NULL, 1 },
		{ "data/scenarios/shared_mmsi.json", "shared_mmsi", NULL, 1 },
		{ "data/scenarios/invalid_imo.json", "invalid_imo", NULL, 1 },
		{ "data/scenarios/invalid_imo.json", "mid_mismatch", NULL, 1 },
		{ "data/scenarios/decoys.json", "decoy", "anchored_pair_in_port", -1 },
		{ "data/scenarios/decoys.json", "decoy", "tug_alongside_in_port", -1 },
		{ "data/scenarios/decoys.json", "decoy", "bunkering_in_port_anchorage", -1 },
		{ "data/scenarios/decoys.json", "decoy", "passing_at_speed", -1 },
		{ "data/scenarios/decoys.json", "decoy", "coverage_gap", -1 },
		{ "data/scenarios/decoys.json", "decoy", "fishing_vessel_slow", -1 },
		{ "data/scenarios/demo.json", "gap", NULL, 2 },
		{ "data/scenarios/demo.json", "encounter", NULL, 1 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct run *r = cached_run(cases[i].file);
		int n;
		if (!r)
			continue;
		n = r->truth ? truth_has(r->truth, cases[i].type, cases[i].kind, cases[i].n > 0) : -1;
		if (cases[i].n > 0 ? n != cases[i].n : n < 1)
			fprintf(stderr, "%s: %d %s %s\n", cases[i].file, n, cases[i].type,
				cases[i].kind ? cases[i].kind : "");
		CHECK(cases[i].n > 0 ? n == cases[i].n : n >= 1);
	}
}

/* Bad scenarios are refused with a reason, never a crash. */
static void test_bad(void)
{
	static const char *bad[] = {
		"",
		"[]",
		"{\"vessels\":[{}]}",
		"{\"vessels\":[{\"mmsi\":273000001}]}",
		"{\"vessels\":[{\"mmsi\":273000001,\"route\":[{\"port\":\"NOWHERE\"}]}]}",
		"{\"vessels\":[{\"mmsi\":273000001,\"route\":[{\"lat\":95,\"lon\":0}]}]}",
		"{\"vessels\":[{\"mmsi\":273000001,\"route\":[{\"lat\":40,\"lon\":130}],\"dark\":[{\"start\":5,\"end\":2}]}]}",
		"{\"vessels\":[{\"mmsi\":273000001,\"route\":[{\"meeting\":\"nope\"}]}]}",
		"{\"start\":\"yesterday\"}",
		"{\"hours\":-1}",
		"{\"receivers\":[{\"id\":\"A,B\"}]}",
		"{\"receivers\":[{\"id\":\"S\",\"satellite\":true}]}",
		"{\"meetings\":[{\"id\":\"m\",\"lat\":1,\"lon\":1,\"start\":1,\"vessels\":[\"a\",\"b\"]}]}",
		"{\"vessels\":[{\"mmsi\":273000001,\"class\":\"C\",\"route\":[{\"lat\":40,\"lon\":130}]}]}",
		"{\"vessels\":[{\"id\":\"a\",\"mmsi\":273000001,\"route\":[{\"lat\":40,\"lon\":130}]},"
		"{\"id\":\"a\",\"mmsi\":273000002,\"route\":[{\"lat\":40,\"lon\":130}]}]}",
		"{\"vessels\":[",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct vigil_sim *s = NULL;
		char err[256];
		int e = vigil_sim_new(bad[i], strlen(bad[i]), NULL, &s, err, sizeof(err));
		if (!e)
			fprintf(stderr, "accepted: %s\n", bad[i]);
		CHECK(e != VIGIL_E_OK && s == NULL && err[0] != 0);
		vigil_sim_free(s);
	}
	/* An empty scenario is fine: no vessels, a silent day of base stations. */
	{
		struct run r;
		CHECK_INT(run("{\"hours\":1}", NULL, 0, &r), VIGIL_E_OK);
		CHECK_INT(r.len, 0);
		CHECK(r.truth && strcmp(r.truth, "[\n]\n") == 0);
		run_free(&r);
	}
}

static void test_helpers(void)
{
	CHECK_INT(vigil_sim_imo_valid(9179842), 1);   /* ANGARA, a published IMO */
	CHECK_INT(vigil_sim_imo_valid(9179843), 0);
	CHECK_INT(vigil_sim_imo_valid(123), 0);
	CHECK_STR(vigil_sim_mid_flag(273210440), "RU");
	CHECK_STR(vigil_sim_mid_flag(445000000), "KP");
	CHECK_STR(vigil_sim_mid_flag(667000000), "SL");
	CHECK_STR(vigil_sim_mid_flag(999000000), "");
}

int main(void)
{
	test_helpers();
	test_bad();
	test_rates();
	test_hole();
	test_dark_and_spoof();
	test_planted();
	test_determinism();
	test_valid_nmea();
	cache_free();
	TEST_END();
}
