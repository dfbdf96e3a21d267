/* test_nmea.c - NMEA framer: checksums, tag blocks, provider fields, $PGHP, reassembly, bad input. */
#include "harness.h"
#include "vigil/nmea.h"
#include "vigil/error.h"

/* Type 1 payload (gpsd sample.aivdm, MMSI 371798000) and a type 5 split in two fragments. */
#define P1 "15RTgt0PAso;90TKcjM8h6g208CQ"
#define P5A "55P5TL01VIaAL@7WKO@mBplU@<PDhh000000001S;AJ::4A80?4i@E53"
#define P5B "1@0000000000000"

static struct vigil_nmea_ctx ctx;
static struct vigil_nmea_msg msg;

/* Build "!<body>*hh" (plus `tail`) into buf with the right checksum, or a wrong one when bad. */
static const char *sent(char *buf, size_t cap, const char *body, const char *tail, int bad)
{
	unsigned x = 0;
	const char *p;

	for (p = body; *p; p++)
		x ^= (unsigned char)*p;
	snprintf(buf, cap, "!%s*%02X%s", body, (x ^ (bad ? 0x11u : 0)) & 0xff, tail ? tail : "");
	return buf;
}

/* Wrap a tag block "\<body>*hh\" around a following sentence. */
static const char *tag(char *buf, size_t cap, const char *body, const char *rest, int bad)
{
	unsigned x = 0;
	const char *p;

	for (p = body; *p; p++)
		x ^= (unsigned char)*p;
	snprintf(buf, cap, "\\%s*%02X\\%s", body, (x ^ (bad ? 1u : 0)) & 0xff, rest);
	return buf;
}

/* Feed one line; return the number of messages completed (last one in msg). */
static int feed(const char *line)
{
	int n = 0, r;

	for (r = vigil_nmea_line(&ctx, line, strlen(line), 0, &msg); r > 0;
	     r = vigil_nmea_line(&ctx, NULL, 0, 0, &msg))
		n++;
	return n;
}

static void test_single(void)
{
	char b[256];

	vigil_nmea_init(&ctx);
	CHECK_INT(feed(sent(b, sizeof(b), "AIVDM,1,1,,A," P1 ",0", NULL, 0)), 1);
	CHECK_INT(msg.type, 1);
	CHECK_INT(msg.payload.nbits, 168);
	CHECK_INT(vigil_ais_bits_u(&msg.payload, 8, 30), 371798000);
	CHECK_STR(msg.talker, "AI");
	CHECK_INT(msg.channel, 'A');
	CHECK_INT(msg.vdo, 0);
	CHECK_INT(msg.time_ms, VIGIL_NMEA_TIME_UNKNOWN);
	CHECK_INT(msg.time_src, VIGIL_NMEA_TIME_NONE);
	CHECK_INT(msg.first_line, 1);

	/* Any talker, VDO, empty channel, CRLF. */
	snprintf(b, sizeof(b), "%s\r", sent(b + 128, 128, "BSVDO,1,1,,," P1 ",0", NULL, 0));
	CHECK_INT(feed(b), 1);
	CHECK_STR(msg.talker, "BS");
	CHECK_INT(msg.vdo, 1);
	CHECK_INT(msg.channel, 0);
	CHECK_INT(msg.first_line, 2);

	/* Fill bits: the payload shrinks, the fill stays past nbits. */
	CHECK_INT(feed(sent(b, sizeof(b), "AIVDM,1,1,,B," P1 ",2", NULL, 0)), 1);
	CHECK_INT(msg.payload.nbits, 166);
	CHECK_INT(ctx.stats.messages, 3);
	CHECK_INT(ctx.stats.by_type[1], 3);
	CHECK_INT(ctx.stats.sentences, 3);
}

