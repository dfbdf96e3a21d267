/* test_geo.c - geodesy, point-in-polygon, gazetteer index and loaders (fixtures, our data, GFW/WPI files). */
#include <math.h>

#include "harness.h"
#include "vigil/error.h"
#include "vigil/geo.h"

#define PI 3.14159265358979323846

/* Independent reference: spherical law of cosines (fine away from tiny distances). */
static double ref_dist(double a, double b, double c, double d)
{
	double p1 = a * PI / 180, p2 = c * PI / 180, dl = (d - b) * PI / 180;
	double x = sin(p1) * sin(p2) + cos(p1) * cos(p2) * cos(dl);

	if (x > 1) x = 1;
	if (x < -1) x = -1;
	return acos(x) * 6371.0088;
}

static unsigned long long rng = 88172645463325252ULL;
static double urand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (double)(rng >> 11) / 9007199254740992.0;
}

static void test_geodesy(void)
{
	double la, lo;
	int i;

	/* One degree of arc on the equator and a quarter meridian on the sphere R1. */
	CHECK_DBL(vigil_geo_dist_km(0, 0, 0, 1), 6371.0088 * PI / 180, 1e-9);
	CHECK_DBL(vigil_geo_dist_km(0, 0, 90, 0), 6371.0088 * PI / 2, 1e-6);
	CHECK_DBL(vigil_geo_dist_km(10, 179.5, 10, -179.5), vigil_geo_dist_km(10, 0, 10, 1), 1e-9);
	CHECK_DBL(vigil_geo_dist_km(35, 129, 35, 129), 0, 0);
	/* Busan (WPI 35.1N 129.0333E) to Rajin (42.2333N 130.3E): ~800 km by any reference. */
	CHECK_DBL(vigil_geo_dist_km(35.1, 129.033333, 42.233333, 130.3), ref_dist(35.1, 129.033333, 42.233333, 130.3), 1e-6);
	CHECK(vigil_geo_dist_km(35.1, 129.033333, 42.233333, 130.3) > 795 && vigil_geo_dist_km(35.1, 129.033333, 42.233333, 130.3) < 805);
	for (i = 0; i < 200; i++) {
		double a = urand() * 160 - 80, b = urand() * 360 - 180, c = urand() * 160 - 80, d = urand() * 360 - 180;
		double r = ref_dist(a, b, c, d), v = vigil_geo_dist_km(a, b, c, d);
		if (fabs(r - v) > 1e-6 * (r + 1))
			CHECK_DBL(v, r, 1e-6 * (r + 1));
	}
	CHECK_DBL(vigil_geo_bearing(0, 0, 0, 1), 90, 1e-9);
	CHECK_DBL(vigil_geo_bearing(0, 0, 1, 0), 0, 1e-9);
	CHECK_DBL(vigil_geo_bearing(0, 0, 0, -1), 270, 1e-9);
	CHECK_DBL(vigil_geo_bearing(10, 0, 0, 0), 180, 1e-9);
	CHECK_DBL(vigil_geo_bearing(5, 5, 5, 5), 0, 0);
	/* Going east along 60N, the initial bearing is north of east. */
	CHECK(vigil_geo_bearing(60, 0, 60, 10) < 90);
	vigil_geo_dest(0, 0, 90, 6371.0088 * PI / 180, &la, &lo);
	CHECK_DBL(la, 0, 1e-9);
	CHECK_DBL(lo, 1, 1e-9);
	vigil_geo_dest(0, 179.5, 90, 6371.0088 * PI / 180, &la, &lo);
	CHECK_DBL(lo, -179.5, 1e-9);
	for (i = 0; i < 200; i++) {
		double a = urand() * 140 - 70, b = urand() * 360 - 180, br = urand() * 360, d = urand() * 2000;
		vigil_geo_dest(a, b, br, d, &la, &lo);
		if (fabs(vigil_geo_dist_km(a, b, la, lo) - d) > 1e-6)
			CHECK_DBL(vigil_geo_dist_km(a, b, la, lo), d, 1e-6);
		if (d > 1 && fabs(fmod(vigil_geo_bearing(a, b, la, lo) - br + 540, 360) - 180) > 1e-6)
			CHECK_DBL(vigil_geo_bearing(a, b, la, lo), br, 1e-6);
	}
	CHECK(1);
}

