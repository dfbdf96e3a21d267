/* ais_json.c - struct vigil_ais_msg to gpsd JSON, byte-identical to gpsdecode 3.22 (-j and -u -j). */
#include <math.h>
#include <string.h>

#include "vigil/ais.h"
#include "ais_app_json.h"
#include "jbuf.h"

/*
 * Legends as gpsd 3.22 prints them (gpsd_json.c), spelling included. Each is a
 * fixed 63-byte array plus its length, so that printing is one fixed-size copy.
 */
struct legend {
	char s[63];
	unsigned char n;
};
#define L(x) { x, sizeof(x) - 1 }
static const struct legend status_text[16] = {
	L("Under way using engine"),
	L("At anchor"),
	L("Not under command"),
	L("Restricted manoeuverability"),
	L("Constrained by her draught"),
	L("Moored"),
	L("Aground"),
	L("Engaged in fishing"),
	L("Under way sailing"),
	L("Reserved for HSC"),
	L("Reserved for WIG"),
	L("Reserved"),
	L("Reserved"),
	L("Reserved"),
	L("Reserved"),
	L("Not defined"),
};

static const struct legend epfd_text[9] = {
	L("Undefined"),
	L("GPS"),
	L("GLONASS"),
	L("Combined GPS/GLONASS"),
	L("Loran-C"),
	L("Chayka"),
	L("Integrated navigation system"),
	L("Surveyed"),
	L("Galileo"),
};

/* Ship and cargo type legends; groups of ten share a prefix. */
#define G(p) L(p " - all ships of this type"), L(p " - Hazardous category A"), \
	L(p " - Hazardous category B"), L(p " - Hazardous category C"), \
	L(p " - Hazardous category D"), L(p " - Reserved for future use"), \
	L(p " - Reserved for future use"), L(p " - Reserved for future use"), \
	L(p " - Reserved for future use")
static const struct legend shiptype_full[100] = {
	L("Not available"),
	L("Reserved for future use"),
	L("Reserved for future use"),
	L("Reserved for future use"),
	L("Reserved for future use"),
	L("Reserved for future use"),
	L("Reserved for future use"),
	L("Reserved for future use"),
	L("Reserved for future use"),
	L("Reserved for future use"),
	L("Reserved for future use"),
	L("Reserved for future use"),
	L("Reserved for future use"),
	L("Reserved for future use"),
	L("Reserved for future use"),
	L("Reserved for future use"),
	L("Reserved for future use"),
	L("Reserved for future use"),
	L("Reserved for future use"),
	L("Reserved for future use"),
	G("Wing in ground (WIG)"),
	L("Wing in ground (WIG) - Reserved for future use"),
	L("Fishing"),
	L("Towing"),
	L("Towing: length exceeds 200m or breadth exceeds 25m"),
	L("Dredging or underwater ops"),
	L("Diving ops"),
	L("Military ops"),
	L("Sailing"),
	L("Pleasure Craft"),
	L("Reserved"),
	L("Reserved"),
	G("High speed craft (HSC)"),
	L("High speed craft (HSC) - No additional information"),
	L("Pilot Vessel"),
	L("Search and Rescue vessel"),
	L("Tug"),
	L("Port Tender"),
	L("Anti-pollution equipment"),
	L("Law Enforcement"),
	L("Spare - Local Vessel"),
	L("Spare - Local Vessel"),
	L("Medical Transport"),
	L("Ship according to RR Resolution No. 18"),
	G("Passenger"),
	L("Passenger - No additional information"),
	G("Cargo"),
	L("Cargo - No additional information"),
	G("Tanker"),
	L("Tanker - No additional information"),
	G("Other Type"),
	L("Other Type - no additional information"),
};
#undef G

static const struct legend station_text[16] = {
	L("All types of mobiles"),
	L("Reserved for future use"),
	L("All types of Class B mobile stations"),
	L("SAR airborne mobile station"),
	L("Aid to Navigation station"),
	L("Class B shipborne mobile station"),
	L("Regional use and inland waterways"),
	L("Regional use and inland waterways"),
	L("Regional use and inland waterways"),
	L("Regional use and inland waterways"),
	L("Reserved for future use"),
	L("Reserved for future use"),
	L("Reserved for future use"),
	L("Reserved for future use"),
	L("Reserved for future use"),
	L("Reserved for future use"),
};

static const struct legend navaid_text[32] = {
	L("Unspecified"),
	L("Reference point"),
	L("RACON"),
	L("Fixed offshore structure"),
	L("Spare, Reserved for future use."),
	L("Light, without sectors"),
	L("Light, with sectors"),
	L("Leading Light Front"),
	L("Leading Light Rear"),
	L("Beacon, Cardinal N"),
	L("Beacon, Cardinal E"),
	L("Beacon, Cardinal S"),
	L("Beacon, Cardinal W"),
	L("Beacon, Port hand"),
	L("Beacon, Starboard hand"),
	L("Beacon, Preferred Channel port hand"),
	L("Beacon, Preferred Channel starboard hand"),
	L("Beacon, Isolated danger"),
	L("Beacon, Safe water"),
	L("Beacon, Special mark"),
	L("Cardinal Mark N"),
	L("Cardinal Mark E"),
	L("Cardinal Mark S"),
	L("Cardinal Mark W"),
	L("Port hand Mark"),
	L("Starboard hand Mark"),
	L("Preferred Channel Port hand"),
	L("Preferred Channel Starboard hand"),
	L("Isolated danger"),
	L("Safe Water"),
	L("Special Mark"),
	L("Light Vessel / LANBY / Rigs"),
};

