/* test_report.c - lib/report.c: event lines parsed, filters, the per-vessel table and its order, texts. */
#include <math.h>

#include "harness.h"
#include "vigil/error.h"
#include "vigil/geo.h"
#include "vigil/report.h"

static struct vigil_json_tok tok[VIGIL_REPORT_TOKENS];

/* Hand-written lines in detect's schema (docs/detect.md). */
static const char GAP[] =
	"{\"id\":\"gap-273210440-2-20240308T053632Z\",\"type\":\"gap\",\"mmsi\":273210440,\"imo\":9179842,"
	"\"name\":\"ANGARA\",\"vessels\":[{\"mmsi\":273210440,\"imo\":9179842,\"name\":\"ANGARA\",\"callsign\":\"UBYT2\","
	"\"segment\":2}],\"segment\":2,\"start\":\"2024-03-08T05:36:32Z\",\"end\":\"2024-03-09T10:36:32Z\","
	"\"duration_h\":29,\"lat\":42.5,\"lon\":132.25,\"end_lat\":42.7,\"end_lon\":132.9,\"confidence\":0.85,"
	"\"reasons\":[\"silent_while_others_heard_nearby\",\"draught_known\"],\"parameters\":{\"min_gap_h\":6},"
	"\"details\":{\"path_hours\":\"0110\",\"hours_checked\":4,\"distance_km\":31.0,"
	"\"reachable\":[{\"id\":\"PRK-RAJIN\",\"name\":\"Rajin\",\"kind\":\"port\",\"hours_needed\":14.6}],"
	"\"before\":{\"mmsi\":273210440,\"name\":\"ANGARA\",\"draught_m\":4.9},"
	"\"after\":{\"mmsi\":273210440,\"name\":\"ANGARA\",\"draught_m\":6.8}},"
	"\"evidence\":{\"messages\":2,\"first\":{\"file\":\"/x/demo.nmea\",\"line\":1201,\"offset\":90000},"
	"\"last\":{\"file\":\"/x/demo.nmea\",\"line\":5230,\"offset\":400000},"
	"\"sha256\":\"07e551c466373a05fbd1b87257133cdd5656483b2fbbcf7802caaee223a62be4\"}}";

static const char ENC[] =
	"{\"id\":\"encounter-445118200-671208300-20240309T020000Z\",\"type\":\"encounter\",\"mmsi\":445118200,"
	"\"vessels\":[{\"mmsi\":445118200,\"imo\":9254886,\"name\":\"PAEK DU 17\",\"segment\":1},"
	"{\"mmsi\":671208300,\"imo\":null,\"name\":\"OCEAN \\u004cAUREL\",\"segment\":1}],"
	"\"start\":\"2024-03-09T02:00:00Z\",\"end\":\"2024-03-09T05:12:00Z\",\"duration_h\":3.2,"
	"\"lat\":30.9,\"lon\":123.3,\"confidence\":0.9,\"reasons\":[\"long\"],"
	"\"details\":{\"median_distance_km\":0.4,\"median_speed_kn\":0.4},"
	"\"evidence\":{\"messages\":10,\"first\":{\"file\":\"d.nmea\",\"line\":0,\"offset\":5},"
	"\"last\":{\"file\":\"d.nmea\",\"line\":0,\"offset\":900}}}";

static const char PORT[] =
	"{\"id\":\"port_visit-440122220-1-20240308T000001Z\",\"type\":\"port_visit\",\"mmsi\":440122220,"
	"\"name\":\"DAE JIN 101\",\"vessels\":[{\"mmsi\":440122220,\"imo\":null,\"name\":\"DAE JIN 101\",\"segment\":1}],"
	"\"start\":\"2024-03-08T00:00:01Z\",\"end\":\"2024-03-08T02:21:22Z\",\"duration_h\":2.35583,"
	"\"lat\":36.03,\"lon\":129.42,\"confidence\":0.90,\"reasons\":[\"stopped_inside\"],"
	"\"details\":{\"place_id\":\"KOR-POHANG\",\"place\":\"Pohang\",\"country\":\"KOR\",\"kind\":\"port\","
	"\"stopped_h\":2.05},\"evidence\":{\"messages\":70,\"first\":{\"file\":\"d.nmea\",\"line\":0,\"offset\":730},"
	"\"last\":{\"file\":\"d.nmea\",\"line\":0,\"offset\":601955}}}";

