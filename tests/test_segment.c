/* test_segment.c - segmenter unit checks and pairwise co-segment P/R against GFW's labels. */
#define _GNU_SOURCE
#include <math.h>
#include <time.h>

#include "harness.h"
#include "vigil/error.h"
#include "vigil/fix.h"
#include "vigil/segment.h"

struct pt {
	struct vigil_fix f;
	int truth;   /* label index, -1 when GFW dropped it */
	uint32_t ours;
};

/* Value text after "key": in one JSON line, or NULL. Good enough for these flat files. */
static const char *field(const char *line, const char *key)
{
	char pat[64];
	const char *p;

	snprintf(pat, sizeof(pat), "\"%s\": ", key);
	p = strstr(line, pat);
	if (!p) {
		snprintf(pat, sizeof(pat), "\"%s\":", key);
		p = strstr(line, pat);
	}
	return p ? p + strlen(pat) : NULL;
}

static int num(const char *line, const char *key, double *out)
{
	const char *v = field(line, key);
	char *end;

	if (!v || *v == 'n' || *v == '"')
		return 0;
	*out = strtod(v, &end);
	return end != v && !isnan(*out);
}

static int64_t iso_ms(const char *v)
{
	struct tm tm;
	int Y, M, D, h, m;
	double s;

	if (!v || sscanf(v, "\"%d-%d-%d%*c%d:%d:%lf", &Y, &M, &D, &h, &m, &s) != 6)
		return 0;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = Y - 1900;
	tm.tm_mon = M - 1;
	tm.tm_mday = D;
	tm.tm_hour = h;
	tm.tm_min = m;
	return (int64_t)timegm(&tm) * 1000 + (int64_t)llround(s * 1000);
}

static char labels[512][64];
static int nlabels;

static int label_of(const char *v)
{
	size_t n;
	int i;

	if (!v || *v != '"')
		return -1;
	v++;
	n = strcspn(v, "\"");
	if (n >= sizeof(labels[0]))
		n = sizeof(labels[0]) - 1;
	for (i = 0; i < nlabels; i++)
		if (strlen(labels[i]) == n && !strncmp(labels[i], v, n))
			return i;
	if (nlabels == 512)
		return -1;
	memcpy(labels[nlabels], v, n);
	labels[nlabels][n] = 0;
	return nlabels++;
}

static int by_time(const void *a, const void *b)
{
	const struct pt *x = a, *y = b;

	return x->f.t < y->f.t ? -1 : x->f.t > y->f.t;
}

/*
 * Recall the best segmenter with a max gap of gap_ms could reach: GFW's
 * segments cut wherever they fall silent for longer (pts sorted by time).
 */
static double gap_bound(const struct pt *pts, size_t n, const long long *tcount, int64_t gap_ms)
{
	static int64_t last[512];
	static int piece[512];
	static long long cnt[512 * 64];
	double same = 0, all = 0;
	size_t i;
	int k;

	memset(cnt, 0, sizeof(cnt));
	for (k = 0; k < 512; k++) {
		last[k] = INT64_MIN;
		piece[k] = 0;
	}
	for (i = 0; i < n; i++) {
		k = pts[i].truth;
		if (k < 0 || tcount[k] < 10)
			continue;
		if (last[k] != INT64_MIN && pts[i].f.t - last[k] > gap_ms && piece[k] < 63)
			piece[k]++;
		last[k] = pts[i].f.t;
		cnt[k * 64 + piece[k]]++;
	}
	for (k = 0; k < 512; k++)
		all += (double)tcount[k] * (double)(tcount[k] - 1) / 2 * (tcount[k] >= 10);
	for (i = 0; i < 512 * 64; i++)
		same += (double)cnt[i] * (double)(cnt[i] - 1) / 2;
	return all > 0 ? same / all : 1;
}

/*
 * Run the segmenter with parameters sp over one GFW file; print and check
 * pairwise P/R (both >= floor) on GFW segments of >= 10 points.
 */