static const struct legend invalid_shiptype = L("INVALID SHIP TYPE");
static const struct legend invalid_epfd = L("INVALID EPFD");

static const struct legend *shiptype_legend(unsigned t)
{
	return t < 100 ? &shiptype_full[t] : &invalid_shiptype;
}

static const struct legend *epfd_legend(unsigned e)
{
	return e < 9 ? &epfd_text[e] : &invalid_epfd;
}

const char *vigil_ais_status_text(unsigned status)
{
	return status_text[status & 15].s;
}

const char *vigil_ais_shiptype_text(unsigned shiptype)
{
	return shiptype_legend(shiptype)->s;
}

const char *vigil_ais_epfd_text(unsigned epfd)
{
	return epfd_legend(epfd)->s;
}

/*
 * Scaled rate of turn: ROT = (ROT_AIS / 4.733)^2 degrees a minute, rounded as
 * gpsd's rint() does, by |ROT_AIS| (0..127; the value is the same for both
 * signs). Computed once with that double expression; test_jbuf checks every
 * entry against it through the JSON output.
 */
static const uint16_t rot_deg[128] = {
	0, 0, 0, 0, 1, 1, 2, 2, 3, 4, 4, 5, 6, 8, 9, 10,
	11, 13, 14, 16, 18, 20, 22, 24, 26, 28, 30, 33, 35, 38, 40, 43,
	46, 49, 52, 55, 58, 61, 64, 68, 71, 75, 79, 83, 86, 90, 94, 99,
	103, 107, 112, 116, 121, 125, 130, 135, 140, 145, 150, 155, 161, 166, 172, 177,
	183, 189, 194, 200, 206, 213, 219, 225, 231, 238, 244, 251, 258, 265, 272, 279,
	286, 293, 300, 308, 315, 323, 330, 338, 346, 354, 362, 370, 378, 386, 394, 403,
	411, 420, 429, 438, 446, 455, 464, 474, 483, 492, 502, 511, 521, 530, 540, 550,
	560, 570, 580, 590, 601, 611, 622, 632, 643, 654, 664, 675, 686, 698, 709, 720,
};

#define LIT(s) vigil__jb_lit(jb, s)
#define UNS(v) vigil__jb_putu(jb, (unsigned long long)(v))
#define SGN(v) vigil__jb_puti(jb, (long long)(v))
#define BOOL(v) do { if (v) LIT("true"); else LIT("false"); } while (0)
/* ,"key":true or ,"key":false in one write. */
#define KBOOL(key, v) do { if (v) LIT(",\"" key "\":true"); else LIT(",\"" key "\":false"); } while (0)
#define TXT(s) put_legend(jb, (s))
/* A six-bit string member's body: only '"' and '\\' can need escaping. */
#define STR(s) vigil__jb_putesc(jb, (s), sizeof(s))
#define RATIO(x, div, dec) vigil__jb_putratio(jb, (long long)(x), (div), (dec))

/* A legend: one fixed-size copy, then the cursor moves by its length. */
static inline void put_legend(struct vigil__jbuf *jb, const struct legend *l)
{
	if (!vigil__jb_room(jb, sizeof(l->s)))
		return;
	memcpy(jb->p, l->s, sizeof(l->s));
	jb->p += l->n;
}

/* v with at least `width` digits, zero-padded (printf "%0*u"). */
static void put_pad(struct vigil__jbuf *jb, unsigned v, unsigned width)
{
	if (width == 4) {
		if (v < 10)
			LIT("000");
		else if (v < 100)
			LIT("00");
		else if (v < 1000)
			LIT("0");
	} else if (v < 10) {
		LIT("0");
	}
	UNS(v);
}

/*
 * v / 600 * 10^-k rounded like printf: 10^6 / 600000 = 5/3 and 10^6 / 600 = 5000/3,
 * so the scaled value is 5v/3 or 5000v/3, whose remainder is never a tie.
 */
static inline void put_third(struct vigil__jbuf *jb, int32_t v, uint32_t mul)
{
	uint64_t n = (uint64_t)(v < 0 ? -(int64_t)v : v) * mul, q64 = n / 3;
	uint32_t q, ip, fp;
	char *p;

	q64 += (n - 3 * q64 == 2);
	if (q64 > 0xffffffffULL || !vigil__jb_room(jb, 16)) {
		vigil__jb_putscaled(jb, q64, 6, v < 0);
		return;
	}
	/* Fast path: at most 4 integer digits, '.', 6 decimals as three digit pairs. */
	q = (uint32_t)q64;
	ip = q / 1000000;
	fp = q - ip * 1000000;
	p = jb->p;
	if (v < 0)
		*p++ = '-';
	if (ip >= 10) {
		unsigned nd = ip >= 1000 ? 4 : ip >= 100 ? 3 : 2;
		vigil__jb_digits_at(p + nd, ip, nd);
		p += nd;
	} else {
		*p++ = (char)('0' + ip);
	}
	*p = '.';
	memcpy(p + 1, vigil__jb_digits2 + 2 * (fp / 10000), 2);
	memcpy(p + 3, vigil__jb_digits2 + 2 * (fp / 100 % 100), 2);
	memcpy(p + 5, vigil__jb_digits2 + 2 * (fp % 100), 2);
	jb->p = p + 7;
}

/* lon/lat of types 1-4, 9, 11, 18, 19, 21: 1/600000 degree, %.6f when scaled. */
static inline void put_latlon(struct vigil__jbuf *jb, int32_t v, int scaled)
{
	if (scaled)
		put_third(jb, v, 5);
	else
		SGN(v);
}