static const char RAJIN[] =
	"{\"id\":\"port_visit-273210440-2-20240309T120000Z\",\"type\":\"port_visit\",\"mmsi\":273210440,"
	"\"vessels\":[{\"mmsi\":273210440,\"imo\":9179842,\"name\":\"ANGARA\",\"segment\":2}],"
	"\"start\":\"2024-03-09T12:00:00Z\",\"end\":\"2024-03-09T18:00:00Z\",\"duration_h\":6,\"confidence\":0.9,"
	"\"details\":{\"place\":\"Rajin\",\"country\":\"PRK\",\"kind\":\"port\",\"stopped_h\":5}}";

static int parse(const char *s, struct vigil_report_event *e, int *kind)
{
	return vigil_report_line(s, strlen(s), tok, VIGIL_REPORT_TOKENS, NULL, NULL, e, kind, NULL);
}

static void test_parse(void)
{
	struct vigil_report_event e;
	int kind = 0;

	CHECK_INT(parse(GAP, &e, &kind), VIGIL_E_OK);
	CHECK_INT(kind, VIGIL_REPORT_EVENT);
	CHECK_STR(e.id, "gap-273210440-2-20240308T053632Z");
	CHECK_STR(e.type, "gap");
	CHECK_INT(e.nv, 1);
	CHECK_INT(e.v[0].mmsi, 273210440);
	CHECK_INT(e.v[0].imo, 9179842);
	CHECK_STR(e.v[0].callsign, "UBYT2");
	CHECK_INT(e.v[0].segment, 2);
	/* 2024-03-08T05:36:32Z: 19790 days after 1970-01-01 */
	CHECK_INT(e.start, 19790LL * 86400 + 5 * 3600 + 36 * 60 + 32);
	CHECK_INT(e.end - e.start, 29 * 3600);
	CHECK_DBL(e.confidence, 0.85, 1e-12);
	CHECK_STR(e.reasons, "silent_while_others_heard_nearby, draught_known");
	CHECK_STR(e.reachable, "Rajin");
	CHECK(strstr(e.what, "reachable and back: Rajin (15 h)") != NULL);
	CHECK(strstr(e.what, "draught 4.9 -> 6.8 m") != NULL);
	CHECK(strstr(e.what, "others heard near its path 2 of 4 h") != NULL);
	CHECK_INT(e.messages, 2);
	CHECK_STR(e.first.file, "/x/demo.nmea");
	CHECK_INT(e.first.line, 1201);
	CHECK_INT(e.first.offset, 90000);
	CHECK_INT(e.last.line, 5230);
	CHECK_INT(e.last.offset, 400000);
	CHECK(e.first.has && e.last.has);
	CHECK_INT(strlen(e.sha256), 64);

	CHECK_INT(parse(ENC, &e, &kind), VIGIL_E_OK);
	CHECK_INT(e.nv, 2);
	CHECK_STR(e.v[1].name, "OCEAN LAUREL"); /* \u escape decoded */
	CHECK_INT(e.v[1].imo, 0);                /* null */
	CHECK_STR(e.sha256, "");
	CHECK(isnan(e.end_lat));

	CHECK_INT(parse(PORT, &e, &kind), VIGIL_E_OK);
	CHECK_STR(e.place, "Pohang");
	CHECK_STR(e.place_kind, "port");
	CHECK_STR(e.country, "KOR");
	CHECK_DBL(e.stopped_h, 2.05, 1e-12);
	CHECK(!vigil_report_poi(&e));
	CHECK_INT(parse(RAJIN, &e, &kind), VIGIL_E_OK);
	CHECK(vigil_report_poi(&e));
	CHECK(vigil_report_weight(&e) > 0);
	CHECK(!e.first.has);
}