static void test_bbox_pip(void)
{
	struct vigil_bbox b;
	static const struct vigil_geo_pt sq[] = { { 0, 0 }, { 0, 10 }, { 10, 10 }, { 10, 0 } };
	/* A "C" shape open to the east: concave. */
	static const struct vigil_geo_pt cs[] = { { 0, 0 }, { 0, 10 }, { 2, 10 }, { 2, 2 }, { 8, 2 }, { 8, 10 }, { 10, 10 }, { 10, 0 } };

	vigil_bbox_empty(&b);
	CHECK(!vigil_bbox_contains(&b, 0, 0));
	vigil_bbox_extend(&b, 1, 2);
	vigil_bbox_extend(&b, -1, 5);
	CHECK(vigil_bbox_contains(&b, 0, 3));
	CHECK(vigil_bbox_contains(&b, 1, 5));
	CHECK(!vigil_bbox_contains(&b, 1.01, 3));
	vigil_bbox_around(&b, 40, 130, 10);
	CHECK(vigil_bbox_contains(&b, 40.089, 130));
	CHECK(vigil_bbox_contains(&b, 40, 130.117));
	CHECK(!vigil_bbox_contains(&b, 40.1, 130));
	vigil_bbox_around(&b, 89.99, 0, 10);
	CHECK(vigil_bbox_contains(&b, 89.99, 179));

	CHECK(vigil_geo_ring_contains(sq, 4, 5, 5));
	CHECK(!vigil_geo_ring_contains(sq, 4, 11, 5));
	CHECK(!vigil_geo_ring_contains(sq, 4, 5, -0.001));
	/* Half-open rule: the lower-left edges are in, the upper-right ones out. */
	CHECK(vigil_geo_ring_contains(sq, 4, 0, 5));
	CHECK(vigil_geo_ring_contains(sq, 4, 5, 0));
	CHECK(!vigil_geo_ring_contains(sq, 4, 10, 5));
	CHECK(!vigil_geo_ring_contains(sq, 4, 5, 10));
	CHECK(vigil_geo_ring_contains(cs, 8, 1, 5));
	CHECK(!vigil_geo_ring_contains(cs, 8, 5, 5));   /* in the notch */
	CHECK(vigil_geo_ring_contains(cs, 8, 5, 1));
	CHECK(vigil_geo_ring_contains(cs, 8, 9, 9));
	CHECK(!vigil_geo_ring_contains(cs, 8, 5, 9.99));
}