/* 0.1 units as %.1f when scaled: the raw value with a point before its last digit. */
static inline void put_tenths(struct vigil__jbuf *jb, unsigned v, int scaled)
{
	if (scaled)
		vigil__jb_putscaled(jb, v, 1, 0);
	else
		UNS(v);
}

/* Channel/group area corners: scaled they are quoted "%f" strings in gpsd. */
static void put_area(struct vigil__jbuf *jb, int32_t ne_lon, int32_t ne_lat,
		     int32_t sw_lon, int32_t sw_lat, int scaled)
{
	if (scaled) {
		LIT(",\"ne_lon\":\"");
		put_third(jb, ne_lon, 5000);
		LIT("\",\"ne_lat\":\"");
		put_third(jb, ne_lat, 5000);
		LIT("\",\"sw_lon\":\"");
		put_third(jb, sw_lon, 5000);
		LIT("\",\"sw_lat\":\"");
		put_third(jb, sw_lat, 5000);
		LIT("\"");
	} else {
		LIT(",\"ne_lon\":");
		SGN(ne_lon);
		LIT(",\"ne_lat\":");
		SGN(ne_lat);
		LIT(",\"sw_lon\":");
		SGN(sw_lon);
		LIT(",\"sw_lat\":");
		SGN(sw_lat);
	}
}

static void put_dims(struct vigil__jbuf *jb, unsigned bow, unsigned stern,
		     unsigned port, unsigned starboard)
{
	LIT(",\"to_bow\":");
	UNS(bow);
	LIT(",\"to_stern\":");
	UNS(stern);
	LIT(",\"to_port\":");
	UNS(port);
	LIT(",\"to_starboard\":");
	UNS(starboard);
}

static void put_epfd(struct vigil__jbuf *jb, unsigned epfd)
{
	LIT(",\"epfd\":");
	UNS(epfd);
	LIT(",\"epfd_text\":\"");
	TXT(epfd_legend(epfd));
	LIT("\"");
}

static void put_shiptype(struct vigil__jbuf *jb, unsigned t)
{
	LIT(",\"shiptype\":");
	UNS(t);
	LIT(",\"shiptype_text\":\"");
	TXT(shiptype_legend(t));
	LIT("\"");
}

static void put_data(struct vigil__jbuf *jb, unsigned bitcount, const uint8_t *data)
{
	LIT(",\"data\":\"");
	UNS(bitcount);
	LIT(":");
	vigil__jb_puthex(jb, data, (bitcount + 7) / 8);
	LIT("\"");
}

/*
 * Unchecked writers for the fast path of types 1-3 (most of the traffic): the
 * caller has checked room for the longest possible output once.
 */
#define W(s) (memcpy(p, "" s, sizeof(s) - 1), p += sizeof(s) - 1)

VIGIL__JB_INLINE char *w_u32(char *p, uint32_t v)
{
	return vigil__jb_wu32(p, v);
}

static inline char *w_i32(char *p, int32_t v)
{
	if (v < 0) {
		*p++ = '-';
		return w_u32(p, 0u - (uint32_t)v);
	}
	return w_u32(p, (uint32_t)v);
}

/* v tenths as %.1f, v < 100000. */
static inline char *w_tenths(char *p, uint32_t v)
{
	uint32_t ip = v / 10;

	p = vigil__jb_w4(p, ip);
	*p++ = '.';
	*p++ = (char)('0' + (v - ip * 10));
	return p;
}

/* v / 600000 as %.6f, exactly as put_third(jb, v, 5) writes it (any int32). */
static inline char *w_deg6(char *p, int32_t v)
{
	uint64_t n = (uint64_t)(v < 0 ? -(int64_t)v : v) * 5u, q = n / 3;
	uint32_t ip, fp, hi, mid;

	q += (n - 3 * q == 2);
	/* q < 2^32 / 1.2, so ip <= 3579: at most four digits. */
	ip = (uint32_t)(q / 1000000);
	fp = (uint32_t)q - ip * 1000000;
	if (v < 0)
		*p++ = '-';
	p = vigil__jb_w4(p, ip);
	*p++ = '.';
	hi = fp / 10000;
	fp -= hi * 10000;
	mid = fp / 100;
	p = vigil__jb_w2(p, hi);
	p = vigil__jb_w2(p, mid);
	return vigil__jb_w2(p, fp - mid * 100);
}

/* A lat/lon of types 1-4, 9, 11, 18, 19, 21 (see put_latlon). */
static inline char *w_latlon(char *p, int32_t v, int scaled)
{
	return scaled ? w_deg6(p, v) : w_i32(p, v);
}

/* A legend, one fixed-size copy (63 bytes written). */
static inline char *w_legend(char *p, const struct legend *l)
{
	memcpy(p, l->s, sizeof(l->s));
	return p + l->n;
}

/* v zero-padded to two digits (put_pad width 2), v < 256. */
static inline char *w_pad2(char *p, uint32_t v)
{
	if (v < 10)
		*p++ = '0';
	return vigil__jb_w4(p, v);
}

/*
 * The body of a JSON string, unchecked: at most n bytes of s, stopping at a
 * NUL, escaped exactly as vigil__jb_putesc does (at most 6n bytes written).
 */
