/* test_gap.c - the coverage table: heard/not heard per cell, hour and 10-minute slot, growth, bounded memory,
 * eviction; a vessel's own reception rate; the gap verdict with and without it. */
#include <math.h>

#include "harness.h"
#include "vigil/error.h"
#include "vigil/gap.h"

#define HOUR 3600000LL
#define MIN 60000LL
#define T0 (473000LL * HOUR) /* 2023-12-17, a whole hour */

/* A vessel heard in the first `run` of every k 10-minute slots of the n slots up to t (the last one included). */
static struct vigil_own own_every(int64_t t, int n, int k, int run)
{
	struct vigil_own o = { 0, 0, 0 };
	int i;

	for (i = n - 1; i >= 0; i--)
		if (i % k < run)
			vigil_own_mark(&o, t - (int64_t)i * VIGIL_COVER_SLOT_MS);
	return o;
}

/*
 * The slot rules: a region heard all the time (every slot) and one heard by
 * satellite passes only (two slots every hour), a steady and a weak vessel.
 */
static void slot_rules(void)
{
	struct vigil_cover c;
	struct vigil_gap_params p;
	struct vigil_gap_judgement j;
	struct vigil_own steady, weak, none = { 0, 0, 0 };
	int64_t t;
	double r;
	int n;

	CHECK_INT(vigil_cover_init(&c), VIGIL_E_OK);
	vigil_gap_params_default(&p);
	for (t = T0 - 12 * HOUR; t < T0 + 12 * HOUR; t += 10 * MIN) {
		vigil_cover_mark(&c, 35.0, 130.0, t + 3 * MIN);  /* terrestrial: every slot */
		if (t % HOUR < 20 * MIN)
			vigil_cover_mark(&c, 30.0, 140.0, t + 3 * MIN); /* a pass: slots 0 and 1 */
	}
	CHECK_INT(vigil_cover_slots(&c, 35.0, 130.0, T0 + 5 * HOUR), 6);
	CHECK_INT(vigil_cover_slots(&c, 30.0, 140.0, T0 + 5 * HOUR), 2);
	CHECK_INT(vigil_cover_slots(&c, 30.0 + VIGIL_COVER_DEG, 140.0, T0 + 5 * HOUR), 2); /* a neighbour */
	CHECK_INT(vigil_cover_slots(&c, 20.0, 140.0, T0 + 5 * HOUR), 0);
	/* The neighbourhood is a union: two cells' slots add up. */
	vigil_cover_mark(&c, 30.0 - VIGIL_COVER_DEG, 140.0, T0 + 5 * HOUR + 45 * MIN);
	CHECK_INT(vigil_cover_slots(&c, 30.0, 140.0, T0 + 5 * HOUR), 3);
	CHECK_INT(vigil_cover_heard(&c, 30.0, 140.0, T0 + 5 * HOUR + 59 * MIN), 1);

	/* Own reception: heard in every slot -> 1; every third slot -> 0; too few slots -> unknown. */
	steady = own_every(T0, 60, 1, 1);
	weak = own_every(T0, 60, 3, 1);
	r = vigil_own_rate(&steady, T0, 3, 18, &n);
	CHECK_DBL(r, 1.0, 1e-9);
	CHECK_INT(n, 59);
	r = vigil_own_rate(&weak, T0, 3, 18, &n);
	CHECK_DBL(r, 0.0, 1e-9);
	CHECK_INT(n, 19);
	{
		struct vigil_own few = own_every(T0, 3, 1, 1); /* 3 slots: 2 with a successor */

		CHECK(isnan(vigil_own_rate(&few, T0, 3, 18, &n)));
		CHECK_INT(n, 2);
	}
	CHECK(isnan(vigil_own_rate(&none, T0, 3, 18, &n)));
	/* Heard in 2 slots of a 10-h stretch: hardly heard at all (0); in 2 slots of a 1-h stretch: unknown. */
	{
		struct vigil_own rare = { 0, 0, 0 };

		vigil_own_mark(&rare, T0 - 10 * HOUR);
		vigil_own_mark(&rare, T0 - 5 * HOUR);
		vigil_own_mark(&rare, T0);
		CHECK_DBL(vigil_own_rate(&rare, T0, 3, 18, &n), 0.0, 1e-9);
		CHECK_INT(n, 2);
		rare = steady;
		vigil_own_mark(&rare, T0 + 8 * HOUR); /* back after 8 h dark: a new stretch */
		vigil_own_mark(&rare, T0 + 8 * HOUR + 20 * MIN);
		CHECK(isnan(vigil_own_rate(&rare, T0 + 8 * HOUR + 20 * MIN, 3, 18, &n)));
		CHECK_INT(n, 1); /* the steady slots before the 8-h silence do not count */
		vigil_own_mark(&rare, T0 + 12 * HOUR); /* then 2 slots in 4 h: hardly heard */
		CHECK_DBL(vigil_own_rate(&rare, T0 + 12 * HOUR, 3, 18, &n), 0.0, 1e-9);
	}
	CHECK(isnan(vigil_own_rate(NULL, T0, 3, 18, &n)));
	/* Marks after the silence do not change the rate at its start (unless 64 slots later). */
	{
		struct vigil_own o = steady;

		vigil_own_mark(&o, T0 + 2 * HOUR);
		CHECK_DBL(vigil_own_rate(&o, T0, 3, 18, &n), 1.0, 1e-9);
		CHECK_INT(n, 51); /* 8 of its 60 slots shifted out of the 64 kept */
		vigil_own_mark(&o, T0 + 12 * HOUR);
		CHECK(isnan(vigil_own_rate(&o, T0, 3, 18, &n)));
		/* A late (out of order) mark lands in its slot. */
		o = weak;
		vigil_own_mark(&o, T0 - 10 * MIN);
		CHECK_DBL(vigil_own_rate(&o, T0, 3, 18, &n), 1.0 / 20, 1e-9); /* slot 1 now heard, and followed */
	}

	/* Silent 8 h in the steadily heard region: a gap for a steady vessel, its own reception for a weak one. */
	vigil_gap_judge_own(&c, &p, &steady, T0, 35.0, 130.0, 0.2, 90, T0 + 8 * HOUR, 35.0, 130.02, &j);
	CHECK_INT(j.suspicious, 1);
	CHECK_INT(j.own_weak, 0);
	CHECK_DBL(j.cov_path, 1.0, 1e-9);
	CHECK(j.path_slots[0] == '6');
	vigil_gap_judge_own(&c, &p, &weak, T0, 35.0, 130.0, 0.2, 90, T0 + 8 * HOUR, 35.0, 130.02, &j);
	CHECK_INT(j.suspicious, 0);
	CHECK_INT(j.own_weak, 1);
	vigil_gap_judge_own(&c, &p, NULL, T0, 35.0, 130.0, 0.2, 90, T0 + 8 * HOUR, 35.0, 130.02, &j);
	CHECK_INT(j.suspicious, 1); /* unknown: as before */
	/* Silent 8 h where satellites pass: each hour has 2 slots, below min_slots; the hour-only rule says heard. */
	vigil_gap_judge_own(&c, &p, &steady, T0, 30.0, 140.0, 0.2, 90, T0 + 8 * HOUR, 30.0, 140.02, &j);
	CHECK_INT(j.suspicious, 0);
	CHECK_DBL(j.cov_path, 0.0, 1e-9);
	CHECK(j.path_hours[0] == '0' && j.path_slots[0] == '2');
	vigil_gap_judge(&c, &p, T0, 30.0, 140.0, 0.2, 90, T0 + 8 * HOUR, 30.0, 140.02, &j);
	CHECK_INT(j.suspicious, 1);
	CHECK_DBL(j.cov_path, 1.0, 1e-9);
	/*
	 * Reappearing far from dead reckoning where nobody is heard: a trawler at
	 * 4 kn says nothing (detour_min_kn), a ship at 10 kn does, unless it was
	 * hardly ever heard two slots in a row.
	 */
	vigil_gap_judge_own(&c, &p, &steady, T0, 10.0, 150.0, 4, 90, T0 + 8 * HOUR, 10.0, 150.01, &j);
	CHECK_INT(j.suspicious, 0);
	vigil_gap_judge(&c, &p, T0, 10.0, 150.0, 4, 90, T0 + 8 * HOUR, 10.0, 150.01, &j);
	CHECK_INT(j.detour, 1);
	CHECK_INT(j.suspicious, 1);
	vigil_gap_judge_own(&c, &p, &steady, T0, 10.0, 150.0, 10, 90, T0 + 8 * HOUR, 10.0, 150.01, &j);
	CHECK_INT(j.detour, 1);
	CHECK_INT(j.suspicious, 1);
	vigil_gap_judge_own(&c, &p, &weak, T0, 10.0, 150.0, 10, 90, T0 + 8 * HOUR, 10.0, 150.01, &j);
	CHECK_INT(j.suspicious, 0);
	{
		struct vigil_own sat = own_every(T0, 60, 9, 3); /* satellite passes: 3 slots every 90 min */

		r = vigil_own_rate(&sat, T0, 3, 18, &n);
		CHECK_DBL(r, 2.0 / 3, 0.05);
		CHECK(r >= p.min_own_detour && r < p.min_own_cov);
		vigil_gap_judge_own(&c, &p, &sat, T0, 10.0, 150.0, 10, 90, T0 + 8 * HOUR, 10.0, 150.01, &j);
		CHECK_INT(j.suspicious, 1); /* a satellite-heard ship that stopped while dark */
	}
	vigil_cover_free(&c);
}