static void test_records(void)
{
	struct vigil_report_event e;
	struct vigil_report_run run;
	int kind = 0;
	size_t pos = 0;
	const char *h = "{\"record\":\"header\",\"vigil\":{\"version\":\"0.1.0\",\"command\":\"detect\"},"
			"\"parameters\":{\"segment\":{\"max_knots\":25},\"reorder_s\":600},\"lists\":[\"data/lists\"],"
			"\"inputs\":[\"a.nmea\",\"b.nmea\"]}";
	const char *t = "{\"record\":\"trailer\",\"events\":155,\"positions\":10}";

	memset(&run, 0, sizeof(run));
	CHECK_INT(vigil_report_line(h, strlen(h), tok, VIGIL_REPORT_TOKENS, NULL, &run, &e, &kind, NULL), VIGIL_E_OK);
	CHECK_INT(kind, VIGIL_REPORT_HEADER);
	CHECK_STR(run.version, "0.1.0");
	CHECK_STR(run.inputs, "a.nmea, b.nmea");
	CHECK_STR(run.parameters, "segment.max_knots=25 reorder_s=600");
	CHECK_INT(run.nlist_paths, 1);
	CHECK_STR(run.list_path[0], "data/lists");
	CHECK_INT(vigil_report_line(t, strlen(t), tok, VIGIL_REPORT_TOKENS, NULL, &run, &e, &kind, NULL), VIGIL_E_OK);
	CHECK_INT(kind, VIGIL_REPORT_TRAILER);
	CHECK_INT(run.trailer_events, 155);
	CHECK_STR(run.trailer, "events=155 positions=10");
	/* Bad lines. */
	CHECK_INT(vigil_report_line("{\"id\":", 6, tok, VIGIL_REPORT_TOKENS, NULL, NULL, &e, &kind, &pos), VIGIL_E_JSON);
	CHECK_INT(parse("[1,2]", &e, &kind), VIGIL_E_PARSE);
	CHECK_INT(parse("{\"type\":\"gap\"}", &e, &kind), VIGIL_E_PARSE);       /* no vessel */
	CHECK_INT(parse("{\"mmsi\":273210440}", &e, &kind), VIGIL_E_PARSE);     /* no type */
	CHECK_INT(parse("{\"type\":\"gap\",\"mmsi\":273210440}", &e, &kind), VIGIL_E_OK); /* flat fields suffice */
	CHECK_INT(e.start, INT64_MIN);
	CHECK_INT(vigil_report_line(GAP, strlen(GAP), tok, 20, NULL, NULL, &e, &kind, NULL), VIGIL_E_TOOBIG);
	/* detect --vessels summaries and unknown record kinds are not events. */
	{
		static const char ves[] = "{\"record\":\"vessel\",\"mmsi\":667001122,\"imo\":9066332,\"name\":\"GOLDEN STAR 3\","
					  "\"identities\":[{\"imo\":9066332,\"name\":\"PACIFIC ROSE\"},{\"imo\":9066332,"
					  "\"name\":\"GOLDEN STAR 3\"}]}";
		struct vigil_report_table tb;
		struct vigil_report_event ge;
		size_t rows[VIGIL_REPORT_MAXV];
		uint32_t self[VIGIL_REPORT_MAXV];

		CHECK_INT(parse(ves, &e, &kind), VIGIL_E_OK);
		CHECK_INT(kind, VIGIL_REPORT_VESSEL);
		CHECK_INT(e.nv, 3);
		CHECK_STR(e.v[1].name, "PACIFIC ROSE");
		CHECK_INT(e.v[1].mmsi, 667001122);
		CHECK_INT(vigil_report_table_init(&tb, 0), VIGIL_E_OK);
		CHECK_INT(vigil_report_table_note(&tb, &e), 0); /* no row yet */
		CHECK_INT(parse("{\"type\":\"gap\",\"mmsi\":667001122,\"name\":\"GOLDEN STAR 3\"}", &ge, &kind), VIGIL_E_OK);
		vigil_report_table_add(&tb, NULL, &ge, rows, self);
		CHECK_INT(vigil_report_table_note(&tb, &e), 1);
		CHECK_INT(tb.rows[0].n_other_names, 1);
		CHECK_STR(tb.rows[0].other_names[0], "PACIFIC ROSE");
		vigil_report_table_release(&tb);
		CHECK_INT(parse("{\"record\":\"future\",\"type\":\"gap\",\"mmsi\":1}", &e, &kind), VIGIL_E_OK);
		CHECK_INT(kind, VIGIL_REPORT_OTHER);
	}
	/* A GeoJSON Feature: the event is its properties. */
	{
		static const char feat[] = "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]},"
					   "\"properties\":{\"id\":\"x\",\"type\":\"loitering\",\"mmsi\":445118200,"
					   "\"duration_h\":4.5,\"confidence\":0.7}}";

		CHECK_INT(parse(feat, &e, &kind), VIGIL_E_OK);
		CHECK_STR(e.type, "loitering");
		CHECK_INT(e.v[0].mmsi, 445118200);
		CHECK_DBL(e.duration_h, 4.5, 1e-12);
		CHECK_INT(parse("{\"type\":\"Feature\",\"properties\":null}", &e, &kind), VIGIL_E_PARSE);
	}
}

