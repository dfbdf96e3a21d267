/* aisenc.h - AIS encoder: message fields -> payload bits -> armored NMEA sentences. */
#ifndef VIGIL_AISENC_H
#define VIGIL_AISENC_H

#include <stddef.h>
#include <stdint.h>

#include "vigil/ais.h"

/*
 * The encoder is the decoder's mirror (ITU-R M.1371-5 field layouts). It is
 * used by `vigil simulate`, by golden and fuzz tests and by the demo. Nothing
 * is allocated: the caller owns the message, the payload and the output text.
 *
 * Two steps:
 *   vigil_aisenc_encode()  struct vigil_aisenc_msg -> struct vigil_ais_payload
 *   vigil_aisenc_nmea()    payload -> one or more "!AIVDM,..." lines with
 *                          six-bit armoring, fill bits, fragment splitting,
 *                          checksums, optional NMEA 4.0 tag blocks and an
 *                          optional trailing epoch.
 */

/* "Not available" values in the units of struct vigil_aisenc_msg. */
#define VIGIL_AISENC_NOLAT 91.0
#define VIGIL_AISENC_NOLON 181.0
#define VIGIL_AISENC_NOSOG (-1.0)     /* any negative speed: field 1023 (type 27: 63) */
#define VIGIL_AISENC_NOCOG (-1.0)     /* any negative course: field 3600 (type 27: 511) */
#define VIGIL_AISENC_NOHEADING 511
#define VIGIL_AISENC_NOTURN (-128)    /* raw rate-of-turn field value */

/*
 * One message's fields, flat: each type reads the members it carries and
 * ignores the rest. Start from vigil_aisenc_msg_init() (every field "not
 * available"), set what you know. Units are the decoded ones (degrees, knots,
 * metres); the encoder scales and rounds. Text is ASCII; lower case is sent as
 * upper case, characters outside the AIS six-bit set as '?', and strings are
 * padded with '@' as the standard asks.
 */
struct vigil_aisenc_msg {
	uint8_t type;          /* 1,2,3,4,5,18,19,21,24,27 */
	uint8_t repeat;        /* 0..3 */
	uint32_t mmsi;         /* 30 bits */

	/* Position reports (1,2,3,4,18,19,21,27). */
	double lat, lon;       /* degrees, NOLAT/NOLON when unknown */
	double sog;            /* knots (0.1 kn resolution; 102.2 = 102.2 or more) */
	double cog;            /* degrees true */
	int heading;           /* 0..359 or NOHEADING */
	int turn;              /* raw ROT field, -128..127 (ITU: 4.733 * sqrt(deg/min)) */
	uint8_t status;        /* navigational status 0..15 (15 = not defined) */
	uint8_t accuracy;      /* 1 = high (< 10 m) */
	uint8_t raim;
	uint8_t second;        /* UTC second of the report, 60 = not available */
	uint8_t maneuver;      /* types 1-3 */
	uint8_t epfd;          /* 4, 5, 19, 21: type of position fixing device (1 = GPS) */
	uint32_t radio;        /* communication state (19 bits for 1-4, 20 for 18) */

	/* Type 18 flags (class B "CS" unit = cs 1). */
	uint8_t cs, display, dsc, band, msg22, assigned;

	/* Type 4: base station UTC date and time. */
	uint16_t year;         /* 0 = not available */
	uint8_t month, day, hour, minute;