static void test_areas_and_index(void)
{
	struct vigil_geo g, h;
	struct vigil_geo_area a;
	struct vigil_geo_place p;
	struct vigil_geo_hit hit, out[8];
	/* Polygon 1: square 38-39N 124-125E with a hole 38.4-38.6N 124.4-124.6E; polygon 2: 40-40.5N 124-124.5E. */
	static const struct vigil_geo_pt pts[] = {
		{ 38, 124 }, { 38, 125 }, { 39, 125 }, { 39, 124 }, { 38, 124 },
		{ 38.4, 124.4 }, { 38.6, 124.4 }, { 38.6, 124.6 }, { 38.4, 124.6 },
		{ 40, 124 }, { 40, 124.5 }, { 40.5, 124.5 }, { 40.5, 124 },
	};
	static const struct vigil_geo_ring rings[] = { { 0, 5, 1 }, { 5, 4, 0 }, { 9, 4, 1 } };
	static const struct vigil_geo_ring bad[] = { { 5, 4, 0 } };
	int i, agree = 0;
	size_t n;

	vigil_geo_init(&g);
	memset(&a, 0, sizeof(a));
	a.kind = VIGIL_GEO_STS_HOTSPOT;
	strcpy(a.id, "MP");
	CHECK_INT(vigil_geo_add_area(&g, &a, bad, 1, pts, 13), VIGIL_E_INVAL);
	CHECK_INT(vigil_geo_add_area(&g, &a, rings, 3, pts, 12), VIGIL_E_INVAL);  /* ring past pts */
	CHECK_INT(vigil_geo_add_area(&g, &a, rings, 3, pts, 13), VIGIL_E_OK);
	CHECK_INT(g.nverts, 12);   /* closing repeat dropped */
	CHECK(vigil_geo_area_contains(&g, 0, 38.2, 124.2));
	CHECK(!vigil_geo_area_contains(&g, 0, 38.5, 124.5));  /* hole */
	CHECK(vigil_geo_area_contains(&g, 0, 40.2, 124.2));   /* second polygon */
	CHECK(!vigil_geo_area_contains(&g, 0, 39.5, 124.2));
	CHECK_DBL(vigil_geo_area_km(&g, 0, 38.5, 124.5), 0.1 * cos(38.5 * PI / 180) * 6371.0088 * PI / 180, 0.05);
	CHECK_DBL(vigil_geo_area_km(&g, 0, 39.5, 124.2), 0.5 * 6371.0088 * PI / 180, 0.3);
	CHECK_DBL(vigil_geo_area_km(&g, 0, 38.2, 124.2), 0, 0);
	/* A circle area. */
	memset(&a, 0, sizeof(a));
	a.kind = VIGIL_GEO_AOI;
	a.lat = 39.1667;
	a.lon = 127.57;
	a.radius_km = 20;
	CHECK_INT(vigil_geo_add_area(&g, &a, NULL, 0, NULL, 0), VIGIL_E_OK);
	CHECK(vigil_geo_area_contains(&g, 1, 39.1667, 127.75));  /* ~15.5 km east */
	CHECK(!vigil_geo_area_contains(&g, 1, 39.1667, 127.82)); /* ~21.6 km east */
	/* Places. */
	memset(&p, 0, sizeof(p));
	p.kind = VIGIL_GEO_PORT;
	p.lat = 35.1;
	p.lon = 129.0333;
	p.radius_km = 8;
	strcpy(p.name, "Busan");
	CHECK_INT(vigil_geo_add_place(&g, &p), VIGIL_E_OK);
	p.lat = 95;
	CHECK_INT(vigil_geo_add_place(&g, &p), VIGIL_E_RANGE);
	p.lat = 35.0;
	p.radius_km = 500;
	CHECK_INT(vigil_geo_add_place(&g, &p), VIGIL_E_RANGE);
	p.radius_km = 3;
	p.kind = VIGIL_GEO_ANCHORAGE;
	p.lat = 35.05;
	p.lon = 129.1;
	CHECK_INT(vigil_geo_add_place(&g, &p), VIGIL_E_OK);
	/* Random extra places, then the indexed answers must equal the linear scan. */
	vigil_geo_init(&h);
	for (i = 0; i < 3000; i++) {
		memset(&p, 0, sizeof(p));
		p.kind = urand() < 0.5 ? VIGIL_GEO_PORT : VIGIL_GEO_ANCHORAGE;
		p.lat = 30 + urand() * 16;
		p.lon = 118 + urand() * 24;
		p.radius_km = (float)(urand() * 12);
		CHECK_INT(vigil_geo_add_place(&g, &p), VIGIL_E_OK);
	}
	for (i = 0; i < (int)g.nplaces; i++)
		vigil_geo_add_place(&h, &g.places[i]);
	for (i = 0; i < (int)g.nareas; i++) {
		const struct vigil_geo_area *ar = &g.areas[i];
		vigil_geo_add_area(&h, ar, g.rings + ar->first_ring, ar->nrings, g.verts, g.nverts);
	}
	/* Rings were copied with absolute offsets into g.verts: still a faithful copy. */
	CHECK_INT(h.nareas, 2);
	CHECK_INT(vigil_geo_index(&g, 10), VIGIL_E_OK);
	CHECK(g.ix != NULL);
	CHECK(h.ix == NULL);
	for (i = 0; i < 20000; i++) {
		double la = 29.5 + urand() * 17, lo = 117.5 + urand() * 25, mk = urand() < 0.5 ? 10 : 30 * urand();
		struct vigil_geo_hit h1, h2;
		int f1 = vigil_geo_nearest(&g, la, lo, mk, VIGIL_GEO_ALLKINDS, &h1);
		int f2 = vigil_geo_nearest(&h, la, lo, mk, VIGIL_GEO_ALLKINDS, &h2);
		size_t w1 = vigil_geo_within(&g, la, lo, i % 3 ? 1.0 : 4.0, VIGIL_GEO_ALLKINDS, NULL, 0);
		size_t w2 = vigil_geo_within(&h, la, lo, i % 3 ? 1.0 : 4.0, VIGIL_GEO_ALLKINDS, NULL, 0);
		struct vigil_geo_hit o1[64], o2[64];
		size_t x1 = vigil_geo_within(&g, la, lo, 1.0, VIGIL_GEO_ALLKINDS, o1, 64);
		size_t x2 = vigil_geo_within(&h, la, lo, 1.0, VIGIL_GEO_ALLKINDS, o2, 64);

		int kmsame = 1;

		(void)w1; (void)w2;
		/* the index's cached cosines give the very same distances as the linear scan's */
		for (size_t ia = 0; ia < x1 && ia < 64; ia++)
			for (size_t ib = 0; ib < x2 && ib < 64; ib++)
				if (o1[ia].is_area == o2[ib].is_area && o1[ia].index == o2[ib].index && o1[ia].km != o2[ib].km)
					kmsame = 0;
		if (f1 == f2 && (!f1 || fabs(h1.km - h2.km) < 1e-9) && x1 == x2 && kmsame &&
		    vigil_geo_in_interest(&g, la, lo) == vigil_geo_in_interest(&h, la, lo))
			agree++;
		else if (agree + 5 > i)
			fprintf(stderr, "index/linear differ at %f %f max %f: %d/%d %f/%f within %zu/%zu\n",
				la, lo, mk, f1, f2, f1 ? h1.km : -1, f2 ? h2.km : -1, x1, x2);
	}
	CHECK_INT(agree, 20000);
	/* Busan: inside its radius; the anchorage is the nearest within 1 km of its point. */
	n = vigil_geo_within(&g, 35.1, 129.0333, 0, VIGIL_GEO_KIND_BIT(VIGIL_GEO_PORT), out, 8);
	CHECK(n >= 1);
	CHECK(n >= 1 && !out[0].is_area && out[0].index == 0 && out[0].km < 1e-6);
	CHECK(vigil_geo_nearest(&g, 35.05, 129.1, 1, VIGIL_GEO_KIND_BIT(VIGIL_GEO_ANCHORAGE), &hit));
	CHECK_INT(hit.index, 1);
	CHECK_DBL(hit.km, 0, 1e-9);
	CHECK(!vigil_geo_nearest(&g, 35.05, 129.1, 1, 0, &hit));
	/* Interest: the hotspot polygon and circle; not the hole. */
	CHECK(vigil_geo_in_interest(&g, 38.2, 124.2));
	CHECK(!vigil_geo_in_interest(&g, 38.5, 124.5));
	CHECK(vigil_geo_in_interest(&g, 39.17, 127.6));
	CHECK(!vigil_geo_in_interest(&g, 37.0, 127.6));
	/* Polygon areas of the kind asked count at distance 0. */
	CHECK(vigil_geo_nearest(&g, 38.2, 124.2, 1, VIGIL_GEO_KIND_BIT(VIGIL_GEO_STS_HOTSPOT), &hit) && hit.is_area && hit.km == 0);
	/* Adding drops the index; the linear fallback still answers. */
	memset(&p, 0, sizeof(p));
	p.lat = 10;
	p.lon = 10;
	p.radius_km = 1;
	CHECK_INT(vigil_geo_add_place(&g, &p), VIGIL_E_OK);
	CHECK(g.ix == NULL);
	CHECK(vigil_geo_nearest(&g, 10.001, 10, 5, VIGIL_GEO_PORTLIKE, &hit));
	/* Near the antimeridian. */
	p.lat = 50;
	p.lon = 179.99;
	CHECK_INT(vigil_geo_add_place(&g, &p), VIGIL_E_OK);
	CHECK_INT(vigil_geo_index(&g, 10), VIGIL_E_OK);
	CHECK(vigil_geo_nearest(&g, 50, -179.99, 5, VIGIL_GEO_PORTLIKE, &hit) && fabs(hit.km - 1.43) < 0.05);
	CHECK(!vigil_geo_nearest(&g, 95, 0, 5, VIGIL_GEO_PORTLIKE, &hit));
	CHECK(!vigil_geo_nearest(&g, NAN, 0, 5, VIGIL_GEO_PORTLIKE, &hit));
	CHECK_STR(vigil_geo_kind_name(VIGIL_GEO_STS_HOTSPOT), "sts_hotspot");
	CHECK_INT(vigil_geo_kind_parse("STS hotspot (DPRK territorial waters)"), VIGIL_GEO_STS_HOTSPOT);
	CHECK_INT(vigil_geo_kind_parse("transit corridor"), VIGIL_GEO_CORRIDOR);
	CHECK_INT(vigil_geo_kind_parse("lighthouse"), -1);
	vigil_geo_release(&g);
	vigil_geo_release(&h);
}

