/* input.c - decoded AIS, NOAA/DMA CSV rows and gpsd JSON lines to engine records. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/ais.h"
#include "vigil/detect.h"
#include "vigil/error.h"
#include "vigil/input.h"
#include "vigil/json.h"
#include "vigil/nmea.h"

const char *vigil_input_fmt_name(enum vigil_input_fmt f)
{
	switch (f) {
	case VIGIL_IN_NMEA: return "nmea";
	case VIGIL_IN_CSV_NOAA: return "noaa-csv";
	case VIGIL_IN_CSV_DMA: return "dma-csv";
	case VIGIL_IN_GPSD: return "gpsd-json";
	default: return "unknown";
	}
}

static int has(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w), i;

	for (i = 0; i + k <= n; i++)
		if (!strncasecmp(s + i, w, k))
			return 1;
	return 0;
}

enum vigil_input_fmt vigil_input_sniff(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	if (!n)
		return VIGIL_IN_UNKNOWN;
	/* A JSON object opens with a key: "{" then a quote (garbage that merely starts with "{" is
	 * refused here rather than read as thousands of bad lines). */
	if (*s == '{') {
		size_t i = 1;

		while (i < n && isspace((unsigned char)s[i]))
			i++;
		return i < n && s[i] == '"' ? VIGIL_IN_GPSD : VIGIL_IN_UNKNOWN;
	}
	/* An NMEA 4.0 tag block opens with a one-letter key and a colon ("\s:", "\c:", "\g:"). */
	if (has(s, n, "VDM,") || has(s, n, "VDO,") || (n >= 5 && !memcmp(s, "$PGHP", 5)) ||
	    (n >= 3 && *s == '\\' && isalpha((unsigned char)s[1]) && s[2] == ':'))
		return VIGIL_IN_NMEA;
	if (has(s, n, "Type of mobile") || (*s == '#' && has(s, n, "Timestamp")))
		return VIGIL_IN_CSV_DMA;
	if (has(s, n, "BaseDateTime") || (has(s, n, "MMSI") && has(s, n, "LAT")))
		return VIGIL_IN_CSV_NOAA;
	return VIGIL_IN_UNKNOWN;
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static int64_t days_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static int digits(const char *s, size_t len, size_t *i, int n, int *out)
{
	int v = 0, k;

	for (k = 0; k < n; k++, (*i)++) {
		if (*i >= len || !isdigit((unsigned char)s[*i]))
			return 0;
		v = v * 10 + (s[*i] - '0');
	}
	*out = v;
	return 1;
}

int64_t vigil_input_time(const char *s, size_t len)
{
	size_t i = 0;
	int Y, M, D, h = 0, mi = 0, se = 0;
	int64_t ms = 0, t;

	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	while (i < len && (isspace((unsigned char)s[i]) || s[i] == '"'))
		i++;
	if (len && s[len - 1] == '"')
		len--;
	if (i + 10 <= len && s[i + 2] == '/' && s[i + 5] == '/') { /* DD/MM/YYYY */
		if (!digits(s, len, &i, 2, &D) || s[i++] != '/' || !digits(s, len, &i, 2, &M) || s[i++] != '/' ||
		    !digits(s, len, &i, 4, &Y))
			return INT64_MIN;
	} else if (i + 10 <= len && s[i + 4] == '-') {
		if (!digits(s, len, &i, 4, &Y) || s[i++] != '-' || !digits(s, len, &i, 2, &M) || s[i++] != '-' ||
		    !digits(s, len, &i, 2, &D))
			return INT64_MIN;
	} else {
		/* Unix seconds (maybe fractional), or ms when huge. */
		char buf[32], *end;
		size_t n = len - i;
		double v;

		if (n == 0 || n >= sizeof(buf))
			return INT64_MIN;
		memcpy(buf, s + i, n);
		buf[n] = 0;
		v = strtod(buf, &end);
		if (end == buf || *end || !isfinite(v) || v < 0 || v > 9e15)
			return INT64_MIN;
		return v > 1e11 ? (int64_t)v : (int64_t)llround(v * 1000);
	}
	if (M < 1 || M > 12 || D < 1 || D > 31)
		return INT64_MIN;
	if (i < len && (s[i] == 'T' || s[i] == ' ')) {
		i++;
		if (!digits(s, len, &i, 2, &h) || i >= len || s[i++] != ':' || !digits(s, len, &i, 2, &mi))
			return INT64_MIN;
		if (i < len && s[i] == ':') {
			i++;
			if (!digits(s, len, &i, 2, &se))
				return INT64_MIN;
			if (i < len && (s[i] == '.' || s[i] == ',')) {
				int k = 0;

				for (i++; i < len && isdigit((unsigned char)s[i]); i++, k++)
					if (k < 3)
						ms = ms * 10 + (s[i] - '0');
				for (; k < 3; k++)
					ms *= 10;
			}
		}
	}
	if (h > 23 || mi > 59 || se > 60)
		return INT64_MIN;
	t = ((days_civil(Y, (unsigned)M, (unsigned)D) * 24 + h) * 60 + mi) * 60 + se;
	t = t * 1000 + ms;
	if (i < len && (s[i] == '+' || s[i] == '-')) {
		int oh = 0, om = 0, sign = s[i] == '-' ? -1 : 1;

		i++;
		if (digits(s, len, &i, 2, &oh)) {
			if (i < len && s[i] == ':')
				i++;
			digits(s, len, &i, 2, &om);
			t -= sign * (int64_t)(oh * 60 + om) * 60000;
		}
	}
	return t;
}

