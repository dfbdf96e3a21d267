/* test_ais.c - message decoding and gpsd JSON on hand-made payloads (edge values, strings, type 24 pairing). */
#include <math.h>

#include "harness.h"
#include "vigil/ais.h"
#include "vigil/error.h"
#include "jbuf.h"

/* Write width bits of v at bit start (MSB first) into p; grows nbits to cover them. */
static void put(struct vigil_ais_payload *p, size_t start, unsigned width, uint32_t v)
{
	unsigned i;

	for (i = 0; i < width; i++) {
		size_t b = start + i;
		unsigned bit = (v >> (width - 1 - i)) & 1;
		if (bit)
			p->bits[b >> 3] |= (uint8_t)(0x80 >> (b & 7));
		else
			p->bits[b >> 3] &= (uint8_t)~(0x80 >> (b & 7));
	}
	if (start + width > p->nbits)
		p->nbits = start + width;
}

/* Six-bit code of an ASCII character (inverse of the AIS text table). */
static unsigned six(char c)
{
	return c >= 64 ? (unsigned)(c - 64) : (unsigned)c;
}

static void put_text(struct vigil_ais_payload *p, size_t start, unsigned nchars, const char *s)
{
	unsigned i;
	size_t n = strlen(s);

	for (i = 0; i < nchars; i++)
		put(p, start + 6 * i, 6, six(i < n ? s[i] : '@'));
}

static void header(struct vigil_ais_payload *p, unsigned type, uint32_t mmsi, size_t nbits)
{
	vigil_ais_payload_clear(p);
	put(p, 0, 6, type);
	put(p, 6, 2, 0);
	put(p, 8, 30, mmsi);
	p->nbits = nbits;
}

static const char *json(const struct vigil_ais_msg *m, int scaled)
{
	static char buf[4096];
	struct vigil_ais_json_opts o = {0};

	o.scaled = scaled;
	if (!vigil_ais_json(m, &o, buf, sizeof(buf)))
		return "(overflow)";
	return buf;
}

/* Does the JSON text contain the member text exactly? */
static int has(const char *js, const char *member)
{
	return strstr(js, member) != NULL;
}