static void test_filters(void)
{
	struct vigil_report_event e;
	struct vigil_report_filter f;
	int kind;

	parse(ENC, &e, &kind);
	memset(&f, 0, sizeof(f));
	CHECK(vigil_report_pass(&f, &e));
	f.vessel = "671208300";
	CHECK(vigil_report_pass(&f, &e)); /* the second vessel matches */
	CHECK(!vigil_report_vessel_match(&f, &e.v[0]));
	f.vessel = "9254886";             /* IMO */
	CHECK(vigil_report_vessel_match(&f, &e.v[0]));
	f.vessel = "paek du";             /* name, any case, substring */
	CHECK(vigil_report_vessel_match(&f, &e.v[0]));
	f.vessel = "ANGARA";
	CHECK(!vigil_report_pass(&f, &e));
	f.vessel = NULL;
	f.types = "gap, encounter";
	CHECK(vigil_report_pass(&f, &e));
	f.types = "gap,loitering";
	CHECK(!vigil_report_pass(&f, &e));
	f.types = "encounte";             /* whole names only */
	CHECK(!vigil_report_pass(&f, &e));
	f.types = NULL;
	f.min_conf = 0.95;
	CHECK(!vigil_report_pass(&f, &e));
	f.min_conf = 0.9;
	CHECK(vigil_report_pass(&f, &e));
}

static void test_table(void)
{
	struct vigil_report_table t;
	struct vigil_report_event e;
	struct vigil_report_filter f;
	size_t rows[VIGIL_REPORT_MAXV], order[8], n;
	uint32_t self[VIGIL_REPORT_MAXV];
	int kind;
	const struct vigil_report_row *r;

	memset(&f, 0, sizeof(f));
	CHECK_INT(vigil_report_table_init(&t, 3), VIGIL_E_OK);
	parse(PORT, &e, &kind);
	CHECK_INT(vigil_report_table_add(&t, &f, &e, rows, self), 1);
	parse(GAP, &e, &kind);
	vigil_report_table_add(&t, &f, &e, rows, self);
	vigil_report_table_add(&t, &f, &e, rows, self); /* twice: two gaps */
	parse(RAJIN, &e, &kind);
	vigil_report_table_add(&t, &f, &e, rows, self);
	vigil_report_table_add(&t, &f, &e, rows, self);
	parse(ENC, &e, &kind);
	n = vigil_report_table_add(&t, &f, &e, rows, self);
	CHECK_INT(n, 1);
	CHECK_INT(self[0], 445118200);
	CHECK_INT(t.n, 3); /* the table is full: OCEAN LAUREL did not fit */
	CHECK_INT(t.over_cap_events, 1);
	CHECK_INT(t.over_cap_vessels, 1);
	vigil_report_table_order(&t, order);
	r = &t.rows[order[0]];
	CHECK_INT(r->mmsi, 273210440);
	CHECK_INT(r->gaps, 2);
	CHECK_DBL(r->dark_h, 58, 1e-9);
	CHECK_INT(r->poi_calls, 2);
	CHECK_INT(r->npoi, 1);
	CHECK_STR(r->poi[0], "Rajin");
	CHECK_INT(r->poi_n[0], 2);
	CHECK_STR(r->reachable, "Rajin");
	CHECK_STR(r->flag, "RU");
	CHECK_INT(r->events, 4);
	r = &t.rows[order[1]];
	CHECK_INT(r->mmsi, 445118200);
	CHECK_INT(r->encounters, 1);
	CHECK_INT(r->npartners, 1);
	CHECK_INT(r->partner[0], 671208300);
	CHECK_STR(r->partner_name[0], "OCEAN LAUREL");
	CHECK_STR(r->flag, "KP");
	r = &t.rows[order[2]];
	CHECK_INT(r->mmsi, 440122220); /* a routine port call only: last, score 0 */
	CHECK_DBL(r->score, 0, 0);
	vigil_report_table_release(&t);

	/* An encounter counts for both vessels; with --vessel only for the matching one. */
	CHECK_INT(vigil_report_table_init(&t, 0), VIGIL_E_OK);
	CHECK_INT(vigil_report_table_add(&t, &f, &e, rows, self), 2);
	CHECK_INT(self[0], 445118200);
	CHECK_INT(self[1], 671208300);
	CHECK_INT(t.rows[rows[1]].encounters, 1);
	vigil_report_table_release(&t);
	CHECK_INT(vigil_report_table_init(&t, 0), VIGIL_E_OK);
	f.vessel = "OCEAN";
	CHECK_INT(vigil_report_table_add(&t, &f, &e, rows, self), 1);
	CHECK_INT(t.rows[rows[0]].mmsi, 671208300);
	CHECK_INT(t.rows[rows[0]].partner[0], 445118200);
	vigil_report_table_release(&t);
}