static char *w_esc(char *p, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			*p++ = (char)c;
			continue;
		}
		*p++ = '\\';
		switch (c) {
		case '"': case '\\': *p++ = (char)c; break;
		case '\b': *p++ = 'b'; break;
		case '\f': *p++ = 'f'; break;
		case '\n': *p++ = 'n'; break;
		case '\r': *p++ = 'r'; break;
		case '\t': *p++ = 't'; break;
		default:
			*p++ = 'u';
			*p++ = '0';
			*p++ = '0';
			*p++ = "0123456789abcdef"[c >> 4];
			*p++ = "0123456789abcdef"[c & 15];
		}
	}
	return p;
}
#define W_STR(f) (p = w_esc(p, (f), sizeof(f)))

/* ,"epfd":N,"epfd_text":"..." */
static inline char *w_epfd(char *p, unsigned epfd)
{
	W(",\"epfd\":");
	p = w_u32(p, epfd);
	W(",\"epfd_text\":\"");
	p = w_legend(p, epfd_legend(epfd));
	*p++ = '"';
	return p;
}

/* ,"shiptype":N,"shiptype_text":"..." */
static inline char *w_shiptype(char *p, unsigned t)
{
	W(",\"shiptype\":");
	p = w_u32(p, t);
	W(",\"shiptype_text\":\"");
	p = w_legend(p, shiptype_legend(t));
	*p++ = '"';
	return p;
}

static inline char *w_dims(char *p, unsigned bow, unsigned stern, unsigned port, unsigned starboard)
{
	W(",\"to_bow\":");
	p = w_u32(p, bow);
	W(",\"to_stern\":");
	p = w_u32(p, stern);
	W(",\"to_port\":");
	p = w_u32(p, port);
	W(",\"to_starboard\":");
	return w_u32(p, starboard);
}

#define W_BOOL(key, v) do { if (v) W(",\"" key "\":true"); else W(",\"" key "\":false"); } while (0)

/*
 * Unchecked bodies of the other frequent types, byte for byte what the
 * checked writers below (json_base, json_static, json_classb) print; the
 * caller has checked FAST_MAX bytes of room.
 */
#define FAST_MAX 1024

static char *json_base_fast(char *p, const struct vigil_ais_base *t, int scaled)
{
	W(",\"timestamp\":\"");
	if (t->year < 10)
		W("000");
	else if (t->year < 100)
		W("00");
	else if (t->year < 1000)
		W("0");
	p = w_u32(p, t->year);
	*p++ = '-';
	p = w_pad2(p, t->month);
	*p++ = '-';
	p = w_pad2(p, t->day);
	*p++ = 'T';
	p = w_pad2(p, t->hour);
	*p++ = ':';
	p = w_pad2(p, t->minute);
	*p++ = ':';
	p = w_pad2(p, t->second);
	if (t->accuracy)
		W("Z\",\"accuracy\":true,\"lon\":");
	else
		W("Z\",\"accuracy\":false,\"lon\":");
	p = w_latlon(p, t->lon, scaled);
	W(",\"lat\":");
	p = w_latlon(p, t->lat, scaled);
	p = w_epfd(p, t->epfd);
	if (t->raim)
		W(",\"raim\":true,\"radio\":");
	else
		W(",\"raim\":false,\"radio\":");
	return w_u32(p, t->radio);
}

static char *json_static_fast(char *p, const struct vigil_ais_static *t, int scaled)
{
	W(",\"imo\":");
	p = w_u32(p, t->imo);
	W(",\"ais_version\":");
	p = w_u32(p, t->ais_version);
	W(",\"callsign\":\"");
	W_STR(t->callsign);
	W("\",\"shipname\":\"");
	W_STR(t->shipname);
	*p++ = '"';
	p = w_shiptype(p, t->shiptype);
	p = w_dims(p, t->to_bow, t->to_stern, t->to_port, t->to_starboard);
	p = w_epfd(p, t->epfd);
	W(",\"eta\":\"");
	p = w_pad2(p, t->month);
	*p++ = '-';
	p = w_pad2(p, t->day);
	*p++ = 'T';
	p = w_pad2(p, t->hour);
	*p++ = ':';
	p = w_pad2(p, t->minute);
	W("Z\",\"draught\":");
	p = scaled ? w_tenths(p, t->draught) : w_u32(p, t->draught);
	W(",\"destination\":\"");
	W_STR(t->destination);
	W("\",\"dte\":");
	return w_u32(p, t->dte);
}

static char *json_classb_fast(char *p, unsigned type, const struct vigil_ais_classb *t,
			      int scaled, int assigned)
{
	W(",\"reserved\":");
	p = w_u32(p, t->reserved);
	W(",\"speed\":");
	p = scaled ? w_tenths(p, t->speed) : w_u32(p, t->speed);
	W_BOOL("accuracy", t->accuracy);
	W(",\"lon\":");
	p = w_latlon(p, t->lon, scaled);
	W(",\"lat\":");
	p = w_latlon(p, t->lat, scaled);
	W(",\"course\":");
	p = scaled ? w_tenths(p, t->course) : w_u32(p, t->course);
	W(",\"heading\":");
	p = w_u32(p, t->heading);
	W(",\"second\":");
	p = w_u32(p, t->second);
	W(",\"regional\":");
	p = w_u32(p, t->regional);
	if (type == 18) {
		W_BOOL("cs", t->cs);
		W_BOOL("display", t->display);
		W_BOOL("dsc", t->dsc);
		W_BOOL("band", t->band);
		W_BOOL("msg22", t->msg22);
		if (assigned)
			W_BOOL("assigned", t->assigned);
		W_BOOL("raim", t->raim);
		W(",\"radio\":");
		return w_u32(p, t->radio);
	}
	W(",\"shipname\":\"");
	W_STR(t->shipname);
	*p++ = '"';
	p = w_shiptype(p, t->shiptype);
	p = w_dims(p, t->to_bow, t->to_stern, t->to_port, t->to_starboard);
	p = w_epfd(p, t->epfd);
	W_BOOL("raim", t->raim);
	W(",\"dte\":");
	p = w_u32(p, t->dte);
	W_BOOL("assigned", t->assigned);
	return p;
}

