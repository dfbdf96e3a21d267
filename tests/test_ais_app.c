/* test_ais_app.c - types 6/8 application payloads: hand-built payloads per DAC/FID, bounds, JSON, gpsd goldens. */
#include "harness.h"
#include "vigil/ais.h"
#include "vigil/ais_app.h"
#include "ais_app_json.h"

/* A tiny MSB-first bit writer over a payload, so each test states its fields. */
static void put(struct vigil_ais_payload *p, uint64_t v, unsigned w)
{
	unsigned i;

	for (i = 0; i < w; i++, p->nbits++)
		if ((v >> (w - 1 - i)) & 1)
			p->bits[p->nbits >> 3] |= (uint8_t)(0x80u >> (p->nbits & 7));
}

/* Six-bit text, padded with '@' (0) to n characters. */
static void put_text(struct vigil_ais_payload *p, const char *s, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++) {
		unsigned c = *s ? (unsigned char)*s++ : '@';
		put(p, c >= 64 ? c - 64 : c, 6);
	}
}

static void pad_to(struct vigil_ais_payload *p, size_t n)
{
	while (p->nbits < n)
		put(p, 0, 1);
}

static void hdr6(struct vigil_ais_payload *p, unsigned dac, unsigned fid)
{
	vigil_ais_payload_clear(p);
	put(p, 6, 6);
	put(p, 0, 2);
	put(p, 244000001, 30);
	put(p, 1, 2);           /* seqno */
	put(p, 211000002, 30);  /* dest */
	put(p, 0, 2);           /* retransmit, spare */
	put(p, dac, 10);
	put(p, fid, 6);
}

static void hdr8(struct vigil_ais_payload *p, unsigned dac, unsigned fid)
{
	vigil_ais_payload_clear(p);
	put(p, 8, 6);
	put(p, 0, 2);
	put(p, 2320061, 30);
	put(p, 0, 2);
	put(p, dac, 10);
	put(p, fid, 6);
}

/* JSON members of a decoded payload, as the caller embeds them after "fid". */
static const char *json(const struct vigil_ais_app *a, int scaled)
{
	static char buf[16384];
	struct vigil__jbuf jb;

	vigil__jb_init(&jb, buf, sizeof(buf));
	vigil__jb_raw(&jb, "{", 1);
	vigil__ais_app_json(a, scaled, &jb);
	vigil__jb_raw(&jb, "}", 1);
	vigil__jb_finish(&jb);
	return jb.overflow ? "(overflow)" : buf;
}

#define CHECK_HAS(hay, needle) do { const char *h_ = (hay); \
	if (strstr(h_, (needle))) t_pass++; else { t_fail++; \
	fprintf(stderr, "FAIL %s:%d: %s lacks %s\n", __FILE__, __LINE__, h_, (needle)); } } while (0)

static void test_inland6(void)
{
	struct vigil_ais_payload p;
	struct vigil_ais_app a;

	/* DAC 200 FID 21: ETA at lock, exactly 248 bits. */
	hdr6(&p, 200, 21);
	put_text(&p, "DE", 2);
	put_text(&p, "HAM", 3);
	put_text(&p, "S1", 5);
	put_text(&p, "T22", 5);
	put_text(&p, "H3", 5);
	put(&p, 7, 4);
	put(&p, 14, 5);
	put(&p, 9, 5);
	put(&p, 30, 6);
	put(&p, 2, 3);
	put(&p, 1234, 12);
	pad_to(&p, 248);
	CHECK_INT(vigil_ais_app_decode(&p, 6, &a), 1);
	CHECK_INT(a.kind, VIGIL_AIS_APP_T6_D200_F21);
	CHECK_INT(a.dac, 200);
	CHECK_INT(a.fid, 21);
	CHECK_STR(a.u.inland_eta.country, "DE");
	CHECK_STR(a.u.inland_eta.locode, "HAM");
	CHECK_STR(a.u.inland_eta.terminal, "T22");
	CHECK_INT(a.u.inland_eta.month, 7);
	CHECK_INT(a.u.inland_eta.minute, 30);
	CHECK_INT(a.u.inland_eta.tugs, 2);
	CHECK_INT(a.u.inland_eta.airdraught, 1234);
	CHECK_HAS(json(&a, 1), "\"eta\":\"7-14T9:30\",\"tugs\":2,\"airdraught\":1234}");
	/* Any other length is refused, as gpsd does (raw data then). */
	put(&p, 0, 1);
	CHECK_INT(vigil_ais_app_decode(&p, 6, &a), 0);
	CHECK_INT(a.kind, VIGIL_AIS_APP_NONE);
	CHECK_INT(a.dac, 200);

	/* FID 55 persons on board, 168 bits. */
	hdr6(&p, 200, 55);
	put(&p, 12, 8);
	put(&p, 4000, 13);
	put(&p, 255, 8);
	pad_to(&p, 168);
	CHECK_INT(vigil_ais_app_decode(&p, 6, &a), 1);
	CHECK_INT(a.u.inland_pob.crew, 12);
	CHECK_INT(a.u.inland_pob.passengers, 4000);
	CHECK_INT(a.u.inland_pob.personnel, 255);
	CHECK_STR(json(&a, 0), "{\"crew\":12,\"passengers\":4000,\"personnel\":255}");

	/* DAC 250 FID 10 (AtoN monitoring, the ROI code shares DAC 235's layout). */
	hdr6(&p, 250, 10);
	put(&p, 274, 10);
	put(&p, 0, 10);
	put(&p, 3, 10);
	put(&p, 2, 2);
	put(&p, 1, 2);
	put(&p, 1, 1);
	put(&p, 0x81, 8);
	put(&p, 1, 1);
	pad_to(&p, 136);
	CHECK_INT(vigil_ais_app_decode(&p, 6, &a), 1);
	CHECK_INT(a.kind, VIGIL_AIS_APP_T6_D235_F10);
	CHECK_INT(a.u.aton_gla.ana_int, 274);
	CHECK_INT(a.u.aton_gla.stat_ext, 0x81);
	CHECK_INT(a.u.aton_gla.off_pos, 1);
	/* 274 * 0.05 V = 13.70; a zero reading stays an integer even when scaled. */
	CHECK_HAS(json(&a, 1), "\"ana_int\":13.70,\"ana_ext1\":0,\"ana_ext2\":0.15");
	CHECK_HAS(json(&a, 1), "\"racon_text\":\"RACON operational\",\"light\":1,\"light_text\":\"Light ON\"");
}

