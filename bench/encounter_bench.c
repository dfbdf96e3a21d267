/* encounter_bench.c - per-fix cost of the encounter and loitering engines with 20,000 vessels. */
/*
 * Build and run (after make):
 *   cc -O2 -Iinclude bench/encounter_bench.c build/libvigil.a -lm -o build/encounter_bench
 *   build/encounter_bench [vessels=20000] [hours=2] [report_s=10] [only=0] [anchored_pct=15]
 * Synthetic traffic: vessels spread over the East China Sea / Yellow Sea box,
 * 15 % of them packed into 10 anchorages (dense neighbour search), the rest
 * steaming at 0-15 kn, everyone reporting every report_s seconds; fixes come
 * in time order as the detect engine delivers them. The fixes are generated
 * on the fly in every pass, so each pass's generation time is measured alone
 * and subtracted. Peer, measured in the same run: a hash-only baseline that
 * does what any per-vessel consumer must (find the vessel in an open-address
 * table, store the fix). Prints ns per fix and the ratio to the peer.
 */
#define _DEFAULT_SOURCE
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "vigil/encounter.h"
#include "vigil/loiter.h"

struct ship {
	double lat, lon, dlat, dlon;
	uint32_t mmsi;
};

static struct ship *ships;
static int nships;
static int anchor_pct = 15;

static uint64_t rng = 88172645463325252ull;

static double urand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (double)(rng >> 11) / 9007199254740992.0;
}