/* Longest body json_pos_fast can write (about 330 bytes), rounded up. */
#define POS_MAX 512

static char *json_pos_fast(char *p, const struct vigil_ais_pos *t, int scaled)
{
	const struct legend *st = &status_text[t->status & 15];

	W(",\"status\":");
	p = vigil__jb_w4(p, t->status);
	W(",\"status_text\":\"");
	memcpy(p, st->s, sizeof(st->s));
	p += st->n;
	W("\",\"turn\":");
	if (!scaled) {
		p = w_i32(p, t->turn);
	} else if (t->turn == -128) {
		W("\"nan\"");
	} else if (t->turn == -127) {
		W("\"fastleft\"");
	} else if (t->turn == 127) {
		W("\"fastright\"");
	} else {
		/* Signed ROT, as in json_pos() below. */
		unsigned v = rot_deg[t->turn < 0 ? -t->turn : t->turn];
		if (t->turn < 0 && v != 0)
			*p++ = '-';
		p = vigil__jb_w4(p, v);
	}
	W(",\"speed\":");
	if (!scaled)
		p = w_u32(p, t->speed);
	else if (t->speed == 1023)
		W("\"nan\"");
	else if (t->speed == 1022)
		W("\"fast\"");
	else
		p = w_tenths(p, t->speed);
	if (t->accuracy)
		W(",\"accuracy\":true,\"lon\":");
	else
		W(",\"accuracy\":false,\"lon\":");
	p = scaled ? w_deg6(p, t->lon) : w_i32(p, t->lon);
	W(",\"lat\":");
	p = scaled ? w_deg6(p, t->lat) : w_i32(p, t->lat);
	W(",\"course\":");
	p = scaled ? w_tenths(p, t->course) : w_u32(p, t->course);
	W(",\"heading\":");
	p = w_u32(p, t->heading);
	W(",\"second\":");
	p = vigil__jb_w4(p, t->second);
	W(",\"maneuver\":");
	p = vigil__jb_w4(p, t->maneuver);
	if (t->raim)
		W(",\"raim\":true,\"radio\":");
	else
		W(",\"raim\":false,\"radio\":");
	return w_u32(p, t->radio);
}

/* Types 1-3 with bounds checks, for a nearly full buffer (see json_pos). */
static void json_pos_checked(struct vigil__jbuf *jbo, const struct vigil_ais_pos *t, int scaled)
{
	/*
	 * Working on a local copy of the writer lets the compiler keep the
	 * cursor in a register: stores through it cannot alias a local whose
	 * address does not escape.
	 */
	struct vigil__jbuf jl = *jbo, *jb = &jl;

	LIT(",\"status\":");
	UNS(t->status);
	LIT(",\"status_text\":\"");
	TXT(&status_text[t->status & 15]);
	LIT("\",\"turn\":");
	if (!scaled) {
		SGN(t->turn);
	} else if (t->turn == -128) {
		LIT("\"nan\"");
	} else if (t->turn == -127) {
		LIT("\"fastleft\"");
	} else if (t->turn == 127) {
		LIT("\"fastright\"");
	} else {
		/*
		 * ROT = (ROT_AIS / 4.733)^2 degrees a minute, negative to port.
		 * gpsd 3.22 drops the sign; vigil keeps it (docs/gpsd-differences.md).
		 */
		unsigned v = rot_deg[t->turn < 0 ? -t->turn : t->turn];
		if (t->turn < 0 && v != 0)
			LIT("-");
		UNS(v);
	}
	LIT(",\"speed\":");
	if (!scaled)
		UNS(t->speed);
	else if (t->speed == 1023)
		LIT("\"nan\"");
	else if (t->speed == 1022)
		LIT("\"fast\"");
	else
		vigil__jb_putscaled(jb, t->speed, 1, 0);
	KBOOL("accuracy", t->accuracy);
	LIT(",\"lon\":");
	put_latlon(jb, t->lon, scaled);
	LIT(",\"lat\":");
	put_latlon(jb, t->lat, scaled);
	LIT(",\"course\":");
	put_tenths(jb, t->course, scaled);
	LIT(",\"heading\":");
	UNS(t->heading);
	LIT(",\"second\":");
	UNS(t->second);
	LIT(",\"maneuver\":");
	UNS(t->maneuver);
	KBOOL("raim", t->raim);
	LIT(",\"radio\":");
	UNS(t->radio);
	*jbo = jl;
}

/*
 * Types 1-3 are most of the traffic: unchecked when the room is there. (No
 * copy of the writer on this path: loading it whole right after the header's
 * stores to it stalls on store forwarding.)
 */
static void json_pos(struct vigil__jbuf *jb, const struct vigil_ais_pos *t, int scaled)
{
	if ((size_t)(jb->end - jb->p) >= POS_MAX)
		jb->p = json_pos_fast(jb->p, t, scaled);
	else
		json_pos_checked(jb, t, scaled);
}