static void test_tidal_and_cargo(void)
{
	struct vigil_ais_payload p;
	struct vigil_ais_app a;
	unsigned i;

	/* FID 32: three tidal windows fill 97 + 3*88 = 361 bits; gpsd then counts a 4th, empty one. */
	hdr6(&p, 1, 32);
	put(&p, 5, 4);
	put(&p, 17, 5);
	for (i = 0; i < 3; i++) {
		put(&p, (uint64_t)(-60000 * (int)(i + 1)) & 0x1ffffff, 25);
		put(&p, 30000u * (i + 1), 24);
		put(&p, i, 5);
		put(&p, 10 + i, 6);
		put(&p, 20 + i, 5);
		put(&p, 40 + i, 6);
		put(&p, 359, 9);
		put(&p, 12, 8);
	}
	CHECK_INT(p.nbits, 361);
	CHECK_INT(vigil_ais_app_decode(&p, 6, &a), 1);
	CHECK_INT(a.u.tidal.ntidals, 4);
	CHECK_INT(a.u.tidal.tidals[1].lon, -120000);
	CHECK_INT(a.u.tidal.tidals[2].lat, 90000);
	CHECK_INT(a.u.tidal.tidals[2].to_min, 42);
	CHECK_INT(a.u.tidal.tidals[3].cdir, 0);
	CHECK_HAS(json(&a, 1), "{\"lon\":-1.0000,\"lat\":0.5000,\"from_hour\":0,\"from_min\":10,"
		  "\"to_hour\":20,\"to_min\":40,\"cdir\":359,\"cspeed\":1.2}");
	/* The longest payload gives the cap, never more. */
	hdr6(&p, 1, 32);
	pad_to(&p, VIGIL_AIS_APP_MAXBITS);
	CHECK_INT(vigil_ais_app_decode(&p, 6, &a), 1);
	CHECK_INT(a.u.tidal.ntidals, VIGIL_AIS_APP_MAXTIDALS);
	hdr6(&p, 1, 14);
	pad_to(&p, VIGIL_AIS_APP_MAXBITS);
	CHECK_INT(vigil_ais_app_decode(&p, 6, &a), 1);
	CHECK_INT(a.u.tidal.ntidals, 10);

	/* FID 14 (IMO236): latitude first, 93-bit elements. */
	hdr6(&p, 1, 14);
	put(&p, 1, 4);
	put(&p, 2, 5);
	put(&p, 3000000, 27);
	put(&p, (uint64_t)-6000000 & 0xfffffff, 28);
	put(&p, 23, 5);
	put(&p, 59, 6);
	put(&p, 1, 5);
	put(&p, 2, 6);
	put(&p, 90, 9);
	put(&p, 127, 7);
	CHECK_INT(vigil_ais_app_decode(&p, 6, &a), 1);
	CHECK_INT(a.kind, VIGIL_AIS_APP_T6_D1_F14);
	CHECK_INT(a.u.tidal.tidals[0].lat, 3000000);
	CHECK_INT(a.u.tidal.tidals[0].lon, -6000000);
	CHECK_INT(a.u.tidal.tidals[0].from_min, 59);
	CHECK_INT(a.u.tidal.tidals[0].cspeed, 127);

	/* FID 25: 17-bit cargo elements while any bit of one is present; capped at 1008 bits. */
	hdr6(&p, 1, 25);
	put(&p, 2, 2);
	put(&p, 1000, 10);
	put(&p, 9, 4);
	put(&p, 8191, 13);
	put(&p, 1, 4);
	CHECK_INT(vigil_ais_app_decode(&p, 6, &a), 1);
	CHECK_INT(a.u.dgcargo289.ncargos, 2);
	CHECK_INT(a.u.dgcargo289.cargos[0].subtype, 8191);
	CHECK_INT(a.u.dgcargo289.cargos[1].code, 1);
	CHECK_STR(json(&a, 1), "{\"unit\":2,\"amount\":1000,\"cargos\":[{\"code\":9,\"subtype\":8191},"
		  "{\"code\":1,\"subtype\":0}]}");
	hdr6(&p, 1, 25);
	pad_to(&p, VIGIL_AIS_APP_MAXBITS);
	CHECK_INT(vigil_ais_app_decode(&p, 6, &a), 1);
	CHECK_INT(a.u.dgcargo289.ncargos, VIGIL_AIS_APP_MAXCARGOS);
	/* Empty array when nothing follows the header fields. */
	hdr6(&p, 1, 25);
	pad_to(&p, 100);
	CHECK_INT(vigil_ais_app_decode(&p, 6, &a), 1);
	CHECK_HAS(json(&a, 0), "\"cargos\":[]}");
}

