/* identity.h - vessel identity: static reports, MID flags, IMO check digits, identity history. */
#ifndef VIGIL_IDENTITY_H
#define VIGIL_IDENTITY_H

#include <stddef.h>
#include <stdint.h>

/*
 * One static report as the engine sees it: from AIS types 5 (class A), 19
 * (class B extended) and 24 (class B, part A = name, part B = the rest), or
 * from the static columns of a CSV row. Strings are NUL-terminated, trimmed,
 * "" when not sent; numbers are 0 / NAN when not available.
 */
struct vigil_static {
	int64_t t;              /* ms UTC */
	uint32_t mmsi;
	uint32_t imo;           /* 0 when absent */
	uint8_t type;           /* 5, 19, 24 (0 for CSV rows) */
	uint8_t part;           /* type 24: 1 part A (name only), 2 part B (no name), 3 both */
	uint8_t shiptype;       /* 0 n/a */
	char channel;           /* radio channel of a type 24 part, or 0 */
	char name[21];
	char callsign[8];
	char destination[21];
	uint16_t to_bow, to_stern;
	uint8_t to_port, to_starboard;
	float draught;          /* metres; NAN n/a */
	uint32_t line;          /* evidence: input line and ref (see evidence.h) */
	uint64_t ref;
};

/* Clean a static report in place: '@'-only or blank names -> "", IMO outside 1000000..9999999 -> 0 kept in *bad_imo. */
void vigil_static_clean(struct vigil_static *s, uint32_t *bad_imo);

/* 1 when imo is a 7-digit IMO ship number whose check digit is right (IMO Res. A.1078). */
int vigil_identity_imo_ok(uint32_t imo);

/*
 * Flag (ISO 3166-1 alpha-2, static string) of a Maritime Identification
 * Digits code (201..775), or NULL when ITU has not allocated it. Table from
 * ITU's "Table of Maritime Identification Digits" (ITU-R M.585 / MARS).
 */
const char *vigil_mid_flag(unsigned mid);

/*
 * A flag as sanctions lists write it ("KP", "PRK", "Korea, North", "Democratic
 * People's Republic of Korea", "Russian Federation"...) to ISO 3166-1 alpha-2
 * in out (3 bytes). Returns 1, or 0 when not recognised.
 */
int vigil_flag_iso2(const char *text, char out[3]);

/* Country name in English for a MID (static string) or NULL. */
const char *vigil_mid_country(unsigned mid);

/* What kind of station an MMSI names (ITU-R M.585 Annex 1). */
enum vigil_mmsi_kind {
	VIGIL_MMSI_SHIP,        /* MIDxxxxxx, MID allocated */
	VIGIL_MMSI_BADMID,      /* 9 digits, ship form, MID not allocated */
	VIGIL_MMSI_SHORT,       /* fewer than 9 significant digits in a ship position (not 0MID/00MID) */
	VIGIL_MMSI_COAST,       /* 00MIDxxxx */
	VIGIL_MMSI_GROUP,       /* 0MIDxxxxx */
	VIGIL_MMSI_SAR,         /* 111MIDxxx */
	VIGIL_MMSI_CRAFT,       /* 98MIDxxxx craft associated with a parent ship */
	VIGIL_MMSI_ATON,        /* 99MIDxxxx */
	VIGIL_MMSI_SART,        /* 970, 972, 974 devices */
	VIGIL_MMSI_OTHER        /* 8xxxxxxxx handheld etc. */
};

/* Classify an MMSI; *mid gets the MID it contains (0 if none). */
enum vigil_mmsi_kind vigil_mmsi_kind(uint32_t mmsi, unsigned *mid);

/* Short name of a kind ("ship", "badmid"...). */
const char *vigil_mmsi_kind_name(enum vigil_mmsi_kind k);

/* Uppercase, collapse spaces, drop punctuation: the form names are compared in. out has cap bytes. */
void vigil_name_norm(const char *in, char *out, size_t cap);

#endif