static void test_position_edges(void)
{
	struct vigil_ais_payload p;
	struct vigil_ais_msg m;
	char want[64];

	/* Everything "not available": lon 181, lat 91, speed 1023, heading 511, turn -128. */
	header(&p, 1, 123456789, 168);
	put(&p, 38, 4, 15);
	put(&p, 42, 8, 0x80);           /* -128 */
	put(&p, 50, 10, 1023);
	put(&p, 61, 28, 181 * 600000);
	put(&p, 89, 27, 91 * 600000);
	put(&p, 116, 12, 3600);
	put(&p, 128, 9, 511);
	put(&p, 137, 6, 60);
	CHECK_INT(vigil_ais_decode(&p, &m), VIGIL_E_OK);
	CHECK_INT(m.type, 1);
	CHECK_INT(m.mmsi, 123456789);
	CHECK_INT(m.u.pos.turn, -128);
	CHECK_INT(m.u.pos.speed, 1023);
	CHECK_INT(m.u.pos.heading, 511);
	CHECK_INT(m.u.pos.lon, 108600000);
	CHECK_INT(m.u.pos.lat, 54600000);
	CHECK(has(json(&m, 1), "\"turn\":\"nan\",\"speed\":\"nan\""));
	CHECK(has(json(&m, 1), "\"lon\":181.000000,\"lat\":91.000000,\"course\":360.0,\"heading\":511"));
	CHECK(has(json(&m, 1), "\"status\":15,\"status_text\":\"Not defined\""));
	CHECK(has(json(&m, 0), "\"turn\":-128,\"speed\":1023"));
	CHECK(has(json(&m, 0), "\"lon\":108600000,\"lat\":54600000,\"course\":3600"));

	/* Turn extremes and a negative rate: vigil keeps the sign (gpsd 3.22 drops it). */
	put(&p, 42, 8, 127);
	CHECK_INT(vigil_ais_decode(&p, &m), VIGIL_E_OK);
	CHECK(has(json(&m, 1), "\"turn\":\"fastright\""));
	put(&p, 42, 8, 0x81);           /* -127 */
	CHECK_INT(vigil_ais_decode(&p, &m), VIGIL_E_OK);
	CHECK(has(json(&m, 1), "\"turn\":\"fastleft\""));
	put(&p, 42, 8, 0xf6);           /* -10 */
	CHECK_INT(vigil_ais_decode(&p, &m), VIGIL_E_OK);
	CHECK_INT(m.u.pos.turn, -10);
	snprintf(want, sizeof(want), "\"turn\":-%.0f,", (10 / 4.733) * (10 / 4.733));
	CHECK(has(json(&m, 1), want));
	put(&p, 42, 8, 10);
	CHECK_INT(vigil_ais_decode(&p, &m), VIGIL_E_OK);
	snprintf(want, sizeof(want), "\"turn\":%.0f,", (10 / 4.733) * (10 / 4.733));
	CHECK(has(json(&m, 1), want));

	/* Negative coordinates and speeds with tenths. */
	put(&p, 50, 10, 1022);
	put(&p, 61, 28, (uint32_t)-74037230 & 0xfffffff);
	put(&p, 89, 27, (uint32_t)-1 & 0x7ffffff);
	CHECK_INT(vigil_ais_decode(&p, &m), VIGIL_E_OK);
	CHECK_INT(m.u.pos.lon, -74037230);
	CHECK_INT(m.u.pos.lat, -1);
	snprintf(want, sizeof(want), "\"lon\":%.6f,\"lat\":%.6f,", -74037230 / 600000.0, -1 / 600000.0);
	CHECK(has(json(&m, 1), want));
	CHECK(has(json(&m, 1), "\"speed\":\"fast\""));

	/* Many positions: the integer rounding matches printf's. */
	{
		unsigned long long seed = 0x9e3779b97f4a7c15ULL;
		int i, bad = 0;
		for (i = 0; i < 20000; i++) {
			int32_t lon, lat;
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			lon = (int32_t)((seed >> 20) % 216000001ULL) - 108000000;
			lat = (int32_t)((seed >> 40) % 108000001ULL) - 54000000;
			if (i < 200) {
				lon = i - 100;
				lat = 100 - i;
			}
			put(&p, 61, 28, (uint32_t)lon & 0xfffffff);
			put(&p, 89, 27, (uint32_t)lat & 0x7ffffff);
			if (vigil_ais_decode(&p, &m) != VIGIL_E_OK)
				bad++;
			snprintf(want, sizeof(want), "\"lon\":%.6f,\"lat\":%.6f,", lon / 600000.0, lat / 600000.0);
			if (!has(json(&m, 1), want) && bad++ < 3)
				fprintf(stderr, "want %s in %s\n", want, json(&m, 1));
		}
		CHECK_INT(bad, 0);
	}

	/* Every capacity: either the whole object or 0, and never a byte past cap. */
	{
		char full[1024], buf[1100];
		struct vigil_ais_json_opts o = {0};
		size_t n, cap, len;
		int bad = 0;
		o.scaled = 1;
		o.device = "stdin";
		len = vigil_ais_json(&m, &o, full, sizeof(full));
		CHECK(len > 200);
		for (cap = 0; cap <= len + 600; cap++) {
			memset(buf, 0x5a, sizeof(buf));
			n = vigil_ais_json(&m, &o, buf, cap);
			if ((n != 0 && (n != len || memcmp(buf, full, len + 1) != 0)) ||
			    (n == 0 && cap > len + 128 + 5) || buf[cap] != 0x5a)
				bad++;
		}
		CHECK_INT(bad, 0);
	}

	/* Length rules (gpsd's): >= 163 bits; a short radio field is read as far as it goes. */
	p.nbits = 162;
	CHECK_INT(vigil_ais_decode(&p, &m), VIGIL_E_LENGTH);
	p.nbits = 163;
	put(&p, 149, 14, 0x2abc);
	p.nbits = 163;
	CHECK_INT(vigil_ais_decode(&p, &m), VIGIL_E_OK);
	CHECK_INT(m.u.pos.radio, 0x2abc);
}