static void test_route_and_text(void)
{
	struct vigil_ais_payload p;
	struct vigil_ais_app a;
	const char *j;

	/* FID 27: a waypoint count of 31 with only two transmitted; the rest read as zero. */
	hdr8(&p, 1, 27);
	put(&p, 77, 10);
	put(&p, 1, 3);
	put(&p, 31, 5);
	put(&p, 12, 4);
	put(&p, 31, 5);
	put(&p, 23, 5);
	put(&p, 59, 6);
	put(&p, 262143, 18);
	put(&p, 31, 5);
	put(&p, (uint64_t)-6000000 & 0xfffffff, 28);
	put(&p, 3000000, 27);
	put(&p, 1, 28);
	put(&p, (uint64_t)-1 & 0x7ffffff, 27);
	CHECK_INT(vigil_ais_app_decode(&p, 8, &a), 1);
	CHECK_INT(a.u.route.waycount, 31);
	CHECK_INT(a.u.route.waypoints[0].lon, -6000000);
	CHECK_INT(a.u.route.waypoints[1].lat, -1);
	CHECK_INT(a.u.route.waypoints[30].lon, 0);
	j = json(&a, 1);
	CHECK_HAS(j, "\"rtype\":31,\"rtype_text\":\"Cancel route identified by message linkage\","
		  "\"start\":\"12-31T23:59Z\",\"duration\":262143,\"waypoints\":[{\"lon\":-10.000000,\"lat\":5.000000},"
		  "{\"lon\":0.000002,\"lat\":-0.000002},{\"lon\":0.000000");
	CHECK_HAS(j, "{\"lon\":0.000000,\"lat\":0.000000}]}");
	/* Same layout addressed (type 6, FID 28), shifted by 32 bits. */
	hdr6(&p, 1, 28);
	put(&p, 5, 10);
	put(&p, 0, 3);
	put(&p, 6, 5);
	pad_to(&p, 144);
	put(&p, 0, 5);
	CHECK_INT(vigil_ais_app_decode(&p, 6, &a), 1);
	CHECK_INT(a.u.route.linkage, 5);
	CHECK_HAS(json(&a, 0), "\"rtype_text\":\"Reserved for future use.\"");
	CHECK_HAS(json(&a, 0), "\"waypoints\":[]}");

	/* FID 29: text to the end of the payload, escaped as gpsd does; trailing spaces trimmed. */
	hdr8(&p, 1, 29);
	put(&p, 1023, 10);
	put_text(&p, "SAY \"HI\\\" ", 11);
	CHECK_INT(vigil_ais_app_decode(&p, 8, &a), 1);
	CHECK_STR(a.u.text.text, "SAY \"HI\\\"");
	CHECK_STR(json(&a, 0), "{\"linkage\":1023,\"text\":\"SAY \\\"HI\\\\\\\"\"}");
	/* Longest text fits the array exactly. */
	hdr8(&p, 1, 29);
	put(&p, 0, 10);
	while (p.nbits + 6 <= VIGIL_AIS_APP_MAXBITS)
		put_text(&p, "A", 1);
	CHECK_INT(vigil_ais_app_decode(&p, 8, &a), 1);
	CHECK_INT(strlen(a.u.text.text), VIGIL_AIS_APP_MAXTEXT);
	/* FID 30 shorter than its text start: empty text, still decoded. */
	hdr6(&p, 1, 30);
	put(&p, 3, 4);
	CHECK_INT(p.nbits, 92);
	CHECK_INT(vigil_ais_app_decode(&p, 6, &a), 1);
	CHECK_STR(a.u.text.text, "");
}

