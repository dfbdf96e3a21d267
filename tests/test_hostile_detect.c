/*
 * test_hostile_detect.c - the behaviour engine (detect.h) under absurd input (issue 3,
 * "Done when": time going backwards, positions on land or out of range, millions of
 * MMSIs, a vessel reporting every millisecond, one MMSI alternating across the globe).
 * Each case must be counted in the engine's stats, never crash (ASan/UBSan run), and
 * memory must stay bounded: the heavy cases run in a forked child and the parent
 * compares the child's peak RSS (wait4 ru_maxrss) between a small and a 10-20x larger
 * input, so the check holds whatever the absolute size of the build.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "vigil/detect.h"
#include "vigil/error.h"

#define T0 1709856000000LL

/*
 * Under AddressSanitizer the peak RSS measures its quarantine and shadow, not the
 * engine: the sanitizer build runs 10x smaller inputs for the crash checks and
 * skips the RSS comparison.
 */
#if defined(__SANITIZE_ADDRESS__)
#define ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ASAN 1
#endif
#endif
#ifndef ASAN
#define ASAN 0
#endif
#define SCALE (ASAN ? 10u : 1u) /* 2024-03-08T00:00:00Z */

struct sink {
	uint64_t n, shared;
};

static void on_event(void *ctx, struct vigil_event *e)
{
	struct sink *s = ctx;

	s->n++;
	if (e->type && strcmp(e->type, "shared_mmsi") == 0)
		s->shared++;
}

static struct vigil_detect *engine(struct sink *s, void (*tune)(struct vigil_detect_params *))
{
	struct vigil_detect_params p;
	struct vigil_detect_hooks h;
	int err = 0;
	struct vigil_detect *d;

	vigil_detect_params_default(&p);
	if (tune)
		tune(&p);
	memset(&h, 0, sizeof(h));
	h.emit = on_event;
	h.emit_ctx = s;
	d = vigil_detect_new(&p, &h, &err);
	if (!d)
		fprintf(stderr, "vigil_detect_new: %d\n", err);
	return d;
}

static struct vigil_fix fix(uint32_t mmsi, int64_t t, double lat, double lon)
{
	struct vigil_fix f;

	memset(&f, 0, sizeof(f));
	f.mmsi = mmsi;
	f.t = t;
	f.lat = lat;
	f.lon = lon;
	f.sog = 10.0f;
	f.cog = 90.0f;
	f.heading = 90;
	f.type = 1;
	f.status = 0;
	return f;
}

static uint64_t key(uint32_t mmsi, int64_t t, double lat)
{
	struct { uint32_t m; int64_t t; double lat; } k = { mmsi, t, lat };

	return vigil_detect_hash(&k, sizeof(k), 1);
}

static void feed(struct vigil_detect *d, uint32_t mmsi, int64_t t, double lat, double lon)
{
	struct vigil_fix f = fix(mmsi, t, lat, lon);

	vigil_detect_fix(d, &f, key(mmsi, t, lat));
}

