/* fuzz_meet.c - libFuzzer target: hostile fix streams into the encounter and loitering engines. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "vigil/encounter.h"
#include "vigil/error.h"
#include "vigil/loiter.h"

const char vigil_fuzz_name[] = "meet";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Input: 8-byte records. byte 0: vessel (low 3 bits of 8 MMSIs) and flags;
 * byte 1: time step (signed, x 37 s: backwards and equal times happen);
 * bytes 2-3, 4-5: signed latitude / longitude steps (scaled so that vessels
 * meet, cross the antimeridian and reach the poles); byte 6: SOG (255 = none);
 * byte 7: ship type. The first record's bytes pick the profile and small caps.
 */

static unsigned place(void *ctx, double lat, double lon, double *port_km, double *shore_km)
{
	(void)ctx;
	*port_km = fabs(lat - 10.0) * 111.0;
	*shore_km = fabs(lon - 20.0) * 50.0;
	if (lat > 89.5)
		*shore_km = NAN;
	return (*port_km < 3 ? VIGIL_PLACE_PORT : 0) | (fabs(lon) > 179 ? VIGIL_PLACE_HOTSPOT : 0);
}

static void sink_enc(void *ctx, const struct vigil_encounter *e)
{
	unsigned *n = ctx;

	if (!(e->end >= e->start) || e->runs == 0)
		__builtin_trap();
	(*n)++;
}

static void sink_loi(void *ctx, const struct vigil_loiter_event *ev)
{
	unsigned *n = ctx;

	if (!(ev->end >= ev->start) || ev->nfix < 2)
		__builtin_trap();
	(*n)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vigil_encounter_config ec;
	struct vigil_loiter_config lc;
	struct vigil_encounter_engine *enc;
	struct vigil_loiter *loi;
	double lat[8], lon[8];
	int64_t t = 1700000000000LL;
	unsigned nenc = 0, nloi = 0;
	int err;

	if (size < 8)
		return 0;
	vigil_encounter_config_init(&ec);
	if (data[0] & 1)
		vigil_encounter_config_profile(&ec, "gfw-test");
	ec.max_vessels = 1 + (data[1] & 7);
	ec.max_runs = 1 + (data[2] & 15);
	ec.max_slot_points = 1 + data[3];
	ec.max_samples = 16 + data[4];
	ec.max_neighbours = 1 + (data[5] & 3);
	ec.max_run_slots = 2 + (data[6] & 31);
	ec.min_run_ms = 600000;
	ec.min_duration_ms = 0;
	ec.place = (data[0] & 2) ? place : NULL;
	ec.emit = sink_enc;
	ec.emit_ctx = &nenc;
	vigil_loiter_config_init(&lc);
	lc.max_vessels = 1 + (data[7] & 7);
	lc.min_duration_ms = 1800000;
	lc.place = ec.place;
	lc.emit = sink_loi;
	lc.emit_ctx = &nloi;
	enc = vigil_encounter_new(&ec, &err);
	loi = vigil_loiter_new(&lc, &err);
	if (!enc || !loi) {
		vigil_encounter_free(enc);
		vigil_loiter_free(loi);
		return 0;
	}
	for (int i = 0; i < 8; i++) {
		lat[i] = 10.0 + i * 0.001;
		lon[i] = 179.99;
	}
	for (size_t off = 8; off + 8 <= size; off += 8) {
		const uint8_t *r = data + off;
		struct vigil_fix f;
		int v = r[0] & 7;

		/* unsigned arithmetic: the clock may wrap, the harness must not overflow */
		t = (int64_t)((uint64_t)t + (uint64_t)((int64_t)(int8_t)r[1] * 37000));
		if (r[6] == 0xfe && r[7] == 0xff) /* broken clocks: far past, far future, extremes */
			t = r[1] < 64 ? (int64_t)(0 - (uint64_t)t) : r[1] < 128 ? INT64_MAX - r[1]
				: r[1] < 192 ? INT64_MIN + r[1] : (int64_t)((uint64_t)t * 1000u);
		lat[v] += (int16_t)(r[2] | r[3] << 8) * 1e-5 * ((r[0] & 8) ? 100 : 1);
		lon[v] += (int16_t)(r[4] | r[5] << 8) * 1e-5 * ((r[0] & 16) ? 100 : 1);
		if (lon[v] > 180)
			lon[v] -= 360;
		if (lon[v] < -180)
			lon[v] += 360;
		memset(&f, 0, sizeof(f));
		f.t = t;
		f.lat = (r[0] & 32) ? NAN : lat[v];
		f.lon = lon[v];
		f.mmsi = 100000000u + (uint32_t)v;
		f.seg = (r[0] >> 6) & 1;
		f.sog = r[6] == 255 ? NAN : r[6] / 10.0f;
		f.cog = NAN;
		f.ref = off;
		vigil_encounter_add(enc, &f);
		vigil_loiter_add(loi, &f, r[7]);
		if (r[0] & 128) {
			int64_t later = t < INT64_MAX - 3600000 ? t + 3600000 : INT64_MAX;

			vigil_encounter_advance(enc, later);
			vigil_loiter_advance(loi, later);
		}
	}
	vigil_encounter_finish(enc);
	vigil_loiter_finish(loi);
	vigil_encounter_free(enc);
	vigil_loiter_free(loi);
	return 0;
}