static void test_met(void)
{
	struct vigil_ais_payload p;
	struct vigil_ais_app a;
	const char *j;

	/* FID 31: signed temperatures; water level offset 10 m in cm. */
	hdr8(&p, 1, 31);
	put(&p, 1126600, 25);
	put(&p, 3264671, 24);
	put(&p, 1, 1);
	put(&p, 20, 5);
	put(&p, 18, 5);
	put(&p, 28, 6);
	put(&p, 17, 7);
	put(&p, 126, 7);
	put(&p, 132, 9);
	put(&p, 360, 9);
	put(&p, (uint64_t)-15 & 0x7ff, 11);  /* airtemp -1.5 C */
	put(&p, 80, 7);
	put(&p, (uint64_t)-1 & 0x3ff, 10);   /* dewpoint -0.1 C */
	put(&p, 214, 9);                     /* 214 + 799 = 1013 hPa */
	put(&p, 1, 2);
	put(&p, 1, 1);
	put(&p, 127, 7);
	put(&p, 1538, 12);                   /* (1538 - 1000) / 100 = 5.38 m */
	pad_to(&p, 350);
	CHECK_INT(vigil_ais_app_decode(&p, 8, &a), 1);
	CHECK_INT(a.u.met289.airtemp, -15);
	CHECK_INT(a.u.met289.dewpoint, -1);
	CHECK_INT(a.u.met289.accuracy, 1);
	j = json(&a, 1);
	CHECK_HAS(j, "{\"lat\":54.4112,\"lon\":18.7767,\"accuracy\":true,\"timestamp\":\"20T18:28Z\"");
	CHECK_HAS(j, "\"airtemp\":-1.5,\"dewpoint\":-0.1,\"pressure\":1013,\"pressuretend\":\"increasing\","
		  "\"visgreater\":true,\"visibility\":12.7,\"waterlevel\":5.4,");
	CHECK_HAS(j, "\"preciptype\":\"reserved\",\"salinity\":0.0,\"ice\":\"no\"}");
	CHECK_HAS(json(&a, 0), "\"airtemp\":-15,\"dewpoint\":-1,\"pressure\":214,\"pressuretend\":1");

	/* FID 11 (IMO236): every field unsigned with offsets. */
	hdr8(&p, 1, 11);
	pad_to(&p, 153);
	put(&p, 742, 11);                    /* (742 - 600) / 10 = 14.2 C */
	pad_to(&p, 181);
	put(&p, 224, 9);                     /* 224 + 800 = 1024 hPa */
	pad_to(&p, 200);
	put(&p, 16, 9);                      /* (16 - 100) / 10 = -8.4 m */
	pad_to(&p, 352);
	CHECK_INT(vigil_ais_app_decode(&p, 8, &a), 1);
	CHECK_INT(a.u.met236.airtemp, 742);
	CHECK_INT(a.u.met236.waterlevel, 16);
	j = json(&a, 1);
	CHECK_HAS(j, "\"airtemp\":14.2,\"dewpoint\":-20.0,\"pressure\":1024,\"pressuretend\":\"steady\"");
	CHECK_HAS(j, "\"waterlevel\":-8.4,\"leveltrend\":\"steady\"");
	CHECK_HAS(j, "\"watertemp\":-10.0,\"preciptype\":0,\"preciptype_text\":\"reserved\"");
}

static void test_others8(void)
{
	struct vigil_ais_payload p;
	struct vigil_ais_app a;
	const char *j;

	/* FID 17: targets of 122 bits; MMSI is the low 32 bits of the 42-bit id. */
	hdr8(&p, 1, 17);
	put(&p, 0, 2);
	put(&p, 244000001ull | (1ull << 40), 42);
	put(&p, 0, 4);
	put(&p, 1000, 24);
	put(&p, (uint64_t)-1000 & 0x1ffffff, 25);
	put(&p, 180, 9);
	put(&p, 30, 6);
	put(&p, 123, 10);
	put(&p, 2, 2);
	put_text(&p, "PD\"X", 7);
	CHECK_INT(vigil_ais_app_decode(&p, 8, &a), 1);
	CHECK_INT(a.u.targets.ntargets, 2);
	CHECK_INT(a.u.targets.targets[0].id, 244000001);
	CHECK_INT(a.u.targets.targets[0].lon, -1000);
	CHECK_STR(a.u.targets.targets[1].idtext, "PD\"X");
	j = json(&a, 0);
	CHECK_HAS(j, "{\"targets\":[{\"idtype\":0,\"idtype_text\":\"mmsi\",\"mmsi\":\"244000001\",\"lat\":1000,"
		  "\"lon\":-1000,\"course\":180,\"second\":30,\"speed\":123},");
	CHECK_HAS(j, "\"callsign\":\"PD\\\"X\"");
	hdr8(&p, 1, 17);
	pad_to(&p, VIGIL_AIS_APP_MAXBITS);
	CHECK_INT(vigil_ais_app_decode(&p, 8, &a), 1);
	CHECK_INT(a.u.targets.ntargets, VIGIL_AIS_APP_MAXTARGETS);

	/* FID 19: vigil writes the comma gpsd 3.22 forgets and escapes the legend's quotes. */
	hdr8(&p, 1, 19);
	put(&p, 5, 10);
	put_text(&p, "KIEL", 20);
	put(&p, 60000, 25);
	put(&p, 120000, 24);
	put(&p, 1, 2);
	put(&p, 9, 5);
	put(&p, 12, 5);
	put(&p, 0, 6);
	put(&p, 31, 5);
	pad_to(&p, 360);
	CHECK_INT(vigil_ais_app_decode(&p, 8, &a), 1);
	CHECK_STR(json(&a, 0), "{\"linkage\":5,\"station\":\"KIEL\",\"lon\":1.0000,\"lat\":2.0000,"
		  "\"status\":1,\"signal\":9,\"signal_text\":\"I = \\\"in-bound\\\" only acceptable.\","
		  "\"hour\":12,\"minute\":0,\"nextsignal\":31,\"nextsignal_text\":\"INVALID SIGNAL TYPE\"}");

	/* FID 16 broadcast: only the two lengths gpsd knows; its JSON prints 0 (gpsd quirk). */
	hdr8(&p, 1, 16);
	put(&p, 0, 32);
	put(&p, 4321, 13);
	pad_to(&p, 192);
	CHECK_INT(vigil_ais_app_decode(&p, 8, &a), 1);
	CHECK_INT(a.u.persons, 4321);
	CHECK_STR(json(&a, 0), "{\"persons\":0}");
	put(&p, 0, 1);
	CHECK_INT(vigil_ais_app_decode(&p, 8, &a), 0);

	/* DAC 200 FID 10: hazard codes above 5 are taken as a false match. */
	hdr8(&p, 200, 10);
	put_text(&p, "02103547", 8);
	put(&p, 390, 13);
	put(&p, 50, 10);
	put(&p, 80, 14);
	put(&p, 5, 3);
	put(&p, 204, 11);
	put(&p, 3, 2);
	pad_to(&p, 168);
	CHECK_INT(vigil_ais_app_decode(&p, 8, &a), 1);
	j = json(&a, 0);
	CHECK_HAS(j, "\"shiptype\":80,\"shiptype_text\":\"Motor tanker, liquid cargo, type N\","
		  "\"hazard\":5,\"hazard_text\":\"Unknown\"");
	CHECK_HAS(j, "\"loaded\":3,\"loaded_text\":\"INVALID LOAD STATUS\"");
	p.bits[142 / 8] |= 0x80 >> (142 % 8);   /* hazard 5 -> 7 */
	CHECK_INT(vigil_ais_app_decode(&p, 8, &a), 0);

	/* DAC 200 FID 24: four gauges of 25 bits, signed levels, country unescaped. */
	hdr8(&p, 200, 24);
	put_text(&p, "NL", 2);
	put(&p, 7, 11);
	put(&p, (uint64_t)-250 & 0x3fff, 14);
	pad_to(&p, 168);
	CHECK_INT(vigil_ais_app_decode(&p, 8, &a), 1);
	CHECK_INT(a.u.levels.ngauges, 4);
	CHECK_STR(json(&a, 0), "{\"country\":\"NL\",\"gauges\":[{\"id\":7,\"level\":-250},{\"id\":0,\"level\":0},"
		  "{\"id\":0,\"level\":0},{\"id\":0,\"level\":0}]}");
}