static void fix_init(struct vigil_fix *f, uint32_t mmsi, int64_t t, uint8_t type)
{
	memset(f, 0, sizeof(*f));
	f->mmsi = mmsi;
	f->t = t;
	f->type = type;
	f->sog = NAN;
	f->cog = NAN;
	f->heading = -1;
	f->status = 15;
}

static void static_init(struct vigil_static *s, uint32_t mmsi, int64_t t, uint8_t type)
{
	memset(s, 0, sizeof(*s));
	s->mmsi = mmsi;
	s->t = t;
	s->type = type;
	s->draught = NAN;
}

/*
 * Big-endian 64-bit word i of a payload. The NMEA framer stores a one-sentence
 * payload as such aligned words, so these loads come straight from its
 * stores (an unaligned load spanning two stores would wait for both to reach
 * the cache).
 */
static inline uint64_t pl_word(const struct vigil_ais_payload *p, unsigned i)
{
	uint64_t w;

	memcpy(&w, p->bits + 8 * i, 8);
#if !(defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__)
	w = __builtin_bswap64(w);
#endif
	return w;
}

/* Field of `width` (1..32) bits at bit `start` (< 128) of the first 192 payload bits in w[3]. */
static inline uint32_t w_u(const uint64_t *w, unsigned start, unsigned width)
{
	unsigned i = start >> 6, s = start & 63;
	uint64_t v = w[i] << s;

	if (s + width > 64)
		v |= w[i + 1] >> (64 - s);
	return (uint32_t)(v >> (64 - width));
}

static inline int32_t w_s(const uint64_t *w, unsigned start, unsigned width)
{
	uint32_t u = w_u(w, start, width), sign = 1u << (width - 1);

	return (int32_t)((u ^ sign) - sign);
}

/*
 * Types 1-3 and 18 straight from the payload bits, without the full decode:
 * the same length checks and fields as vigil_ais_decode (decode_pos,
 * decode_classb) and the same conversions as the general path below.
 */
static int position_fast(const struct vigil_nmea_msg *nm, unsigned type, int64_t t, struct vigil_input_rec *out)
{
	const struct vigil_ais_payload *p = &nm->payload;
	struct vigil_fix *f = &out->fix;
	unsigned speed, course, heading, b = type == 18 ? 4 : 0; /* class B fields sit 4 bits earlier */
	uint64_t w[3];

	if (p->nbits < (type == 18 ? 168u : 163u))
		return 0;
	w[0] = pl_word(p, 0);
	w[1] = pl_word(p, 1);
	w[2] = pl_word(p, 2);
	fix_init(f, w_u(w, 8, 30), t, (uint8_t)type);
	speed = w_u(w, 50 - b, 10);
	f->lon = w_s(w, 61 - b, 28) / 600000.0;
	f->lat = w_s(w, 89 - b, 27) / 600000.0;
	course = w_u(w, 116 - b, 12);
	heading = w_u(w, 128 - b, 9);
	f->sog = speed < 1023 ? (float)speed / 10.0f : NAN;
	f->cog = course < 3600 ? (float)course / 10.0f : NAN;
	f->heading = heading < 360 ? (int16_t)heading : -1;
	if (!b)
		f->status = (uint8_t)w_u(w, 38, 4);
	out->kind = 1;
	out->dupkey = vigil_detect_key(p->bits, (p->nbits + 7) / 8, p->nbits);
	return 1;
}