static void eval_file(const char *dir, const char *name, const char *labkey, const struct vigil_seg_params *par,
		      const char *what, double floor)
{
	char path[16384];
	char *buf, *line, *nl;
	struct pt *pts = NULL;
	size_t n = 0, cap = 0, i, j;
	struct vigil_seg_state st;
	struct vigil_seg_params sp;
	struct vigil_seg_result res;
	static long long tcount[512];
	double tp = 0, tpairs = 0, opairs = 0, prec, rec;
	size_t noid = 0;
	uint32_t nours;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	buf = test_slurp(path, NULL);
	if (!buf) {
		SKIP(path);
		return;
	}
	nlabels = 0;
	for (line = buf; *line; line = nl) {
		double lat, lon, v;
		const char *ty;
		struct pt p;

		nl = strchr(line, '\n');
		if (nl)
			*nl++ = 0;
		else
			nl = line + strlen(line);
		memset(&p, 0, sizeof(p));
		if (!num(line, "lat", &lat) || !num(line, "lon", &lon))
			continue;
		p.f.lat = lat;
		p.f.lon = lon;
		p.f.t = iso_ms(field(line, "timestamp"));
		p.f.mmsi = 1;
		p.f.sog = num(line, "speed", &v) ? (float)v : NAN;
		p.f.cog = num(line, "course", &v) ? (float)v : NAN;
		p.f.heading = -1;
		p.f.status = 15;
		ty = field(line, "type");
		p.f.type = ty && !strncmp(ty, "\"AIS.", 5) ? (uint8_t)atoi(ty + 5) : 1;
		if (vigil_fix_clean(&p.f) != VIGIL_FIX_OK)
			continue;
		p.truth = label_of(field(line, labkey));
		if (n == cap) {
			struct pt *np = realloc(pts, (cap = cap * 2 + 1024) * sizeof(*pts));
			if (!np)
				break;
			pts = np;
		}
		pts[n++] = p;
	}
	free(buf);
	qsort(pts, n, sizeof(*pts), by_time);
	sp = *par;
	vigil_seg_state_init(&st);
	for (i = 0; i < n; i++) {
		CHECK_INT(vigil_seg_add(&st, &sp, &pts[i].f, &res, NULL, NULL), VIGIL_E_OK);
		pts[i].ours = pts[i].f.seg;
	}
	nours = st.next_id - 1;
	vigil_seg_state_free(&st);
	memset(tcount, 0, sizeof(tcount));
	for (i = 0; i < n; i++)
		if (pts[i].truth >= 0)
			tcount[pts[i].truth]++;
	/* Pairs among points of truth segments with >= 10 positions. */
	for (i = 0; i < n; i++) {
		if (pts[i].truth < 0 || tcount[pts[i].truth] < 10)
			continue;
		for (j = i + 1; j < n; j++) {
			int same_t, same_o;

			if (pts[j].truth < 0 || tcount[pts[j].truth] < 10)
				continue;
			same_t = pts[i].truth == pts[j].truth;
			same_o = pts[i].ours == pts[j].ours;
			tp += same_t && same_o;
			tpairs += same_t;
			opairs += same_o;
		}
		noid++;
	}
	if (tpairs == 0) {
		printf("segment %-28s %5zu positions: no GFW segment of >= 10 positions\n", name, n);
		free(pts);
		return;
	}
	prec = opairs ? tp / opairs : 1;
	rec = tp / tpairs;
	printf("segment %-28s %-9s %5zu positions, %4zu in GFW segments >= 10: precision %.3f recall %.3f (ours: %u segments;"
	       " recall bound of a %.0f h max gap %.3f)\n",
	       name, what, n, noid, prec, rec, nours, (double)sp.max_gap_ms / 3.6e6, gap_bound(pts, n, tcount, sp.max_gap_ms));
	if (getenv("SEGDEBUG"))
		for (i = 0; i < n; i++)
			if (pts[i].truth >= 0 && tcount[pts[i].truth] >= 10)
				fprintf(stderr, "%lld %d %u %.4f %.4f\n", (long long)pts[i].f.t / 1000, pts[i].truth, pts[i].ours, pts[i].f.lat, pts[i].f.lon);
	CHECK(prec >= floor);
	CHECK(rec >= floor);
	free(pts);
}