/* IMO236/289 addressed messages with fixed layouts: FIDs 12, 15, 16, 18, 20 and DAC 200 FID 22. */
static void test_fixed6(void)
{
	struct vigil_ais_payload p;
	struct vigil_ais_app a;
	const char *j;
	unsigned i;

	hdr6(&p, 1, 12);
	put_text(&p, "NLRTM", 5);
	put(&p, 3, 4);
	put(&p, 4, 5);
	put(&p, 5, 5);
	put(&p, 6, 6);
	put_text(&p, "DE", 5);   /* "DE@@@": cut at the first '@' */
	put(&p, 12, 4);
	put(&p, 31, 5);
	put(&p, 23, 5);
	put(&p, 59, 6);
	put_text(&p, "CRUDE OIL   ", 20);
	put_text(&p, "3.1", 4);
	put(&p, 1267, 13);
	put(&p, 1023, 10);
	put(&p, 3, 2);
	CHECK_INT(p.nbits, 357);
	CHECK_INT(vigil_ais_app_decode(&p, 6, &a), 1);
	CHECK_INT(a.kind, VIGIL_AIS_APP_T6_D1_F12);
	CHECK_STR(a.u.dgcargo236.lastport, "NLRTM");
	CHECK_STR(a.u.dgcargo236.nextport, "DE");
	CHECK_STR(a.u.dgcargo236.dangerous, "CRUDE OIL");
	CHECK_INT(a.u.dgcargo236.unid, 1267);
	CHECK_STR(json(&a, 1), "{\"lastport\":\"NLRTM\",\"departure\":\"03-04T05:06Z\",\"nextport\":\"DE\","
		  "\"eta\":\"12-31T23:59Z\",\"dangerous\":\"CRUDE OIL\",\"imdcat\":\"3.1\",\"unid\":1267,"
		  "\"amount\":1023,\"unit\":3}");

	/* FID 15 reads bit 56 and FID 16 bit 55 unless the data part is 136 bits (gpsd 3.22). */
	hdr6(&p, 1, 15);
	pad_to(&p, 100);
	CHECK_INT(vigil_ais_app_decode(&p, 6, &a), 1);
	/* Bits 56-66 are bits 16-26 of the 30-bit destination MMSI at bit 40. */
	CHECK_INT(a.u.airdraught, 211000002u >> 3 & 0x7ff);
	CHECK_STR(json(&a, 0), "{\"airdraught\":856}");
	hdr6(&p, 1, 16);
	put(&p, 8191, 13);
	pad_to(&p, 224);
	CHECK_INT(vigil_ais_app_decode(&p, 6, &a), 1);
	CHECK_INT(a.u.persons, 8191);
	pad_to(&p, 225);
	CHECK_INT(vigil_ais_app_decode(&p, 6, &a), 1);
	CHECK_INT(a.u.persons, 211000002u >> 2 & 0x1fff);

	/* FID 18: clearance time, 1/1000-minute position. */
	hdr6(&p, 1, 18);
	put(&p, 1, 10);
	put(&p, 2, 4);
	put(&p, 3, 5);
	put(&p, 4, 5);
	put(&p, 5, 6);
	put_text(&p, "EUROPOORT", 20);
	put_text(&p, "NLRTM", 5);
	put(&p, 240000, 25);
	put(&p, (uint64_t)-3000000 & 0xffffff, 24);
	pad_to(&p, 360);
	CHECK_INT(vigil_ais_app_decode(&p, 6, &a), 1);
	CHECK_INT(a.u.clearance.lat, -3000000);
	CHECK_STR(json(&a, 1), "{\"linkage\":1,\"arrival\":\"02-03T04:05Z\",\"portname\":\"EUROPOORT\","
		  "\"destination\":\"NLRTM\",\"lon\":4.0000,\"lat\":-50.0000}");
	CHECK_HAS(json(&a, 0), "\"lon\":240000,\"lat\":-3000000}");

	/* FID 20: berthing data with 26 two-bit service codes in order. */
	hdr6(&p, 1, 20);
	put(&p, 9, 10);
	put(&p, 300, 9);
	put(&p, 123, 8);
	put(&p, 3, 3);
	put(&p, 1, 4);
	put(&p, 2, 5);
	put(&p, 3, 5);
	put(&p, 4, 6);
	put(&p, 1, 1);
	for (i = 0; i < 26; i++)
		put(&p, i % 4, 2);
	put_text(&p, "BERTH 7", 20);
	put(&p, (uint64_t)-60000 & 0x1ffffff, 25);
	put(&p, 60000, 24);
	CHECK_INT(p.nbits, 360);
	CHECK_INT(vigil_ais_app_decode(&p, 6, &a), 1);
	CHECK_INT(a.u.berth.services[25], 1);
	j = json(&a, 1);
	CHECK_HAS(j, "{\"linkage\":9,\"berth_length\":300,\"position\":3,"
		  "\"position_text\":\"Mediterranean (end-on) mooring\",\"arrival\":\"1-2T3:4\",\"availability\":1,"
		  "\"agent\":0,\"fuel\":1,\"chandler\":2,\"stevedore\":3,\"electrical\":0,");
	CHECK_HAS(j, "\"future1\":0,\"future2\":1,\"berth_name\":\"BERTH 7\",\"berth_lon\":-1.0000,"
		  "\"berth_lat\":1.0000,\"berth_depth\":12.3}");
	CHECK_HAS(json(&a, 0), "\"berth_depth\":123}");

	/* DAC 200 FID 22: RTA status legend, 232 bits exactly. */
	hdr6(&p, 200, 22);
	put_text(&p, "BE", 2);
	put_text(&p, "ANR", 3);
	pad_to(&p, 208);
	put(&p, 1, 4);
	put(&p, 2, 5);
	put(&p, 3, 5);
	put(&p, 4, 6);
	put(&p, 2, 2);
	pad_to(&p, 232);
	CHECK_INT(vigil_ais_app_decode(&p, 6, &a), 1);
	CHECK_INT(a.kind, VIGIL_AIS_APP_T6_D200_F22);
	CHECK_STR(json(&a, 0), "{\"country\":\"BE\",\"locode\":\"ANR\",\"section\":\"\",\"terminal\":\"\","
		  "\"hectometre\":\"\",\"eta\":\"1-2T3:4\",\"status\":2,\"status_text\":\"Out of order\"}");
}

