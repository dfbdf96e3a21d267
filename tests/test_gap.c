/* test_gap.c - the coverage table: heard/not heard per cell and hour, growth, bounded memory, eviction. */
#include <math.h>

#include "harness.h"
#include "vigil/error.h"
#include "vigil/gap.h"

#define HOUR 3600000LL
#define T0 (473000LL * HOUR) /* 2023-12-17, a whole hour */

int main(void)
{
	struct vigil_cover c;
	struct vigil_gap_params p;
	struct vigil_gap_judgement j;
	int i, k, miss;

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