int vigil_input_ais(const struct vigil_nmea_msg *nm, int64_t t, struct vigil_input_rec out[2])
{
	struct vigil_ais_msg m;
	struct vigil_fix *f = &out[0].fix;
	uint64_t key;
	int n = 0;

	if (nm->type == 1 || nm->type == 2 || nm->type == 3 || nm->type == 18)
		return position_fast(nm, nm->type, t, out);
	if (nm->type != 5 && nm->type != 19 && nm->type != 24 && nm->type != 27)
		return 0;
	if (vigil_ais_decode(&nm->payload, &m) != VIGIL_E_OK)
		return 0;
	key = vigil_detect_key(nm->payload.bits, (nm->payload.nbits + 7) / 8, nm->payload.nbits);
	switch (m.type) {
	case 1: case 2: case 3:
		fix_init(f, m.mmsi, t, m.type);
		f->lat = m.u.pos.lat / 600000.0;
		f->lon = m.u.pos.lon / 600000.0;
		f->sog = m.u.pos.speed < 1023 ? m.u.pos.speed / 10.0f : NAN;
		f->cog = m.u.pos.course < 3600 ? m.u.pos.course / 10.0f : NAN;
		f->heading = m.u.pos.heading < 360 ? (int16_t)m.u.pos.heading : -1;
		f->status = m.u.pos.status;
		out[0].kind = 1;
		out[0].dupkey = key;
		return 1;
	case 18: case 19:
		fix_init(f, m.mmsi, t, m.type);
		f->lat = m.u.classb.lat / 600000.0;
		f->lon = m.u.classb.lon / 600000.0;
		f->sog = m.u.classb.speed < 1023 ? m.u.classb.speed / 10.0f : NAN;
		f->cog = m.u.classb.course < 3600 ? m.u.classb.course / 10.0f : NAN;
		f->heading = m.u.classb.heading < 360 ? (int16_t)m.u.classb.heading : -1;
		out[0].kind = 1;
		out[0].dupkey = key;
		n = 1;
		if (m.type == 19) {
			struct vigil_static *s = &out[1].st;

			static_init(s, m.mmsi, t, 19);
			memcpy(s->name, m.u.classb.shipname, sizeof(s->name));
			s->shiptype = m.u.classb.shiptype;
			s->to_bow = m.u.classb.to_bow;
			s->to_stern = m.u.classb.to_stern;
			s->to_port = m.u.classb.to_port;
			s->to_starboard = m.u.classb.to_starboard;
			out[1].kind = 2;
			out[1].dupkey = key ^ 0x19;
			n = 2;
		}
		return n;
	case 27:
		fix_init(f, m.mmsi, t, 27);
		f->lat = m.u.longrange.lat / 600.0;
		f->lon = m.u.longrange.lon / 600.0;
		f->sog = m.u.longrange.speed < 63 ? (float)m.u.longrange.speed : NAN;
		f->cog = m.u.longrange.course < 360 ? (float)m.u.longrange.course : NAN;
		f->status = m.u.longrange.status;
		out[0].kind = 1;
		out[0].dupkey = key;
		return 1;
	case 5: {
		struct vigil_static *s = &out[0].st;

		static_init(s, m.mmsi, t, 5);
		s->imo = m.u.t5.imo;
		memcpy(s->name, m.u.t5.shipname, sizeof(s->name));
		memcpy(s->callsign, m.u.t5.callsign, sizeof(s->callsign));
		memcpy(s->destination, m.u.t5.destination, sizeof(s->destination));
		s->shiptype = m.u.t5.shiptype;
		s->to_bow = m.u.t5.to_bow;
		s->to_stern = m.u.t5.to_stern;
		s->to_port = m.u.t5.to_port;
		s->to_starboard = m.u.t5.to_starboard;
		s->draught = m.u.t5.draught ? m.u.t5.draught / 10.0f : NAN;
		out[0].kind = 2;
		out[0].dupkey = key;
		return 1;
	}
	case 24: {
		struct vigil_static *s = &out[0].st;

		static_init(s, m.mmsi, t, 24);
		s->channel = nm->channel;
		s->part = m.u.t24.part;
		memcpy(s->name, m.u.t24.shipname, sizeof(s->name));
		memcpy(s->callsign, m.u.t24.callsign, sizeof(s->callsign));
		s->shiptype = m.u.t24.shiptype;
		s->to_bow = m.u.t24.to_bow;
		s->to_stern = m.u.t24.to_stern;
		s->to_port = m.u.t24.to_port;
		s->to_starboard = m.u.t24.to_starboard;
		out[0].kind = 2;
		out[0].dupkey = key;
		return 1;
	}
	default:
		return 0;
	}
}