static void init_ships(int n, double report_s)
{
	ships = calloc((size_t)n, sizeof(*ships));
	nships = n;
	for (int i = 0; i < n; i++) {
		struct ship *s = &ships[i];
		double kn, dir;

		s->mmsi = 412000000u + (uint32_t)i;
		if (i % 100 < anchor_pct) { /* anchorage k: ships within ~2 km of its centre, still */
			int k = i % 10;

			s->lat = 30.0 + k * 0.7 + (urand() - 0.5) * 0.03;
			s->lon = 122.0 + k * 0.5 + (urand() - 0.5) * 0.03;
			kn = 0.05;
		} else {
			s->lat = 25.0 + urand() * 15.0;
			s->lon = 120.0 + urand() * 15.0;
			kn = urand() * 15.0;
		}
		dir = urand() * 2 * M_PI;
		s->dlat = kn * 1.852 / 111.2 * cos(dir) * report_s / 3600.0;
		s->dlon = kn * 1.852 / 111.2 * sin(dir) * report_s / 3600.0 / cos(s->lat * M_PI / 180);
	}
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* The hash-only peer. */
struct peer {
	uint64_t *keys;
	struct vigil_fix *last;
	uint32_t mask;
};

static void peer_add(struct peer *p, const struct vigil_fix *f)
{
	uint64_t k = (uint64_t)f->mmsi << 32 | f->seg;
	uint32_t h = (uint32_t)((k * 0x9E3779B97F4A7C15ull) >> 32) & p->mask;

	while (p->keys[h] && p->keys[h] != k + 1)
		h = (h + 1) & p->mask;
	p->keys[h] = k + 1;
	p->last[h] = *f;
}

static volatile double sink;
static uint32_t *hints; /* per ship, as the detect engine keeps them */

/* mode 0 generation only, 1 peer, 2 encounters, 3 loitering. Returns seconds. */
static double pass(int mode, double hours, double report_s, uint64_t *nfix, void *eng)
{
	const int64_t t0 = 1700006400000LL, step = (int64_t)(report_s * 1000);
	int64_t steps = (int64_t)(hours * 3600.0 / report_s);
	struct vigil_fix f;
	double acc = 0, start;

	memset(&f, 0, sizeof(f));
	f.sog = NAN;
	f.cog = NAN;
	*nfix = 0;
	memset(hints, 0, (size_t)nships * sizeof(*hints));
	start = now_s();
	for (int64_t k = 0; k < steps; k++) {
		for (int i = 0; i < nships; i++) {
			struct ship *s = &ships[i];

			f.mmsi = s->mmsi;
			/* stagger the reports inside the step */
			f.t = t0 + k * step + (int64_t)i * step / nships;
			f.lat = s->lat + s->dlat * (double)k;
			f.lon = s->lon + s->dlon * (double)k;
			f.ref++;
			switch (mode) {
			case 0:
				acc += f.lat;
				break;
			case 1:
				peer_add(eng, &f);
				break;
			case 2: /* as the detect engine: prefetch the state of the vessel 4 fixes ahead */
				if (i + 4 < nships)
					vigil_encounter_prefetch(eng, hints[i + 4]);
				vigil_encounter_add_hint(eng, &f, &hints[i]);
				break;
			case 3:
				if (i + 4 < nships)
					vigil_loiter_prefetch(eng, hints[i + 4]);
				vigil_loiter_add_hint(eng, &f, 70, &hints[i]);
				break;
			}
			(*nfix)++;
		}
	}
	if (mode == 2)
		vigil_encounter_finish(eng);
	if (mode == 3)
		vigil_loiter_finish(eng);
	sink = acc;
	return now_s() - start;
}

/* Geography: the 10 anchorages are known anchorage areas (3 km radius), as in geo's gazetteer. */
static unsigned place(void *ctx, double lat, double lon, double *port_km, double *shore_km)
{
	double best = INFINITY;

	(void)ctx;
	for (int k = 0; k < 10; k++) {
		double d = vigil_encounter_km(lat, lon, 30.0 + k * 0.7, 122.0 + k * 0.5);

		if (d < best)
			best = d;
	}
	*port_km = best;
	*shore_km = INFINITY;
	return best < 3 ? VIGIL_PLACE_PORT : 0;
}

static uint64_t nenc;

static void count_enc(void *ctx, const struct vigil_encounter *e)
{
	(void)ctx;
	(void)e;
	nenc++;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 20000;
	int only = argc > 4 ? atoi(argv[4]) : 0; /* 1 peer, 2 encounters, 3 loitering only (for perf stat) */
	double hours = argc > 2 ? atof(argv[2]) : 2, report_s = argc > 3 ? atof(argv[3]) : 10;
	struct vigil_encounter_config ec;
	struct vigil_loiter_config lc;
	struct vigil_encounter_engine *enc;
	struct vigil_loiter *loi;
	struct peer peer;
	uint64_t nf;
	double tg, tp, te, tl, best_g = 1e9;
	struct rusage ru;
	int err;

	if (argc > 5)
		anchor_pct = atoi(argv[5]);
	if (n < 2 || hours <= 0 || report_s <= 0)
		return 2;
	init_ships(n, report_s);
	hints = calloc((size_t)n, sizeof(*hints));
	peer.mask = 1;
	while (peer.mask < 2u * (uint32_t)n)
		peer.mask <<= 1;
	peer.keys = calloc(peer.mask, sizeof(*peer.keys));
	peer.last = calloc(peer.mask, sizeof(*peer.last));
	peer.mask--;
	if (only) {
		void *eng = NULL;

		if (only == 1)
			eng = &peer;
		if (only == 2) {
			vigil_encounter_config_init(&ec);
			ec.place = place;
			eng = vigil_encounter_new(&ec, &err);
		}
		if (only == 3) {
			vigil_loiter_config_init(&lc);
			lc.place = place;
			eng = vigil_loiter_new(&lc, &err);
		}
		tg = pass(only, hours, report_s, &nf, eng);
		printf("mode %d: %llu fixes in %.3f s\n", only, (unsigned long long)nf, tg);
		return 0;
	}
	for (int r = 0; r < 2; r++) {
		tg = pass(0, hours, report_s, &nf, NULL);
		if (tg < best_g)
			best_g = tg;
	}
	tg = best_g;
	tp = pass(1, hours, report_s, &nf, &peer);
	vigil_encounter_config_init(&ec);
	ec.emit = count_enc;
	ec.place = place;
	enc = vigil_encounter_new(&ec, &err);
	te = pass(2, hours, report_s, &nf, enc);
	vigil_loiter_config_init(&lc);
	lc.place = place;
	loi = vigil_loiter_new(&lc, &err);
	tl = pass(3, hours, report_s, &nf, loi);
	getrusage(RUSAGE_SELF, &ru);

	printf("encounter_bench: %d vessels (%d %% at anchor in 10 anchorages), %.1f h, a fix every %.0f s: %llu fixes\n",
	       n, anchor_pct, hours, report_s, (unsigned long long)nf);
	printf("  generation only        %7.1f ns/fix\n", tg * 1e9 / (double)nf);
	printf("  peer: hash-only        %7.1f ns/fix (net)\n", (tp - tg) * 1e9 / (double)nf);
	printf("  encounters             %7.1f ns/fix (net)  %.2fx peer  %.1f M fixes/s  (%llu slot points, %llu adjacent, %llu runs near ports, %llu raw, %llu published, dropped: %llu runs, %llu port runs)\n",
	       (te - tg) * 1e9 / (double)nf, (te - tg) / (tp - tg), (double)nf / (te - tg) / 1e6,
	       (unsigned long long)vigil_encounter_stats(enc)->slot_points,
	       (unsigned long long)vigil_encounter_stats(enc)->pairs_adjacent,
	       (unsigned long long)vigil_encounter_stats(enc)->port_runs,
	       (unsigned long long)vigil_encounter_stats(enc)->raw, (unsigned long long)nenc,
	       (unsigned long long)vigil_encounter_stats(enc)->dropped_runs,
	       (unsigned long long)vigil_encounter_stats(enc)->dropped_port_runs);
	printf("  loitering              %7.1f ns/fix (net)  %.2fx peer  %.1f M fixes/s  (%llu geography calls)\n",
	       (tl - tg) * 1e9 / (double)nf, (tl - tg) / (tp - tg), (double)nf / (tl - tg) / 1e6,
	       (unsigned long long)vigil_loiter_stats(loi)->place_calls);
	printf("  max RSS %.1f MB (all three engines alive)\n", (double)ru.ru_maxrss / 1024.0);
	vigil_encounter_free(enc);
	vigil_loiter_free(loi);
	free(peer.keys);
	free(peer.last);
	free(ships);
	return 0;
}
