/* test_handover.c - a new MMSI continuing the track of one gone silent: found when unique, left alone otherwise. */
#include <math.h>
#include <string.h>

#include "harness.h"
#include "vigil/error.h"
#include "vigil/handover.h"

#define HOUR 3600000LL
#define MIN 60000LL
#define T0 (473000LL * HOUR)
#define TEND (T0 + 48 * HOUR)

/* A track at 12 kn due south (cog 180) from (lat, 123.0), heard from t0 to t1. */
static struct vigil_handover_track track(uint32_t mmsi, int64_t t0, int64_t t1, double lat_at_t0)
{
	struct vigil_handover_track x;
	double h = (double)(t1 - t0) / 3.6e6;

	memset(&x, 0, sizeof(x));
	x.mmsi = mmsi;
	x.nfix = 100;
	x.t0 = t0;
	x.t1 = t1;
	x.lat0 = lat_at_t0;
	x.lon0 = x.lon1 = 123.0;
	x.lat1 = lat_at_t0 - 12 * h / 60;
	x.sog0 = x.sog1 = 12;
	x.cog0 = x.cog1 = 180;
	x.shiptype = 84;
	x.length = 230;
	x.width = 33;
	x.imo = 8000000 + mmsi % 1000;
	return x;
}

static size_t find(const struct vigil_handover_params *p, const struct vigil_handover_track *t, size_t n,
		   struct vigil_handover_pair *out)
{
	size_t k = 99;

	CHECK_INT(vigil_handover_find(p, t, n, T0, TEND, out, 8, &k), VIGIL_E_OK);
	return k;
}