static void json_base(struct vigil__jbuf *jb, const struct vigil_ais_base *t, int scaled)
{
	LIT(",\"timestamp\":\"");
	put_pad(jb, t->year, 4);
	LIT("-");
	put_pad(jb, t->month, 2);
	LIT("-");
	put_pad(jb, t->day, 2);
	LIT("T");
	put_pad(jb, t->hour, 2);
	LIT(":");
	put_pad(jb, t->minute, 2);
	LIT(":");
	put_pad(jb, t->second, 2);
	LIT("Z\",\"accuracy\":");
	BOOL(t->accuracy);
	LIT(",\"lon\":");
	put_latlon(jb, t->lon, scaled);
	LIT(",\"lat\":");
	put_latlon(jb, t->lat, scaled);
	put_epfd(jb, t->epfd);
	KBOOL("raim", t->raim);
	LIT(",\"radio\":");
	UNS(t->radio);
}

static void json_static(struct vigil__jbuf *jb, const struct vigil_ais_static *t, int scaled)
{
	LIT(",\"imo\":");
	UNS(t->imo);
	LIT(",\"ais_version\":");
	UNS(t->ais_version);
	LIT(",\"callsign\":\"");
	STR(t->callsign);
	LIT("\",\"shipname\":\"");
	STR(t->shipname);
	LIT("\"");
	put_shiptype(jb, t->shiptype);
	put_dims(jb, t->to_bow, t->to_stern, t->to_port, t->to_starboard);
	put_epfd(jb, t->epfd);
	LIT(",\"eta\":\"");
	put_pad(jb, t->month, 2);
	LIT("-");
	put_pad(jb, t->day, 2);
	LIT("T");
	put_pad(jb, t->hour, 2);
	LIT(":");
	put_pad(jb, t->minute, 2);
	LIT("Z\",\"draught\":");
	put_tenths(jb, t->draught, scaled);
	LIT(",\"destination\":\"");
	STR(t->destination);
	LIT("\",\"dte\":");
	UNS(t->dte);
}

static void json_binary(struct vigil__jbuf *jb, unsigned type,
			const struct vigil_ais_binary *t, int scaled)
{
	if (type == 6) {
		LIT(",\"seqno\":");
		UNS(t->seqno);
		LIT(",\"dest_mmsi\":");
		UNS(t->dest_mmsi);
		KBOOL("retransmit", t->retransmit);
	}
	LIT(",\"dac\":");
	UNS(t->dac);
	LIT(",\"fid\":");
	UNS(t->fid);
	if (t->structured)
		vigil__ais_app_json(&t->app, scaled, jb);
	else
		put_data(jb, t->bitcount, t->data);
}

static void json_sar(struct vigil__jbuf *jb, const struct vigil_ais_sar *t, int scaled)
{
	LIT(",\"alt\":");
	if (scaled && t->alt == 4095)
		LIT("\"nan\"");
	else if (scaled && t->alt == 4094)
		LIT("\"high\"");
	else
		UNS(t->alt);
	LIT(",\"speed\":");
	if (scaled && t->speed == 1023)
		LIT("\"nan\"");
	else if (scaled && t->speed == 1022)
		LIT("\"fast\"");
	else
		UNS(t->speed);
	KBOOL("accuracy", t->accuracy);
	LIT(",\"lon\":");
	put_latlon(jb, t->lon, scaled);
	LIT(",\"lat\":");
	put_latlon(jb, t->lat, scaled);
	LIT(",\"course\":");
	put_tenths(jb, t->course, scaled);
	LIT(",\"second\":");
	UNS(t->second);
	LIT(",\"regional\":");
	UNS(t->regional);
	LIT(",\"dte\":");
	UNS(t->dte);
	KBOOL("raim", t->raim);
	LIT(",\"radio\":");
	UNS(t->radio);
}

static void json_classb(struct vigil__jbuf *jb, unsigned type,
			const struct vigil_ais_classb *t, int scaled, int assigned)
{
	LIT(",\"reserved\":");
	UNS(t->reserved);
	LIT(",\"speed\":");
	put_tenths(jb, t->speed, scaled);
	KBOOL("accuracy", t->accuracy);
	LIT(",\"lon\":");
	put_latlon(jb, t->lon, scaled);
	LIT(",\"lat\":");
	put_latlon(jb, t->lat, scaled);
	LIT(",\"course\":");
	put_tenths(jb, t->course, scaled);
	LIT(",\"heading\":");
	UNS(t->heading);
	LIT(",\"second\":");
	UNS(t->second);
	LIT(",\"regional\":");
	UNS(t->regional);
	if (type == 18) {
		KBOOL("cs", t->cs);
		KBOOL("display", t->display);
		KBOOL("dsc", t->dsc);
		KBOOL("band", t->band);
		KBOOL("msg22", t->msg22);
		if (assigned) {
			KBOOL("assigned", t->assigned);
		}
		KBOOL("raim", t->raim);
		LIT(",\"radio\":");
		UNS(t->radio);
		return;
	}
	LIT(",\"shipname\":\"");
	STR(t->shipname);
	LIT("\"");
	put_shiptype(jb, t->shiptype);
	put_dims(jb, t->to_bow, t->to_stern, t->to_port, t->to_starboard);
	put_epfd(jb, t->epfd);
	KBOOL("raim", t->raim);
	LIT(",\"dte\":");
	UNS(t->dte);
	KBOOL("assigned", t->assigned);
}