/* ---- CSV ---- */

#define MAXCOLS 64

/* Split one CSV line (RFC 4180 quotes) into field views; returns the count. */
static int csv_split(const char *s, size_t len, const char **f, size_t *fl, int max)
{
	size_t i = 0;
	int n = 0;

	while (len && (s[len - 1] == '\r' || s[len - 1] == '\n'))
		len--;
	for (;;) {
		size_t st, e;

		if (n == max)
			return n;
		if (i < len && s[i] == '"') {
			st = ++i;
			while (i < len && !(s[i] == '"' && (i + 1 >= len || s[i + 1] != '"')))
				i += s[i] == '"' ? 2 : 1;
			e = i < len ? i : len;
			if (i < len)
				i++;
			while (i < len && s[i] != ',')
				i++;
		} else {
			st = i;
			while (i < len && s[i] != ',')
				i++;
			e = i;
		}
		f[n] = s + st;
		fl[n] = e - st;
		n++;
		if (i >= len)
			return n;
		i++;
	}
}

static int col(const char **f, const size_t *fl, int n, const char *const *names)
{
	int i, k;

	for (k = 0; names[k]; k++)
		for (i = 0; i < n; i++) {
			const char *s = f[i];
			size_t l = fl[i];

			while (l && (*s == '#' || *s == ' ')) {
				s++;
				l--;
			}
			while (l && s[l - 1] == ' ')
				l--;
			if (l == strlen(names[k]) && !strncasecmp(s, names[k], l))
				return i;
		}
	return -1;
}

int vigil_input_csv_header(const char *line, size_t len, struct vigil_csv_map *m)
{
	const char *f[MAXCOLS];
	size_t fl[MAXCOLS];
	int n = csv_split(line, len, f, fl, MAXCOLS);
	static const char *const c_mmsi[] = { "MMSI", NULL }, *const c_time[] = { "BaseDateTime", "Timestamp",
		"# Timestamp", "time", NULL }, *const c_lat[] = { "LAT", "Latitude", NULL },
		*const c_lon[] = { "LON", "Longitude", NULL }, *const c_sog[] = { "SOG", NULL },
		*const c_cog[] = { "COG", NULL }, *const c_hdg[] = { "Heading", NULL },
		*const c_status[] = { "Status", "Navigational status", NULL },
		*const c_name[] = { "VesselName", "Name", NULL }, *const c_imo[] = { "IMO", NULL },
		*const c_cs[] = { "CallSign", "Callsign", NULL }, *const c_type[] = { "VesselType", "Ship type", NULL },
		*const c_len[] = { "Length", NULL }, *const c_wid[] = { "Width", NULL },
		*const c_dr[] = { "Draft", "Draught", NULL }, *const c_dest[] = { "Destination", NULL },
		*const c_cls[] = { "TransceiverClass", "Type of mobile", NULL }, *const c_a[] = { "A", NULL },
		*const c_b[] = { "B", NULL }, *const c_c[] = { "C", NULL }, *const c_d[] = { "D", NULL };

	memset(m, 0, sizeof(*m));
	m->ncols = n;
	m->fmt = vigil_input_sniff(line, len);
	if (m->fmt != VIGIL_IN_CSV_DMA)
		m->fmt = VIGIL_IN_CSV_NOAA;
	m->mmsi = col(f, fl, n, c_mmsi);
	m->time = col(f, fl, n, c_time);
	m->lat = col(f, fl, n, c_lat);
	m->lon = col(f, fl, n, c_lon);
	m->sog = col(f, fl, n, c_sog);
	m->cog = col(f, fl, n, c_cog);
	m->heading = col(f, fl, n, c_hdg);
	m->status = col(f, fl, n, c_status);
	m->name = col(f, fl, n, c_name);
	m->imo = col(f, fl, n, c_imo);
	m->callsign = col(f, fl, n, c_cs);
	m->shiptype = col(f, fl, n, c_type);
	m->length = col(f, fl, n, c_len);
	m->width = col(f, fl, n, c_wid);
	m->draught = col(f, fl, n, c_dr);
	m->dest = col(f, fl, n, c_dest);
	m->cls = col(f, fl, n, c_cls);
	m->a = col(f, fl, n, c_a);
	m->b = col(f, fl, n, c_b);
	m->c = col(f, fl, n, c_c);
	m->d = col(f, fl, n, c_d);
	if (m->mmsi < 0 || m->time < 0 || m->lat < 0 || m->lon < 0)
		return VIGIL_E_CSV;
	return VIGIL_E_OK;
}