	/* Static data (5, 19, 21, 24). */
	uint8_t ais_version;   /* type 5 */
	uint8_t partno;        /* type 24: 0 = part A (name), 1 = part B */
	uint32_t imo;          /* type 5, 0 = not available */
	char callsign[8];      /* 7 characters */
	char name[21];         /* 20 characters */
	char destination[21];  /* type 5 */
	uint8_t shiptype;      /* 0 = not available */
	uint16_t to_bow, to_stern;        /* metres, 9 bits each (511 = 511 m or more) */
	uint8_t to_port, to_starboard;    /* metres, 6 bits each */
	uint8_t eta_month, eta_day, eta_hour, eta_minute;   /* type 5: 0/0/24/60 = n/a */
	double draught;        /* type 5: metres, 0.1 m resolution */
	uint8_t dte;           /* 1 = data terminal not ready */
	char vendorid[4];      /* type 24 part B: 3-character manufacturer id */
	uint8_t model;         /* type 24 B: 4 bits */
	uint32_t serial;       /* type 24 B: 20 bits */
	uint32_t mothership;   /* type 24 B: auxiliary craft (MMSI 98xxxxxxx) use this, not dimensions */

	/* Type 21 aid to navigation. */
	uint8_t aid_type;
	uint8_t off_position, virtual_aid;
	char name_ext[15];     /* up to 14 extra name characters */

	/* Type 27 long-range broadcast. */
	uint8_t gnss;          /* 0 = current GNSS position, 1 = not GNSS (spec: 0 = current) */
};

/* Set every field of m to zero or "not available" (lat 91, lon 181, heading 511...). */
void vigil_aisenc_msg_init(struct vigil_aisenc_msg *m);

/*
 * Encode m into out (caller-owned; cleared first). Returns VIGIL_E_OK, or
 * VIGIL_E_UNSUPPORTED for a type the encoder does not write. Values that do not
 * fit their field are clamped (speeds, dimensions) or sent as "not available"
 * (positions outside +-90/+-180).
 */
int vigil_aisenc_encode(const struct vigil_aisenc_msg *m, struct vigil_ais_payload *out);

/*
 * Fill m from a decoded message (vigil_ais_decode's raw units) so that
 * re-encoding gives the same fields. Types 1-5, 18, 19, 21, 24, 27; others
 * return VIGIL_E_UNSUPPORTED. Strings come back '@'-padded, not space-padded.
 */
int vigil_aisenc_from_msg(const struct vigil_ais_msg *in, struct vigil_aisenc_msg *m);

/* Options of the sentence writer. Zero-initialise, then set what you need. */
struct vigil_aisenc_opt {
	const char *talker;    /* five characters after '!'; NULL = "AIVDM" */
	char channel;          /* 'A' or 'B'; 0 = 'A' */
	uint8_t seqid;         /* sequential message id 0..9 used for multi-sentence messages */
	unsigned maxchars;     /* payload characters per sentence; 0 = 60 (gpsd's and most receivers') */
	const char *station;   /* tag block s: value, NULL = none */
	int64_t time;          /* unix seconds for tag block c: and the trailing epoch */
	uint8_t tag_time;      /* 1 = write c:<time> in the tag block */
	uint8_t trailing_epoch;/* 1 = append ",<time>" after the checksum (exactEarth style) */
	uint16_t group;        /* tag block g: group id for multi-sentence messages (1..9999); 0 = none */
	uint8_t crlf;          /* 1 = end lines with "\r\n" instead of "\n" */
};

/*
 * Write p as NMEA lines into out[0..cap). On success returns VIGIL_E_OK with
 * *len bytes written (no NUL added) and *nsent sentences (may be NULL).
 * A tag block is written when station, tag_time or a group (on multi-sentence
 * messages) asks for one; s: and c: go on every fragment so each line carries
 * its own time. Returns VIGIL_E_TOOBIG (nothing usable written) if cap is too
 * small; VIGIL_E_INVAL for an empty payload or more than 9 fragments.
 * A 424-bit type 5 needs fewer than 260 bytes with tag blocks.
 */
int vigil_aisenc_nmea(const struct vigil_ais_payload *p, const struct vigil_aisenc_opt *o,
		      char *out, size_t cap, size_t *len, unsigned *nsent);

/* Armored six-bit text of p into out (NUL-terminated); returns characters written and *fill. */
size_t vigil_aisenc_armor(const struct vigil_ais_payload *p, char *out, size_t cap, unsigned *fill);

#endif