static void test_csv_fixtures(void)
{
	static const char csv[] =
		"\xef\xbb\xbf# a comment\r\n"
		"ID,Name,Kind,ISO3,Lat,Lon,radius_km,source\r\n"
		"P1,\"Port, with comma\",port,KOR,35.1,129.03,8,\"WPI \"\"PUSAN\"\"\"\r\n"
		"P2,Bad lat,port,KOR,95,129,8,x\r\n"
		"\r\n"
		"P3,Hot,sts_hotspot,PRK,39.16,127.57,20,VOA\r\n"
		"P4,No radius,anchorage,CHN,31,122,,\r\n"
		"P5,Bad kind,lighthouse,CHN,31,122,,\r\n";
	static const char nolat[] = "name,x,y\nA,1,2\n";
	static const char gfw[] = "s2id,latitude,longitude,label,sublabel,iso3\n356ec741,34.839,128.42,TONGYEONG,,KOR\n";
	static const char unterminated[] = "lat,lon,name\n1,2,\"abc\n";
	/* NGA World Port Index export: named columns, country as a name. */
	static const char nga[] = "World Port Index Number,Region Name,Main Port Name,Alternate Port Name,UN/LOCODE,"
		"Country Code,World Water Body,Latitude,Longitude\n"
		"60850,Korea -- 60850,Pusan,,KR PUS,South Korea,Korea Strait,35.1,129.033333\n";
	struct vigil_geo g;
	struct vigil_geo_loadinfo in;

	vigil_geo_init(&g);
	memset(&in, 0, sizeof(in));
	in.file = "fixture.csv";
	CHECK_INT(vigil_geo_load_csv(&g, csv, sizeof(csv) - 1, VIGIL_GEO_PORT, 5, &in), VIGIL_E_OK);
	CHECK_INT(in.added, 3);
	CHECK_INT(in.skipped, 2);
	CHECK(strstr(in.first_skip, "fixture.csv:4:") != NULL);
	CHECK_INT(g.nplaces, 2);
	CHECK_INT(g.nareas, 1);
	CHECK_STR(g.places[0].name, "Port, with comma");
	CHECK_STR(g.places[0].country, "KOR");
	CHECK_STR(vigil_geo_source(&g, g.places[0].source), "fixture.csv: WPI \"PUSAN\"");
	CHECK_DBL(g.places[0].radius_km, 8, 0);
	CHECK_DBL(g.places[1].radius_km, 5, 0);   /* default */
	CHECK_INT(g.places[1].kind, VIGIL_GEO_ANCHORAGE);
	CHECK_INT(g.areas[0].kind, VIGIL_GEO_STS_HOTSPOT);
	CHECK_DBL(g.areas[0].radius_km, 20, 0);

	memset(&in, 0, sizeof(in));
	in.file = "nolat.csv";
	CHECK_INT(vigil_geo_load_csv(&g, nolat, sizeof(nolat) - 1, VIGIL_GEO_PORT, 5, &in), VIGIL_E_CSV);
	CHECK(strstr(in.msg, "nolat.csv:1:") != NULL);
	memset(&in, 0, sizeof(in));
	CHECK_INT(vigil_geo_load_csv(&g, "", 0, VIGIL_GEO_PORT, 5, &in), VIGIL_E_CSV);
	memset(&in, 0, sizeof(in));
	in.file = "gfw.csv";
	CHECK_INT(vigil_geo_load_csv(&g, gfw, sizeof(gfw) - 1, VIGIL_GEO_ANCHORAGE, 3, &in), VIGIL_E_OK);
	CHECK_STR(g.places[g.nplaces - 1].name, "TONGYEONG");
	CHECK_STR(g.places[g.nplaces - 1].id, "356ec741");
	memset(&in, 0, sizeof(in));
	CHECK_INT(vigil_geo_load_csv(&g, unterminated, sizeof(unterminated) - 1, VIGIL_GEO_PORT, 3, &in), VIGIL_E_OK);
	CHECK_INT(in.skipped, 1);
	memset(&in, 0, sizeof(in));
	CHECK_INT(vigil_geo_load_csv(&g, nga, sizeof(nga) - 1, VIGIL_GEO_PORT, 4, &in), VIGIL_E_OK);
	CHECK_INT(in.added, 1);
	CHECK_STR(g.places[g.nplaces - 1].name, "Pusan");
	CHECK_STR(g.places[g.nplaces - 1].id, "60850");
	CHECK_STR(g.places[g.nplaces - 1].country, "");
	CHECK_DBL(g.places[g.nplaces - 1].lon, 129.033333, 1e-9);
	vigil_geo_release(&g);
}

