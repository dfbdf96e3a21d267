/*
 * test_jbuf.c - the hand-written number and JSON writers against their references:
 * integer digits against snprintf, and every JSON object written by the unchecked
 * fast paths (big buffer) against the bounds-checked writers (tight buffer), for
 * random message structs (every field value a caller could store, strings with
 * bytes that need escaping) and for every message of the logs in ../shared/data/ais.
 */
#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "harness.h"
#include "jbuf.h"
#include "vigil/ais.h"
#include "vigil/error.h"
#include "vigil/nmea.h"

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int bad_u32;

static void check_u32(uint32_t v)
{
	char a[16], b[16];
	char *e = vigil__jb_wu32(a, v);

	*e = 0;
	snprintf(b, sizeof(b), "%u", v);
	if (strcmp(a, b) != 0 && bad_u32++ < 5)
		fprintf(stderr, "FAIL wu32(%u) = \"%s\"\n", v, a);
}

static void test_digits(void)
{
	uint32_t v, p;
	unsigned i;
	struct vigil__jbuf jb;
	char buf[64], ref[64];

	for (v = 0; v < 2000000; v++)
		check_u32(v);
	for (p = 1; p <= 1000000000u; p *= 10) {
		check_u32(p - 1);
		check_u32(p);
		check_u32(p + 1);
		if (p == 1000000000u)
			break;
	}
	check_u32(UINT32_MAX);
	check_u32(UINT32_MAX - 1);
	for (i = 0; i < 2000000; i++)
		check_u32((uint32_t)rnd() >> (rnd() & 31));
	CHECK_INT(bad_u32, 0);

	/* The checked writer, 64-bit values included. */
	{
		static const unsigned long long vals[] = {
			0, 9, 10, 4294967295ULL, 4294967296ULL, 18446744073709551615ULL, 1234567890123ULL
		};
		int bad = 0;
		for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
			vigil__jb_init(&jb, buf, sizeof(buf));
			vigil__jb_putu(&jb, vals[i]);
			vigil__jb_finish(&jb);
			snprintf(ref, sizeof(ref), "%llu", vals[i]);
			bad += strcmp(buf, ref) != 0;
			vigil__jb_init(&jb, buf, sizeof(buf));
			vigil__jb_puti(&jb, -(long long)(vals[i] >> 1));
			vigil__jb_finish(&jb);
			snprintf(ref, sizeof(ref), "%lld", -(long long)(vals[i] >> 1));
			bad += strcmp(buf, ref) != 0;
		}
		CHECK_INT(bad, 0);
	}
}

static unsigned n_compared;

/*
 * m formatted into a big buffer (fast paths) must equal m formatted into the
 * smallest buffer that takes it (checked paths). Returns 1 on a difference.
 */
static int fast_vs_checked(const struct vigil_ais_msg *m, int scaled, int assigned)
{
	static char big[16384], tight[16384];
	struct vigil_ais_json_opts o;
	size_t n, cap, t = 0;

	memset(&o, 0, sizeof(o));
	o.scaled = scaled;
	o.assigned = assigned;
	o.device = "stdin";
	n = vigil_ais_json(m, &o, big, sizeof(big));
	if (n == 0)
		return 1;
	/* The checked writers may want a few bytes of slack: the first capacity that takes it. */
	for (cap = n + 1; cap < n + 200 && !t; cap++)
		t = vigil_ais_json(m, &o, tight, cap);
	n_compared++;
	if (t != n || memcmp(big, tight, n) != 0) {
		fprintf(stderr, "FAIL type %u scaled %d:\n  fast    %s\n  checked %s\n", m->type, scaled,
			big, t ? tight : "(did not fit)");
		return 1;
	}
	return 0;
}

static void random_string(char *s, size_t size)
{
	size_t i;

	for (i = 0; i < size; i++) {
		unsigned r = (unsigned)(rnd() & 63);
		/* Mostly printable, with quotes, backslashes, controls, high bytes and NULs. */
		s[i] = r < 40 ? (char)(0x20 + rnd() % 95) : r < 44 ? '"' : r < 48 ? '\\' :
		       r < 56 ? (char)(rnd() & 31) : r < 62 ? (char)(0x7f + rnd() % 129) : 0;
	}
}