static void test_bad(void)
{
	char b[256];

	vigil_nmea_init(&ctx);
	CHECK_INT(feed(sent(b, sizeof(b), "AIVDM,1,1,,A," P1 ",0", NULL, 1)), 0);
	CHECK_INT(ctx.stats.bad_checksum, 1);
	/* Non-hex checksum digits are refused (gpsd 3.22 accepts them). */
	CHECK_INT(feed("!AIVDM,1,1,,A," P1 ",0*G1"), 0);
	CHECK_INT(feed("!AIVDM,1,1,,A," P1 ",0"), 0);
	CHECK_INT(feed("!AIVDM,1,1,,A," P1 ",0*4"), 0);
	CHECK_INT(ctx.stats.bad_checksum, 4);
	/* Fill 7, fragment 3 of 2, empty payload: bad length. */
	CHECK_INT(feed(sent(b, sizeof(b), "AIVDM,1,1,,A," P1 ",7", NULL, 0)), 0);
	CHECK_INT(feed(sent(b, sizeof(b), "AIVDM,2,3,1,A," P1 ",0", NULL, 0)), 0);
	CHECK_INT(feed(sent(b, sizeof(b), "AIVDM,1,1,,A,,0", NULL, 0)), 0);
	CHECK_INT(ctx.stats.bad_length, 3);
	/* A character outside the armor set. */
	CHECK_INT(feed(sent(b, sizeof(b), "AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208C|,0", NULL, 0)), 0);
	CHECK_INT(ctx.stats.bad_char, 1);
	/* Talkers are letters; a corrupt one is not a VDM sentence. */
	CHECK_INT(feed(sent(b, sizeof(b), "=IVDM,1,1,,A," P1 ",0", NULL, 0)), 0);
	CHECK_INT(ctx.stats.other_nmea, 1);
	CHECK_INT(feed("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47"), 0);
	CHECK_INT(ctx.stats.other_nmea, 2);
	CHECK_INT(feed("# a comment"), 0);
	CHECK_INT(feed("\x01\x02garbage\xff"), 0);
	CHECK_INT(ctx.stats.junk, 2);
	CHECK_INT(feed("  \r"), 0);
	CHECK_INT(ctx.stats.blank, 1);
	/* Two-character channel. */
	CHECK_INT(feed(sent(b, sizeof(b), "AIVDM,1,1,,12," P1 ",0", NULL, 0)), 0);
	CHECK_INT(ctx.stats.bad_channel, 1);
	vigil_nmea_skip_line(&ctx);
	CHECK_INT(ctx.stats.junk, 3);
	CHECK_INT(ctx.stats.lines, 15);
	CHECK_INT(ctx.stats.messages, 0);
}