static void test_geojson_fixtures(void)
{
	static const char fc[] =
		"{\"type\":\"FeatureCollection\",\"features\":[\n"
		"{\"type\":\"Feature\",\"properties\":{\"id\":\"A1\",\"name\":\"Box \\u00e9\",\"kind\":\"aoi\",\"source\":\"ours\"},"
		" \"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[124,38],[125,38],[125,39],[124,39],[124,38]],"
		"[[124.4,38.4],[124.6,38.4],[124.6,38.6],[124.4,38.6],[124.4,38.4]]]}},\n"
		"{\"type\":\"Feature\",\"properties\":{\"id\":7},"
		" \"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[[[[0,0],[1,0],[1,1],[0,0]]],[[[5,5],[6,5],[6,6],[5,5]]]]}},\n"
		"{\"type\":\"Feature\",\"properties\":{\"name\":\"Pt\",\"kind\":\"port\",\"radius_km\":4,\"iso3\":\"JPN\"},"
		" \"geometry\":{\"type\":\"Point\",\"coordinates\":[139.05,37.9]}},\n"
		"{\"type\":\"Feature\",\"properties\":null,\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[0,0],[1,1]]}},\n"
		"{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[0,0]]]}},\n"
		"{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,95],[0,0]]]}},\n"
		"42\n"
		"]}\n";
	static const char broken[] = "{\"type\":\"FeatureCollection\",\n\"features\":[\n{\"type\":}\n]}";
	static const char bare[] = "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[2,0],[2,2],[0,2],[0,0]]]}";
	struct vigil_geo g;
	struct vigil_geo_loadinfo in;

	vigil_geo_init(&g);
	memset(&in, 0, sizeof(in));
	in.file = "fix.geojson";
	CHECK_INT(vigil_geo_load_geojson(&g, fc, sizeof(fc) - 1, -1, &in), VIGIL_E_OK);
	CHECK_INT(in.added, 3);
	CHECK_INT(in.skipped, 4);
	CHECK(strstr(in.first_skip, "fix.geojson:5:") != NULL);
	CHECK_INT(g.nareas, 2);
	CHECK_INT(g.nplaces, 1);
	CHECK_STR(g.areas[0].name, "Box \xc3\xa9");
	CHECK_INT(g.areas[0].kind, VIGIL_GEO_AOI);
	CHECK_INT(g.areas[1].kind, VIGIL_GEO_USER);
	CHECK_STR(g.areas[1].id, "7");
	CHECK(vigil_geo_area_contains(&g, 0, 38.2, 124.2));
	CHECK(!vigil_geo_area_contains(&g, 0, 38.5, 124.5));
	CHECK(vigil_geo_area_contains(&g, 1, 5.2, 5.5));
	CHECK(!vigil_geo_area_contains(&g, 1, 3, 3));
	CHECK_STR(g.places[0].country, "JPN");
	CHECK_DBL(g.places[0].lat, 37.9, 0);
	memset(&in, 0, sizeof(in));
	in.file = "broken.geojson";
	CHECK_INT(vigil_geo_load_geojson(&g, broken, sizeof(broken) - 1, -1, &in), VIGIL_E_JSON);
	CHECK(strstr(in.msg, "broken.geojson:3:") != NULL);
	memset(&in, 0, sizeof(in));
	CHECK_INT(vigil_geo_load_geojson(&g, bare, sizeof(bare) - 1, VIGIL_GEO_AOI, &in), VIGIL_E_OK);
	CHECK_INT(in.added, 1);
	memset(&in, 0, sizeof(in));
	CHECK_INT(vigil_geo_load_geojson(&g, "[1,2]", 5, -1, &in), VIGIL_E_FORMAT);
	vigil_geo_release(&g);
}