int main(void)
{
	struct vigil_handover_params p;
	struct vigil_handover_track t[6];
	struct vigil_handover_pair out[8];
	int64_t sw = T0 + 26 * HOUR; /* the hand-over */
	double lat_sw;
	size_t k;

	vigil_handover_params_default(&p);
	/* A ship sails as 353953989 until sw, then as 351999003 (2 min later, where it would be). */
	t[0] = track(353953989, T0, sw, 40.0);
	lat_sw = t[0].lat1 - 12.0 * 2 / 60 / 60;
	t[1] = track(351999003, sw + 2 * MIN, TEND, lat_sw);
	/* Unrelated traffic: a ship heard the whole time, one leaving and one joining far away. */
	t[2] = track(412000001, T0, TEND, 38.0);
	t[3] = track(412000002, T0, sw - 30 * MIN, 30.0);
	t[4] = track(412000003, sw + 20 * MIN, TEND, 20.0);
	k = find(&p, t, 5, out);
	CHECK_INT((int)k, 1);
	CHECK_INT((int)out[0].old_i, 0);
	CHECK_INT((int)out[0].new_i, 1);
	CHECK(out[0].dr_km < 0.5);
	CHECK_DBL(out[0].silence_min, 2.0, 1e-6);
	CHECK(out[0].same_type && out[0].same_dims);
	CHECK(out[0].confidence > 0.6 && out[0].confidence <= 1);

	/* The same IMO on both sides is the IMO rule's to report. */
	t[1].imo = t[0].imo;
	CHECK_INT((int)find(&p, t, 5, out), 0);
	t[1].imo = 9876543;
	/* Statics that disagree, or tell nothing, do not link them. */
	t[1].shiptype = 70;
	CHECK_INT((int)find(&p, t, 5, out), 0);
	t[1].shiptype = 0; /* type unknown, dimensions agree */
	CHECK_INT((int)find(&p, t, 5, out), 1);
	CHECK(!out[0].same_type && out[0].same_dims);
	t[1].length = 0;
	CHECK_INT((int)find(&p, t, 5, out), 0);
	t[1].length = 231; /* within max_dim_diff */
	t[1].shiptype = 84;
	CHECK_INT((int)find(&p, t, 5, out), 1);
	/* Another speed or course, or a start far from dead reckoning: another ship. */
	t[1].sog0 = 7;
	CHECK_INT((int)find(&p, t, 5, out), 0);
	t[1].sog0 = 12;
	t[1].cog0 = 250;
	CHECK_INT((int)find(&p, t, 5, out), 0);
	t[1].cog0 = 175;
	t[1].lat0 = lat_sw + 0.1; /* 11 km off */
	CHECK_INT((int)find(&p, t, 5, out), 0);
	t[1].lat0 = lat_sw;
	/* Stopped ships (a berth, an anchorage) are not linked: ships come and go there. */
	t[0].sog1 = 0.1;
	CHECK_INT((int)find(&p, t, 5, out), 0);
	t[0].sog1 = 12;
	/* The old MMSI heard again after the new one began: two ships. */
	t[0].t1 = sw + 10 * MIN;
	CHECK_INT((int)find(&p, t, 5, out), 0);
	t[0].t1 = sw;
	/* A silence longer than max_silence_ms (the position follows dead reckoning) is not a hand-over. */
	t[1].t0 = sw + p.max_silence_ms + MIN;
	t[1].lat0 = t[0].lat1 - 12.0 * ((double)(t[1].t0 - sw) / 3.6e6) / 60;
	CHECK_INT((int)find(&p, t, 5, out), 0);
	t[1].t0 = sw + 90 * MIN; /* 90 min: within the tolerance grown with the distance sailed */
	t[1].lat0 = t[0].lat1 - 12.0 * 1.5 / 60 + 0.03;
	CHECK_INT((int)find(&p, t, 5, out), 1);
	t[1].t0 = sw + 2 * MIN;
	t[1].lat0 = lat_sw;
	/* Busy waters: a second new MMSI that fits as well -> neither is reported. */
	t[5] = t[1];
	t[5].mmsi = 412000009;
	t[5].lat0 += 0.005;
	CHECK_INT((int)find(&p, t, 6, out), 0);
	/* Tracks cut by the input's edges: a new MMSI in the first hour, an old one ending in the last. */
	{
		struct vigil_handover_track e[2];

		e[0] = track(353953989, T0 - HOUR, T0 + 10 * MIN, 40.0);
		e[1] = track(351999003, T0 + 12 * MIN, TEND, e[0].lat1 - 12.0 * 2 / 60 / 60);
		e[1].imo = 9876543;
		CHECK_INT((int)find(&p, e, 2, out), 0);
		e[0] = track(353953989, T0, TEND - 10 * MIN, 40.0);
		e[1] = track(351999003, TEND - 8 * MIN, TEND, e[0].lat1 - 12.0 * 2 / 60 / 60);
		e[1].imo = 9876543;
		CHECK_INT((int)find(&p, e, 2, out), 0);
		/* Too few positions on one side. */
		e[0] = track(353953989, T0, sw, 40.0);
		e[1] = track(351999003, sw + 2 * MIN, TEND, lat_sw);
		e[1].imo = 9876543;
		CHECK_INT((int)find(&p, e, 2, out), 1);
		e[1].nfix = 4;
		CHECK_INT((int)find(&p, e, 2, out), 0);
	}
	/* More pairs than room: counted, not written beyond cap. */
	{
		struct vigil_handover_track m[20];
		struct vigil_handover_pair few[3];
		size_t i;

		for (i = 0; i < 10; i++) {
			m[2 * i] = track((uint32_t)(273000000 + i), T0, sw, 40.0 - (double)i);
			m[2 * i + 1] = track((uint32_t)(273100000 + i), sw + 2 * MIN, TEND,
					     m[2 * i].lat1 - 12.0 * 2 / 60 / 60);
			m[2 * i + 1].imo = 9000000 + (uint32_t)i; /* a new IMO too */
		}
		memset(few, 0xff, sizeof(few));
		CHECK_INT(vigil_handover_find(&p, m, 20, T0, TEND, few, 2, &k), VIGIL_E_OK);
		CHECK_INT((int)k, 10);
		CHECK(few[2].old_i == (size_t)-1); /* untouched */
		for (i = 0; i < 2; i++)
			CHECK(few[i].new_i == few[i].old_i + 1);
	}
	/* Arguments. */
	CHECK_INT(vigil_handover_find(&p, NULL, 3, T0, TEND, out, 8, &k), VIGIL_E_INVAL);
	CHECK_INT(vigil_handover_find(NULL, t, 3, T0, TEND, out, 8, &k), VIGIL_E_INVAL);
	CHECK_INT(vigil_handover_find(&p, t, 3, T0, TEND, NULL, 8, &k), VIGIL_E_INVAL);
	CHECK_INT(vigil_handover_find(&p, NULL, 0, T0, TEND, NULL, 0, &k), VIGIL_E_OK);
	CHECK_INT((int)k, 0);
	/* NAN speeds and courses are never linked. */
	t[1].sog0 = NAN;
	CHECK_INT((int)find(&p, t, 5, out), 0);
	TEST_END();
}