static void test_tags(void)
{
	char s[256], b[512], b2[512];
	int64_t t;
	char st[VIGIL_NMEA_STATION_MAX + 1];
	unsigned gs, gt;
	uint32_t gid;

	vigil_nmea_init(&ctx);
	sent(s, sizeof(s), "AIVDM,1,1,,B," P1 ",0", NULL, 0);
	CHECK_INT(feed(tag(b, sizeof(b), "s:rEV02,c:1334337317", s, 0)), 1);
	CHECK_INT(msg.time_ms, 1334337317000LL);
	CHECK_INT(msg.time_src, VIGIL_NMEA_TIME_TAG);
	CHECK_STR(msg.station, "rEV02");
	/* c: in milliseconds. */
	CHECK_INT(feed(tag(b, sizeof(b), "c:1334337317123,s:x", s, 0)), 1);
	CHECK_INT(msg.time_ms, 1334337317123LL);
	/* Two tag blocks in a row. */
	tag(b2, sizeof(b2), "c:1334337318", s, 0);
	CHECK_INT(feed(tag(b, sizeof(b), "s:st2", b2, 0)), 1);
	CHECK_INT(msg.time_ms, 1334337318000LL);
	CHECK_STR(msg.station, "st2");
	/* A bad tag-block checksum: counted, its fields ignored, the sentence still decoded. */
	CHECK_INT(feed(tag(b, sizeof(b), "s:rEV02,c:1334337317", s, 1)), 1);
	CHECK_INT(msg.time_src, VIGIL_NMEA_TIME_NONE);
	CHECK_STR(msg.station, "");
	CHECK_INT(ctx.stats.bad_tagblock, 1);
	/* Unterminated tag block. */
	CHECK_INT(feed("\\s:abc,c:1334337317*00!AIVDM"), 0);
	CHECK_INT(ctx.stats.bad_tagblock, 2);

	/* The tag-block parser alone. */
	CHECK_INT(vigil_nmea_tagblock("g:1-2-3985,s:rEV02,c:1334337317*2D", 34, &t, st, &gs, &gt, &gid), 1);
	CHECK_INT(gs, 1);
	CHECK_INT(gt, 2);
	CHECK_INT(gid, 3985);
	CHECK_STR(st, "rEV02");
	CHECK_INT(t, 1334337317000LL);
	CHECK_INT(vigil_nmea_tagblock("g:1-2-3985*00", 13, &t, st, &gs, &gt, &gid), 0);
	{
		char body[64], full[80];
		unsigned x = 0;
		const char *p;
		snprintf(body, sizeof(body), "g:1-2--001,c:1326055296");
		for (p = body; *p; p++)
			x ^= (unsigned char)*p;
		snprintf(full, sizeof(full), "%s*%02X", body, x);
		CHECK_INT(vigil_nmea_tagblock(full, strlen(full), &t, st, &gs, &gt, &gid), 1);
		CHECK_INT(gt, 0); /* malformed group: ignored */
		snprintf(body, sizeof(body), "2G3:77,n:5");
		for (x = 0, p = body; *p; p++)
			x ^= (unsigned char)*p;
		snprintf(full, sizeof(full), "%s*%02X", body, x);
		CHECK_INT(vigil_nmea_tagblock(full, strlen(full), &t, st, &gs, &gt, &gid), 1);
		CHECK_INT(gs, 2);
		CHECK_INT(gt, 3);
		CHECK_INT(gid, 77);
		CHECK_INT(t, VIGIL_NMEA_TIME_UNKNOWN);
	}
}

static void test_trailing_pghp(void)
{
	char b[512], s[256];

	vigil_nmea_init(&ctx);
	/* exactEarth: ",<epoch ms>" after the checksum. */
	CHECK_INT(feed(sent(b, sizeof(b), "AIVDM,1,1,,B," P1 ",0", ",1327992119173", 0)), 1);
	CHECK_INT(msg.time_ms, 1327992119173LL);
	CHECK_INT(msg.time_src, VIGIL_NMEA_TIME_TRAILING);
	/* USCG: the first epoch after the station is the receiver time. */
	CHECK_INT(feed(sent(b, sizeof(b), "AIVDM,1,1,,A," P1 ",0",
			    ",d-109,S2105,t050056.00,T56.13718694,r003669946,1325394060,1325394001", 0)), 1);
	CHECK_INT(msg.time_ms, 1325394060000LL);
	CHECK_STR(msg.station, "r003669946");
	/* A tag block's time wins over a trailing one. */
	sent(s, sizeof(s), "AIVDM,1,1,,A," P1 ",0", ",1325394060", 0);
	CHECK_INT(feed(tag(b, sizeof(b), "c:1334337317", s, 0)), 1);
	CHECK_INT(msg.time_ms, 1334337317000LL);

	/* $PGHP applies to the next sentence when its announced checksum matches. */
	sent(s, sizeof(s), "AIVDM,1,1,,B," P1 ",0", NULL, 0);
	{
		char body[128], hdr[160];
		unsigned x = 0;
		const char *p;
		snprintf(body, sizeof(body), "PGHP,1,2008,5,9,0,0,0,10,338,2,,1,%s", s + strlen(s) - 2);
		for (p = body; *p; p++)
			x ^= (unsigned char)*p;
		snprintf(hdr, sizeof(hdr), "$%s*%02X", body, x);
		CHECK_INT(feed(hdr), 0);
		CHECK_INT(ctx.stats.pghp, 1);
		CHECK_INT(feed(s), 1);
		CHECK_INT(msg.time_ms, 1210291200010LL);
		CHECK_INT(msg.time_src, VIGIL_NMEA_TIME_PGHP);
		/* Used up: the following sentence has no time. */
		CHECK_INT(feed(s), 1);
		CHECK_INT(msg.time_src, VIGIL_NMEA_TIME_NONE);
		/* Announced checksum "00" does not match: not applied. */
		snprintf(body, sizeof(body), "PGHP,1,2008,5,9,0,0,0,10,338,2,,1,00");
		for (x = 0, p = body; *p; p++)
			x ^= (unsigned char)*p;
		snprintf(hdr, sizeof(hdr), "$%s*%02X", body, x);
		CHECK_INT(feed(hdr), 0);
		CHECK_INT(feed(s), 1);
		CHECK_INT(msg.time_src, VIGIL_NMEA_TIME_NONE);
		/* A $PGHP with a bad checksum is counted as such. */
		CHECK_INT(feed("$PGHP,1,2008,5,9,0,0,0,10,338,2,,1,09*00"), 0);
		CHECK_INT(ctx.stats.bad_checksum, 1);
	}
}

