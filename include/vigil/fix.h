/* fix.h - one cleaned position report: the unit the behaviour engine works on. */
#ifndef VIGIL_FIX_H
#define VIGIL_FIX_H

#include <stdint.h>

/*
 * Every detector (segmenter, gaps, encounters, loitering, visits) consumes
 * arrays of these, one vessel's fixes in time order. Input adapters (NMEA,
 * CSV, gpsd JSON) produce them; invalid values are already cleaned.
 */
struct vigil_fix {
	int64_t t;        /* UTC, milliseconds since the Unix epoch */
	double lat, lon;  /* degrees, WGS 84 */
	uint32_t mmsi;
	float sog;        /* knots; NAN when not available */
	float cog;        /* degrees true; NAN when not available */
	int16_t heading;  /* degrees true; -1 when not available */
	uint8_t type;     /* AIS message type it came from */
	uint8_t status;   /* navigational status; 15 when not available */
	uint32_t seg;     /* segment id from the segmenter; 0 before segmentation */
	uint64_t ref;     /* evidence reference (input file, line, offset: see evidence.h) */
};

#endif
