/*
 * test_hostile_nmea.c - the NMEA framer, reassembly and AIS decoder under broken and
 * hostile input (issue 2 "Bad input"): truncation at every byte, byte substitutions,
 * NUL bytes, fill digits, payloads of every length for every type, missing, repeated
 * and out-of-order fragments, a flood of unfinished multi-part messages, lines of
 * megabytes. Every case must be counted, never crash (ASan/UBSan run), and leave the
 * reassembly table bounded. Sentences are built here with our own checksum code.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "vigil/ais.h"
#include "vigil/error.h"
#include "vigil/nmea.h"

static const char armor[] = "0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVW`abcdefghijklmnopqrstuvw";

/* Write "!AIVDM,<body>*hh" (checksum over body) into out; returns the length. */
static size_t sentence(char *out, size_t cap, const char *body)
{
	unsigned ck = 'A' ^ 'I' ^ 'V' ^ 'D' ^ 'M' ^ ',';
	const char *p;
	int n;

	for (p = body; *p; p++)
		ck ^= (unsigned char)*p;
	n = snprintf(out, cap, "!AIVDM,%s*%02X", body, ck);
	return n < 0 ? 0 : (size_t)n;
}

static uint32_t rng_state = 12345u;
static uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

/* Feed one line; returns completed messages, each decoded and formatted (exercised under ASan). */
static unsigned feed(struct vigil_nmea_ctx *c, const char *line, size_t len)
{
	struct vigil_nmea_msg m;
	struct vigil_ais_msg am;
	struct vigil_ais_json_opts o;
	static char js[8192];
	unsigned n = 0;
	int r;

	memset(&o, 0, sizeof(o));
	o.scaled = 1;
	for (r = vigil_nmea_line(c, line, len, 0, &m); r > 0; r = vigil_nmea_line(c, NULL, 0, 0, &m)) {
		int d = vigil_ais_decode(&m.payload, &am);

		n++;
		if (d != VIGIL_E_OK && d != VIGIL_E_LENGTH && d != VIGIL_E_UNSUPPORTED)
			t_fail++, fprintf(stderr, "FAIL: vigil_ais_decode returned %d\n", d);
		if (d == VIGIL_E_OK) {
			size_t jl = vigil_ais_json(&am, &o, js, sizeof(js));

			if (jl == 0 || jl >= sizeof(js) || js[0] != '{' || js[jl - 1] != '}')
				t_fail++, fprintf(stderr, "FAIL: json of type %u: %zu bytes\n", m.type, jl);
		}
	}
	if (c->used > c->nslots)
		t_fail++, fprintf(stderr, "FAIL: reassembly table %u > %u slots\n", c->used, c->nslots);
	return n;
}

static uint64_t counted(const struct vigil_nmea_stats *s)
{
	return s->bad_checksum + s->bad_length + s->bad_char + s->bad_channel + s->bad_tagblock + s->orphans +
	       s->other_nmea + s->pghp + s->junk + s->blank;
}

static const char *const good[] = {
	"1,1,,A,144FV@@01saKjU0HbG`9:GDt0000,0",
	"1,1,,B,B6CdCm0t3`tba35f@V9faHi7kP06,0",
	"1,1,,A,H44FV@@T4pN0000000000000000,2",
};
static const char *const type5[2] = {
	"2,1,5,A,544FV@@29E45D847401@E=B1HE=<Dj0tpD00001@,0",
	"2,2,5,A,<PD:<4ofNECPBj3i2h@000000000000,2",
};