static void test_text(void)
{
	struct vigil_report_event e;
	char buf[1024];
	int kind;
	struct vigil_geo g;
	struct vigil_geo_place p;

	vigil_report_time(0, buf, sizeof(buf));
	CHECK_STR(buf, "1970-01-01 00:00Z");
	vigil_report_iso(19790LL * 86400 + 4 * 3600 + 10 * 60 + 33, buf, sizeof(buf));
	CHECK_STR(buf, "2024-03-08T04:10:33Z");
	vigil_report_iso(951782400 + 86399, buf, sizeof(buf)); /* 2000-02-29, a leap day */
	CHECK_STR(buf, "2000-02-29T23:59:59Z");
	vigil_report_time(INT64_MIN, buf, sizeof(buf));
	CHECK_STR(buf, "?");

	parse(ENC, &e, &kind);
	vigil_report_finding(&e, 445118200, buf, sizeof(buf));
	CHECK(strstr(buf, "2024-03-09 02:00Z  encounter 3.2 h with OCEAN LAUREL (671208300, TG)") == buf);
	CHECK(strstr(buf, "median 0.4 kn") != NULL);
	CHECK(strstr(buf, "; conf 0.90") != NULL);
	vigil_report_finding(&e, 671208300, buf, sizeof(buf));
	CHECK(strstr(buf, "with PAEK DU 17 (445118200, KP, IMO 9254886)") != NULL);
	vigil_report_evidence(&e, buf, sizeof(buf));
	CHECK_STR(buf, "d.nmea bytes 5-900, 10 msgs");
	parse(GAP, &e, &kind);
	vigil_report_evidence(&e, buf, sizeof(buf));
	CHECK_STR(buf, "demo.nmea lines 1201-5230, 2 msgs, sha256 07e551c46637");
	CHECK_STR(vigil_report_flag(273210440), "RU");
	CHECK_STR(vigil_report_flag(12345), "");

	/* Place names from a one-port geography: Shanghai at 31.23N 121.47E (public coordinates). */
	vigil_geo_init(&g);
	memset(&p, 0, sizeof(p));
	p.lat = 31.23;
	p.lon = 121.47;
	p.radius_km = 10;
	p.kind = VIGIL_GEO_PORT;
	strcpy(p.name, "Shanghai");
	CHECK_INT(vigil_geo_add_place(&g, &p), VIGIL_E_OK);
	CHECK(vigil_report_near(&g, 31.23, 122.5, buf, sizeof(buf)) > 0);
	CHECK(strstr(buf, " nm E of Shanghai") != NULL);
	CHECK(vigil_report_near(&g, 31.24, 121.48, buf, sizeof(buf)) > 0);
	CHECK_STR(buf, "in Shanghai");
	CHECK_INT(vigil_report_near(&g, 10, 10, buf, sizeof(buf)), 0);
	CHECK_INT(vigil_report_near(NULL, 31, 121, buf, sizeof(buf)), 0);
	CHECK_INT(vigil_report_line(ENC, strlen(ENC), tok, VIGIL_REPORT_TOKENS, &g, NULL, &e, &kind, NULL), VIGIL_E_OK);
	CHECK(strstr(e.what, "at 30.90N 123.30E (") != NULL);
	CHECK(strstr(e.what, "of Shanghai)") != NULL);
	vigil_geo_release(&g);
}

int main(void)
{
	test_parse();
	test_records();
	test_filters();
	test_table();
	test_text();
	TEST_END();
}