/* Broadcast fixed layouts: DAC 1 FIDs 13 and 15, DAC 200 FIDs 23 and 40. */
static void test_fixed8(void)
{
	struct vigil_ais_payload p;
	struct vigil_ais_app a;

	hdr8(&p, 1, 13);
	put_text(&p, "ICE", 20);
	put_text(&p, "KIEL CANAL", 20);
	put_text(&p, "", 20);
	put(&p, 1000, 10);
	put(&p, 2, 2);
	put(&p, 9, 5);    /* from day */
	put(&p, 2, 4);    /* from month */
	put(&p, 8, 5);
	put(&p, 0, 6);
	put(&p, 10, 5);
	put(&p, 3, 4);
	put(&p, 18, 5);
	put(&p, 30, 6);
	CHECK_INT(vigil_ais_app_decode(&p, 8, &a), 1);
	CHECK_STR(json(&a, 0), "{\"reason\":\"ICE\",\"closefrom\":\"KIEL CANAL\",\"closeto\":\"\",\"radius\":1000,"
		  "\"extunit\":2,\"from\":\"02-09T08:00\",\"to\":\"03-10T18:30\"}");

	hdr8(&p, 1, 15);
	put(&p, 2047, 11);
	pad_to(&p, 72);
	CHECK_INT(vigil_ais_app_decode(&p, 8, &a), 1);
	CHECK_STR(json(&a, 1), "{\"airdraught\":2047}");

	/* EMMA warning: gpsd prints the start as year-month-hourTminute:day. */
	hdr8(&p, 200, 23);
	put(&p, 26, 8);
	put(&p, 11, 4);
	put(&p, 23, 5);
	put(&p, 27, 8);
	put(&p, 1, 4);
	put(&p, 2, 5);
	put(&p, 6, 5);
	put(&p, 7, 6);
	put(&p, 8, 5);
	put(&p, 9, 6);
	put(&p, 6000000, 28);
	put(&p, (uint64_t)-600000 & 0x7ffffff, 27);
	pad_to(&p, 222);
	put(&p, 5, 4);
	put(&p, (uint64_t)-20 & 0x1ff, 9);
	put(&p, 35, 9);
	put(&p, 2, 2);
	put(&p, 8, 4);
	pad_to(&p, 256);
	CHECK_INT(vigil_ais_app_decode(&p, 8, &a), 1);
	CHECK_INT(a.u.emma.min, -20);
	CHECK_STR(json(&a, 1), "{\"start\":\"2026-11-06T07:23\",\"end\":\"2027-01-02T08:09\","
		  "\"start_lon\":10.000000,\"start_lat\":-1.000000,\"end_lon\":0.000000,\"end_lat\":0.000000,"
		  "\"type\":5,\"type_text\":\"Fog\",\"min\":-20,\"max\":35,\"class\":2,\"class_text\":\"Strong\","
		  "\"wind\":8,\"wind_text\":\"North West\"}");

	hdr8(&p, 200, 40);
	put(&p, (uint64_t)-6000000 & 0xfffffff, 28);
	put(&p, 30000000, 27);
	put(&p, 3, 4);
	put(&p, 270, 9);
	put(&p, 2, 3);
	put(&p, 4, 30);
	pad_to(&p, 168);
	CHECK_INT(vigil_ais_app_decode(&p, 8, &a), 1);
	CHECK_STR(json(&a, 1), "{\"lon\":-10.000000,\"lat\":50.000000,\"form\":3,\"facing\":270,\"direction\":2,"
		  "\"direction_text\":\"Downstream\",\"status\":4,\"status_text\":\"Green\"}");
}