static void truncation(void)
{
	struct vigil_nmea_ctx c;
	char s[256];
	size_t i, k, len;
	unsigned msgs = 0, whole = 0;

	/* Each good sentence whole decodes; every proper prefix of it decodes nothing. */
	for (k = 0; k < sizeof(good) / sizeof(good[0]); k++) {
		len = sentence(s, sizeof(s), good[k]);
		vigil_nmea_init(&c);
		whole += feed(&c, s, len);
		vigil_nmea_init(&c);
		for (i = 0; i < len; i++)
			msgs += feed(&c, s, i);
		CHECK_INT(c.stats.lines, len);
		CHECK_INT(counted(&c.stats), len);
	}
	CHECK_INT(whole, 3);
	CHECK_INT(msgs, 0);

	/* Fragment 1 whole, fragment 2 cut at every byte: never a message, each cut counted. */
	msgs = 0;
	for (i = 0; i < 60; i++) {
		char s2[256];
		size_t l2 = sentence(s2, sizeof(s2), type5[1]);

		vigil_nmea_init(&c);
		len = sentence(s, sizeof(s), type5[0]);
		msgs += feed(&c, s, len);
		if (i < l2)
			msgs += feed(&c, s2, i);
		vigil_nmea_flush(&c);
		CHECK(c.stats.orphans >= 1);
	}
	CHECK_INT(msgs, 0);
}

static void substitution(void)
{
	static const char bytes[] = { 0, (char)0xff, (char)0x80, ',', '*', '\\', '!', '$', '\r', '\n', ' ', 'z' };
	struct vigil_nmea_ctx c;
	char s[256], t[256];
	size_t i, b, len;
	unsigned msgs = 0, lines = 0;

	vigil_nmea_init(&c);
	len = sentence(s, sizeof(s), good[0]);
	for (i = 0; i < len; i++)
		for (b = 0; b < sizeof(bytes); b++) {
			if (s[i] == bytes[b])
				continue;
			memcpy(t, s, len);
			t[i] = bytes[b];
			msgs += feed(&c, t, len);
			lines++;
		}
	/* A changed byte breaks the checksum unless it lands in the checksum itself... which then mismatches. */
	CHECK_INT(msgs, 0);
	CHECK_INT(c.stats.lines, lines);

	/* A NUL byte inside an otherwise valid line: not a message, and the framer goes on. */
	memcpy(t, s, len);
	t[10] = 0;
	vigil_nmea_init(&c);
	CHECK_INT(feed(&c, t, len), 0);
	CHECK_INT(feed(&c, s, len), 1);
}

static void fill_bits(void)
{
	struct vigil_nmea_ctx c;
	char body[128], s[256];
	const char *digits = "0123456789X-";
	size_t i, len;
	unsigned ok = 0;

	vigil_nmea_init(&c);
	for (i = 0; digits[i]; i++) {
		snprintf(body, sizeof(body), "1,1,,A,144FV@@01saKjU0HbG`9:GDt0000,%c", digits[i]);
		len = sentence(s, sizeof(s), body);
		if (feed(&c, s, len))
			ok++;
	}
	/* 0..5 are valid for a 168-bit payload; nothing else may exceed "0..9". */
	CHECK(ok >= 6 && ok <= 10);
	/* Fill field empty, two digits, huge. */
	vigil_nmea_init(&c);
	len = sentence(s, sizeof(s), "1,1,,A,144FV@@01saKjU0HbG`9:GDt0000,");
	feed(&c, s, len);
	len = sentence(s, sizeof(s), "1,1,,A,144FV@@01saKjU0HbG`9:GDt0000,00");
	feed(&c, s, len);
	len = sentence(s, sizeof(s), "1,1,,A,144FV@@01saKjU0HbG`9:GDt0000,99999999999999999999");
	CHECK_INT(feed(&c, s, len), 0);
	/* Fill larger than the payload: one character, fill 6..9. */
	len = sentence(s, sizeof(s), "1,1,,A,1,9");
	feed(&c, s, len);
	CHECK_INT(c.stats.lines, 4);
	CHECK_INT(counted(&c.stats) + c.stats.messages, 4);
}

