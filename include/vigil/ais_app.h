/* ais_app.h - binary application payloads of AIS types 6 and 8, by DAC/FID (placeholder until the aisapp work lands). */
#ifndef VIGIL_AIS_APP_H
#define VIGIL_AIS_APP_H

#include <stdint.h>

struct vigil_ais_payload;

/* A decoded application payload. The aisapp module replaces this placeholder. */
struct vigil_ais_app {
	uint16_t dac, fid;
	int kind; /* 0: not decoded (printed as raw data) */
};

/*
 * Decode the application payload of a type 6 or 8 message whose bits are in p.
 * Returns 1 when the DAC/FID was decoded into out, 0 when it is not one vigil
 * decodes (callers then print the raw bits), never an error: malformed lengths
 * give 0. Caller owns out.
 */
int vigil_ais_app_decode(const struct vigil_ais_payload *p, unsigned msgtype,
			 struct vigil_ais_app *out);

#endif