static void unit_checks(void)
{
	struct vigil_seg_params sp;
	struct vigil_seg_state st;
	struct vigil_seg_result r;
	struct vigil_fix f;
	int k;

	vigil_seg_params_default(&sp);
	vigil_seg_state_init(&st);
	memset(&f, 0, sizeof(f));
	f.mmsi = 123456789;
	f.type = 1;
	f.heading = -1;
	/* Ship A sails east at 10 kn from 40N 130E; ship B on the same MMSI 200 nm away. */
	for (k = 0; k < 40; k++) {
		f.t = 1700000000000LL + k * 180000LL;
		f.lat = 40;
		f.lon = 130 + (10.0 * k * 0.05) / (60 * cos(40 * 3.14159265358979 / 180));
		f.sog = 10;
		f.cog = 90;
		vigil_seg_add(&st, &sp, &f, &r, NULL, NULL);
		CHECK_INT(r.seg, 1);
		f.t += 60000;
		f.lat = 43.3;
		f.lon = 131;
		f.sog = 0;
		f.cog = 0;
		vigil_seg_add(&st, &sp, &f, &r, NULL, NULL);
		CHECK_INT(r.seg, 2);
		if (k == 0) {
			CHECK(r.opened && r.jump);
			CHECK(r.implied_knots > 25);
		}
	}
	CHECK_INT(st.nopen, 2);
	/* 25 h of silence closes both; the next fix opens segment 3. */
	f.t += 25LL * 3600 * 1000;
	vigil_seg_add(&st, &sp, &f, &r, NULL, NULL);
	CHECK_INT(r.seg, 3);
	CHECK(r.opened && !r.jump);
	CHECK_INT(st.nopen, 1);
	vigil_seg_state_free(&st);

	/* Cleaning: AIS "not available" values. */
	memset(&f, 0, sizeof(f));
	f.mmsi = 1;
	f.t = 1700000000000LL;
	f.lat = 91;
	f.lon = 181;
	CHECK_INT(vigil_fix_clean(&f), VIGIL_FIX_NOPOS);
	f.lat = 10;
	f.lon = 10;
	f.sog = 102.3f;
	f.cog = 360;
	f.heading = 511;
	f.status = 15;
	CHECK_INT(vigil_fix_clean(&f), VIGIL_FIX_OK);
	CHECK(isnan(f.sog) && isnan(f.cog));
	CHECK_INT(f.heading, -1);
	f.lat = 0;
	f.lon = 0;
	CHECK_INT(vigil_fix_clean(&f), VIGIL_FIX_NULLISLAND);
}

/* Place a fix dist_nm due north of (lat, lon) at time t, reporting SOG 0. */
static void put(struct vigil_fix *f, int64_t t, double lat, double lon, double dist_nm)
{
	memset(f, 0, sizeof(*f));
	f->mmsi = 416000000;
	f->type = 1;
	f->heading = -1;
	f->status = 15;
	f->t = t;
	f->lat = lat + dist_nm / 60;
	f->lon = lon;
	f->sog = 0;
	f->cog = 0;
}

/* Add f to a fresh state holding one fix at t0 and return whether f opened a new segment. */
static int splits(const struct vigil_seg_params *sp, int64_t t0, int64_t t1, double dist_nm)
{
	struct vigil_seg_state st;
	struct vigil_seg_result r;
	struct vigil_fix f;
	int opened;

	vigil_seg_state_init(&st);
	put(&f, t0, 24.29, 120.52, 0);
	vigil_seg_add(&st, sp, &f, &r, NULL, NULL);
	put(&f, t1, 24.29, 120.52, dist_nm);
	vigil_seg_add(&st, sp, &f, &r, NULL, NULL);
	opened = r.opened;
	vigil_seg_state_free(&st);
	return opened;
}

/*
 * The two scoring models. Default (current GFW): any position within
 * max_knots x padded hours of the dead-reckoned one may continue a segment.
 * GFW 0.19: the tolerated mismatch is max_knots x (h + buffer) / (1 + sqrt(h /
 * penalty_hours)), which grows like sqrt(h): 11.5 h -> 25 x 11.58 / 4.39 =
 * 66 nm, 40 h -> 25 x 40.08 / 7.32 = 137 nm; and 60 h of silence is allowed.
 */
