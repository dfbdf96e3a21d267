/* ais.h - AIS payload bits and message decoding (ITU-R M.1371) into caller-owned structs. */
#ifndef VIGIL_AIS_H
#define VIGIL_AIS_H

#include <stddef.h>
#include <stdint.h>

#include "vigil/ais_app.h"

/* Longest payload accepted, in bits; longer messages are counted as bad length. */
#define VIGIL_AIS_MAXBITS 2048

/*
 * A message's payload after de-armoring: bits packed MSB first.
 * Past nbits the buffer holds the fill bits as transmitted (gpsd reads them
 * too, and byte identity with gpsdecode needs them), then zeros, with 8 spare
 * bytes so that readers may load whole words without bounds checks.
 */
struct vigil_ais_payload {
	size_t nbits;
	uint8_t bits[VIGIL_AIS_MAXBITS / 8 + 8];
};

/* Empty a payload (nbits = 0, bits zeroed). */
void vigil_ais_payload_clear(struct vigil_ais_payload *p);

/*
 * Append armored six-bit characters (NMEA payload field) to p, then drop `fill`
 * trailing bits (use fill 0 for all fragments but the last). The dropped bits
 * stay in the buffer past nbits, as gpsd keeps them.
 * Returns VIGIL_E_PARSE on a character outside the AIS armor set,
 * VIGIL_E_LENGTH if the result would exceed VIGIL_AIS_MAXBITS, fill > 9 or fill
 * exceeds the bits given (gpsd accepts any fill digit 0-9; AISHub data has 6).
 * On error p is left unchanged.
 */
int vigil_ais_payload_append(struct vigil_ais_payload *p, const char *armored,
			     size_t len, unsigned fill);

/* Read `width` (1..32) bits starting at bit `start` as an unsigned number. Zero past nbits. */
uint32_t vigil_ais_bits_u(const struct vigil_ais_payload *p, size_t start, unsigned width);

/* Same, two's complement signed. */
int32_t vigil_ais_bits_s(const struct vigil_ais_payload *p, size_t start, unsigned width);

/*
 * Decoded messages.
 *
 * Field names and units are those of gpsd's JSON (AIVDM.txt): raw integers as
 * transmitted (lon/lat in 1/10000 minute for types 1-4/9/11/18/19/21, speed in
 * 0.1 knot, course in 0.1 degree...). "Not available" values are kept as sent
 * (lon 181 deg = 108600000, lat 91 deg = 54600000, speed 1023, heading 511,
 * turn -128). Strings are NUL-terminated, decoded from six-bit ASCII, cut at
 * the first '@' and trimmed of trailing spaces and '@' as gpsd does.
 * Only the members of the union branch that matches `type` are written by
 * vigil_ais_decode(); the others keep whatever they held.
 */

/* Types 1, 2, 3: position report, class A. */
struct vigil_ais_pos {
	int32_t lon, lat;      /* 1/600000 degree */
	uint32_t radio;        /* SOTDMA/ITDMA state; fewer bits when the message is short */
	uint16_t speed;        /* 0.1 knot; 1023 n/a, 1022 >= 102.2 */
	uint16_t course;       /* 0.1 degree; 3600 n/a */
	uint16_t heading;      /* degrees; 511 n/a */
	int8_t turn;           /* ROT_AIS: -128 n/a, -127/127 fast left/right */
	uint8_t status;        /* navigational status 0..15 */
	uint8_t accuracy, second, maneuver, raim;
};

/* Types 4 (base station report) and 11 (UTC/date response). */
struct vigil_ais_base {
	int32_t lon, lat;
	uint32_t radio;
	uint16_t year;
	uint8_t month, day, hour, minute, second;
	uint8_t accuracy, epfd, raim;
};

/* Type 5: static and voyage related data. */
struct vigil_ais_static {
	uint32_t imo;
	uint16_t to_bow, to_stern;
	uint8_t ais_version, shiptype, to_port, to_starboard, epfd;
	uint8_t month, day, hour, minute, draught; /* draught in 0.1 m */
	uint8_t dte;
	char callsign[8];
	char shipname[21];
	char destination[21];
};

/* Types 6 (addressed) and 8 (broadcast) binary messages. */
struct vigil_ais_binary {
	uint32_t dest_mmsi;    /* type 6 only */
	uint16_t dac;
	uint8_t fid;
	uint8_t seqno;         /* type 6 only */
	uint8_t retransmit;    /* type 6 only */
	uint8_t structured;    /* 1: app holds the decoded application payload */
	uint16_t bitcount;     /* application bits after the fid */
	uint8_t data[120];     /* when !structured: the bits after the fid, as gpsd dumps them */
	struct vigil_ais_app app;
};

/* Types 7 and 13: acknowledgements. */
struct vigil_ais_ack {
	uint32_t mmsi[4];      /* 0 when absent */
	uint8_t seqno[4];
};

