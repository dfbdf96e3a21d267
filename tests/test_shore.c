/* test_shore.c - distance to shore and land/sea from the generated shore.bin (Natural Earth 1:10m land). */
#include <math.h>

#include "harness.h"
#include "vigil/error.h"
#include "vigil/geo.h"

/* Brute force over every coast segment of the blob: the reference for the grid search. */
static double brute_km(const struct vigil_shore *s, double lat, double lon)
{
	double best = INFINITY, cl = cos(lat * 3.14159265358979323846 / 180);
	size_t k;

	for (k = 0; k < s->nsegs; k++) {
		uint32_t seg = s->seg_ix[k];
		const int32_t *p;
		double ax, ay, bx, by, dx, dy, t, l2, px, py, d;

		if (seg & 0x80000000u)
			continue;
		p = s->pts + 2 * (size_t)seg;
		ax = (p[0] * 1e-6 - lon) * cl; ay = p[1] * 1e-6 - lat;
		bx = (p[2] * 1e-6 - lon) * cl; by = p[3] * 1e-6 - lat;
		if (fabs(ax) > 20 || fabs(ay) > 20)
			continue;
		dx = bx - ax; dy = by - ay;
		l2 = dx * dx + dy * dy;
		t = l2 > 0 ? -(ax * dx + ay * dy) / l2 : 0;
		t = t < 0 ? 0 : t > 1 ? 1 : t;
		px = ax + t * dx; py = ay + t * dy;
		d = sqrt(px * px + py * py) * VIGIL_GEO_EARTH_KM * 3.14159265358979323846 / 180;
		if (d < best)
			best = d;
	}
	return best;
}

/* Great-circle distance from the point to segment seg, by 400 samples along it (independent of the flat formula). */
static double gc_seg_km(const struct vigil_shore *s, uint32_t seg, double lat, double lon)
{
	const int32_t *p = s->pts + 2 * (size_t)(seg & 0x7fffffffu);
	double best = INFINITY;
	int k;

	for (k = 0; k <= 400; k++) {
		double t = k / 400.0;
		double la = (p[1] + t * (p[3] - p[1])) * 1e-6, lo = (p[0] + t * (p[2] - p[0])) * 1e-6;
		double d = vigil_geo_dist_km(lat, lon, la, lo);
		if (d < best)
			best = d;
	}
	return best;
}

/* Index of the segment nearest by great circle among those within 150 km (coarse prefilter). */
static uint32_t gc_nearest_seg(const struct vigil_shore *s, double lat, double lon, double *km)
{
	uint32_t arg = 0;
	size_t k;

	*km = INFINITY;
	for (k = 0; k < s->nsegs; k++) {
		uint32_t seg = s->seg_ix[k];
		const int32_t *p;
		double d;

		if (seg & 0x80000000u)
			continue;
		p = s->pts + 2 * (size_t)seg;
		if (fabs(p[1] * 1e-6 - lat) > 1.5 || fabs(p[0] * 1e-6 - lon) > 2.0)
			continue;
		if (vigil_geo_dist_km(lat, lon, p[1] * 1e-6, p[0] * 1e-6) > *km + 5)
			continue;
		d = gc_seg_km(s, seg, lat, lon);
		if (d < *km) {
			*km = d;
			arg = seg;
		}
	}
	return arg;
}

static unsigned long long rng = 0x9e3779b97f4a7c15ULL;
static double urand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (double)(rng >> 11) / 9007199254740992.0;
}