/* The type 5 as one sentence, for comparing reassembled payloads. */
static struct vigil_ais_payload whole5;

static void check_is_5(const char *what)
{
	CHECK_INT(msg.type, 5);
	CHECK_INT(msg.payload.nbits, whole5.nbits);
	if (memcmp(msg.payload.bits, whole5.bits, sizeof(whole5.bits)) != 0) {
		fprintf(stderr, "FAIL payload differs: %s\n", what);
		t_fail++;
	} else {
		t_pass++;
	}
}

static void test_multi(void)
{
	char a1[256], a2[256], b1[256], b2[256], x[600], y[600];

	vigil_nmea_init(&ctx);
	CHECK_INT(feed(sent(x, sizeof(x), "AIVDM,1,1,,A," P5A P5B ",2", NULL, 0)), 1);
	whole5 = msg.payload;
	CHECK_INT(whole5.nbits, 424);

	/* Plain pair. */
	CHECK_INT(feed(sent(a1, sizeof(a1), "AIVDM,2,1,3,A," P5A ",0", NULL, 0)), 0);
	CHECK_INT(feed(sent(a2, sizeof(a2), "AIVDM,2,2,3,A," P5B ",2", NULL, 0)), 1);
	check_is_5("pair");
	CHECK_INT(msg.nfrags, 2);
	CHECK_INT(msg.first_line, 2);
	CHECK_INT(msg.last_line, 3);

	/* Interleaved on one channel with different sequence ids (gpsd loses both). */
	sent(b1, sizeof(b1), "AIVDM,2,1,4,A," P5A ",0", NULL, 0);
	sent(b2, sizeof(b2), "AIVDM,2,2,4,A," P5B ",2", NULL, 0);
	CHECK_INT(feed(a1), 0);
	CHECK_INT(feed(b1), 0);
	CHECK_INT(feed(a2), 1);
	check_is_5("interleaved seq 3");
	CHECK_INT(feed(b2), 1);
	check_is_5("interleaved seq 4");

	/* Same sequence id on channels A and B. */
	sent(b1, sizeof(b1), "AIVDM,2,1,3,B," P5A ",0", NULL, 0);
	sent(b2, sizeof(b2), "AIVDM,2,2,3,B," P5B ",2", NULL, 0);
	CHECK_INT(feed(a1), 0);
	CHECK_INT(feed(b1), 0);
	CHECK_INT(feed(b2), 1);
	CHECK_INT(msg.channel, 'B');
	check_is_5("channel B");
	CHECK_INT(feed(a2), 1);
	CHECK_INT(msg.channel, 'A');
	CHECK_INT(ctx.stats.orphans, 0);

	/* Tag-block groups: the same sentence sequence id, two groups interleaved. */
	CHECK_INT(feed(tag(x, sizeof(x), "g:1-2-100,s:r1,c:1334337317", a1, 0)), 0);
	CHECK_INT(feed(tag(y, sizeof(y), "g:1-2-200,c:1334337400", a1, 0)), 0);
	CHECK_INT(feed(tag(x, sizeof(x), "g:2-2-200", a2, 0)), 1);
	check_is_5("group 200");
	CHECK_INT(msg.time_ms, 1334337400000LL);
	CHECK_INT(feed(tag(x, sizeof(x), "g:2-2-100", a2, 0)), 1);
	check_is_5("group 100");
	CHECK_INT(msg.time_ms, 1334337317000LL);
	CHECK_STR(msg.station, "r1");
	CHECK_INT(ctx.stats.orphans, 0);

	/* Two sentences glued on one line. */
	snprintf(x, sizeof(x), "%s%s", a1, a2);
	CHECK_INT(feed(x), 1);
	check_is_5("glued");

	/* Sequence ids that differ between adjacent fragments are joined (as gpsd does)... */
	sent(b1, sizeof(b1), "AIVDM,2,1,4,A," P5A ",0", NULL, 0);
	sent(b2, sizeof(b2), "AIVDM,2,2,1,A," P5B ",2", NULL, 0);
	CHECK_INT(feed(b1), 0);
	CHECK_INT(feed(b2), 1);
	check_is_5("adjacent, sequence ids 4 and 1");
	CHECK_INT(ctx.stats.orphans, 0);
	/* ...but not when another sentence came between them. */
	CHECK_INT(feed(b1), 0);
	CHECK_INT(feed(sent(x, sizeof(x), "AIVDM,1,1,,B," P5A P5B ",2", NULL, 0)), 1);
	CHECK_INT(feed(b2), 0);
	CHECK_INT(ctx.stats.orphans, 1);
	vigil_nmea_flush(&ctx);
	CHECK_INT(ctx.stats.orphans, 2);
	ctx.stats.orphans = 0;

	/* Missing first fragment, out of order, duplicate first. */
	CHECK_INT(feed(a2), 0);
	CHECK_INT(ctx.stats.orphans, 1);
	CHECK_INT(feed(a1), 0);
	CHECK_INT(feed(a1), 0);     /* restarts: the first copy is an orphan */
	CHECK_INT(ctx.stats.orphans, 2);
	CHECK_INT(feed(a2), 1);
	check_is_5("after restart");
	{
		char t1[256], t3[256];
		sent(t1, sizeof(t1), "AIVDM,3,1,7,A," P5A ",0", NULL, 0);
		sent(t3, sizeof(t3), "AIVDM,3,3,7,A," P5B ",2", NULL, 0);
		CHECK_INT(feed(t1), 0);
		CHECK_INT(feed(t3), 0); /* fragment 2 missing: both dropped */
		CHECK_INT(ctx.stats.orphans, 4);
	}
	/* End of input: partial messages are orphans. */
	CHECK_INT(feed(a1), 0);
	vigil_nmea_flush(&ctx);
	CHECK_INT(ctx.stats.orphans, 5);
	CHECK_INT(feed(a2), 0);
	CHECK_INT(ctx.stats.orphans, 6);
}