/* Every type (0..63) with every payload length 0..336 characters (up to 6 fragments): no crash, all counted. */
static void lengths(void)
{
	struct vigil_nmea_ctx c;
	char pay[400], body[200], s[256];
	unsigned type, n, msgs = 0, expect = 0;

	vigil_nmea_init(&c);
	for (type = 0; type < 64; type++)
		for (n = 0; n <= 336; n += (n < 40 ? 1 : 7)) {
			unsigned i, frags = n ? (n + 55) / 56 : 1, f;

			pay[0] = armor[type];
			for (i = 1; i < n; i++)
				pay[i] = armor[rnd() % 64];
			if (frags > 9)
				continue;
			for (f = 0; f < frags; f++) {
				unsigned from = f * 56, cnt = n > from ? (n - from < 56 ? n - from : 56) : 0;

				snprintf(body, sizeof(body), "%u,%u,%u,B,%.*s,%u", frags, f + 1, type % 10, (int)cnt,
					 pay + from, f + 1 == frags ? type % 6 : 0);
				msgs += feed(&c, s, sentence(s, sizeof(s), body));
			}
			if (n > 0 && (size_t)n * 6 - type % 6 <= VIGIL_AIS_MAXBITS)
				expect++;
		}
	vigil_nmea_flush(&c);
	/* Each non-empty payload within the bit limit completes (decode may still refuse it: counted, not crashed). */
	CHECK_INT(msgs, expect);
	CHECK_INT(c.stats.orphans, 0);
}

static void fragments(void)
{
	struct vigil_nmea_ctx c;
	char s1[256], s2[256], s[256];
	size_t l1, l2;
	unsigned m;

	l1 = sentence(s1, sizeof(s1), type5[0]);
	l2 = sentence(s2, sizeof(s2), type5[1]);

	/* In order: one message. */
	vigil_nmea_init(&c);
	m = feed(&c, s1, l1) + feed(&c, s2, l2);
	CHECK_INT(m, 1);

	/* Second before first: no message, both eventually orphans. */
	vigil_nmea_init(&c);
	m = feed(&c, s2, l2) + feed(&c, s1, l1);
	vigil_nmea_flush(&c);
	CHECK_INT(m, 0);
	CHECK_INT(c.stats.orphans, 2);

	/* First repeated, then second: exactly one message. */
	vigil_nmea_init(&c);
	m = feed(&c, s1, l1) + feed(&c, s1, l1) + feed(&c, s2, l2) + feed(&c, s2, l2);
	vigil_nmea_flush(&c);
	CHECK_INT(m, 1);
	CHECK(c.stats.orphans >= 1);

	/* Nonsense fragment numbers: 3 of 2, 0 of 2, 1 of 0, 1 of 10, 1 of 99999999999. */
	vigil_nmea_init(&c);
	m = feed(&c, s, sentence(s, sizeof(s), "2,3,5,A,544FV@@29E45D847401@E=B1HE=<Dj0tpD00001@,0"));
	m += feed(&c, s, sentence(s, sizeof(s), "2,0,5,A,544FV@@29E45D847401@E=B1HE=<Dj0tpD00001@,0"));
	m += feed(&c, s, sentence(s, sizeof(s), "0,1,5,A,544FV@@29E45D847401@E=B1HE=<Dj0tpD00001@,0"));
	m += feed(&c, s, sentence(s, sizeof(s), "10,1,5,A,544FV@@29E45D847401@E=B1HE=<Dj0tpD00001@,0"));
	m += feed(&c, s, sentence(s, sizeof(s), "99999999999,1,5,A,544FV@@29E45D847401@E=B1HE=<Dj0tpD00001@,0"));
	m += feed(&c, s, sentence(s, sizeof(s), "-1,1,5,A,544FV@@29E45D847401@E=B1HE=<Dj0tpD00001@,0"));
	m += feed(&c, s2, l2);
	vigil_nmea_flush(&c);
	CHECK_INT(m, 0);
	CHECK_INT(c.stats.lines, 7);
	CHECK_INT(counted(&c.stats), 7);

	/* Fragment 1 of 9 then fragment 9 of 9: missing middle, no message. */
	vigil_nmea_init(&c);
	m = feed(&c, s, sentence(s, sizeof(s), "9,1,3,A,544FV@@29E45D847401@E=B1HE=<Dj0tpD00001@,0"));
	m += feed(&c, s, sentence(s, sizeof(s), "9,9,3,A,544FV@@29E45D847401@E=B1HE=<Dj0tpD00001@,0"));
	vigil_nmea_flush(&c);
	CHECK_INT(m, 0);
	CHECK_INT(c.stats.orphans, 2);
}