static void json_aton(struct vigil__jbuf *jb, const struct vigil_ais_aton *t,
		      int scaled, int assigned)
{
	LIT(",\"aid_type\":");
	UNS(t->aid_type);
	LIT(",\"aid_type_text\":\"");
	TXT(&navaid_text[t->aid_type & 31]);
	LIT("\",\"name\":\"");
	STR(t->name);
	LIT("\"");
	/* gpsd puts accuracy after the position when scaled, before it when not. */
	if (!scaled) {
		KBOOL("accuracy", t->accuracy);
	}
	LIT(",\"lon\":");
	put_latlon(jb, t->lon, scaled);
	LIT(",\"lat\":");
	put_latlon(jb, t->lat, scaled);
	if (scaled) {
		KBOOL("accuracy", t->accuracy);
	}
	put_dims(jb, t->to_bow, t->to_stern, t->to_port, t->to_starboard);
	put_epfd(jb, t->epfd);
	LIT(",\"second\":");
	UNS(t->second);
	LIT(",\"regional\":");
	UNS(t->regional);
	KBOOL("off_position", t->off_position);
	KBOOL("raim", t->raim);
	KBOOL("virtual_aid", t->virtual_aid);
	if (assigned) {
		KBOOL("assigned", t->assigned);
	}
}

static void json_static24(struct vigil__jbuf *jb, uint32_t mmsi,
			  const struct vigil_ais_static24 *t)
{
	if (t->part == VIGIL_AIS24_A)
		LIT(",\"part\":\"A\"");
	else if (t->part == VIGIL_AIS24_B)
		LIT(",\"part\":\"B\"");
	if (t->part != VIGIL_AIS24_B) {
		LIT(",\"shipname\":\"");
		STR(t->shipname);
		LIT("\"");
	}
	if (t->part == VIGIL_AIS24_A)
		return;
	put_shiptype(jb, t->shiptype);
	LIT(",\"vendorid\":\"");
	STR(t->vendorid);
	LIT("\",\"model\":");
	UNS(t->model);
	LIT(",\"serial\":");
	UNS(t->serial);
	LIT(",\"callsign\":\"");
	STR(t->callsign);
	LIT("\"");
	if (mmsi / 10000000 == 98) {
		LIT(",\"mothership_mmsi\":");
		UNS(t->mothership_mmsi);
	} else {
		put_dims(jb, t->to_bow, t->to_stern, t->to_port, t->to_starboard);
	}
}

static void json_slotbin(struct vigil__jbuf *jb, unsigned type, const struct vigil_ais_slotbin *t)
{
	KBOOL("addressed", t->addressed);
	KBOOL("structured", t->structured);
	LIT(",\"dest_mmsi\":");
	UNS(t->dest_mmsi);
	LIT(",\"app_id\":");
	UNS(t->app_id);
	put_data(jb, t->bitcount, t->data);
	if (type == 26) {
		LIT(",\"radio\":");
		UNS(t->radio);
	}
}

