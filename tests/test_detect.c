/* test_detect.c - the engine on synthetic streams: shared MMSI, spoofed jump, gap vs coverage hole, identities. */
#include <math.h>

#include "harness.h"
#include "vigil/detect.h"
#include "vigil/error.h"
#include "vigil/json.h"

#define T0 1709856000000LL /* 2024-03-08T00:00:00Z */
#define MIN 60000LL
#define HOUR 3600000LL

struct got {
	char type[32];
	uint32_t mmsi;
	int64_t start, end;
};

static struct got ev[256];
static int nev, bad_json;

static void on_event(void *ctx, struct vigil_event *e)
{
	static char buf[16384];
	static struct vigil_json_tok tok[2048];
	size_t n, ntok;

	(void)ctx;
	n = vigil_event_json(e, NULL, 0, 0, buf, sizeof(buf));
	if (!n || vigil_json_parse(buf, n, tok, 2048, &ntok, NULL) != VIGIL_E_OK)
		bad_json++;
	n = vigil_event_json(e, NULL, 0, 1, buf, sizeof(buf));
	if (!n || vigil_json_parse(buf, n, tok, 2048, &ntok, NULL) != VIGIL_E_OK)
		bad_json++;
	if (nev < 256) {
		snprintf(ev[nev].type, sizeof(ev[nev].type), "%s", e->type);
		ev[nev].mmsi = e->nv ? e->v[0].mmsi : 0;
		ev[nev].start = e->start;
		ev[nev].end = e->end;
		nev++;
	}
}

static int count(const char *type, uint32_t mmsi)
{
	int i, n = 0;

	for (i = 0; i < nev; i++)
		if (!strcmp(ev[i].type, type) && (!mmsi || ev[i].mmsi == mmsi))
			n++;
	return n;
}

static const struct got *find(const char *type, uint32_t mmsi)
{
	int i;

	for (i = 0; i < nev; i++)
		if (!strcmp(ev[i].type, type) && ev[i].mmsi == mmsi)
			return &ev[i];
	return NULL;
}

static int flag_cb(void *ctx, uint32_t imo, const char *mid_flag, char cc[3])
{
	(void)ctx;
	(void)mid_flag;
	if (imo != 9074729)
		return 0;
	memcpy(cc, "KP", 3);
	return 1;
}

static void fix(struct vigil_detect *d, uint32_t mmsi, int64_t t, double lat, double lon, double sog, double cog)
{
	struct vigil_fix f;

	memset(&f, 0, sizeof(f));
	f.mmsi = mmsi;
	f.t = t;
	f.lat = lat;
	f.lon = lon;
	f.sog = (float)sog;
	f.cog = (float)cog;
	f.heading = -1;
	f.type = 1;
	f.status = 0;
	f.ref = (uint64_t)t;
	CHECK_INT(vigil_detect_fix(d, &f, vigil_detect_hash(&f, sizeof(f), 0)), VIGIL_E_OK);
}

/* A type 5 static with MMSI, time, IMO and name set, everything else empty. */
static void stat5_base(struct vigil_static *s, uint32_t mmsi, int64_t t, uint32_t imo, const char *name)
{
	memset(s, 0, sizeof(*s));
	s->mmsi = mmsi;
	s->t = t;
	s->type = 5;
	s->imo = imo;
	snprintf(s->name, sizeof(s->name), "%s", name);
}

static void stat5(struct vigil_detect *d, uint32_t mmsi, int64_t t, uint32_t imo, const char *name)
{
	struct vigil_static s;

	stat5_base(&s, mmsi, t, imo, name);
	s.draught = 7.5f;
	snprintf(s.callsign, sizeof(s.callsign), "UABC");
	CHECK_INT(vigil_detect_static(d, &s, 0), VIGIL_E_OK);
}

/* Position east of (lat, lon0) after h hours at kn knots. */
static double east(double lat, double lon0, double kn, double h)
{
	return lon0 + kn * h / (60 * cos(lat * 3.14159265358979 / 180));
}

static void summary(void *ctx, const struct vigil_vessel_summary *s)
{
	int *sil = ctx;

	if (s->mmsi == 273000004)
		*sil = (int)s->silences;
}