/* Truncated, oversized and unknown payloads: 0 and no read past the buffer (run under ASan). */
static void test_bounds(void)
{
	struct vigil_ais_payload p;
	struct vigil_ais_app a;
	size_t n;

	hdr6(&p, 1, 12);
	p.nbits = 87;
	CHECK_INT(vigil_ais_app_decode(&p, 6, &a), 0);
	hdr8(&p, 1, 11);
	p.nbits = 55;
	CHECK_INT(vigil_ais_app_decode(&p, 8, &a), 0);
	hdr8(&p, 1, 31);
	pad_to(&p, VIGIL_AIS_APP_MAXBITS + 1);
	CHECK_INT(vigil_ais_app_decode(&p, 8, &a), 0);
	CHECK_INT(a.dac, 1);
	CHECK_INT(a.fid, 31);
	/* Unknown DAC/FID, and FIDs gpsd 3.22 leaves undecoded. */
	hdr8(&p, 366, 56);
	pad_to(&p, 300);
	CHECK_INT(vigil_ais_app_decode(&p, 8, &a), 0);
	CHECK_INT(a.dac, 366);
	hdr8(&p, 1, 22);
	pad_to(&p, 300);
	CHECK_INT(vigil_ais_app_decode(&p, 8, &a), 0);
	hdr6(&p, 1, 23);
	pad_to(&p, 300);
	CHECK_INT(vigil_ais_app_decode(&p, 6, &a), 0);
	CHECK_INT(vigil_ais_app_decode(&p, 5, &a), 0);
	/* A header-only message of each structured kind decodes with zero fields, never more. */
	for (n = 88; n <= 200; n += 8) {
		hdr6(&p, 1, 28);
		pad_to(&p, n);
		CHECK_INT(vigil_ais_app_decode(&p, 6, &a), 1);
		CHECK_INT(a.u.route.waycount, 0);
	}
	/* Every payload bit set: the largest counts and codes stay in their arrays and legends. */
	hdr8(&p, 1, 27);
	while (p.nbits < VIGIL_AIS_APP_MAXBITS)
		put(&p, 1, 1);
	CHECK_INT(vigil_ais_app_decode(&p, 8, &a), 1);
	CHECK_INT(a.u.route.waycount, 31);
	CHECK_INT(a.u.route.waypoints[30].lon, 0);      /* past the payload */
	CHECK(strlen(json(&a, 1)) > 31 * 20);
	hdr8(&p, 1, 17);
	while (p.nbits < VIGIL_AIS_APP_MAXBITS)
		put(&p, 1, 1);
	CHECK_INT(vigil_ais_app_decode(&p, 8, &a), 1);
	CHECK_HAS(json(&a, 1), "\"idtype\":3,\"idtype_text\":\"other\",\"other\":\"???????\"");
	hdr8(&p, 1, 19);
	while (p.nbits < 360)
		put(&p, 1, 1);
	CHECK_INT(vigil_ais_app_decode(&p, 8, &a), 1);
	CHECK_HAS(json(&a, 1), "\"signal\":31,\"signal_text\":\"INVALID SIGNAL TYPE\"");
	hdr8(&p, 200, 23);
	while (p.nbits < 256)
		put(&p, 1, 1);
	CHECK_INT(vigil_ais_app_decode(&p, 8, &a), 1);
	CHECK_HAS(json(&a, 0), "\"type\":15,\"type_text\":\"INVALID EMMA TYPE\",\"min\":-1,\"max\":-1,"
		  "\"class\":3,\"class_text\":\"INVALID EMMA TYPE\",\"wind\":15,"
		  "\"wind_text\":\"INVALID EMMA WIND DIRECTION\"");
	hdr8(&p, 200, 40);
	while (p.nbits < 168)
		put(&p, 1, 1);
	CHECK_INT(vigil_ais_app_decode(&p, 8, &a), 1);
	CHECK_HAS(json(&a, 0), "\"direction\":7,\"direction_text\":\"INVALID DIRECTION\","
		  "\"status\":1073741823,\"status_text\":\"INVALID STATUS\"");
}

/*
 * gpsd's own regression files: frame the sentences like gpsd (one reassembly
 * context per channel), print the type 6/8 objects with the header gpsd
 * prints, and compare with the expected lines of the .chk files.
 */
