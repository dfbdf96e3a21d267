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
	uint32_t line;    /* evidence: 1-based input line of the (first) sentence, 0 unknown */
	uint64_t ref;     /* evidence: input file index and byte offset (see evidence.h) */
};

/* Why vigil_fix_clean refused a position (counted by the caller). */
enum vigil_fix_bad {
	VIGIL_FIX_OK = 0,
	VIGIL_FIX_NOPOS,      /* lat 91 / lon 181 "not available", or out of range */
	VIGIL_FIX_NULLISLAND, /* exactly 0,0: a default, not a position */
	VIGIL_FIX_NOTIME,     /* time missing or before 1990 / after 2100 */
	VIGIL_FIX_MMSI,       /* MMSI 0 or above 999999999 */
	VIGIL_FIX__COUNT
};

/*
 * Clean one raw position in place, as ITU-R M.1371 defines "not available":
 * sog >= 102.3 -> NAN, cog >= 360 -> NAN, heading 511 (or >= 360) -> -1,
 * status > 15 -> 15. Returns VIGIL_FIX_OK, or the reason the whole position
 * must be dropped. Touches nothing else.
 */
int vigil_fix_clean(struct vigil_fix *f);

/* Short name of a vigil_fix_bad reason ("nopos"); never NULL. */
const char *vigil_fix_badname(int reason);

#endif