/* The dupkey hash: equal bytes give equal keys; any one-bit change, length or seed gives another. */
static void test_key(void)
{
	unsigned char a[48], b[48];
	size_t n, i;
	int same = 0, zero = 0, diff_ok = 1;

	for (i = 0; i < sizeof(a); i++)
		a[i] = (unsigned char)(i * 37 + 11);
	for (n = 0; n <= sizeof(a); n++) {
		uint64_t k = vigil_detect_key(a, n, 7);

		memcpy(b, a, sizeof(b));
		same += k == vigil_detect_key(b, n, 7);
		zero += k == 0;
		if (n && k == vigil_detect_key(a, n - 1, 7))
			diff_ok = 0;
		if (k == vigil_detect_key(a, n, 8))
			diff_ok = 0;
		for (i = 0; i < n * 8; i++) {
			b[i / 8] ^= (unsigned char)(1u << (i % 8));
			if (vigil_detect_key(b, n, 7) == k)
				diff_ok = 0;
			b[i / 8] ^= (unsigned char)(1u << (i % 8));
		}
	}
	CHECK_INT(same, sizeof(a) + 1);
	CHECK_INT(zero, 0);
	CHECK(diff_ok);
}

/* Summary lookup for test_buffer. */
struct sums {
	uint32_t base;
	int n, bad_fixes, bad_statics, bad_names, seen;
	uint64_t big_fixes;
};

static void sum_cb(void *ctx, const struct vigil_vessel_summary *s)
{
	struct sums *x = ctx;
	char want[24];

	if (s->mmsi == 273999999) {
		x->big_fixes = s->fixes;
		return;
	}
	if (s->mmsi < x->base || s->mmsi >= x->base + (uint32_t)x->n)
		return;
	x->seen++;
	snprintf(want, sizeof(want), "SHIP %u", s->mmsi - x->base);
	x->bad_fixes += s->fixes != 3;
	x->bad_statics += s->statics != 1;
	x->bad_names += strcmp(s->name, want) != 0;
}

/*
 * The reorder buffer holds records in fixed-size chunks: seconds with more
 * positions and statics than one chunk holds, fed out of order, all come out
 * (counted per vessel, statics applied); a vessel with more thinned positions
 * than the index slot's counter holds keeps the exact count.
 */
static void test_buffer(void)
{
	struct vigil_detect_params p;
	struct vigil_detect *d;
	struct sums x;
	int err, i, k;
	int64_t t;

	vigil_detect_params_default(&p);
	d = vigil_detect_new(&p, NULL, &err);
	CHECK(d != NULL);
	if (!d)
		return;
	memset(&x, 0, sizeof(x));
	x.base = 273100000;
	x.n = 150;
	/* three rounds, each round's seconds fed newest first; 150 positions per second */
	for (k = 0; k < 3; k++) {
		for (i = x.n - 1; i >= 0; i--) {
			t = T0 + k * 10 * MIN + (i % 3) * 1000 + i;
			fix(d, x.base + (uint32_t)i, t, 40 + i * 0.1, 130 + k * 0.5, 10, 90);
		}
		for (i = 0; i < x.n && !k; i++) {
			char nm[24];

			snprintf(nm, sizeof(nm), "SHIP %d", i);
			stat5(d, x.base + (uint32_t)i, T0 + 5 * MIN, 0, nm); /* 150 statics in one second */
		}
	}
	/* 600,000 positions of one vessel within 29 s at one place: all but the first thinned */
	for (i = 0; i < 600000; i++) {
		struct vigil_fix f;

		memset(&f, 0, sizeof(f));
		f.mmsi = 273999999;
		f.t = T0 + 30 * MIN + (i % 29) * 1000;
		f.lat = 41;
		f.lon = 131;
		f.sog = 0;
		f.cog = NAN;
		f.heading = -1;
		f.type = 1;
		if (vigil_detect_fix(d, &f, 0) != VIGIL_E_OK)
			break;
	}
	CHECK_INT(i, 600000);
	CHECK_INT(vigil_detect_finish(d), VIGIL_E_OK);
	vigil_detect_vessels(d, sum_cb, &x);
	CHECK_INT(x.seen, x.n);
	CHECK_INT(x.bad_fixes, 0);
	CHECK_INT(x.bad_statics, 0);
	CHECK_INT(x.bad_names, 0);
	CHECK_INT(x.big_fixes, 600000);
	CHECK_INT(vigil_detect_stats(d)->fixes_in, 3 * x.n + 600000);
	CHECK_INT(vigil_detect_stats(d)->late, 0);
	vigil_detect_free(d);
}