static void test_expiry_cap(void)
{
	char a1[256], a2[256], s[256], f[256];
	unsigned i;

	vigil_nmea_init(&ctx);
	sent(a1, sizeof(a1), "AIVDM,2,1,3,A," P5A ",0", NULL, 0);
	sent(a2, sizeof(a2), "AIVDM,2,2,3,A," P5B ",2", NULL, 0);
	sent(s, sizeof(s), "AIVDM,1,1,,A," P1 ",0", NULL, 0);
	/* Expiry by sentence count. */
	ctx.max_age = 10;
	CHECK_INT(feed(a1), 0);
	for (i = 0; i < 11; i++)
		feed(s);
	CHECK_INT(feed(a2), 0);
	CHECK_INT(ctx.stats.orphans, 2);
	/* Within the age it completes. */
	CHECK_INT(feed(a1), 0);
	for (i = 0; i < 5; i++)
		feed(s);
	CHECK_INT(feed(a2), 1);

	/* Expiry by receiver time. */
	vigil_nmea_init(&ctx);
	CHECK_INT(feed(tag(f, sizeof(f), "c:1000000000", a1, 0)), 0);
	CHECK_INT(feed(tag(f, sizeof(f), "c:1000000500", s, 0)), 1);
	CHECK_INT(feed(tag(f, sizeof(f), "c:1000000500", a2, 0)), 0);
	CHECK_INT(ctx.stats.orphans, 2);

	/*
	 * One sentence with a clock years ahead (year 2100) must not make every
	 * later multi-part message look stale: fragments age against the time
	 * of the sentence being read.
	 */
	vigil_nmea_init(&ctx);
	CHECK_INT(feed(tag(f, sizeof(f), "c:4102444800", s, 0)), 1);
	CHECK_INT(feed(tag(f, sizeof(f), "c:1000000000", a1, 0)), 0);
	CHECK_INT(feed(tag(f, sizeof(f), "c:1000000001", a2, 0)), 1);
	CHECK_INT(msg.type, 5);
	CHECK_INT(ctx.stats.orphans, 0);

	/* Table cap: with 4 slots the fifth partial message evicts the oldest. */
	vigil_nmea_init(&ctx);
	ctx.nslots = 4;
	for (i = 0; i < 5; i++) {
		char body[160];
		snprintf(body, sizeof(body), "AIVDM,2,1,%u,A," P5A ",0", i);
		CHECK_INT(feed(sent(f, sizeof(f), body, NULL, 0)), 0);
	}
	CHECK_INT(ctx.stats.orphans, 1);
	CHECK(ctx.used <= 4);
	/* Last opened first, so that no fragment directly follows its neighbour's first. */
	for (i = 5; i-- > 0;) {
		char body[160];
		snprintf(body, sizeof(body), "AIVDM,2,2,%u,A," P5B ",2", i);
		CHECK_INT(feed(sent(f, sizeof(f), body, NULL, 0)), i == 0 ? 0 : 1);
	}
	CHECK_INT(ctx.stats.orphans, 2);
	CHECK_INT(ctx.stats.messages, 4);
	/* Many stale fragments never grow the table. */
	vigil_nmea_init(&ctx);
	for (i = 0; i < 10000; i++) {
		char body[160];
		snprintf(body, sizeof(body), "AIVDM,2,1,%u,%c," P5A ",0", i % 10, 'A' + (int)(i % 20));
		feed(sent(f, sizeof(f), body, NULL, 0));
	}
	CHECK(ctx.used <= VIGIL_NMEA_SLOTS);
	CHECK_INT(ctx.stats.orphans + ctx.used, 10000);
}