static double num(const char **f, const size_t *fl, int n, int c)
{
	char buf[40], *end;
	size_t l;
	double v;

	if (c < 0 || c >= n || !fl[c] || fl[c] >= sizeof(buf))
		return NAN;
	l = fl[c];
	memcpy(buf, f[c], l);
	buf[l] = 0;
	v = strtod(buf, &end);
	while (*end == ' ')
		end++;
	return end == buf || *end ? NAN : v;
}

static void str(const char **f, const size_t *fl, int n, int c, char *out, size_t cap)
{
	size_t l = 0, i;

	out[0] = 0;
	if (c < 0 || c >= n)
		return;
	for (i = 0; i < fl[c] && l + 1 < cap; i++) {
		unsigned char ch = (unsigned char)f[c][i];

		if (ch == '"' && i + 1 < fl[c] && f[c][i + 1] == '"')
			i++;
		out[l++] = (char)(ch < 0x20 ? ' ' : ch);
	}
	out[l] = 0;
	if (!strcasecmp(out, "Unknown") || !strcasecmp(out, "Undefined"))
		out[0] = 0;
}

/* DMA writes ship types as words; map the common ones to AIS codes. */
static uint8_t dma_shiptype(const char *s)
{
	static const struct { const char *w; uint8_t t; } tab[] = {
		{ "Fishing", 30 }, { "Towing", 31 }, { "Dredging", 33 }, { "Diving", 34 }, { "Military", 35 },
		{ "Sailing", 36 }, { "Pleasure", 37 }, { "HSC", 40 }, { "Pilot", 50 }, { "SAR", 51 },
		{ "Tug", 52 }, { "Port tender", 53 }, { "Law enforcement", 55 }, { "Medical", 58 },
		{ "Passenger", 60 }, { "Cargo", 70 }, { "Tanker", 80 }, { "Other", 90 },
	};
	size_t i;

	if (isdigit((unsigned char)s[0]))
		return (uint8_t)atoi(s);
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (!strncasecmp(s, tab[i].w, strlen(tab[i].w)))
			return tab[i].t;
	return 0;
}

static uint8_t dma_status(const char *s)
{
	static const char *const st[] = { "Under way using engine", "At anchor", "Not under command",
		"Restricted manoeuverability", "Constrained by her draught", "Moored", "Aground",
		"Engaged in fishing", "Under way sailing" };
	size_t i;

	if (isdigit((unsigned char)s[0]))
		return (uint8_t)atoi(s);
	for (i = 0; i < sizeof(st) / sizeof(st[0]); i++)
		if (!strncasecmp(s, st[i], strlen(st[i])))
			return (uint8_t)i;
	return 15;
}