/* A static with ship type and dimensions. */
static void stat5dim(struct vigil_detect *d, uint32_t mmsi, int64_t t, uint32_t imo, const char *name, unsigned type)
{
	struct vigil_static s;

	stat5_base(&s, mmsi, t, imo, name);
	s.shiptype = (uint8_t)type;
	s.to_bow = 150;
	s.to_stern = 30;
	s.to_port = 14;
	s.to_starboard = 14;
	s.draught = 9.0f;
	CHECK_INT(vigil_detect_static(d, &s, 0), VIGIL_E_OK);
}

/*
 * Identity hand-over, wired at vigil_detect_finish: a tanker (MMSI ...001, IMO 9074729)
 * sails east at 12 kn and falls silent for good; 20 minutes later a new MMSI (...002,
 * another name and IMO, same type and size) starts where dead reckoning puts it and sails
 * on. A third MMSI starting at the same time 1 degree north is not a continuation, and a
 * ship heard at anchor all along sets the input's span.
 */
static void test_handover(void)
{
	struct vigil_detect_params p;
	struct vigil_detect_hooks h;
	struct vigil_detect *d;
	const struct got *g;
	int err, i, n0 = nev;
	int64_t t, t_old_end = 0, t_new_start = 0;

	vigil_detect_params_default(&p);
	memset(&h, 0, sizeof(h));
	h.emit = on_event;
	d = vigil_detect_new(&p, &h, &err);
	CHECK(d != NULL);
	if (!d)
		return;
	stat5dim(d, 273300001, T0 + 30 * MIN, 9074729, "OLD NAME", 80);
	for (t = T0; t <= T0 + 6 * HOUR; t += 2 * MIN) {
		double hh = (double)(t - T0) / HOUR;

		if (((t - T0) / MIN) % 10 == 0)
			fix(d, 273300000, t, 34.5, 129.5, 0, 0);
		if (hh >= 0.5 && hh <= 2.5) {
			fix(d, 273300001, t, 35.0, east(35.0, 130.0, 12, hh), 12, 90);
			t_old_end = t;
		}
		if (hh >= 2.5 + 20.0 / 60 && hh <= 4.5) {
			if (!t_new_start) {
				t_new_start = t;
				stat5dim(d, 273300002, t, 9176187, "NEW NAME", 80);
				stat5dim(d, 273300003, t, 0, "OTHER", 80);
			}
			fix(d, 273300002, t, 35.0, east(35.0, 130.0, 12, hh), 12, 90);
			fix(d, 273300003, t + 1000, 36.0, east(36.0, 130.0, 12, hh), 12, 90);
		}
	}
	CHECK_INT(vigil_detect_finish(d), VIGIL_E_OK);
	for (i = n0; i < nev; i++)
		if (!strcmp(ev[i].type, "identity_change"))
			break;
	g = i < nev ? &ev[i] : NULL;
	CHECK(g != NULL);
	if (g) {
		CHECK_INT(g->mmsi, 273300002); /* the new MMSI first */
		CHECK(g->start == t_old_end);
		CHECK(g->end == t_new_start);
	}
	for (n0 = 0; i < nev; i++)
		n0 += !strcmp(ev[i].type, "identity_change");
	CHECK_INT(n0, 1);
	vigil_detect_free(d);
}

