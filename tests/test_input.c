/* test_input.c - time parsing, NOAA/DMA CSV rows and gpsd JSON lines to engine records. */
#include <math.h>

#include "harness.h"
#include "vigil/error.h"
#include "vigil/input.h"
#include "vigil/ais.h"
#include "vigil/nmea.h"

static int64_t T(const char *s)
{
	return vigil_input_time(s, strlen(s));
}

/*
 * Position reports of random content and length (types 1, 2, 3, 18, one or
 * two sentences' worth of characters) to records: mmsi, position, speed,
 * course, heading and status as vigil_ais_decode reads them, with the
 * documented conversions (1/600000 degree, 0.1 knot, not-available values).
 */
static void test_positions_random(void)
{
	static const char armor[] = "0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVW`abcdefghijklmnopqrstuvw";
	static struct vigil_nmea_ctx c;
	static struct vigil_nmea_msg nm;
	uint32_t seed = 12345;
	int round, mism = 0, recs = 0, refused = 0;

	for (round = 0; round < 4000; round++) {
		static const char types[] = "123B";
		char line[160], body[120], pay[64];
		struct vigil_input_rec r[2];
		struct vigil_ais_msg m;
		unsigned x = 0, fill, i, n;
		const char *q;
		int k, ok;

		seed = seed * 1103515245u + 12345u;
		n = 25 + (seed >> 16) % 8; /* 150..192 bits */
		fill = (seed >> 8) % 6;
		pay[0] = types[round % 4];
		for (i = 1; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			pay[i] = armor[(seed >> 16) % 64];
		}
		pay[n] = 0;
		snprintf(body, sizeof(body), "AIVDM,1,1,,A,%s,%u", pay, fill);
		for (q = body; *q; q++)
			x ^= (unsigned char)*q;
		snprintf(line, sizeof(line), "!%s*%02X", body, x);
		vigil_nmea_init(&c);
		if (vigil_nmea_line(&c, line, strlen(line), 0, &nm) != 1) {
			mism++;
			continue;
		}
		k = vigil_input_ais(&nm, 1709856000000LL, r);
		ok = vigil_ais_decode(&nm.payload, &m) == VIGIL_E_OK;
		if (k != ok) {
			mism++;
			continue;
		}
		if (!k) {
			refused++;
			continue;
		}
		recs++;
		if (m.type == 18) {
			if (r[0].kind != 1 || r[0].fix.mmsi != m.mmsi || r[0].fix.type != 18 ||
			    r[0].fix.lat != m.u.classb.lat / 600000.0 || r[0].fix.lon != m.u.classb.lon / 600000.0 ||
			    r[0].fix.heading != (m.u.classb.heading < 360 ? m.u.classb.heading : -1) || r[0].fix.status != 15 ||
			    (m.u.classb.speed < 1023 ? r[0].fix.sog != m.u.classb.speed / 10.0f : !isnan(r[0].fix.sog)) ||
			    (m.u.classb.course < 3600 ? r[0].fix.cog != m.u.classb.course / 10.0f : !isnan(r[0].fix.cog)))
				mism++;
		} else if (r[0].kind != 1 || r[0].fix.mmsi != m.mmsi || r[0].fix.type != m.type ||
			   r[0].fix.lat != m.u.pos.lat / 600000.0 || r[0].fix.lon != m.u.pos.lon / 600000.0 ||
			   r[0].fix.heading != (m.u.pos.heading < 360 ? m.u.pos.heading : -1) ||
			   r[0].fix.status != m.u.pos.status ||
			   (m.u.pos.speed < 1023 ? r[0].fix.sog != m.u.pos.speed / 10.0f : !isnan(r[0].fix.sog)) ||
			   (m.u.pos.course < 3600 ? r[0].fix.cog != m.u.pos.course / 10.0f : !isnan(r[0].fix.cog))) {
			mism++;
		}
	}
	CHECK_INT(mism, 0);
	CHECK(recs > 2000);
	CHECK(refused > 100); /* short type 18s (< 168 bits) and type 1s (< 163 bits) are refused */
}