int vigil_input_csv_row(const struct vigil_csv_map *m, const char *line, size_t len, struct vigil_input_rec out[2])
{
	const char *f[MAXCOLS];
	size_t fl[MAXCOLS];
	int n = csv_split(line, len, f, fl, MAXCOLS), k = 0, isb = 0;
	double mmsi, lat, lon, v;
	int64_t t;
	char buf[32];

	if (n <= m->lon || n <= m->lat || n <= m->mmsi || n <= m->time)
		return -1;
	mmsi = num(f, fl, n, m->mmsi);
	lat = num(f, fl, n, m->lat);
	lon = num(f, fl, n, m->lon);
	t = vigil_input_time(f[m->time], fl[m->time]);
	if (!isfinite(mmsi) || mmsi < 1 || mmsi > 999999999 || t == INT64_MIN)
		return -1;
	str(f, fl, n, m->cls, buf, sizeof(buf));
	isb = buf[0] && (strchr(buf, 'B') != NULL);
	if (isfinite(lat) && isfinite(lon)) {
		struct vigil_fix *x = &out[k].fix;

		fix_init(x, (uint32_t)mmsi, t, isb ? 18 : 1);
		x->lat = lat;
		x->lon = lon;
		x->sog = (float)num(f, fl, n, m->sog);
		x->cog = (float)num(f, fl, n, m->cog);
		v = num(f, fl, n, m->heading);
		x->heading = isfinite(v) && v >= 0 && v < 360 ? (int16_t)v : -1;
		str(f, fl, n, m->status, buf, sizeof(buf));
		x->status = buf[0] ? dma_status(buf) : 15;
		out[k].kind = 1;
		out[k].dupkey = vigil_detect_key(line, len, 1);
		k++;
	}
	if (m->name >= 0 || m->imo >= 0 || m->callsign >= 0) {
		struct vigil_static *s = &out[k].st;
		char imo[24], *p;

		static_init(s, (uint32_t)mmsi, t, 0);
		str(f, fl, n, m->name, s->name, sizeof(s->name));
		str(f, fl, n, m->callsign, s->callsign, sizeof(s->callsign));
		str(f, fl, n, m->dest, s->destination, sizeof(s->destination));
		str(f, fl, n, m->imo, imo, sizeof(imo));
		for (p = imo; *p && !isdigit((unsigned char)*p); p++)
			;
		s->imo = (uint32_t)strtoul(p, NULL, 10);
		str(f, fl, n, m->shiptype, buf, sizeof(buf));
		s->shiptype = buf[0] ? dma_shiptype(buf) : 0;
		v = num(f, fl, n, m->draught);
		s->draught = isfinite(v) ? (float)v : NAN;
		v = num(f, fl, n, m->length);
		if (isfinite(v) && v > 0 && v < 1000)
			s->to_bow = (uint16_t)v;
		v = num(f, fl, n, m->width);
		if (isfinite(v) && v > 0 && v < 100)
			s->to_port = (uint8_t)v;
		if (s->name[0] || s->imo || s->callsign[0]) {
			out[k].kind = 2;
			out[k].dupkey = 0; /* rows repeat identities on purpose */
			k++;
		}
	}
	return k;
}

/* ---- gpsd JSON ---- */

#define GPSD_TOKENS 256