static void test_strings(void)
{
	struct vigil_ais_payload p;
	struct vigil_ais_msg m;
	const char *js;

	header(&p, 5, 211000000, 424);
	put_text(&p, 70, 7, "AB CD  ");     /* trailing spaces trimmed, inner kept */
	put_text(&p, 112, 20, "SHIP\"\\NAME");  /* quote and backslash need escapes */
	put_text(&p, 302, 20, "HAM@BURG");    /* cut at the first '@' */
	put(&p, 232, 8, 99);
	put(&p, 270, 4, 15);
	put(&p, 294, 8, 123);
	CHECK_INT(vigil_ais_decode(&p, &m), VIGIL_E_OK);
	CHECK_STR(m.u.t5.callsign, "AB CD");
	CHECK_STR(m.u.t5.shipname, "SHIP\"\\NAME");
	CHECK_STR(m.u.t5.destination, "HAM");
	js = json(&m, 1);
	CHECK(has(js, "\"callsign\":\"AB CD\",\"shipname\":\"SHIP\\\"\\\\NAME\""));
	CHECK(has(js, "\"shiptype\":99,\"shiptype_text\":\"Other Type - no additional information\""));
	CHECK(has(js, "\"epfd\":15,\"epfd_text\":\"INVALID EPFD\""));
	CHECK(has(js, "\"draught\":12.3,\"destination\":\"HAM\",\"dte\":0}"));
	CHECK(has(json(&m, 0), "\"draught\":123,"));

	/* All '@': empty string. 420 bits is still accepted, 419 is not. */
	put_text(&p, 112, 20, "");
	p.nbits = 420;
	CHECK_INT(vigil_ais_decode(&p, &m), VIGIL_E_OK);
	CHECK_STR(m.u.t5.shipname, "");
	p.nbits = 419;
	CHECK_INT(vigil_ais_decode(&p, &m), VIGIL_E_LENGTH);

	/* Type 21: the name extension is appended when all 20 characters are used. */
	header(&p, 21, 992000001, 272 + 12);
	put_text(&p, 43, 20, "ABCDEFGHIJKLMNOPQRST");
	put_text(&p, 272, 2, "UV");
	CHECK_INT(vigil_ais_decode(&p, &m), VIGIL_E_OK);
	CHECK_STR(m.u.aton.name, "ABCDEFGHIJKLMNOPQRSTUV");
	put_text(&p, 43, 20, "SHORT NAME");
	CHECK_INT(vigil_ais_decode(&p, &m), VIGIL_E_OK);
	CHECK_STR(m.u.aton.name, "SHORT NAME");
}