int main(void)
{
	struct vigil_csv_map m;
	struct vigil_input_rec r[2];
	const char *noaa_h = "MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,"
			     "Length,Width,Draft,Cargo,TransceiverClass";
	const char *noaa_r = "367001234,2024-03-08T05:36:32,42.54536,132.55647,10.8,93.5,511,TEST SHIP,IMO9074729,"
			     "WDA1234,70,0,120,20,7.5,70,A";
	const char *dma_h = "# Timestamp,Type of mobile,MMSI,Latitude,Longitude,Navigational status,ROT,SOG,COG,"
			    "Heading,IMO,Callsign,Name,Ship type,Cargo type,Width,Length,"
			    "Type of position fixing device,Draught,Destination,ETA,Data source type,A,B,C,D";
	const char *dma_r = "08/03/2024 05:36:32,Class A,219000001,55.5,10.5,Under way using engine,0,12.3,180.0,"
			    "179,Unknown,OXAB2,\"NAME, WITH COMMA\",Tanker,,20,100,GPS,6.1,AARHUS,,AIS,80,20,10,10";
	const char *g1 = "{\"class\":\"AIS\",\"type\":1,\"mmsi\":273210440,\"status\":0,\"speed\":10.8,\"lon\":132.55647,"
			 "\"lat\":42.54536,\"course\":93.5,\"heading\":511,\"scaled\":true,\"rxtime\":\"2024-03-08T05:36:32Z\"}";
	const char *g2 = "{\"class\":\"AIS\",\"type\":1,\"mmsi\":273210440,\"speed\":108,\"lon\":79533882,"
			 "\"lat\":25527216,\"course\":935,\"timestamp\":1709876192}";
	const char *g4 = "{\"class\":\"AIS\",\"type\":1,\"mmsi\":1,\"lat\":1.5,\"lon\":1.5,\"scaled\":true}";
	const char *g3 = "{\"class\":\"AIS\",\"type\":5,\"mmsi\":273210440,\"imo\":9179842,\"shipname\":\"ANGARA\","
			 "\"callsign\":\"UBYT2\",\"shiptype\":70,\"draught\":4.7,\"scaled\":true,\"time\":1709876192.5}";

	test_positions_random();
	CHECK_INT(T("2024-03-08T05:36:32Z"), 1709876192000LL);
	CHECK_INT(T("2024-03-08 05:36:32.250"), 1709876192250LL);
	CHECK_INT(T("2024-03-08T07:36:32+02:00"), 1709876192000LL);
	CHECK_INT(T("08/03/2024 05:36:32"), 1709876192000LL);
	CHECK_INT(T("1709876192"), 1709876192000LL);
	CHECK_INT(T("1709876192123"), 1709876192123LL);
	CHECK(T("2024-13-08T05:36:32Z") == INT64_MIN);
	CHECK(T("yesterday") == INT64_MIN);

	CHECK_INT(vigil_input_sniff(noaa_h, strlen(noaa_h)), VIGIL_IN_CSV_NOAA);
	CHECK_INT(vigil_input_sniff(dma_h, strlen(dma_h)), VIGIL_IN_CSV_DMA);
	CHECK_INT(vigil_input_sniff(g1, strlen(g1)), VIGIL_IN_GPSD);
	CHECK_INT(vigil_input_sniff("\\s:a,c:1*00\\!AIVDM,1,1,,A,1,0*00", 30), VIGIL_IN_NMEA);
	/* Garbage that merely starts like a format is refused, not read as a file of bad lines. */
	CHECK_INT(vigil_input_sniff("{\x0bl\xd0\x8c-T", 7), VIGIL_IN_UNKNOWN);
	CHECK_INT(vigil_input_sniff("{ \"class\":\"AIS\"}", 17), VIGIL_IN_GPSD);
	CHECK_INT(vigil_input_sniff("\\\x01\x02garbage", 10), VIGIL_IN_UNKNOWN);

	CHECK_INT(vigil_input_csv_header(noaa_h, strlen(noaa_h), &m), 0);
	CHECK_INT(vigil_input_csv_row(&m, noaa_r, strlen(noaa_r), r), 2);
	CHECK_INT(r[0].kind, 1);
	CHECK_INT(r[0].fix.mmsi, 367001234);
	CHECK_INT(r[0].fix.t, 1709876192000LL);
	CHECK_DBL(r[0].fix.lat, 42.54536, 1e-9);
	CHECK_DBL(r[0].fix.sog, 10.8, 1e-5);
	CHECK_INT(r[0].fix.heading, -1);
	CHECK_INT(r[1].kind, 2);
	CHECK_INT(r[1].st.imo, 9074729);
	CHECK_STR(r[1].st.name, "TEST SHIP");
	CHECK_DBL(r[1].st.draught, 7.5, 1e-5);
	CHECK_INT(vigil_input_csv_row(&m, "garbage", 7, r), -1);
	CHECK_INT(vigil_input_csv_header("a,b,c", 5, &m), VIGIL_E_CSV);

	CHECK_INT(vigil_input_csv_header(dma_h, strlen(dma_h), &m), 0);
	CHECK_INT(m.fmt, VIGIL_IN_CSV_DMA);
	CHECK_INT(vigil_input_csv_row(&m, dma_r, strlen(dma_r), r), 2);
	CHECK_INT(r[0].fix.mmsi, 219000001);
	CHECK_INT(r[0].fix.t, 1709876192000LL);
	CHECK_INT(r[0].fix.status, 0);
	CHECK_STR(r[1].st.name, "NAME, WITH COMMA");
	CHECK_INT(r[1].st.imo, 0);
	CHECK_INT(r[1].st.shiptype, 80);
	CHECK_STR(r[1].st.destination, "AARHUS");

	CHECK_INT(vigil_input_gpsd(g1, strlen(g1), INT64_MIN, r), 1);
	CHECK_INT(r[0].fix.t, 1709876192000LL);
	CHECK_DBL(r[0].fix.lon, 132.55647, 1e-9);
	CHECK_DBL(r[0].fix.sog, 10.8, 1e-5);
	CHECK_INT(r[0].fix.heading, -1);
	CHECK_INT(vigil_input_gpsd(g2, strlen(g2), INT64_MIN, r), 1);
	CHECK_DBL(r[0].fix.lat, 42.54536, 1e-6);
	CHECK_DBL(r[0].fix.cog, 93.5, 1e-4);
	CHECK_INT(vigil_input_gpsd(g3, strlen(g3), INT64_MIN, r), 1);
	CHECK_INT(r[0].kind, 2);
	CHECK_INT(r[0].st.imo, 9179842);
	CHECK_STR(r[0].st.callsign, "UBYT2");
	CHECK_INT(r[0].st.t, 1709876192500LL);
	/* No time anywhere: refused unless a default (arrival) time is given. */
	CHECK_INT(vigil_input_gpsd(g4, strlen(g4), INT64_MIN, r), -2);
	CHECK_INT(vigil_input_gpsd(g4, strlen(g4), 1700000000000LL, r), 1);
	CHECK_INT(r[0].fix.t, 1700000000000LL);
	CHECK_INT(vigil_input_gpsd("{not json", 9, INT64_MIN, r), -1);
	TEST_END();
}