int main(void)
{
	struct vigil_shore s, none;
	const char *b = getenv("BUILD");
	char path[1024];
	char *buf, *copy;
	size_t len;
	int i, agree = 0, n = 0;

	/* Without a dataset every answer is "unknown", never a crash. */
	memset(&none, 0, sizeof(none));
	CHECK(isnan(vigil_shore_km(NULL, 35, 129)));
	CHECK(isnan(vigil_shore_km(&none, 35, 129)));
	CHECK_INT(vigil_shore_land(&none, 35, 129), -1);
	CHECK(vigil_shore_open(&none, "short", 5) != VIGIL_E_OK);
	CHECK(isnan(vigil_shore_km(&none, 35, 129)));

	snprintf(path, sizeof(path), "%s/%s", b ? b : "build", VIGIL_SHORE_FILE);
	buf = test_slurp(path, &len);
	if (!buf) {
		SKIP("shore.bin not built (world-atlas missing?): distance-to-shore checks skipped");
		TEST_END();
	}
	/* Corrupt blobs are refused. */
	copy = malloc(len);
	memcpy(copy, buf, len);
	copy[0] = 'X';
	CHECK_INT(vigil_shore_open(&s, copy, len), VIGIL_E_FORMAT);
	copy[0] = buf[0];
	CHECK_INT(vigil_shore_open(&s, copy, len / 2), VIGIL_E_LENGTH);
	CHECK_INT(vigil_shore_open(&s, copy, 10), VIGIL_E_LENGTH);
	CHECK(isnan(vigil_shore_km(&s, 35, 129)));
	/*
	 * Offsets inside the index are checked by each look-up, not at open (that
	 * would make the whole index resident): scribbled offsets and segment
	 * indices around Korea give some answer, never a read out of bounds.
	 */
	{
		uint32_t h[16], *cs, *si;
		size_t ncells, k;
		long r, c;

		memcpy(h, copy, sizeof(h));
		ncells = (size_t)h[3] * h[4];
		cs = (uint32_t *)(void *)(copy + 64);
		si = (uint32_t *)(void *)(copy + 64 + (((ncells + 1) * 4 + 7) & ~(size_t)7));
		for (r = (long)((34 + 90) * 1000 / h[7]); r < (long)((39 + 90) * 1000 / h[7]); r++)
			for (c = (long)((124 + 180) * 1000 / h[7]); c < (long)((131 + 180) * 1000 / h[7]); c++)
				cs[(size_t)r * h[3] + (size_t)c] = (uint32_t)(r * 7919 + c * 104729);
		for (k = 0; k < h[5]; k += 3)
			si[k] = 0x7fffffffu - (uint32_t)k;
		CHECK_INT(vigil_shore_open(&s, copy, len), VIGIL_E_OK);
		for (k = 0; k < 50; k++) {
			double km = vigil_shore_km(&s, 34.1 + 0.1 * (double)k, 124.1 + 0.14 * (double)k);
			int land = vigil_shore_land(&s, 34.1 + 0.1 * (double)k, 124.1 + 0.14 * (double)k);

			CHECK(km >= 0 && land >= 0 && land <= 1);
		}
	}
	free(copy);
	CHECK_INT(vigil_shore_open(&s, buf, len), VIGIL_E_OK);

	/* Land and sea at unmistakable places. */
	CHECK_INT(vigil_shore_land(&s, 40.0, 135.0), 0);    /* Sea of Japan */
	CHECK_INT(vigil_shore_land(&s, 35.5, 123.5), 0);    /* Yellow Sea */
	CHECK_INT(vigil_shore_land(&s, 30.8, 124.65), 0);   /* East China Sea hotspot */
	CHECK_INT(vigil_shore_land(&s, 30.0, -45.0), 0);    /* Atlantic */
	CHECK_INT(vigil_shore_land(&s, 39.03, 125.75), 1);  /* Pyongyang */
	CHECK_INT(vigil_shore_land(&s, 37.57, 126.98), 1);  /* Seoul */
	CHECK_INT(vigil_shore_land(&s, 43.80, 131.95), 1);  /* Ussuriysk */
	CHECK_INT(vigil_shore_land(&s, 39.90, 116.40), 1);  /* Beijing */
	CHECK_INT(vigil_shore_land(&s, 48.85, 2.35), 1);    /* Paris */
	CHECK_INT(vigil_shore_land(&s, -80.0, 0.0), 1);     /* Antarctica */
	CHECK_INT(vigil_shore_land(&s, 67.0, 179.9), 1);    /* Chukotka, next to the antimeridian */
	CHECK_INT(vigil_shore_land(&s, 37.5, 130.87), 1);   /* Ulleungdo, a small island */
	CHECK_INT(vigil_shore_land(&s, 37.5, 130.6), 0);    /* 17 km west of its west coast */
	/* Distances: plausible magnitudes, and 0 < d for sea points near coast. */
	CHECK(vigil_shore_km(&s, 40.0, 135.0) > 200);
	CHECK(vigil_shore_km(&s, 39.03, 125.75) > 15 && vigil_shore_km(&s, 39.03, 125.75) < 80);
	CHECK(vigil_shore_km(&s, 39.90, 116.40) > 120 && vigil_shore_km(&s, 39.90, 116.40) < 220);
	CHECK(vigil_shore_km(&s, 30.0, -45.0) > 500);
	/* Ulleungdo is ~10 km across: its centre is a few km from its shore. */
	CHECK(vigil_shore_km(&s, 37.5, 130.87) < 8);
	CHECK_DBL(vigil_shore_km(&s, 37.5, 130.6), 17, 2);
	CHECK(isnan(vigil_shore_km(&s, NAN, 0)));
	CHECK(isnan(vigil_shore_km(&s, 91, 0)));
	CHECK_INT(vigil_shore_land(&s, 91, 0), -1);

	/* The grid search equals the brute force within the exact range, over the theatre. */
	for (i = 0; i < 300; i++) {
		double la = 28 + urand() * 18, lo = 117 + urand() * 25;
		double g = vigil_shore_km(&s, la, lo), r = brute_km(&s, la, lo);
		if (r > VIGIL_SHORE_EXACT_KM - 20)
			continue;
		n++;
		if (fabs(g - r) < 1e-6)
			agree++;
		else
			fprintf(stderr, "shore %f %f: grid %f brute %f\n", la, lo, g, r);
	}
	CHECK(n > 100);
	CHECK_INT(agree, n);

	/* Accuracy against great circles: within 1 km of the true distance to the same coastline up to 100 km. */
	for (i = 0, n = 0, agree = 0; i < 40; i++) {
		double la = 33 + urand() * 10, lo = 124 + urand() * 10, gk, v = vigil_shore_km(&s, la, lo);
		if (!(v < VIGIL_SHORE_EXACT_KM))
			continue;
		gc_nearest_seg(&s, la, lo, &gk);
		n++;
		if (fabs(v - gk) < 1.0)
			agree++;
		else
			fprintf(stderr, "shore accuracy %f %f: flat %f great circle %f\n", la, lo, v, gk);
	}
	CHECK(n > 10);
	CHECK_INT(agree, n);
	free(buf);
	TEST_END();
}