static void test_lengths_and_types(void)
{
	struct vigil_ais_payload p;
	struct vigil_ais_msg m;

	header(&p, 0, 1, 168);
	CHECK_INT(vigil_ais_decode(&p, &m), VIGIL_E_UNSUPPORTED);
	header(&p, 28, 1, 168);
	CHECK_INT(vigil_ais_decode(&p, &m), VIGIL_E_UNSUPPORTED);
	header(&p, 27, 1, 97);
	CHECK_INT(vigil_ais_decode(&p, &m), VIGIL_E_LENGTH);
	header(&p, 27, 1, 96);
	CHECK_INT(vigil_ais_decode(&p, &m), VIGIL_E_OK);
	header(&p, 6, 1, 87);
	CHECK_INT(vigil_ais_decode(&p, &m), VIGIL_E_LENGTH);
	header(&p, 8, 1, 1009);
	CHECK_INT(vigil_ais_decode(&p, &m), VIGIL_E_LENGTH);
	header(&p, 24, 1, 168);
	put(&p, 38, 2, 2);
	CHECK_INT(vigil_ais_decode(&p, &m), VIGIL_E_UNSUPPORTED);
	header(&p, 24, 1, 159);
	CHECK_INT(vigil_ais_decode(&p, &m), VIGIL_E_LENGTH);

	/* Type 8 with an unknown DAC prints raw data, unused bits of the last byte masked. */
	header(&p, 8, 2000000, 56 + 12);
	put(&p, 40, 10, 999);
	put(&p, 50, 6, 63);
	put(&p, 56, 12, 0xabc);
	put(&p, 68, 4, 0xf);                 /* past nbits: must not show for type 8 */
	p.nbits = 68;
	CHECK_INT(vigil_ais_decode(&p, &m), VIGIL_E_OK);
	CHECK(has(json(&m, 1), "\"dac\":999,\"fid\":63,\"data\":\"12:abc0\"}"));

	/* Type 18: "assigned" only on request (gpsd never prints it). */
	header(&p, 18, 338000000, 168);
	put(&p, 146, 1, 1);
	CHECK_INT(vigil_ais_decode(&p, &m), VIGIL_E_OK);
	CHECK_INT(m.u.classb.assigned, 1);
	CHECK(!has(json(&m, 1), "assigned"));
	{
		char buf[2048];
		struct vigil_ais_json_opts o = {0};
		o.assigned = 1;
		o.device = "stdin";
		o.extra = "\"x\":1";
		o.extra_len = 5;
		CHECK(vigil_ais_json(&m, &o, buf, sizeof(buf)) > 0);
		CHECK(has(buf, "\"msg22\":false,\"assigned\":true,\"raim\":false"));
		CHECK(has(buf, "{\"class\":\"AIS\",\"device\":\"stdin\",\"type\":18,"));
		CHECK(has(buf, ",\"x\":1}"));
		/* Too small a buffer: 0, never a partial object. */
		CHECK_INT(vigil_ais_json(&m, &o, buf, 40), 0);
		CHECK_INT(vigil_ais_json(&m, &o, buf, 0), 0);
	}
}

static void test_type24(void)
{
	struct vigil_ais_payload p;
	struct vigil_ais_msg a, b;
	struct vigil_ais_ctx ctx;

	vigil_ais_ctx_init(&ctx);
	header(&p, 24, 244000001, 160);
	put_text(&p, 40, 20, "PART A NAME");
	CHECK_INT(vigil_ais_decode(&p, &a), VIGIL_E_OK);
	CHECK_INT(a.u.t24.part, VIGIL_AIS24_A);
	CHECK(has(json(&a, 1), "\"part\":\"A\",\"shipname\":\"PART A NAME\"}"));

	header(&p, 24, 244000001, 168);
	put(&p, 38, 2, 1);
	put(&p, 40, 8, 37);
	put_text(&p, 48, 7, "VENDOR1");
	put_text(&p, 90, 7, "CALL");
	put(&p, 132, 9, 12);
	CHECK_INT(vigil_ais_decode(&p, &b), VIGIL_E_OK);
	CHECK_INT(b.u.t24.part, VIGIL_AIS24_B);
	CHECK(has(json(&b, 1), "\"part\":\"B\",\"shiptype\":37"));
	CHECK(!has(json(&b, 1), "shipname"));

	/* B before any A: not printed; then A is stored, and B completes. */
	CHECK_INT(vigil_ais_ctx_type24(&ctx, 'A', &b), 0);
	CHECK_INT(vigil_ais_ctx_type24(&ctx, 'A', &a), 0);
	CHECK_INT(vigil_ais_ctx_type24(&ctx, 'A', &b), 1);
	CHECK_INT(b.u.t24.part, VIGIL_AIS24_AB);
	CHECK_STR(b.u.t24.shipname, "PART A NAME");
	CHECK(has(json(&b, 1), "\"scaled\":true,\"shipname\":\"PART A NAME\",\"shiptype\":37"));
	CHECK(has(json(&b, 1), "\"to_bow\":12,"));
	/* The stored A is used up: a repeated B is not completed again. */
	b.u.t24.part = VIGIL_AIS24_B;
	CHECK_INT(vigil_ais_ctx_type24(&ctx, 'A', &b), 0);

	/* Across channels: only when cross_channel is set. */
	CHECK_INT(vigil_ais_ctx_type24(&ctx, 'A', &a), 0);
	ctx.cross_channel = 0;
	CHECK_INT(vigil_ais_ctx_type24(&ctx, 'B', &b), 0);
	ctx.cross_channel = 1;
	CHECK_INT(vigil_ais_ctx_type24(&ctx, '2', &b), 1);

	/* Auxiliary craft (98xxxxxxx) report a mothership MMSI instead of dimensions. */
	header(&p, 24, 981234567, 168);
	put(&p, 38, 2, 1);
	put(&p, 132, 30, 244000001);
	CHECK_INT(vigil_ais_decode(&p, &b), VIGIL_E_OK);
	CHECK_INT(b.u.t24.mothership_mmsi, 244000001);
	CHECK(has(json(&b, 0), "\"mothership_mmsi\":244000001}"));

	/* Non-24 messages pass through. */
	a.type = 1;
	CHECK_INT(vigil_ais_ctx_type24(&ctx, 'A', &a), 1);
}