/* Every prefix of a sentence, and every single-byte change, yields no message. */
static void test_splits(void)
{
	char s[300], t[300], line[700];
	size_t n, i;
	int total = 0, wrong = 0;

	sent(s, sizeof(s), "AIVDM,1,1,,A," P1 ",0", NULL, 0);
	n = strlen(s);
	vigil_nmea_init(&ctx);
	for (i = 0; i < n; i++) {
		/* Exact-length copy so that sanitizers catch reads past the end. */
		char *c = malloc(i ? i : 1);
		memcpy(c, s, i);
		total += vigil_nmea_line(&ctx, c, i, 0, &msg);
		free(c);
	}
	CHECK_INT(total, 0);
	for (i = 0; i < n; i++) {
		memcpy(t, s, n + 1);
		t[i] ^= 0x01;
		if (feed(t))
			wrong++;
	}
	CHECK_INT(wrong, 0);
	/* Multi-part: every split point of a glued pair still yields exactly one message. */
	{
		char a1[256], a2[256];
		size_t m;
		sent(a1, sizeof(a1), "AIVDM,2,1,3,A," P5A ",0", NULL, 0);
		sent(a2, sizeof(a2), "AIVDM,2,2,3,A," P5B ",2", NULL, 0);
		snprintf(line, sizeof(line), "%s%s", a1, a2);
		m = strlen(line);
		for (i = 1; i < m; i++) {
			char *c1 = malloc(i), *c2 = malloc(m - i);
			int got;
			vigil_nmea_init(&ctx);
			memcpy(c1, line, i);
			memcpy(c2, line + i, m - i);
			got = vigil_nmea_line(&ctx, c1, i, 0, &msg) + vigil_nmea_line(&ctx, c2, m - i, i, &msg);
			/* Only the split exactly between the two sentences completes the message. */
			if (got != (i == strlen(a1)))
				wrong++;
			free(c1);
			free(c2);
		}
		CHECK_INT(wrong, 0);
	}
}