/* Our shipped geography: every port of interest present, >= 40 commercial ports, hotspots work. */
static void test_default_data(void)
{
	static const char *const must[] = {
		"Rajin", "Sonbong", "Chongjin", "Kimchaek", "Hungnam", "Wonsan", "Nampo", "Songrim", "Haeju",
		"Vostochny", "Nakhodka", "Dunai", "Bolshoy Kamen", "Vladivostok", "Slavyanka", "Zarubino", "Posyet",
		"Busan", "Qingdao", "Shanghai", "Yangshan", "Ningbo-Zhoushan", "Tianjin", "Dalian", "Yantai",
		"Lianyungang", "Incheon", "Pyeongtaek", "Gwangyang", "Ulsan", "Pohang", "Niigata", "Toyama",
		"Kanazawa", "Maizuru", "Sakaiminato", "Hakata", "Kitakyushu", "Kobe",
	};
	struct vigil_geo g;
	struct vigil_geo_loadinfo in;
	struct vigil_geo_hit hit;
	char *buf;
	size_t len, i, k, names = 0;

	vigil_geo_init(&g);
	buf = test_slurp("data/geo/ports.csv", &len);
	CHECK(buf != NULL);
	if (!buf)
		return;
	memset(&in, 0, sizeof(in));
	in.file = "ports.csv";
	CHECK_INT(vigil_geo_load_csv(&g, buf, len, VIGIL_GEO_PORT, 5, &in), VIGIL_E_OK);
	CHECK_INT(in.skipped, 0);
	free(buf);
	buf = test_slurp("data/geo/areas.geojson", &len);
	CHECK(buf != NULL);
	memset(&in, 0, sizeof(in));
	in.file = "areas.geojson";
	CHECK_INT(vigil_geo_load_geojson(&g, buf, buf ? len : 0, VIGIL_GEO_AOI, &in), VIGIL_E_OK);
	CHECK_INT(in.added, 4);
	free(buf);
	for (k = 0; k < sizeof(must) / sizeof(must[0]); k++) {
		int found = 0;
		for (i = 0; i < g.nplaces; i++)
			if (strcmp(g.places[i].name, must[k]) == 0)
				found = 1;
		if (!found)
			fprintf(stderr, "missing port %s\n", must[k]);
		CHECK(found);
	}
	for (i = 0; i < g.nplaces; i++) {
		for (k = 0; k < i; k++)
			if (strcmp(g.places[k].name, g.places[i].name) == 0)
				break;
		names += k == i;
		CHECK(vigil_geo_source(&g, g.places[i].source)[0] != 0);
	}
	CHECK(names >= 57);   /* 17 ports of interest + at least 40 commercial */
	CHECK_INT(vigil_geo_index(&g, 10), VIGIL_E_OK);
	/* Rajin pier area is in port; 30 km off Rajin is not. */
	CHECK(vigil_geo_nearest(&g, 42.24, 130.31, 10, VIGIL_GEO_PORTLIKE, &hit) && strcmp(g.places[hit.index].name, "Rajin") == 0);
	CHECK(!vigil_geo_nearest(&g, 41.95, 130.5, 10, VIGIL_GEO_PORTLIKE, &hit));
	/* Hotspots: off Wonsan and the East China Sea box; the Sea of Japan centre is not. */
	CHECK(vigil_geo_in_interest(&g, 39.2, 127.6));
	CHECK(vigil_geo_in_interest(&g, 30.8, 124.65));
	CHECK(vigil_geo_in_interest(&g, 38.5, 124.9));
	CHECK(!vigil_geo_in_interest(&g, 40.0, 134.0));
	/* The corridor is an area, but not an interest area. */
	CHECK(vigil_geo_within(&g, 42.5, 131.5, 0, VIGIL_GEO_KIND_BIT(VIGIL_GEO_CORRIDOR), &hit, 1) == 1);
	CHECK(!vigil_geo_in_interest(&g, 42.5, 131.5));
	/*
	 * vigil_geo_within_memo answers like vigil_geo_within along random ship
	 * tracks (steps of 0-2 km, so most stay in their cell), with the memo
	 * skipping look-ups at sea: same counts and the same hits in order.
	 */
	{
		int same = 0, memoed = 0, steps = 0;

		for (k = 0; k < 300; k++) {
			double la = 30 + urand() * 14, lo = 120 + urand() * 14, brg = urand() * 6.2831853;
			uint32_t memo = 0;

			for (i = 0; i < 400; i++, steps++) {
				struct vigil_geo_hit o1[32], o2[32];
				double ex = k % 7 == 0 ? 3.0 : 1.0;
				uint32_t before = memo;
				size_t n1 = vigil_geo_within_memo(&g, la, lo, ex, VIGIL_GEO_ALLKINDS, o1, 32, &memo);
				size_t n2 = vigil_geo_within(&g, la, lo, ex, VIGIL_GEO_ALLKINDS, o2, 32), j;
				int eq = n1 == n2;

				for (j = 0; eq && j < n1 && j < 32; j++)
					eq = o1[j].index == o2[j].index && o1[j].is_area == o2[j].is_area && o1[j].km == o2[j].km;
				same += eq;
				memoed += before != 0 && before == memo;
				if (urand() < 0.05)
					brg = urand() * 6.2831853;
				la += urand() * 0.018 * cos(brg);
				lo += urand() * 0.018 * sin(brg) / cos(la * 0.0174533);
			}
		}
		CHECK_INT(same, steps);
		CHECK(memoed > steps / 2);
		CHECK(memoed < steps);
	}
	vigil_geo_release(&g);
}

