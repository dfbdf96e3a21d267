/* geo.c - `vigil geo`: ask the geography about points (port, areas, distance to shore, land/sea). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/error.h"
#include "vigil/geo.h"
#include "geodata.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: vigil geo [--areas FILE]... [--no-geo] [--summary] LAT LON [LAT LON...]\n"
		"For each point: the nearest port or anchorage within 50 km, the areas containing it,\n"
		"the distance to shore (Natural Earth 1:10m) and land/sea, one line per point.\n"
		"  --areas FILE   also load ports (CSV: vigil, WPI or GFW layout) or areas (GeoJSON)\n"
		"  --no-geo       do not load vigil's default geography (data/geo)\n"
		"  --summary      print what was loaded (counts per kind, data directory, shore file)\n"
		"See docs/geography.md.\n");
}

static int parse_deg(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || *end || !(v >= lo && v <= hi))
		return -1;
	*out = v;
	return 0;
}

static void print_point(const struct vigil_geo *g, const struct vigil_shore *sh, double lat, double lon)
{
	struct vigil_geo_hit hit, hs[16];
	size_t n, i, shown = 0;
	double km = vigil_shore_km(sh, lat, lon);
	int land = vigil_shore_land(sh, lat, lon);

	printf("%.5f %.5f", lat, lon);
	if (vigil_geo_nearest(g, lat, lon, 50, VIGIL_GEO_PORTLIKE, &hit) && !hit.is_area) {
		const struct vigil_geo_place *p = &g->places[hit.index];
		printf(" port=\"%s\"/%s/%s %.2fkm%s", p->name, p->country[0] ? p->country : "-",
		       vigil_geo_kind_name(p->kind), hit.km, hit.km <= p->radius_km ? "(inside)" : "");
	} else if (vigil_geo_nearest(g, lat, lon, 50, VIGIL_GEO_PORTLIKE, &hit)) {
		printf(" port=\"%s\"/area 0km(inside)", g->areas[hit.index].name);
	} else {
		printf(" port=none<50km");
	}
	n = vigil_geo_within(g, lat, lon, 0, VIGIL_GEO_ALLKINDS & ~VIGIL_GEO_PORTLIKE, hs, 16);
	printf(" areas=");
	for (i = 0; i < n && i < 16; i++) {
		if (!hs[i].is_area)
			continue;
		printf("%s%s(%s)", shown++ ? "," : "", g->areas[hs[i].index].id, vigil_geo_kind_name(g->areas[hs[i].index].kind));
	}
	if (!shown)
		printf("none");
	printf(" interest=%s", vigil_geo_in_interest(g, lat, lon) ? "yes" : "no");
	if (isnan(km))
		printf(" shore=unknown\n");
	else
		printf(" shore_km=%.2f %s\n", km, land == 1 ? "land" : land == 0 ? "sea" : "unknown");
}

int cmd_geo(int argc, char **argv)
{
	struct vigil_geo g;
	struct vigil_shore sh;
	void *shbuf = NULL;
	char err[512];
	int i, no_geo = 0, summary = 0, rc = 0, shrc;
	const char *files[32];
	int nfiles = 0;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] && !(argv[i][1] >= '0' && argv[i][1] <= '9'); i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--no-geo")) {
			no_geo = 1;
		} else if (!strcmp(argv[i], "--summary")) {
			summary = 1;
		} else if (!strcmp(argv[i], "--areas") && i + 1 < argc && nfiles < 32) {
			files[nfiles++] = argv[++i];
		} else {
			fprintf(stderr, "vigil geo: unknown option %s\n", argv[i]);
			usage(stderr);
			return 2;
		}
	}
	if ((argc - i) % 2 || (argc == i && !summary)) {
		usage(stderr);
		return 2;
	}
	vigil_geo_init(&g);
	if (!no_geo && geodata_load_default(&g, err, sizeof(err))) {
		fprintf(stderr, "vigil geo: %s\n", err);
		vigil_geo_release(&g);
		return 2;
	}
	for (int k = 0; k < nfiles; k++)
		if (geodata_load_file(&g, files[k], -1, err, sizeof(err))) {
			fprintf(stderr, "vigil geo: %s\n", err);
			vigil_geo_release(&g);
			return 2;
		}
	if (vigil_geo_index(&g, 10) != VIGIL_E_OK)
		fprintf(stderr, "vigil geo: index: out of memory (linear look-ups)\n");
	shrc = geodata_shore_open(&sh, &shbuf, err, sizeof(err));
	if (shrc == 2)
		fprintf(stderr, "vigil geo: %s; shore distance unknown\n", err);
	if (summary) {
		size_t nk[VIGIL_GEO__NKINDS] = { 0 };
		for (size_t k = 0; k < g.nplaces; k++)
			nk[g.places[k].kind]++;
		for (size_t k = 0; k < g.nareas; k++)
			nk[g.areas[k].kind]++;
		printf("data %s: %zu places, %zu areas, %zu sources;", geodata_dir(), g.nplaces, g.nareas, g.nsources);
		for (int k = 0; k < VIGIL_GEO__NKINDS; k++)
			printf(" %s %zu", vigil_geo_kind_name(k), nk[k]);
		printf("; shore %s\n", shrc == 0 ? "loaded" : "unknown (shore.bin not found)");
	}
	for (; i + 1 < argc; i += 2) {
		double lat, lon;
		if (parse_deg(argv[i], -90, 90, &lat) || parse_deg(argv[i + 1], -180, 180, &lon)) {
			fprintf(stderr, "vigil geo: bad position '%s %s'\n", argv[i], argv[i + 1]);
			rc = 2;
			continue;
		}
		print_point(&g, &sh, lat, lon);
	}
	geodata_shore_close(&sh, shbuf);
	vigil_geo_release(&g);
	return rc;
}