/* The printf-free number writers agree with printf over many values. */
static void test_jbuf_numbers(void)
{
	char got[64], want[64];
	struct vigil__jbuf jb;
	long long x;
	unsigned long long seed = 88172645463325252ULL;
	int i, bad = 0;

	for (i = 0; i < 200000; i++) {
		static const long long divs[] = { 600000, 60000, 600, 10, 1000 };
		static const int decs[] = { 6, 4, 6, 1, 3 };
		int k = i % 5;
		seed ^= seed << 13;
		seed ^= seed >> 7;
		seed ^= seed << 17;
		x = (long long)(seed % 216000000ULL) - 108000000;
		if (i < 2000)
			x = i - 1000;   /* small values, around zero */
		vigil__jb_init(&jb, got, sizeof(got));
		vigil__jb_putratio(&jb, x, divs[k], decs[k]);
		vigil__jb_finish(&jb);
		snprintf(want, sizeof(want), "%.*f", decs[k], (double)x / (double)divs[k]);
		if (strcmp(got, want) != 0 && bad++ < 5)
			fprintf(stderr, "putratio %lld/%lld: %s != %s\n", x, divs[k], got, want);
		{
			double v = (double)x / 7.0;
			vigil__jb_init(&jb, got, sizeof(got));
			vigil__jb_putfixed(&jb, v, i % 4);
			vigil__jb_finish(&jb);
			snprintf(want, sizeof(want), "%.*f", i % 4, v);
			if (strcmp(got, want) != 0 && bad++ < 5)
				fprintf(stderr, "putfixed %.17g: %s != %s\n", v, got, want);
		}
		vigil__jb_init(&jb, got, sizeof(got));
		vigil__jb_puti(&jb, x * 1000003);
		vigil__jb_finish(&jb);
		snprintf(want, sizeof(want), "%lld", x * 1000003);
		if (strcmp(got, want) != 0 && bad++ < 5)
			fprintf(stderr, "puti %s != %s\n", got, want);
	}
	CHECK_INT(bad, 0);
	vigil__jb_init(&jb, got, sizeof(got));
	vigil__jb_putfixed(&jb, NAN, 1);
	vigil__jb_finish(&jb);
	CHECK_STR(got, "\"nan\"");
	vigil__jb_init(&jb, got, sizeof(got));
	vigil__jb_putesc(&jb, "a\x01\tb\xe9", 5);
	vigil__jb_finish(&jb);
	CHECK_STR(got, "a\\u0001\\tb\\u00e9");
}

int main(void)
{
	test_position_edges();
	test_strings();
	test_lengths_and_types();
	test_type24();
	test_jbuf_numbers();
	TEST_END();
}