int vigil_input_gpsd(const char *line, size_t len, int64_t default_t, struct vigil_input_rec out[2])
{
	struct vigil_json_tok tok[GPSD_TOKENS];
	size_t ntok, i, err;
	long long mmsi = 0, type = 0;
	double lat = NAN, lon = NAN, v;
	int64_t t = INT64_MIN;
	int scaled = 0, k = 0;
	static const char *const tkeys[] = { "rxtime", "timestamp", "time", NULL };

	while (len && (line[len - 1] == '\r' || line[len - 1] == '\n' || line[len - 1] == ' '))
		len--;
	if (vigil_json_parse(line, len, tok, GPSD_TOKENS, &ntok, &err) != VIGIL_E_OK ||
	    tok[0].type != VIGIL_JSON_OBJECT)
		return -1;
	i = vigil_json_get(line, tok, 0, "class");
	if (i && !vigil_json_eq(line, &tok[i], "AIS"))
		return 0;
	if (!(i = vigil_json_get(line, tok, 0, "mmsi")) || vigil_json_int(line, &tok[i], &mmsi) ||
	    mmsi <= 0 || mmsi > 999999999)
		return 0;
	if ((i = vigil_json_get(line, tok, 0, "type")))
		vigil_json_int(line, &tok[i], &type);
	if ((i = vigil_json_get(line, tok, 0, "scaled")))
		scaled = tok[i].type == VIGIL_JSON_TRUE;
	for (k = 0; tkeys[k] && t == INT64_MIN; k++)
		if ((i = vigil_json_get(line, tok, 0, tkeys[k])))
			t = vigil_input_time(line + tok[i].start, tok[i].len);
	if (t == INT64_MIN)
		t = default_t;
	if (t == INT64_MIN)
		return -2;
	k = 0;
	if ((i = vigil_json_get(line, tok, 0, "lat")))
		vigil_json_num(line, &tok[i], &lat);
	if ((i = vigil_json_get(line, tok, 0, "lon")))
		vigil_json_num(line, &tok[i], &lon);
	if (isfinite(lat) && isfinite(lon) && (type == 1 || type == 2 || type == 3 || type == 18 || type == 19 ||
					       type == 27)) {
		struct vigil_fix *f = &out[0].fix;
		double div = type == 27 ? 600.0 : 600000.0;

		/* -u output keeps raw integers; -j scales to degrees, knots and degrees. */
		if (!scaled && (fabs(lat) > 181 || fabs(lon) > 181 || lat != floor(lat) || lon != floor(lon)))
			scaled = fabs(lat) <= 181 && fabs(lon) <= 181;
		fix_init(f, (uint32_t)mmsi, t, (uint8_t)type);
		f->lat = scaled ? lat : lat / div;
		f->lon = scaled ? lon : lon / div;
		if ((i = vigil_json_get(line, tok, 0, "speed")) && !vigil_json_num(line, &tok[i], &v))
			f->sog = (float)(scaled || type == 27 ? v : (v >= 1023 ? NAN : v / 10));
		if ((i = vigil_json_get(line, tok, 0, "course")) && !vigil_json_num(line, &tok[i], &v))
			f->cog = (float)(scaled || type == 27 ? v : (v >= 3600 ? NAN : v / 10));
		if ((i = vigil_json_get(line, tok, 0, "heading")) && !vigil_json_num(line, &tok[i], &v))
			f->heading = v >= 0 && v < 360 ? (int16_t)v : -1;
		if ((i = vigil_json_get(line, tok, 0, "status")) && tok[i].type == VIGIL_JSON_NUMBER &&
		    !vigil_json_num(line, &tok[i], &v))
			f->status = (uint8_t)(v >= 0 && v <= 15 ? v : 15);
		out[0].kind = 1;
		out[0].dupkey = vigil_detect_key(line, len, 2);
		k = 1;
	}
	if (type == 5 || type == 19 || type == 24) {
		struct vigil_static *s = &out[k].st;
		long long x;

		static_init(s, (uint32_t)mmsi, t, (uint8_t)type);
		if ((i = vigil_json_get(line, tok, 0, "shipname")))
			vigil_json_str(line, &tok[i], s->name, sizeof(s->name), NULL);
		if ((i = vigil_json_get(line, tok, 0, "callsign")))
			vigil_json_str(line, &tok[i], s->callsign, sizeof(s->callsign), NULL);
		if ((i = vigil_json_get(line, tok, 0, "destination")))
			vigil_json_str(line, &tok[i], s->destination, sizeof(s->destination), NULL);
		if ((i = vigil_json_get(line, tok, 0, "imo")) && !vigil_json_int(line, &tok[i], &x) && x > 0 &&
		    x < 1000000000)
			s->imo = (uint32_t)x;
		if ((i = vigil_json_get(line, tok, 0, "shiptype")) && !vigil_json_int(line, &tok[i], &x) && x >= 0 &&
		    x < 100)
			s->shiptype = (uint8_t)x;
		if ((i = vigil_json_get(line, tok, 0, "draught")) && !vigil_json_num(line, &tok[i], &v) && v > 0)
			s->draught = (float)(scaled ? v : v / 10);
		if (type == 24) {
			s->part = vigil_json_get(line, tok, 0, "shipname") ? 1 : 2;
			if (s->part == 1 && vigil_json_get(line, tok, 0, "callsign"))
				s->part = 3;
		}
		out[k].kind = 2;
		out[k].dupkey = vigil_detect_key(line, len, 3);
		k++;
	}
	return k;
}
