/* geo_bench.c - geography queries per second: grid index vs a linear scan (the named peer), shore look-ups. */
/*
 * Build and run from the repository root (standalone, not globbed):
 *   cc -O2 -Iinclude bench/geo_bench.c build/libvigil.a -lm -o build/geo_bench
 *   build/geo_bench [EXTRA.csv]   (e.g. ../shared/data/geo/gfw-anchorages/anchorage_overrides.csv)
 * Loads data/geo (and EXTRA as anchorages), draws 1 M points (half within ~15 km of a
 * place, half anywhere in 28-46N 117-142E) and prints ns per query; the linear scan is
 * the same gazetteer without its index, measured in the same run. Uses build/shore.bin
 * (or $VIGIL_SHORE).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vigil/geo.h"

static char *slurp(const char *p, size_t *n)
{
	FILE *f = fopen(p, "rb");
	char *b;
	long l;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	l = ftell(f);
	fseek(f, 0, SEEK_SET);
	b = malloc((size_t)l + 8);
	if (b && fread(b, 1, (size_t)l, f) != (size_t)l) {
		free(b);
		b = NULL;
	}
	fclose(f);
	*n = (size_t)l;
	return b;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

static void load(struct vigil_geo *g, const char *p, int csv, int kind)
{
	struct vigil_geo_loadinfo in;
	size_t n;
	char *b = slurp(p, &n);
	int rc;

	if (!b) {
		fprintf(stderr, "geo_bench: cannot read %s\n", p);
		exit(1);
	}
	memset(&in, 0, sizeof(in));
	in.file = p;
	rc = csv ? vigil_geo_load_csv(g, b, n, kind, 3, &in) : vigil_geo_load_geojson(g, b, n, kind, &in);
	if (rc)
		fprintf(stderr, "geo_bench: %s\n", in.msg);
	free(b);
}

int main(int argc, char **argv)
{
	enum { N = 1000000 };
	struct vigil_geo g, lin;
	struct vigil_geo_hit hit, hs[16];
	struct vigil_shore s;
	double *la = malloc(N * sizeof(double)), *lo = malloc(N * sizeof(double)), t, a, lin_ns;
	long cnt = 0;
	int i, m;
	size_t n;
	char *sb;
	void *al;

	vigil_geo_init(&g);
	load(&g, "data/geo/ports.csv", 1, VIGIL_GEO_PORT);
	load(&g, "data/geo/areas.geojson", 0, VIGIL_GEO_AOI);
	if (argc > 1)
		load(&g, argv[1], 1, VIGIL_GEO_ANCHORAGE);
	lin = g;   /* shallow copy, no index: the linear-scan peer */
	vigil_geo_index(&g, 10);
	lin.ix = NULL;
	srand(1);
	for (i = 0; i < N; i++) {
		if (i & 1) {
			const struct vigil_geo_place *p = &g.places[rand() % (int)g.nplaces];
			la[i] = p->lat + (rand() / (double)RAND_MAX - 0.5) * 0.3;
			lo[i] = p->lon + (rand() / (double)RAND_MAX - 0.5) * 0.3;
		} else {
			la[i] = 28 + 18.0 * rand() / RAND_MAX;
			lo[i] = 117 + 25.0 * rand() / RAND_MAX;
		}
	}
	printf("geo_bench: %zu places, %zu areas, %d points\n", g.nplaces, g.nareas, N);
	t = now();
	for (i = 0; i < N; i++)
		cnt += vigil_geo_nearest(&g, la[i], lo[i], 10, VIGIL_GEO_PORTLIKE, &hit);
	a = (now() - t) / N * 1e9;
	m = g.nplaces > 10000 ? 500 : 20000;
	t = now();
	for (i = 0; i < m; i++)
		cnt += vigil_geo_nearest(&lin, la[i], lo[i], 10, VIGIL_GEO_PORTLIKE, &hit);
	lin_ns = (now() - t) / m * 1e9;
	printf("nearest within 10 km: %.0f ns/query; linear scan %.0f ns/query; index x%.0f\n", a, lin_ns, lin_ns / a);
	t = now();
	for (i = 0; i < N; i++)
		cnt += vigil_geo_nearest(&g, la[i], lo[i], 10, VIGIL_GEO_PORTLIKE, NULL);
	printf("any within 10 km:     %.0f ns/query\n", (now() - t) / N * 1e9);
	t = now();
	for (i = 0; i < N; i++)
		cnt += vigil_geo_nearest(&g, la[i], lo[i], 50, VIGIL_GEO_PORTLIKE, &hit);
	printf("nearest within 50 km: %.0f ns/query\n", (now() - t) / N * 1e9);
	t = now();
	for (i = 0; i < N; i++)
		cnt += vigil_geo_in_interest(&g, la[i], lo[i]);
	printf("in_interest:          %.0f ns/query\n", (now() - t) / N * 1e9);
	t = now();
	for (i = 0; i < N; i++)
		cnt += (long)vigil_geo_within(&g, la[i], lo[i], 1.0, VIGIL_GEO_ALLKINDS, hs, 16);
	printf("within (+1 km):       %.0f ns/query\n", (now() - t) / N * 1e9);
	sb = slurp(getenv("VIGIL_SHORE") ? getenv("VIGIL_SHORE") : "build/shore.bin", &n);
	al = sb ? aligned_alloc(8, (n + 7) / 8 * 8) : NULL;
	if (al && vigil_shore_open(&s, memcpy(al, sb, n), n) == 0) {
		double sum = 0;
		m = 200000;
		t = now();
		for (i = 0; i < m; i++)
			sum += vigil_shore_km(&s, la[i], lo[i]);
		printf("shore_km:             %.0f ns/query\n", (now() - t) / m * 1e9);
		t = now();
		for (i = 0; i < m; i++)
			cnt += vigil_shore_land(&s, la[i], lo[i]);
		printf("shore_land:           %.0f ns/query (checksum %.0f %ld)\n", (now() - t) / m * 1e9, sum, cnt);
	} else {
		printf("shore: shore.bin absent, skipped\n");
	}
	free(sb);
	free(al);
	free(la);
	free(lo);
	vigil_geo_release(&g);
	return 0;
}