/* Real reference files in place: GFW's WPI and anchorage lists, the shared areas. */
static void test_shared_files(void)
{
	const char *sh = test_shared();
	char path[4300];
	struct vigil_geo g;
	struct vigil_geo_loadinfo in;
	struct vigil_geo_hit hit;
	char *buf;
	size_t len;

	if (!sh) {
		SKIP("../shared absent: WPI/GFW anchorage/GeoJSON loader checks on real files");
		return;
	}
	vigil_geo_init(&g);
	snprintf(path, sizeof(path), "%s/data/geo/gfw-anchorages/WPI_ports.csv", sh);
	buf = test_slurp(path, &len);
	if (!buf) {
		SKIP("WPI_ports.csv absent");
	} else {
		memset(&in, 0, sizeof(in));
		in.file = "WPI_ports.csv";
		CHECK_INT(vigil_geo_load_csv(&g, buf, len, VIGIL_GEO_PORT, 4, &in), VIGIL_E_OK);
		CHECK_INT(in.added + in.skipped, 3669);
		CHECK(in.added >= 3660);
		free(buf);
		CHECK_INT(vigil_geo_index(&g, 10), VIGIL_E_OK);
		CHECK(vigil_geo_nearest(&g, 42.24, 130.29, 5, VIGIL_GEO_PORTLIKE, &hit) && strcmp(g.places[hit.index].name, "NAJIN") == 0);
	}
	snprintf(path, sizeof(path), "%s/data/geo/gfw-anchorages/anchorage_overrides.csv", sh);
	buf = test_slurp(path, &len);
	if (!buf) {
		SKIP("anchorage_overrides.csv absent");
	} else {
		memset(&in, 0, sizeof(in));
		in.file = "anchorage_overrides.csv";
		CHECK_INT(vigil_geo_load_csv(&g, buf, len, VIGIL_GEO_ANCHORAGE, 3, &in), VIGIL_E_OK);
		CHECK_INT(in.added + in.skipped, 60410);
		CHECK(in.added >= 60400);
		free(buf);
		CHECK_INT(vigil_geo_index(&g, 10), VIGIL_E_OK);
		/* First row of the file: TONGYEONG at 34.8391N 128.4207E. */
		CHECK(vigil_geo_nearest(&g, 34.8391, 128.4207, 0.5, VIGIL_GEO_KIND_BIT(VIGIL_GEO_ANCHORAGE), &hit) &&
		      strcmp(g.places[hit.index].name, "TONGYEONG") == 0);
	}
	snprintf(path, sizeof(path), "%s/data/geo/sts_hotspots_and_aoi.geojson", sh);
	buf = test_slurp(path, &len);
	if (!buf) {
		SKIP("sts_hotspots_and_aoi.geojson absent");
	} else {
		size_t before = g.nareas;
		memset(&in, 0, sizeof(in));
		in.file = "sts_hotspots_and_aoi.geojson";
		CHECK_INT(vigil_geo_load_geojson(&g, buf, len, -1, &in), VIGIL_E_OK);
		CHECK_INT(in.added, 4);
		CHECK_INT(g.nareas - before, 4);
		CHECK_INT(g.areas[before].kind, VIGIL_GEO_STS_HOTSPOT);
		CHECK_INT(g.areas[before + 3].kind, VIGIL_GEO_CORRIDOR);
		free(buf);
	}
	snprintf(path, sizeof(path), "%s/data/geo/gfw-dprk-boundaries/eez_prk.json", sh);
	buf = test_slurp(path, &len);
	if (!buf) {
		SKIP("eez_prk.json absent");
	} else {
		size_t before = g.nareas;
		memset(&in, 0, sizeof(in));
		in.file = "eez_prk.json";
		CHECK_INT(vigil_geo_load_geojson(&g, buf, len, VIGIL_GEO_AOI, &in), VIGIL_E_OK);
		CHECK(in.added >= 1);
		CHECK_INT(vigil_geo_index(&g, 10), VIGIL_E_OK);
		/* Off Wonsan (39.2N 128.0E) lies in the DPRK EEZ; off Busan does not. */
		if (g.nareas > before) {
			CHECK(vigil_geo_area_contains(&g, before, 39.2, 128.0));
			CHECK(!vigil_geo_area_contains(&g, before, 34.9, 129.3));
		}
		free(buf);
	}
	vigil_geo_release(&g);
}

int main(void)
{
	test_geodesy();
	test_bbox_pip();
	test_areas_and_index();
	test_csv_fixtures();
	test_geojson_fixtures();
	test_default_data();
	test_shared_files();
	TEST_END();
}