int main(void)
{
	struct vigil_detect_params p;
	struct vigil_detect_hooks h;
	struct vigil_detect *d;
	const struct vigil_detect_stats *st;
	const struct got *g;
	int err, k, sil = -1;
	int64_t t;

	test_key();
	test_buffer();
	test_handover();
	vigil_detect_params_default(&p);
	memset(&h, 0, sizeof(h));
	h.emit = on_event;
	h.flag_for_imo = flag_cb;
	d = vigil_detect_new(&p, &h, &err);
	CHECK(d != NULL);
	if (!d)
		TEST_END();
	for (t = T0; t <= T0 + 14 * HOUR; t += 2 * MIN) {
		double hh = (double)(t - T0) / HOUR;

		/* A: two ships on MMSI 273000001, 300 nm apart, reporting alternately for 3 hours. */
		if (hh <= 3) {
			fix(d, 273000001, t, 40.0, east(40.0, 130.0, 10, hh), 10, 90);
			fix(d, 273000001, t + MIN, 44.0, 135.0, 0, 0);
		}
		/* B: one ship sailing east; three reports 3 degrees north around hour 2. */
		if (hh <= 5) {
			if (hh >= 2.0 && hh < 2.1)
				fix(d, 273000002, t, 39.0, east(36.0, 125.0, 10, hh), 10, 90);
			else if (((t - T0) / MIN) % 6 == 0)
				fix(d, 273000002, t, 36.0, east(36.0, 125.0, 10, hh), 10, 90);
		}
		/* C: sails east, goes silent from hour 2 to hour 12, reappears 20 nm further on. */
		if (hh <= 2 && ((t - T0) / MIN) % 6 == 0)
			fix(d, 273000003, t, 38.0, east(38.0, 131.0, 10, hh), 10, 90);
		if (hh >= 12 && ((t - T0) / MIN) % 6 == 0)
			fix(d, 273000003, t, 38.0, east(38.0, 131.0, 10, 2 + (hh - 12)) + 0.4, 10, 90);
		/* ... while anchored ships around its track keep being heard. */
		if (((t - T0) / MIN) % 10 == 0)
			for (k = 0; k < 4; k++)
				fix(d, 273100000 + k, t + k * 1000, 38.05, 131.0 + 0.25 * k, 0, 0);
		/* D: far out in the ocean, nobody else heard; silent 10 h while holding course and speed. */
		if ((hh <= 2 || hh >= 12) && ((t - T0) / MIN) % 6 == 0)
			fix(d, 273000004, t, 30.0, east(30.0, 150.0, 12, hh), 12, 90);
	}
	/* E: identities. */
	stat5(d, 273000005, T0 + HOUR, 9074728, "BADIMO");
	stat5(d, 273000006, T0 + 2 * HOUR, 9074729, "ALPHA");
	stat5(d, 273000007, T0 + 5 * HOUR, 9074729, "BETA");
	fix(d, 273000005, T0 + 14 * HOUR + MIN, 35, 125, 0, 0);
	/* Duplicate: the same message heard twice. */
	fix(d, 273000008, T0 + 14 * HOUR + 2 * MIN, 35, 126, 0, 0);
	fix(d, 273000008, T0 + 14 * HOUR + 2 * MIN, 35, 126, 0, 0);
	/* Out of order inside the window. */
	fix(d, 273000009, T0 + 14 * HOUR + 5 * MIN, 35, 127, 0, 0);
	fix(d, 273000009, T0 + 14 * HOUR + 1 * MIN, 35, 127, 0, 0);
	/* Invalid MMSI form. */
	fix(d, 12345, T0 + 14 * HOUR + 6 * MIN, 35, 128, 0, 0);
	CHECK_INT(vigil_detect_finish(d), VIGIL_E_OK);
	st = vigil_detect_stats(d);

	CHECK_INT(count("shared_mmsi", 273000001), 1);
	CHECK_INT(count("spoof_jump", 273000001), 0);
	CHECK_INT(count("spoof_jump", 273000002), 1);
	CHECK_INT(count("shared_mmsi", 273000002), 0);
	if ((g = find("spoof_jump", 273000002)) != NULL) {
		CHECK(g->start >= T0 + 2 * HOUR && g->start <= T0 + 2 * HOUR + 6 * MIN);
		CHECK(g->end < T0 + 2 * HOUR + 6 * MIN + MIN);
	}
	CHECK_INT(count("gap", 273000003), 1);
	if ((g = find("gap", 273000003)) != NULL) {
		CHECK(llabs(g->start - (T0 + 2 * HOUR)) <= 6 * MIN);
		CHECK(llabs(g->end - (T0 + 12 * HOUR)) <= 6 * MIN);
	}
	CHECK_INT(count("gap", 273000004), 0);
	vigil_detect_vessels(d, summary, &sil);
	CHECK_INT(sil, 1);
	CHECK_INT(count("invalid_imo", 273000005), 1);
	CHECK_INT(count("identity_change", 273000007), 1);
	CHECK_INT(count("mid_mismatch", 273000006), 1);
	CHECK_INT(count("invalid_mmsi", 12345), 1);
	CHECK_INT(count("gap", 0), 1);
	CHECK_INT(st->duplicates, 1);
	/* Only the three statics fed hours after the stream moved on are late (and still judged). */
	CHECK_INT(st->late, 3);
	CHECK_INT(bad_json, 0);
	vigil_detect_free(d);
	TEST_END();
}