static void model_checks(void)
{
	struct vigil_seg_params def, old;
	const int64_t t0 = 1389571200000LL, H = 3600000LL;

	vigil_seg_params_default(&def);
	vigil_seg_params_gfw2019(&old);
	CHECK_INT(def.limit_penalized, 0);
	CHECK_DBL(def.score_power, 1, 0);
	CHECK_INT(def.max_gap_ms, 24 * H);
	CHECK_INT(old.max_gap_ms, 60 * H);
	/* 104 nm in 11.5 h while reporting 0 kn: 9 kn, a plausible ship for the default, too far for 0.19. */
	CHECK(!splits(&def, t0, t0 + 23 * H / 2, 104));
	CHECK(splits(&old, t0, t0 + 23 * H / 2, 104));
	CHECK(!splits(&old, t0, t0 + 23 * H / 2, 60));
	/* 40 h of silence: 3 nm away continues under 0.19 (60 h limit), never under the 24 h default. */
	CHECK(splits(&def, t0, t0 + 40 * H, 3));
	CHECK(!splits(&old, t0, t0 + 40 * H, 3));
	CHECK(splits(&old, t0, t0 + 40 * H, 150));
	CHECK(splits(&old, t0, t0 + 61 * H, 0));
	/* Both refuse what 25 kn cannot reach. */
	CHECK(splits(&def, t0, t0 + 2 * H, 60));
	CHECK(splits(&old, t0, t0 + 2 * H, 60));
	/* No buffer and no time: no division by zero, the same spot continues. */
	def.buffer_hours = 0;
	CHECK(!splits(&def, t0, t0, 0));
}

/*
 * The dead-reckoning mismatch of docs/detect.md, written out here on its own:
 * both fixes projected towards each other over the shortened time, in a flat
 * frame (nm) centred on q; the fix continues q's segment when err <= maxd.
 */
static int model_reaches(const struct vigil_seg_params *sp, const struct vigil_fix *q, const struct vigil_fix *p)
{
	const double d2r = 3.14159265358979323846 / 180.0;
	double hours = fabs((double)(p->t - q->t)) / 3.6e6, r = hours / sp->penalty_hours;
	double ph = hours / (1 + sqrt(r)), eff = sqrt(hours * hours + sp->buffer_hours * sp->buffer_hours);
	double dlat = p->lat - q->lat, dlon = p->lon - q->lon, c, x, y, ax = 0, ay = 0, bx, by, err, maxd;
	double sgn = p->t < q->t ? -1 : 1;

	if (!(eff > 1e-3))
		eff = 1e-3;
	maxd = eff * sp->max_knots;
	c = cos((q->lat + 0.5 * dlat) * d2r);
	x = dlon * 60 * c;
	y = dlat * 60;
	bx = x;
	by = y;
	if (!isnan(q->sog) && !isnan(q->cog)) {
		ax = q->sog * ph * sgn * sin(q->cog * d2r);
		ay = q->sog * ph * sgn * cos(q->cog * d2r);
	}
	if (!isnan(p->sog) && !isnan(p->cog)) {
		bx = x - p->sog * ph * sgn * sin(p->cog * d2r);
		by = y - p->sog * ph * sgn * cos(p->cog * d2r);
	}
	err = 0.5 * (sqrt((ax - x) * (ax - x) + (ay - y) * (ay - y)) + sqrt(bx * bx + by * by));
	return err <= maxd;
}

/* Does the segmenter (one open segment: q's) let p join it? */
static int seg_joins(const struct vigil_seg_params *sp, const struct vigil_fix *q, const struct vigil_fix *p)
{
	struct vigil_seg_state st;
	struct vigil_seg_result r;
	struct vigil_fix a = *q, b = *p;
	int joined;

	vigil_seg_state_init(&st);
	vigil_seg_add(&st, sp, &a, &r, NULL, NULL);
	vigil_seg_add(&st, sp, &b, &r, NULL, NULL);
	joined = !r.opened && r.seg == 1;
	if (joined && (!r.prev || r.prev->t != q->t))
		joined = -1;
	vigil_seg_state_free(&st);
	return joined;
}

/*
 * With one open segment the segmenter decides "joins or not" by a fast
 * test with an error bound and falls back to the exact score near the limit:
 * fixes placed on the limit (found by bisection along a random bearing) and
 * a hair inside or outside it must be decided like the model above, at all
 * latitudes, headings, speeds and time steps (forward and backward in time).
 */