/* Type 9: SAR aircraft position report. */
struct vigil_ais_sar {
	int32_t lon, lat;
	uint32_t radio;
	uint16_t alt;          /* metres; 4095 n/a, 4094 higher */
	uint16_t speed;        /* knots; 1023 n/a, 1022 fast */
	uint16_t course;
	uint8_t accuracy, second, regional, dte, assigned, raim;
};

/* Type 10: UTC/date inquiry. */
struct vigil_ais_inquiry {
	uint32_t dest_mmsi;
};

/* Types 12 (addressed) and 14 (broadcast) safety related text. */
struct vigil_ais_safety {
	uint32_t dest_mmsi;    /* type 12 only */
	uint8_t seqno, retransmit;
	char text[162];
};

/* Type 15: interrogation (absent parts are zero, as gpsd prints them). */
struct vigil_ais_interrogation {
	uint32_t mmsi1, mmsi2;
	uint16_t offset1_1, offset1_2, offset2_1;
	uint8_t type1_1, type1_2, type2_1;
};

/* Type 16: assigned mode command. */
struct vigil_ais_assign {
	uint32_t mmsi1, mmsi2;
	uint16_t offset1, increment1, offset2, increment2;
};

/* Type 17: DGNSS broadcast binary message. */
struct vigil_ais_dgnss {
	int32_t lon, lat;      /* 1/10 minute */
	uint16_t bitcount;
	uint8_t data[92];
};

/* Types 18 (standard) and 19 (extended) class B position reports. */
struct vigil_ais_classb {
	int32_t lon, lat;
	uint32_t radio;        /* type 18 only */
	uint16_t speed, course, heading;
	uint16_t to_bow, to_stern;                /* type 19 only */
	uint8_t reserved, accuracy, second, regional;
	uint8_t cs, display, dsc, band, msg22;    /* type 18 only */
	uint8_t assigned, raim;
	uint8_t shiptype, to_port, to_starboard, epfd, dte; /* type 19 only */
	char shipname[21];                        /* type 19 only */
};

/* Type 20: data link management, four slot reservations. */
struct vigil_ais_datalink {
	uint16_t offset[4], increment[4];
	uint8_t number[4], timeout[4];
};

/* Type 21: aid-to-navigation report. */
struct vigil_ais_aton {
	int32_t lon, lat;
	uint16_t to_bow, to_stern;
	uint8_t aid_type, accuracy, to_port, to_starboard, epfd, second;
	uint8_t off_position, regional, raim, virtual_aid, assigned;
	char name[37];         /* 20 characters plus up to 14 of name extension */
};

/* Type 22: channel management. */
struct vigil_ais_channel {
	int32_t ne_lon, ne_lat, sw_lon, sw_lat; /* 1/10 minute; when !addressed */
	uint32_t dest1, dest2;                  /* when addressed */
	uint16_t channel_a, channel_b;
	uint8_t txrx, power, addressed, band_a, band_b, zonesize;
};

/* Type 23: group assignment command. */
struct vigil_ais_group {
	int32_t ne_lon, ne_lat, sw_lon, sw_lat;
	uint8_t stationtype, shiptype, txrx, interval, quiet;
};

/* Type 24 parts. */
enum vigil_ais24_part {
	VIGIL_AIS24_A = 1,     /* part A: shipname */
	VIGIL_AIS24_B = 2,     /* part B: type, vendor, callsign, dimensions */
	VIGIL_AIS24_AB = 3     /* part B completed with a stored part A's shipname */
};

/* Type 24: class B static data report, part A or part B. */
struct vigil_ais_static24 {
	uint32_t serial;
	uint32_t mothership_mmsi;  /* part B, auxiliary craft (MMSI 98xxxxxxx) */
	uint16_t to_bow, to_stern; /* part B, other MMSIs */
	uint8_t part;              /* enum vigil_ais24_part */
	uint8_t shiptype, model, to_port, to_starboard;
	char shipname[21];         /* part A (and AB) */
	char vendorid[8];          /* part B: 7 characters, as gpsd reads them */
	char callsign[8];
};

/* Types 25 (single slot) and 26 (multiple slot) binary messages. */
struct vigil_ais_slotbin {
	uint32_t dest_mmsi;
	uint32_t radio;        /* type 26; gpsd 3.22 never decodes it, so 0 */
	uint16_t app_id;
	uint16_t bitcount;
	uint8_t addressed, structured;
	uint8_t data[128];     /* bitcount bits as gpsd dumps them */
};

/* Type 27: long range broadcast. */
struct vigil_ais_longrange {
	int32_t lon, lat;      /* 1/10 minute */
	uint8_t accuracy, raim, status, speed, gnss;
	uint16_t course;
};