/*
 * The framer's de-armoring against the reference vigil_ais_payload_append on
 * random payloads of every length 1..120, with and without invalid characters
 * (printable ones and bytes >= 0x80).
 */
static void test_dearmor_random(void)
{
	static const char ok[] = "0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVW`abcdefghijklmnopqrstuvw";
	static const char badc[] = "XYZ[]^_xyz{}~\"#%&'()+-./ \x80\xa0\xff";
	uint32_t r = 2463534242u;
	unsigned n, k, mism = 0, rounds = 0;

	for (n = 1; n <= 120; n++) {
		for (k = 0; k < 20; k++) {
			char pay[130], body[200], b[260];
			struct vigil_ais_payload ref;
			unsigned i, fill = k % 6;
			int e, got;

			for (i = 0; i < n; i++) {
				r ^= r << 13;
				r ^= r >> 17;
				r ^= r << 5;
				pay[i] = (k >= 14 && r % 97 == 0) ? badc[(r >> 8) % (sizeof(badc) - 1)]
								 : ok[(r >> 8) % 64];
			}
			pay[n] = 0;
			if (n * 6 < fill)
				fill = 0;
			vigil_ais_payload_clear(&ref);
			e = vigil_ais_payload_append(&ref, pay, n, fill);
			snprintf(body, sizeof(body), "AIVDM,1,1,,A,%s,%u", pay, fill);
			vigil_nmea_init(&ctx);
			got = feed(sent(b, sizeof(b), body, NULL, 0));
			rounds++;
			if ((e == VIGIL_E_OK) != (got == 1) ||
			    (got == 1 && (msg.payload.nbits != ref.nbits ||
					  memcmp(msg.payload.bits, ref.bits, sizeof(ref.bits)) != 0)))
				mism++;
		}
	}
	CHECK_INT(mism, 0);
	CHECK_INT(rounds, 2400);
}

/*
 * The framer reads common tag blocks ("s:..,c:..") in one pass and others with
 * vigil_nmea_tagblock: whichever path a block takes, the message must carry
 * what vigil_nmea_tagblock says about that block (time, station), and a block
 * with a bad checksum must be counted.
 */