static void test_random_structs(void)
{
	static const uint8_t types[] = { 1, 2, 3, 4, 5, 11, 18, 19 };
	struct vigil_ais_msg m;
	unsigned i;
	int bad = 0;

	for (i = 0; i < 200000; i++) {
		size_t k;
		uint8_t *b = (uint8_t *)&m;

		for (k = 0; k < sizeof(m); k++)
			b[k] = (uint8_t)rnd();
		/* Small values most of the time, so every digit count and legend shows up. */
		if (rnd() & 1)
			for (k = 8; k < 64; k++)
				b[k] = (uint8_t)(b[k] % (1u + (unsigned)(rnd() % 120)));
		m.type = types[rnd() % sizeof(types)];
		switch (m.type) {
		case 5:
			random_string(m.u.t5.callsign, sizeof(m.u.t5.callsign));
			random_string(m.u.t5.shipname, sizeof(m.u.t5.shipname));
			random_string(m.u.t5.destination, sizeof(m.u.t5.destination));
			break;
		case 19:
			random_string(m.u.classb.shipname, sizeof(m.u.classb.shipname));
			break;
		default:
			break;
		}
		bad += fast_vs_checked(&m, (int)(i & 1), (int)((i >> 1) & 1));
		if (bad > 5)
			break;
	}
	CHECK_INT(bad, 0);
}

/* The scaled rate of turn of every ROT_AIS value against gpsd's formula (sign kept). */
static void test_turn(void)
{
	struct vigil_ais_msg m;
	struct vigil_ais_json_opts o;
	char buf[2048], want[32];
	int t, bad = 0;

	memset(&m, 0, sizeof(m));
	memset(&o, 0, sizeof(o));
	o.scaled = 1;
	m.type = 1;
	for (t = -128; t <= 127; t++) {
		const char *k;
		m.u.pos.turn = (int8_t)t;
		if (!vigil_ais_json(&m, &o, buf, sizeof(buf)) || !(k = strstr(buf, "\"turn\":"))) {
			bad++;
			continue;
		}
		if (t == -128)
			snprintf(want, sizeof(want), "\"nan\",");
		else if (t == -127)
			snprintf(want, sizeof(want), "\"fastleft\",");
		else if (t == 127)
			snprintf(want, sizeof(want), "\"fastright\",");
		else {
			double r = t / 4.733, v = rint(r * r);
			snprintf(want, sizeof(want), "%s%.0f,", t < 0 && v != 0 ? "-" : "", v);
		}
		if (strncmp(k + 7, want, strlen(want)) != 0 && bad++ < 3)
			fprintf(stderr, "FAIL turn %d: %.20s, want %s\n", t, k + 7, want);
	}
	CHECK_INT(bad, 0);
}

static int bad_shared;

static void file_messages(const char *path)
{
	static struct vigil_nmea_ctx ctx;
	struct vigil_nmea_msg nm;
	struct vigil_ais_msg am;
	size_t len, i, start = 0;
	char *data = test_slurp(path, &len);

	if (!data)
		return;
	vigil_nmea_init(&ctx);
	for (i = 0; i <= len; i++) {
		int k;
		if (i < len && data[i] != '\n')
			continue;
		for (k = vigil_nmea_line(&ctx, data + start, i - start, start, &nm); k > 0;
		     k = vigil_nmea_line(&ctx, NULL, 0, 0, &nm)) {
			if (vigil_ais_decode(&nm.payload, &am) != VIGIL_E_OK)
				continue;
			if (bad_shared < 5) {
				bad_shared += fast_vs_checked(&am, 1, 0);
				bad_shared += fast_vs_checked(&am, 0, 1);
			}
		}
		start = i + 1;
	}
	free(data);
}

static void walk(const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d || depth > 6) {
		if (d)
			closedir(d);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		char path[4096];
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			walk(path, depth + 1);
		else if (S_ISREG(st.st_mode) && st.st_size < 64 * 1024 * 1024)
			file_messages(path);
	}
	closedir(d);
}

int main(void)
{
	const char *sh = test_shared();

	test_digits();
	test_random_structs();
	test_turn();
	if (sh) {
		char dir[4200];
		unsigned before = n_compared;
		snprintf(dir, sizeof(dir), "%s/data/ais", sh);
		walk(dir, 0);
		CHECK_INT(bad_shared, 0);
		CHECK(n_compared - before > 100000);
	} else {
		SKIP("../shared not found: fast vs checked JSON on the real logs");
	}
	TEST_END();
}