int main(void)
{
	struct vigil_cover c;
	struct vigil_gap_params p;
	struct vigil_gap_judgement j;
	int i, k, miss;

	slot_rules();
	CHECK_INT(vigil_cover_init(&c), VIGIL_E_OK);
	CHECK(c.nslots == VIGIL_COVER_SLOTS0);

	/* One mark: heard in its cell and the 8 around it, that hour only. */
	vigil_cover_mark(&c, 38.0, 125.0, T0 + 10 * 60000);
	CHECK_INT(vigil_cover_heard(&c, 38.0, 125.0, T0 + 50 * 60000), 1);
	CHECK_INT(vigil_cover_heard(&c, 38.0 + VIGIL_COVER_DEG, 125.0 - VIGIL_COVER_DEG, T0), 1);
	CHECK_INT(vigil_cover_heard(&c, 38.0 + 2.5 * VIGIL_COVER_DEG, 125.0, T0), 0);
	CHECK_INT(vigil_cover_heard(&c, 38.0, 125.0, T0 + HOUR), 0);
	CHECK_INT(vigil_cover_heard(&c, 38.0, 125.0, T0 - HOUR), 0);
	/* Bad coordinates and negative times are ignored, not stored. */
	vigil_cover_mark(&c, NAN, 125.0, T0);
	vigil_cover_mark(&c, 95.0, 125.0, T0);
	vigil_cover_mark(&c, 38.0, 125.0, -HOUR);
	CHECK_INT((int)c.nused, 1);
	/* The antimeridian neighbours are neighbours. */
	vigil_cover_mark(&c, 50.0, 179.95, T0);
	CHECK_INT(vigil_cover_heard(&c, 50.0, -179.95, T0), 1);

	/* A theatre-sized cloud of marks (a 60 x 60 cell block, 24 hours): the table grows, nothing lost. */
	for (k = 0; k < 24; k++)
		for (i = 0; i < 3600; i++)
			vigil_cover_mark(&c, 20.0 + (i / 60) * VIGIL_COVER_DEG + 0.01, 120.0 + (i % 60) * VIGIL_COVER_DEG + 0.01,
					 T0 + k * HOUR);
	CHECK_INT((int)c.nused, 3602);
	CHECK(c.nslots >= 2 * c.nused && c.nslots <= VIGIL_COVER_MAXSLOTS);
	CHECK(c.overflow == 0 && c.evicted == 0);
	miss = 0;
	for (i = 0; i < 3600; i++)
		miss += !vigil_cover_heard(&c, 20.0 + (i / 60) * VIGIL_COVER_DEG + 0.01,
					   120.0 + (i % 60) * VIGIL_COVER_DEG + 0.01, T0 + 23 * HOUR);
	CHECK_INT(miss, 0);
	CHECK_INT(vigil_cover_heard(&c, 38.0, 125.0, T0), 1);   /* the first mark survived the growth */

	/* Only the last VIGIL_COVER_HOURS hours of a cell are remembered. */
	vigil_cover_mark(&c, 38.0, 125.0, T0 + (VIGIL_COVER_HOURS + 5) * HOUR);
	CHECK_INT(vigil_cover_heard(&c, 38.0, 125.0, T0), 0);
	CHECK_INT(vigil_cover_heard(&c, 38.0, 125.0, T0 + (VIGIL_COVER_HOURS + 5) * HOUR), 1);

	/* The gap verdict reads the table: a silence with everybody heard along the path is a gap. */
	vigil_gap_params_default(&p);
	vigil_gap_judge(&c, &p, T0 + 30 * 60000, 21.0, 121.0, 10, 90, T0 + 20 * HOUR, 21.0, 123.0, &j);
	CHECK(j.hours >= 18);
	CHECK_DBL(j.cov_path, 1.0, 1e-9);
	CHECK_INT(j.suspicious, 1);
	/* ... and where nobody was heard it is a coverage hole. */
	vigil_gap_judge(&c, &p, T0 + 30 * 60000, 10.0, 150.0, 10, 90, T0 + 20 * HOUR, 10.0, 152.0, &j);
	CHECK_DBL(j.cov_path, 0.0, 1e-9);
	CHECK_INT(j.suspicious, 0);
	vigil_cover_free(&c);
	CHECK(c.cells == NULL);
	CHECK_INT(vigil_cover_heard(&c, 38.0, 125.0, T0), 0);

	/*
	 * Marks all over the globe, hour after hour (hostile input): the table
	 * stops at VIGIL_COVER_MAXSLOTS, first forgetting cells gone quiet for
	 * 2 x VIGIL_COVER_HOURS, then counting the marks it cannot keep.
	 */
	CHECK_INT(vigil_cover_init(&c), VIGIL_E_OK);
	for (k = 0; k < 400; k++)
		for (i = 0; i < 2000; i++) {
			double lat = -80 + (double)((i * 7919 + k * 104729) % 800) * 0.2;
			double lon = -180 + (double)((i * 104723 + k * 7907) % 1800) * 0.2 + 0.01;

			vigil_cover_mark(&c, lat, lon, T0 + (int64_t)k * HOUR);
		}
	CHECK(c.nslots == VIGIL_COVER_MAXSLOTS);
	CHECK(c.nused * 2 <= c.nslots);
	CHECK(c.evicted > 0);
	/* The newest marks are still answered (unless dropped as overflow). */
	CHECK(c.overflow > 0 || vigil_cover_heard(&c, -80 + (double)((1999 * 7919 + 399 * 104729) % 800) * 0.2,
					  -180 + (double)((1999 * 104723 + 399 * 7907) % 1800) * 0.2 + 0.01,
					  T0 + 399 * HOUR) == 1);
	vigil_cover_free(&c);
	TEST_END();
}