static void test_tag_paths(void)
{
	static const char *const bodies[] = {
		"s:KRBUS,c:1709856000", "c:1709856000,s:KRBUS", "s:FEED,c:1709856000123", "c:170985600",
		"c:17098560001234", "c:12345678", "c:1709856000.5", "c:", "s:", "s:A,s:B", "c:1709856000,c:1709856999",
		"s:ABCDEFGHIJKLMNOPQRSTUVWXYZ,c:1709856000", "s:a:b,c:1709856000", "s:x,n:12,c:1709856000",
		"g:1-1-7,s:x,c:1709856000", "1G1:7,c:1709856000", "s:x,c:1709856000,", ",c:1709856000", "s",
		"c:1709856000x", "s:x y!z,c:0000000001", "x:1,s:y", "c:17000000000000000100", "c:99999999999999",
		"g:1-2-3,s:x,c:1709856000", "g:2-2-77", "g:0-2-3", "g:3-2-3", "g:1-10-3", "g:1-2-", "g:1-2-1234567890",
		"g:1-2-123456789", "g:1--2-3", "g:-1-2", "g:12", "g:1-2-3x", "g:1-2-3,g:5-1-1", "g:1-2-3,g:1-3-4",
	};
	char s[256], b[512], full[256];
	size_t i;
	int bad;

	sent(s, sizeof(s), "AIVDM,1,1,,A," P1 ",0", NULL, 0);
	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++)
		for (bad = 0; bad < 2; bad++) {
			int64_t t;
			char st[VIGIL_NMEA_STATION_MAX + 1];
			unsigned gs, gt;
			uint32_t gid;
			int ok;
			uint64_t bt;

			tag(b, sizeof(b), bodies[i], s, bad);
			/* The content between the backslashes, as the generic parser sees it. */
			snprintf(full, sizeof(full), "%.*s", (int)(strchr(b + 1, '\\') - b - 1), b + 1);
			ok = vigil_nmea_tagblock(full, strlen(full), &t, st, &gs, &gt, &gid);
			CHECK_INT(ok, !bad);
			vigil_nmea_init(&ctx);
			CHECK_INT(feed(b), 1);
			bt = ctx.stats.bad_tagblock;
			CHECK_INT(bt, (uint64_t)bad);
			CHECK_INT(msg.time_ms, ok ? t : VIGIL_NMEA_TIME_UNKNOWN);
			CHECK_INT(msg.time_src, ok && t != VIGIL_NMEA_TIME_UNKNOWN ? VIGIL_NMEA_TIME_TAG : VIGIL_NMEA_TIME_NONE);
			CHECK_STR(msg.station, ok ? st : "");
		}
	/*
	 * Groups: fragments with different sequence ids and another sentence between them join
	 * only by the tag block's g: id, whether the block is read in one pass or (with an
	 * extra n: field) by vigil_nmea_tagblock.
	 */
	for (bad = 0; bad < 2; bad++) {
		char f1[256], f2[256], one[256], l1[512], l2[512];
		int n = 0;

		sent(f1, sizeof(f1), "AIVDM,2,1,3,A," P5A ",0", NULL, 0);
		sent(f2, sizeof(f2), "AIVDM,2,2,4,A," P5B ",2", NULL, 0);
		vigil_nmea_init(&ctx);
		n += feed(tag(l1, sizeof(l1), bad ? "g:1-2-42,n:1,s:x,c:1709856000" : "g:1-2-42,s:x,c:1709856000", f1, 0));
		n += feed(tag(b, sizeof(b), "s:y,c:1709856001", sent(one, sizeof(one), "AIVDM,1,1,,B," P1 ",0", NULL, 0), 0));
		n += feed(tag(l2, sizeof(l2), bad ? "n:2,g:2-2-42" : "g:2-2-42", f2, 0));
		CHECK_INT(n, 2);
		CHECK_INT(msg.type, 5);
		CHECK_INT(msg.time_ms, 1709856000000LL);
		CHECK_STR(msg.station, "x");
		CHECK_INT(ctx.stats.orphans, 0);
	}
	/* A backslash where the checksum should be (a bad block, then an unterminated one), and
	 * blocks cut at the end of the line. */
	vigil_nmea_init(&ctx);
	CHECK_INT(feed("\\s:A,c:1709856000*\\\\"), 0);
	CHECK_INT(ctx.stats.bad_tagblock, 2);
	CHECK_INT(feed("\\s:A,c:1709856000*3"), 0);
	CHECK_INT(feed("\\c:1709856000"), 0);
	CHECK_INT(ctx.stats.bad_tagblock, 4);
}

int main(void)
{
	test_dearmor_random();
	test_single();
	test_bad();
	test_tags();
	test_tag_paths();
	test_trailing_pghp();
	test_multi();
	test_expiry_cap();
	test_splits();
	TEST_END();
}