static void boundary_checks(void)
{
	struct vigil_seg_params sp;
	uint64_t rng = 0x9e3779b97f4a7c15ULL;
	int bad = 0, tried = 0, in = 0, out = 0;

	vigil_seg_params_default(&sp);
	for (int k = 0; k < 4000; k++) {
		struct vigil_fix q, p;
		double u[8], lo = 0, hi = 200, brg;
		static const double eps[] = { 0, 1e-15, -1e-15, 1e-12, -1e-12, 1e-9, -1e-9, 1e-6, -1e-6 };

		for (int j = 0; j < 8; j++) {
			rng ^= rng << 13;
			rng ^= rng >> 7;
			rng ^= rng << 17;
			u[j] = (double)(rng >> 11) / 9007199254740992.0;
		}
		memset(&q, 0, sizeof(q));
		q.t = 1700000000000LL;
		q.lat = -88 + 176 * u[0];
		q.lon = -179 + 358 * u[1];
		q.sog = u[2] < 0.2 ? NAN : (float)(30 * u[2]);
		q.cog = (float)(359.9 * u[3]);
		q.type = 1;
		q.status = 15;
		q.heading = -1;
		p = q;
		p.t = q.t + (int64_t)((u[4] < 0.1 ? -1 : 1) * 3.6e6 * 6 * u[4] * u[4]);
		p.sog = u[5] < 0.2 ? NAN : (float)(30 * u[5]);
		p.cog = (float)(359.9 * u[6]);
		brg = 2 * 3.14159265358979323846 * u[7];
		/* bisect the distance (nm) along brg where the model flips from join to split */
		for (int it = 0; it < 200; it++) {
			double mid = 0.5 * (lo + hi);

			p.lat = q.lat + mid / 60 * cos(brg);
			p.lon = q.lon + mid / 60 * sin(brg) / cos(q.lat * 3.14159265358979323846 / 180);
			if (model_reaches(&sp, &q, &p))
				lo = mid;
			else
				hi = mid;
		}
		if (hi >= 199 || lo == 0)
			continue;
		for (size_t e = 0; e < sizeof(eps) / sizeof(eps[0]); e++) {
			double dd = lo * (1 + eps[e]);
			int m, g;

			p.lat = q.lat + dd / 60 * cos(brg);
			p.lon = q.lon + dd / 60 * sin(brg) / cos(q.lat * 3.14159265358979323846 / 180);
			if (fabs(p.lat - q.lat) > 2.9 || fabs(p.lon - q.lon) > 2.9)
				continue;
			m = model_reaches(&sp, &q, &p);
			g = seg_joins(&sp, &q, &p);
			tried++;
			in += m;
			out += !m;
			if (m != g && bad++ < 5)
				fprintf(stderr, "boundary: q %.9f,%.9f sog %g cog %g p %.12f,%.12f sog %g cog %g dt %lld: model %d seg %d\n",
					q.lat, q.lon, q.sog, q.cog, p.lat, p.lon, p.sog, p.cog, (long long)(p.t - q.t), m, g);
		}
	}
	printf("segment boundary: %d fixes on the reach limit (%d join, %d split), %d decided unlike the model\n",
	       tried, in, out, bad);
	CHECK(tried > 10000);
	CHECK(in > 1000 && out > 1000);
	CHECK_INT(bad, 0);
}

int main(void)
{
	static const char *const regr[] = {
		"regr_567000000.json", "regr_416241500.json", "regr_412440453.json", "regr_412331088.json",
		"regr_666666601.json", "regr_574574574.json", "regr_200000010.json", "regr_600000019.json",
		"regr_338142021.json", "regr_412327821.json", "regr_413222000.json", "regr_416229900.json",
	};
	const char *sh = test_shared();
	struct vigil_seg_params def, old;
	char dir[8192];
	size_t i;

	unit_checks();
	model_checks();
	boundary_checks();
	if (!sh) {
		SKIP("../shared absent: GFW segmentation data not checked");
		TEST_END();
	}
	vigil_seg_params_default(&def);
	snprintf(dir, sizeof(dir), "%s/data/behavior/gfw-gpsdio-segment/regression", sh);
	for (i = 0; i < sizeof(regr) / sizeof(regr[0]); i++)
		eval_file(dir, regr[i], "expected", &def, "default", 0.9);
	snprintf(dir, sizeof(dir), "%s/data/behavior/gfw-gpsdio-segment", sh);
	/*
	 * Labelled by GFW gpsdio-segment 0.19-dev (file last relabelled at
	 * commit e80d8f5, 2019-10-30; 0.20 changed the scoring and dropped the
	 * test that compared against it), whose core.py joins across up to 60 h
	 * and scores differently (docs/detect.md): vigil run with that version's
	 * published parameters must reproduce its labels like the current
	 * version's. With vigil's defaults no segmenter with a 24 h limit can
	 * reach recall 0.9 there (the printed bound); the default run is held
	 * to a regression floor only.
	 */
	vigil_seg_params_gfw2019(&old);
	eval_file(dir, "segmented-416000000.json", "segment", &old, "gfw2019", 0.9);
	eval_file(dir, "segmented-416000000.json", "segment", &def, "default", 0.7);
	TEST_END();
}