/* 100,000 distinct unfinished multi-part messages (tag-block groups, seq ids, channels, talkers). */
static void flood(void)
{
	static const char *const talk[] = { "AI", "AB", "BS", "SA" };
	struct vigil_nmea_ctx c;
	char line[400], s[256];
	unsigned i, m = 0, maxused = 0;
	size_t len;

	vigil_nmea_init(&c);
	for (i = 0; i < 100000; i++) {
		char tb[64], body[160];
		unsigned ck = 0;
		const char *p;
		int n;

		snprintf(body, sizeof(body), "3,%u,%u,%c,544FV@@29E45D847401@E=B1HE=<Dj0tpD00001@,0", 1 + i % 2, i % 10,
			 "AB12"[(i / 10) % 4]);
		len = sentence(s, sizeof(s), body);
		memcpy(s + 1, talk[(i / 40) % 4], 2);   /* other talker; checksum fixed below */
		s[len - 3] = 0;
		for (ck = 0, p = s + 1; *p; p++)
			ck ^= (unsigned char)*p;
		snprintf(s + len - 3, 4, "*%02X", ck);
		snprintf(tb, sizeof(tb), "g:1-3-%u,c:%u", 1 + i % 99999, 1700000000u + i / 100);
		for (ck = 0, p = tb; *p; p++)
			ck ^= (unsigned char)*p;
		n = snprintf(line, sizeof(line), "\\%s*%02X\\%s", tb, ck, s);
		m += feed(&c, line, (size_t)n);
		if (c.used > maxused)
			maxused = c.used;
	}
	CHECK_INT(m, 0);
	CHECK(maxused <= c.nslots);
	CHECK(c.stats.orphans >= 100000 - c.nslots);
	/* The framer still works after the flood. */
	len = sentence(s, sizeof(s), good[0]);
	CHECK_INT(feed(&c, s, len), 1);
	vigil_nmea_flush(&c);
	CHECK_INT(c.used, 0);
	CHECK_INT(c.stats.orphans, 100000);
}

static void huge_lines(void)
{
	struct vigil_nmea_ctx c;
	size_t n = 4u << 20, i, len;
	char *big = malloc(n + 64), s[256];

	if (!big) {
		t_fail++;
		return;
	}
	vigil_nmea_init(&c);
	/* A 4 MB payload field with a valid checksum: too long, counted. */
	memcpy(big, "!AIVDM,1,1,,A,", 14);
	for (i = 14; i < n; i++)
		big[i] = '1';
	len = n;
	{
		unsigned ck = 0;

		for (i = 1; i < len; i++)
			ck ^= (unsigned char)big[i];
		ck ^= ',' ^ '0';
		len += (size_t)snprintf(big + len, 64, ",0*%02X", ck);
	}
	CHECK_INT(feed(&c, big, len), 0);
	/* 4 MB of tag-block openers, of '!', of NULs, of commas. */
	memset(big, '\\', n);
	CHECK_INT(feed(&c, big, n), 0);
	memset(big, '!', n);
	CHECK_INT(feed(&c, big, n), 0);
	memset(big, 0, n);
	CHECK_INT(feed(&c, big, n), 0);
	memset(big, ',', n);
	CHECK_INT(feed(&c, big, n), 0);
	/* Many sentences glued on one line: each counted, the valid ones decoded. */
	len = sentence(s, sizeof(s), good[0]);
	for (i = 0; i + len < n && i < 10000 * len; i += len)
		memcpy(big + i, s, len);
	CHECK_INT(feed(&c, big, i), 10000);
	CHECK_INT(c.stats.lines, 6);
	free(big);
}

int main(void)
{
	truncation();
	substitution();
	fill_bits();
	lengths();
	fragments();
	flood();
	huge_lines();
	TEST_END();
}