static void json_body(struct vigil__jbuf *jb, const struct vigil_ais_msg *m, int scaled,
		      int assigned)
{
	unsigned i;

	int fast = (size_t)(jb->end - jb->p) >= FAST_MAX;

	switch (m->type) {
	case 1: case 2: case 3:
		json_pos(jb, &m->u.pos, scaled);
		break;
	case 4: case 11:
		if (fast)
			jb->p = json_base_fast(jb->p, &m->u.base, scaled);
		else
			json_base(jb, &m->u.base, scaled);
		break;
	case 5:
		if (fast)
			jb->p = json_static_fast(jb->p, &m->u.t5, scaled);
		else
			json_static(jb, &m->u.t5, scaled);
		break;
	case 6: case 8:
		json_binary(jb, m->type, &m->u.bin, scaled);
		break;
	case 7: case 13:
		for (i = 0; i < 4; i++) {
			LIT(",\"mmsi");
			UNS(i + 1);
			LIT("\":");
			UNS(m->u.ack.mmsi[i]);
		}
		break;
	case 9:
		json_sar(jb, &m->u.sar, scaled);
		break;
	case 10:
		LIT(",\"dest_mmsi\":");
		UNS(m->u.inquiry.dest_mmsi);
		break;
	case 12:
		LIT(",\"seqno\":");
		UNS(m->u.safety.seqno);
		LIT(",\"dest_mmsi\":");
		UNS(m->u.safety.dest_mmsi);
		KBOOL("retransmit", m->u.safety.retransmit);
		/* fall through */
	case 14:
		LIT(",\"text\":\"");
		STR(m->u.safety.text);
		LIT("\"");
		break;
	case 15: {
		const struct vigil_ais_interrogation *t = &m->u.interrogation;
		LIT(",\"mmsi1\":");
		UNS(t->mmsi1);
		LIT(",\"type1_1\":");
		UNS(t->type1_1);
		LIT(",\"offset1_1\":");
		UNS(t->offset1_1);
		LIT(",\"type1_2\":");
		UNS(t->type1_2);
		LIT(",\"offset1_2\":");
		UNS(t->offset1_2);
		LIT(",\"mmsi2\":");
		UNS(t->mmsi2);
		LIT(",\"type2_1\":");
		UNS(t->type2_1);
		LIT(",\"offset2_1\":");
		UNS(t->offset2_1);
		break;
	}
	case 16: {
		const struct vigil_ais_assign *t = &m->u.assign;
		LIT(",\"mmsi1\":");
		UNS(t->mmsi1);
		LIT(",\"offset1\":");
		UNS(t->offset1);
		LIT(",\"increment1\":");
		UNS(t->increment1);
		LIT(",\"mmsi2\":");
		UNS(t->mmsi2);
		LIT(",\"offset2\":");
		UNS(t->offset2);
		LIT(",\"increment2\":");
		UNS(t->increment2);
		break;
	}
	case 17:
		LIT(",\"lon\":");
		if (scaled)
			RATIO(m->u.dgnss.lon, 600, 1);
		else
			SGN(m->u.dgnss.lon);
		LIT(",\"lat\":");
		if (scaled)
			RATIO(m->u.dgnss.lat, 600, 1);
		else
			SGN(m->u.dgnss.lat);
		put_data(jb, m->u.dgnss.bitcount, m->u.dgnss.data);
		break;
	case 18: case 19:
		if (fast)
			jb->p = json_classb_fast(jb->p, m->type, &m->u.classb, scaled, assigned);
		else
			json_classb(jb, m->type, &m->u.classb, scaled, assigned);
		break;
	case 20:
		for (i = 0; i < 4; i++) {
			LIT(",\"offset");
			UNS(i + 1);
			LIT("\":");
			UNS(m->u.datalink.offset[i]);
			LIT(",\"number");
			UNS(i + 1);
			LIT("\":");
			UNS(m->u.datalink.number[i]);
			LIT(",\"timeout");
			UNS(i + 1);
			LIT("\":");
			UNS(m->u.datalink.timeout[i]);
			LIT(",\"increment");
			UNS(i + 1);
			LIT("\":");
			UNS(m->u.datalink.increment[i]);
		}
		break;
	case 21:
		json_aton(jb, &m->u.aton, scaled, assigned);
		break;
	case 22: {
		const struct vigil_ais_channel *t = &m->u.channel;
		LIT(",\"channel_a\":");
		UNS(t->channel_a);
		LIT(",\"channel_b\":");
		UNS(t->channel_b);
		LIT(",\"txrx\":");
		UNS(t->txrx);
		KBOOL("power", t->power);
		if (t->addressed) {
			LIT(",\"dest1\":");
			UNS(t->dest1);
			LIT(",\"dest2\":");
			UNS(t->dest2);
		} else {
			put_area(jb, t->ne_lon, t->ne_lat, t->sw_lon, t->sw_lat, scaled);
		}
		KBOOL("addressed", t->addressed);
		KBOOL("band_a", t->band_a);
		KBOOL("band_b", t->band_b);
		LIT(",\"zonesize\":");
		UNS(t->zonesize);
		break;
	}
	case 23: {
		const struct vigil_ais_group *t = &m->u.group;
		put_area(jb, t->ne_lon, t->ne_lat, t->sw_lon, t->sw_lat, scaled);
		LIT(",\"stationtype\":");
		UNS(t->stationtype);
		LIT(",\"stationtype_text\":\"");
		TXT(&station_text[t->stationtype & 15]);
		LIT("\"");
		put_shiptype(jb, t->shiptype);
		LIT(",\"interval\":");
		UNS(t->interval);
		LIT(",\"quiet\":");
		UNS(t->quiet);
		break;
	}
	case 24:
		json_static24(jb, m->mmsi, &m->u.t24);
		break;
	case 25: case 26:
		json_slotbin(jb, m->type, &m->u.slotbin);
		break;
	case 27: {
		const struct vigil_ais_longrange *t = &m->u.longrange;
		LIT(",\"status\":");
		if (scaled) {
			LIT("\"");
			TXT(&status_text[t->status & 15]);
			LIT("\"");
		} else {
			UNS(t->status);
		}
		KBOOL("accuracy", t->accuracy);
		LIT(",\"lon\":");
		if (scaled)
			RATIO(t->lon, 600, 1);
		else
			SGN(t->lon);
		LIT(",\"lat\":");
		if (scaled)
			RATIO(t->lat, 600, 1);
		else
			SGN(t->lat);
		LIT(",\"speed\":");
		UNS(t->speed);
		LIT(",\"course\":");
		UNS(t->course);
		KBOOL("raim", t->raim);
		KBOOL("gnss", t->gnss);
		break;
	}
	default:
		break;
	}
}

size_t vigil_ais_json(const struct vigil_ais_msg *m, const struct vigil_ais_json_opts *o,
		      char *buf, size_t cap)
{
	struct vigil__jbuf jbs, *jb = &jbs;
	int scaled = o && o->scaled;

	static const char rep[4][20] = {
		",\"repeat\":0,\"mmsi\":", ",\"repeat\":1,\"mmsi\":",
		",\"repeat\":2,\"mmsi\":", ",\"repeat\":3,\"mmsi\":",
	};
	const char *dev = o && o->device ? o->device : "";
	size_t dl;
	char *p = buf;

	vigil__jb_init(jb, buf, cap);
	if (cap < 128)
		goto toolong;
	/* The header fits in 128 bytes plus the device name: unchecked writes. */
	W("{\"class\":\"AIS\"");
	if (dev[0]) {
		W(",\"device\":\"");
		/* Copied as it is measured (a short name: cheaper than strlen and memcpy calls). */
		for (dl = 0; dev[dl]; dl++) {
			if (dl >= cap - 128)
				goto toolong;
			p[dl] = dev[dl];
		}
		p += dl;
		*p++ = '"';
	}
	W(",\"type\":");
	p = w_u32(p, m->type);
	memcpy(p, rep[m->repeat & 3], 19);
	p = w_u32(p + 19, m->mmsi);
	if (scaled)
		W(",\"scaled\":true");
	else
		W(",\"scaled\":false");
	jb->p = p;
	json_body(jb, m, scaled, o && o->assigned);
	if (o && o->extra && o->extra_len) {
		LIT(",");
		vigil__jb_raw(jb, o->extra, o->extra_len);
	}
	LIT("}");
	if (jb->overflow) {
		if (cap)
			buf[0] = 0;
		return 0;
	}
	return vigil__jb_finish(jb);
toolong:
	if (cap)
		buf[0] = 0;
	return 0;
}