/* Out-of-range and "not available" values, and absurd times, are dropped and counted. */
static void bad_values(void)
{
	static const double bad[][2] = { { 91, 125 }, { 30, 181 }, { -91, 0.5 }, { 30, -181 }, { 1e308, 1e308 },
					   { -1e308, 5 }, { 0, 0 } };
	struct sink s = { 0, 0 };
	struct vigil_detect *d = engine(&s, NULL);
	const struct vigil_detect_stats *st;
	uint64_t dropped = 0;
	size_t i;
	int k;

	if (!d) {
		t_fail++;
		return;
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		feed(d, 413000001, T0 + (int64_t)i * 60000, bad[i][0], bad[i][1]);
	feed(d, 413000001, T0 + 600000, NAN, 125);
	feed(d, 413000001, T0 + 660000, 30, INFINITY);
	feed(d, 413000001, 0, 30, 125);                       /* 1970 */
	feed(d, 413000001, 4102444800000LL + 86400000, 30, 125); /* 2100-01-02 */
	feed(d, 413000001, INT64_MIN, 30, 125);
	feed(d, 413000001, INT64_MAX, 30, 125);
	feed(d, 413000001, -86400000LL * 365 * 1000, 30, 125);
	feed(d, 0, T0, 30, 125);                              /* MMSI 0 */
	feed(d, 4294967295u, T0, 30, 125);                    /* MMSI > 999999999 */
	/* Positions on land (inland China, Sahara, Antarctica, the poles): not invalid, just processed. */
	feed(d, 413000002, T0, 34.0, 108.0);
	feed(d, 413000002, T0 + 3600000, 23.0, 12.0);
	feed(d, 413000002, T0 + 7200000, -80.0, 30.0);
	feed(d, 413000002, T0 + 10800000, 90.0, 180.0);
	feed(d, 413000002, T0 + 14400000, -90.0, -180.0);
	CHECK_INT(vigil_detect_finish(d), VIGIL_E_OK);
	st = vigil_detect_stats(d);
	for (k = 0; k < 8; k++)
		dropped += st->dropped[k];
	CHECK_INT(st->fixes_in, 21);
	CHECK_INT(dropped, 16);
	CHECK_INT(st->dropped[VIGIL_FIX_NOPOS], 8);
	CHECK_INT(st->dropped[VIGIL_FIX_NULLISLAND], 1);
	CHECK_INT(st->dropped[VIGIL_FIX_NOTIME], 5);
	CHECK_INT(st->dropped[VIGIL_FIX_MMSI], 2);
	CHECK_INT(st->nomem, 0);
	vigil_detect_free(d);
}

/* Time going backwards by seconds and by days, within a vessel and across the stream. */
static void backwards(void)
{
	struct sink s = { 0, 0 };
	struct vigil_detect *d = engine(&s, NULL);
	const struct vigil_detect_stats *st;
	int64_t i;

	if (!d) {
		t_fail++;
		return;
	}
	/* One vessel counting down one second at a time for 2 hours. */
	for (i = 0; i < 7200; i++)
		feed(d, 413000003, T0 + 7200000 - i * 1000, 30 + i * 1e-5, 125);
	/* Another: a day forward, a day back, for 60 days. */
	for (i = 0; i < 60; i++)
		feed(d, 413000004, T0 + (i % 2 ? -1 : 1) * 86400000LL * (i / 2), 31, 126 + i * 0.01);
	/* Strictly decreasing days. */
	for (i = 0; i < 200; i++)
		feed(d, 413000005, T0 - i * 86400000LL, 32, 127);
	CHECK_INT(vigil_detect_finish(d), VIGIL_E_OK);
	st = vigil_detect_stats(d);
	CHECK_INT(st->fixes_in, 7200 + 60 + 200);
	/* Records beyond the 10-minute reorder window are counted late (or dropped), never lost silently. */
	CHECK(st->late + st->dropped[VIGIL_FIX_NOTIME] + st->duplicates >= 60 / 2 + 199 - 2);
	CHECK_INT(st->nomem, 0);
	CHECK(st->vessels == 3);
	vigil_detect_free(d);
}

/* One MMSI alternating between the North Pacific and South Africa every minute for a day. */
static void alternating(void)
{
	struct sink s = { 0, 0 };
	struct vigil_detect *d = engine(&s, NULL);
	const struct vigil_detect_stats *st;
	int i;

	if (!d) {
		t_fail++;
		return;
	}
	for (i = 0; i < 1440; i++) {
		double dl = i * 0.0003;

		if (i % 2)
			feed(d, 413000006, T0 + i * 60000LL, 50 + dl, -170 + dl);
		else
			feed(d, 413000006, T0 + i * 60000LL, -40 - dl, 20 + dl);
	}
	CHECK_INT(vigil_detect_finish(d), VIGIL_E_OK);
	st = vigil_detect_stats(d);
	CHECK_INT(st->fixes_in, 1440);
	CHECK(st->segments >= 2 && st->segments <= 16);
	CHECK(s.shared >= 1);
	vigil_detect_free(d);
}

static void tiny_caps(struct vigil_detect_params *p)
{
	p->max_vessels = 1000;
	p->max_pending = 5000;
}

/* Child workloads; each returns through _exit so that only the peak RSS is compared. */
static int many_mmsis(uint32_t n)
{
	struct sink s = { 0, 0 };
	struct vigil_detect *d = engine(&s, tiny_caps);
	const struct vigil_detect_stats *st;
	uint32_t i;

	if (!d)
		return 10;
	for (i = 0; i < n; i++)
		feed(d, 200000000u + i * 7u, T0 + (int64_t)(i / 50) * 1000, 30 + (i % 1000) * 0.01, 125 + (i % 777) * 0.01);
	vigil_detect_finish(d);
	st = vigil_detect_stats(d);
	if (st->vessels != 1000)
		return 11;
	if (st->vessels_over_cap != n - 1000)
		return 12;
	vigil_detect_free(d);
	return 0;
}

/* One vessel reporting every millisecond, drifting slowly north. */
static int every_ms(uint32_t n)
{
	struct sink s = { 0, 0 };
	struct vigil_detect *d = engine(&s, NULL);
	const struct vigil_detect_stats *st;
	uint32_t i;

	if (!d)
		return 10;
	for (i = 0; i < n; i++)
		feed(d, 413000007, T0 + i, 30 + i * 5e-8, 125);
	vigil_detect_finish(d);
	st = vigil_detect_stats(d);
	if (st->fixes_in != n || st->vessels != 1)
		return 11;
	vigil_detect_free(d);
	return 0;
}

/* Records shuffled within the reorder window with a small buffer cap: forced early, counted. */
static int shuffled(uint32_t n)
{
	struct sink s = { 0, 0 };
	struct vigil_detect *d = engine(&s, tiny_caps);
	const struct vigil_detect_stats *st;
	uint32_t i, r = 7;

	if (!d)
		return 10;
	for (i = 0; i < n; i++) {
		r = r * 1103515245u + 12345u;
		feed(d, 413100000u + i % 500, T0 + (int64_t)i * 20 + (int64_t)(r >> 8) % 500000, 30 + (i % 500) * 0.01,
		     125 + (i % 333) * 0.02);
	}
	vigil_detect_finish(d);
	st = vigil_detect_stats(d);
	if (n >= 20000 && st->pending_forced == 0)
		return 11;
	vigil_detect_free(d);
	return 0;
}

/* Run fn(n) in a child; returns its peak RSS in KiB, or -1 (and a failure) if it did not exit 0. */
static long child_rss(int (*fn)(uint32_t), uint32_t n, const char *what)
{
	struct rusage ru;
	int status = 0;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0)
		_exit(fn(n));
	memset(&ru, 0, sizeof(ru));
	if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "FAIL: %s(%u): status %d\n", what, n, status);
		t_fail++;
		return -1;
	}
	t_pass++;
	return ru.ru_maxrss;
}

/* Peak RSS of the large run may exceed the small one's by at most slack_kb. */
static void bounded(int (*fn)(uint32_t), uint32_t small, uint32_t large, long slack_kb, const char *what)
{
	long a = child_rss(fn, small / SCALE, what), b = child_rss(fn, large / SCALE, what);

	printf("%s: peak RSS %ld KiB at %u records, %ld KiB at %u\n", what, a, small / SCALE, b, large / SCALE);
	if (a > 0 && b > 0 && !ASAN)
		CHECK(b - a <= slack_kb);
}

int main(void)
{
	bad_values();
	backwards();
	alternating();
	/* 20 k vs 400 k distinct MMSIs with a 1000-vessel cap. */
	bounded(many_mmsis, 20000, 400000, 16384, "many_mmsis");
	/* 1 minute vs 15 minutes of one vessel reporting every millisecond. */
	bounded(every_ms, 60000, 900000, 16384, "every_ms");
	/* 500 vessels over 100 min: the tracks themselves grow, so only a loose bound (the buffer itself is capped). */
	bounded(shuffled, 20000, 300000, 65536, "shuffled");
	TEST_END();
}