/* One decoded message: the common header plus one union branch per type family. */
struct vigil_ais_msg {
	uint8_t type;          /* 1..27 */
	uint8_t repeat;
	uint32_t mmsi;
	union {
		struct vigil_ais_pos pos;              /* 1, 2, 3 */
		struct vigil_ais_base base;            /* 4, 11 */
		struct vigil_ais_static t5;            /* 5 */
		struct vigil_ais_binary bin;           /* 6, 8 */
		struct vigil_ais_ack ack;              /* 7, 13 */
		struct vigil_ais_sar sar;              /* 9 */
		struct vigil_ais_inquiry inquiry;      /* 10 */
		struct vigil_ais_safety safety;        /* 12, 14 */
		struct vigil_ais_interrogation interrogation; /* 15 */
		struct vigil_ais_assign assign;        /* 16 */
		struct vigil_ais_dgnss dgnss;          /* 17 */
		struct vigil_ais_classb classb;        /* 18, 19 */
		struct vigil_ais_datalink datalink;    /* 20 */
		struct vigil_ais_aton aton;            /* 21 */
		struct vigil_ais_channel channel;      /* 22 */
		struct vigil_ais_group group;          /* 23 */
		struct vigil_ais_static24 t24;         /* 24 */
		struct vigil_ais_slotbin slotbin;      /* 25, 26 */
		struct vigil_ais_longrange longrange;  /* 27 */
	} u;
};

/*
 * Decode the message in p into m (caller-owned; nothing allocated, no
 * pointer into p kept). Length rules are gpsd 3.22's, so that what vigil
 * accepts is what gpsdecode prints.
 * Returns VIGIL_E_OK; VIGIL_E_LENGTH when the payload is too short or too
 * long for its type; VIGIL_E_UNSUPPORTED for types 0 and 28..63 and type 24
 * parts 2 and 3. On error only m's header (type, repeat, mmsi) is valid.
 */
int vigil_ais_decode(const struct vigil_ais_payload *p, struct vigil_ais_msg *m);

/*
 * Type 24 pairing state: gpsd keeps the last 8 part-A names per radio
 * channel and completes a part B whose MMSI matches one of them. Fixed size,
 * caller-owned, no allocation.
 */
#define VIGIL_AIS24_SLOTS 8
struct vigil_ais_ctx {
	struct {
		uint32_t mmsi[VIGIL_AIS24_SLOTS];
		char shipname[VIGIL_AIS24_SLOTS][21];
		unsigned next;
	} ch[2];               /* 0: channel A (also 1 and empty), 1: channel B (also 2) */
	int cross_channel;     /* nonzero: a part B also finds a part A heard on the other channel */
};

/* Initialise ctx: empty queues, cross-channel pairing on (see docs/gpsd-differences.md). */
void vigil_ais_ctx_init(struct vigil_ais_ctx *ctx);

/*
 * Feed a decoded type 24 message heard on radio channel `channel` (the NMEA
 * channel character: 'A', 'B', '1', '2' or 0 for none) to ctx.
 * Part A: its name is stored; returns 0 (gpsdecode prints nothing for it).
 * Part B: if a stored part A of the same MMSI is found, its name is copied
 * into m, m->u.t24.part becomes VIGIL_AIS24_AB, the stored entry is used up,
 * and 1 is returned (print it); otherwise 0 (gpsdecode prints nothing).
 * Other types: returns 1 and changes nothing.
 */
int vigil_ais_ctx_type24(struct vigil_ais_ctx *ctx, char channel, struct vigil_ais_msg *m);

/* Options of vigil_ais_json(). All zero: unscaled, no device, gpsd 3.22's output. */
struct vigil_ais_json_opts {
	int scaled;            /* 1: gpsdecode -j (scaled units, text legends); 0: -u */
	const char *device;    /* "device" member value (printed raw); NULL or "" omits it */
	const char *extra;     /* raw JSON members, e.g. "\"rxtime\":1", appended as ,<extra> before '}' */
	size_t extra_len;
	int assigned;          /* nonzero: also print "assigned" for types 18 and 21 (gpsd never does) */
};

/*
 * Write m as one gpsd JSON object ("{...}", no line end: gpsdecode ends each
 * object with "\r\n") into buf (caller-owned, cap bytes), NUL-terminated.
 * Returns the length without the NUL, or 0 if it did not fit. cap must be at
 * least 128 + strlen(device); 4096 + extra_len + strlen(device) always fits.
 * The output is byte-identical to gpsdecode 3.22 except for the deliberate
 * differences listed in docs/gpsd-differences.md.
 */
size_t vigil_ais_json(const struct vigil_ais_msg *m, const struct vigil_ais_json_opts *o,
		      char *buf, size_t cap);

/* Static legends gpsd prints (never NULL; out-of-range values give gpsd's "INVALID ..." text). */
const char *vigil_ais_status_text(unsigned status);
const char *vigil_ais_shiptype_text(unsigned shiptype);
const char *vigil_ais_epfd_text(unsigned epfd);

#endif