static int golden_line(const struct vigil_ais_payload *p, int scaled, const char *dev,
		       char *out, size_t cap)
{
	unsigned type = vigil_ais_bits_u(p, 0, 6);
	size_t n = p->nbits, start, bc, i;
	struct vigil__jbuf jb;
	struct vigil_ais_app a;
	char tmp[256];
	int len;

	if ((type != 6 && type != 8) || n > 1008 || n < (type == 6 ? 88u : 56u))
		return 0;
	vigil__jb_init(&jb, out, cap);
	len = snprintf(tmp, sizeof(tmp), "{\"class\":\"AIS\"%s%s%s,\"type\":%u,\"repeat\":%u,\"mmsi\":%u,\"scaled\":%s",
		       dev ? ",\"device\":\"" : "", dev ? dev : "", dev ? "\"" : "", type,
		       vigil_ais_bits_u(p, 6, 2), vigil_ais_bits_u(p, 8, 30), scaled ? "true" : "false");
	vigil__jb_raw(&jb, tmp, (size_t)len);
	if (type == 6)
		len = snprintf(tmp, sizeof(tmp), ",\"seqno\":%u,\"dest_mmsi\":%u,\"retransmit\":%s,\"dac\":%u,\"fid\":%u",
			       vigil_ais_bits_u(p, 38, 2), vigil_ais_bits_u(p, 40, 30),
			       vigil_ais_bits_u(p, 70, 1) ? "true" : "false",
			       vigil_ais_bits_u(p, 72, 10), vigil_ais_bits_u(p, 82, 6));
	else
		len = snprintf(tmp, sizeof(tmp), ",\"dac\":%u,\"fid\":%u",
			       vigil_ais_bits_u(p, 40, 10), vigil_ais_bits_u(p, 50, 6));
	vigil__jb_raw(&jb, tmp, (size_t)len);
	if (vigil_ais_app_decode(p, type, &a)) {
		vigil__ais_app_json(&a, scaled, &jb);
	} else {
		start = type == 6 ? 88 : 56;
		bc = n - start;
		len = snprintf(tmp, sizeof(tmp), ",\"data\":\"%zu:", bc);
		vigil__jb_raw(&jb, tmp, (size_t)len);
		for (i = 0; i < (bc + 7) / 8; i++) {
			unsigned b = p->bits[start / 8 + i];

			if (type == 8 && i == (bc + 7) / 8 - 1 && bc % 8)
				b &= 0xffu << (8 - bc % 8);
			snprintf(tmp, sizeof(tmp), "%02x", b & 0xff);
			vigil__jb_raw(&jb, tmp, 2);
		}
		vigil__jb_raw(&jb, "\"", 1);
	}
	vigil__jb_raw(&jb, "}", 1);
	vigil__jb_finish(&jb);
	return !jb.overflow;
}

/* Compare the type 6/8 objects of `in` against those in `chk`; returns the number compared. */
static int golden(const char *shared, const char *in, const char *chk, int scaled, const char *dev)
{
	static struct vigil_ais_payload ctx[2];
	char path[1024], *text, *expect, *line, *save = NULL, *ep, out[16384];
	int frag[2] = { 0, 0 }, compared = 0;

	snprintf(path, sizeof(path), "%s/data/ais/gpsd/release-3.22/%s", shared, in);
	text = test_slurp(path, NULL);
	snprintf(path, sizeof(path), "%s/data/ais/gpsd/release-3.22/%s", shared, chk);
	expect = test_slurp(path, NULL);
	if (!text || !expect) {
		SKIP(path);
		free(text);
		free(expect);
		return 0;
	}
	ep = expect;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[8], *s;
		int nf = 0, c, nfr, ifr, fill;

		if (line[0] != '!')
			continue;
		f[nf++] = line;
		for (s = line; *s && nf < 8; s++)
			if (*s == ',' || *s == '*') {
				*s = '\0';
				f[nf++] = s + 1;
			}
		if (nf < 7)
			continue;
		c = f[4][0] == 'B' || f[4][0] == '2';
		nfr = atoi(f[1]);
		ifr = atoi(f[2]);
		fill = f[6][0] >= '0' && f[6][0] <= '9' ? f[6][0] - '0' : 0;
		if (ifr != frag[c] + 1) {
			if (ifr != 1)
				continue;
			frag[c] = 0;
		}
		if (ifr == 1)
			vigil_ais_payload_clear(&ctx[c]);
		if (vigil_ais_payload_append(&ctx[c], f[5], strlen(f[5]), (unsigned)fill) != 0) {
			frag[c] = 0;
			continue;
		}
		if (ifr != nfr) {
			frag[c]++;
			continue;
		}
		frag[c] = 0;
		if (!golden_line(&ctx[c], scaled, dev, out, sizeof(out)))
			continue;
		/* The next expected type 6/8 line, in order. */
		for (;;) {
			char *nl = strchr(ep, '\n'), *t6, *t8;

			if (!nl) {
				ep = NULL;
				break;
			}
			*nl = '\0';
			if (nl > ep && nl[-1] == '\r')
				nl[-1] = '\0';
			t6 = strstr(ep, "\"type\":6,");
			t8 = strstr(ep, "\"type\":8,");
			s = ep;
			ep = nl + 1;
			if ((t6 && t6 - s < 40) || (t8 && t8 - s < 40)) {
				CHECK_STR(out, s);
				compared++;
				break;
			}
		}
		if (!ep)
			break;
	}
	free(text);
	free(expect);
	return compared;
}

int main(void)
{
	const char *shared = test_shared();

	test_inland6();
	test_tidal_and_cargo();
	test_route_and_text();
	test_met();
	test_others8();
	test_fixed6();
	test_fixed8();
	test_bounds();
	if (!shared) {
		SKIP("../shared absent: gpsd 3.22 golden comparison of types 6/8");
	} else {
		CHECK_INT(golden(shared, "sample.aivdm", "sample.aivdm.js.chk", 1, "stdin"), 31);
		CHECK_INT(golden(shared, "sample.aivdm", "sample.aivdm.ju.chk", 0, "stdin"), 31);
		CHECK_INT(golden(shared, "ais-nmea-type6-fid55.log", "ais-nmea-type6-fid55.log.chk", 0, NULL), 141);
	}
	TEST_END();
}
