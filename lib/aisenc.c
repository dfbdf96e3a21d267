/* aisenc.c - AIS encoder: field layouts of ITU-R M.1371-5, six-bit armoring, NMEA sentences. */
#include <math.h>
#include <string.h>

#include "vigil/aisenc.h"
#include "vigil/error.h"

void vigil_aisenc_msg_init(struct vigil_aisenc_msg *m)
{
	memset(m, 0, sizeof(*m));
	m->lat = VIGIL_AISENC_NOLAT;
	m->lon = VIGIL_AISENC_NOLON;
	m->sog = VIGIL_AISENC_NOSOG;
	m->cog = VIGIL_AISENC_NOCOG;
	m->heading = VIGIL_AISENC_NOHEADING;
	m->turn = VIGIL_AISENC_NOTURN;
	m->status = 15;
	m->second = 60;
	m->eta_hour = 24;
	m->eta_minute = 60;
	m->hour = 24;
	m->minute = 60;
	m->second = 60;
}

/*
 * OR `width` (1..32) bits of v into the payload at bit `start`, MSB first.
 * The payload was cleared, and has 8 spare bytes, so a 64-bit window fits.
 */
static void put(struct vigil_ais_payload *p, size_t start, unsigned width, uint32_t v)
{
	uint64_t w = (uint64_t)(v & (uint32_t)(width == 32 ? 0xffffffffu : (1u << width) - 1));
	size_t byte = start >> 3;
	unsigned i;

	w <<= 64 - width - (start & 7);
	for (i = 0; i < 8 && w; i++, w <<= 8)
		p->bits[byte + i] |= (uint8_t)(w >> 56);
	if (start + width > p->nbits)
		p->nbits = start + width;
}

/* Six-bit ASCII value of a character ('@'..'_' -> 0..31, ' '..'?' -> 32..63). */
static unsigned sixbit(unsigned char c)
{
	if (c >= 'a' && c <= 'z')
		c = (unsigned char)(c - 32);
	if (c >= 64 && c <= 95)
		return c - 64u;
	if (c >= 32 && c <= 63)
		return c;
	return '?';
}

/* Text field of n characters, '@'-padded (zero bits). */
static void put_text(struct vigil_ais_payload *p, size_t start, unsigned n, const char *s)
{
	unsigned i;

	for (i = 0; i < n; i++) {
		unsigned v = 0;
		if (s && *s)
			v = sixbit((unsigned char)*s++);
		put(p, start + 6 * i, 6, v);
	}
	if (start + 6 * n > p->nbits)
		p->nbits = start + 6 * n;
}

static uint32_t clampu(double v, double lo, double hi)
{
	if (!(v >= lo))
		return (uint32_t)lo;
	if (v > hi)
		return (uint32_t)hi;
	return (uint32_t)v;
}

/* Longitude/latitude in 1/scale minutes as two's complement; out of range -> n/a. */
static uint32_t coord(double deg, double limit, double scale)
{
	if (!(deg >= -limit && deg <= limit))
		deg = limit + 1;
	return (uint32_t)(int32_t)lround(deg * 60.0 * scale);
}

static uint32_t sog10(double sog)
{
	if (!(sog >= 0))
		return 1023;
	return clampu(floor(sog * 10 + 0.5), 0, 1022);
}

static uint32_t cog10(double cog)
{
	long v;

	if (!(cog >= 0))
		return 3600;
	v = lround(fmod(cog, 360.0) * 10);
	return (uint32_t)(v >= 3600 ? v - 3600 : v);
}

static uint32_t heading(int h)
{
	return h >= 0 && h < 360 ? (uint32_t)h : 511;
}

static void put_head(struct vigil_ais_payload *p, const struct vigil_aisenc_msg *m)
{
	put(p, 0, 6, m->type);
	put(p, 6, 2, m->repeat);
	put(p, 8, 30, m->mmsi);
}

static void put_dims(struct vigil_ais_payload *p, size_t at, const struct vigil_aisenc_msg *m)
{
	put(p, at, 9, m->to_bow > 511 ? 511 : m->to_bow);
	put(p, at + 9, 9, m->to_stern > 511 ? 511 : m->to_stern);
	put(p, at + 18, 6, m->to_port > 63 ? 63 : m->to_port);
	put(p, at + 24, 6, m->to_starboard > 63 ? 63 : m->to_starboard);
}

int vigil_aisenc_encode(const struct vigil_aisenc_msg *m, struct vigil_ais_payload *p)
{
	vigil_ais_payload_clear(p);
	put_head(p, m);
	switch (m->type) {
	case 1: case 2: case 3:
		put(p, 38, 4, m->status);
		put(p, 42, 8, (uint32_t)(m->turn < -128 ? -128 : m->turn > 127 ? 127 : m->turn));
		put(p, 50, 10, sog10(m->sog));
		put(p, 60, 1, m->accuracy);
		put(p, 61, 28, coord(m->lon, 180, 10000));
		put(p, 89, 27, coord(m->lat, 90, 10000));
		put(p, 116, 12, cog10(m->cog));
		put(p, 128, 9, heading(m->heading));
		put(p, 137, 6, m->second > 63 ? 60 : m->second);
		put(p, 143, 2, m->maneuver);
		put(p, 148, 1, m->raim);
		put(p, 149, 19, m->radio);
		break;
	case 4:
		put(p, 38, 14, m->year);
		put(p, 52, 4, m->month);
		put(p, 56, 5, m->day);
		put(p, 61, 5, m->hour);
		put(p, 66, 6, m->minute);
		put(p, 72, 6, m->second);
		put(p, 78, 1, m->accuracy);
		put(p, 79, 28, coord(m->lon, 180, 10000));
		put(p, 107, 27, coord(m->lat, 90, 10000));
		put(p, 134, 4, m->epfd);
		put(p, 148, 1, m->raim);
		put(p, 149, 19, m->radio);
		break;
	case 5:
		put(p, 38, 2, m->ais_version);
		put(p, 40, 30, m->imo);
		put_text(p, 70, 7, m->callsign);
		put_text(p, 112, 20, m->name);
		put(p, 232, 8, m->shiptype);
		put_dims(p, 240, m);
		put(p, 270, 4, m->epfd);
		put(p, 274, 4, m->eta_month);
		put(p, 278, 5, m->eta_day);
		put(p, 283, 5, m->eta_hour);
		put(p, 288, 6, m->eta_minute);
		put(p, 294, 8, clampu(floor(m->draught * 10 + 0.5), 0, 255));
		put_text(p, 302, 20, m->destination);
		put(p, 422, 1, m->dte);
		p->nbits = 424;
		break;
	case 18:
	case 19:
		put(p, 46, 10, sog10(m->sog));
		put(p, 56, 1, m->accuracy);
		put(p, 57, 28, coord(m->lon, 180, 10000));
		put(p, 85, 27, coord(m->lat, 90, 10000));
		put(p, 112, 12, cog10(m->cog));
		put(p, 124, 9, heading(m->heading));
		put(p, 133, 6, m->second > 63 ? 60 : m->second);
		if (m->type == 18) {
			put(p, 141, 1, m->cs);
			put(p, 142, 1, m->display);
			put(p, 143, 1, m->dsc);
			put(p, 144, 1, m->band);
			put(p, 145, 1, m->msg22);
			put(p, 146, 1, m->assigned);
			put(p, 147, 1, m->raim);
			put(p, 148, 20, m->radio);
			p->nbits = 168;
		} else {
			put_text(p, 143, 20, m->name);
			put(p, 263, 8, m->shiptype);
			put_dims(p, 271, m);
			put(p, 301, 4, m->epfd);
			put(p, 305, 1, m->raim);
			put(p, 306, 1, m->dte);
			put(p, 307, 1, m->assigned);
			p->nbits = 312;
		}
		break;
	case 21: {
		size_t ext = strlen(m->name_ext), bits;
		put(p, 38, 5, m->aid_type);
		put_text(p, 43, 20, m->name);
		put(p, 163, 1, m->accuracy);
		put(p, 164, 28, coord(m->lon, 180, 10000));
		put(p, 192, 27, coord(m->lat, 90, 10000));
		put_dims(p, 219, m);
		put(p, 249, 4, m->epfd);
		put(p, 253, 6, m->second > 63 ? 60 : m->second);
		put(p, 259, 1, m->off_position);
		put(p, 268, 1, m->raim);
		put(p, 269, 1, m->virtual_aid);
		put(p, 270, 1, m->assigned);
		p->nbits = 272;
		if (ext > 14)
			ext = 14;
		if (ext) {
			put_text(p, 272, (unsigned)ext, m->name_ext);
			/* The extension is padded with spare bits to a whole byte. */
			bits = 272 + 6 * ext;
			p->nbits = (bits + 7) & ~(size_t)7;
		}
		break;
	}
	case 24:
		put(p, 38, 2, m->partno);
		if (m->partno == 0) {
			put_text(p, 40, 20, m->name);
			p->nbits = 160;
		} else {
			put(p, 40, 8, m->shiptype);
			put_text(p, 48, 3, m->vendorid);
			put(p, 66, 4, m->model);
			put(p, 70, 20, m->serial);
			put_text(p, 90, 7, m->callsign);
			if (m->mmsi / 10000000 == 98)
				put(p, 132, 30, m->mothership);
			else
				put_dims(p, 132, m);
			p->nbits = 168;
		}
		break;
	case 27:
		put(p, 38, 1, m->accuracy);
		put(p, 39, 1, m->raim);
		put(p, 40, 4, m->status);
		put(p, 44, 18, coord(m->lon, 180, 10) );
		put(p, 62, 17, coord(m->lat, 90, 10));
		put(p, 79, 6, m->sog >= 0 ? clampu(floor(m->sog + 0.5), 0, 62) : 63);
		put(p, 85, 9, m->cog >= 0 ? (uint32_t)lround(fmod(m->cog, 360.0)) % 360 : 511);
		put(p, 94, 1, m->gnss);
		p->nbits = 96;
		break;
	default:
		vigil_ais_payload_clear(p);
		return VIGIL_E_UNSUPPORTED;
	}
	return VIGIL_E_OK;
}

/* Six-bit value -> armor character. */
static char armor(unsigned v)
{
	return (char)(v < 40 ? v + 48 : v + 56);
}

size_t vigil_aisenc_armor(const struct vigil_ais_payload *p, char *out, size_t cap, unsigned *fill)
{
	size_t n = (p->nbits + 5) / 6, i;

	if (fill)
		*fill = (unsigned)(n * 6 - p->nbits);
	if (cap == 0)
		return 0;
	if (n > cap - 1)
		n = cap - 1;
	for (i = 0; i < n; i++)
		out[i] = armor(vigil_ais_bits_u(p, 6 * i, 6));
	out[n] = 0;
	return n;
}

static const char hexd[] = "0123456789ABCDEF";

static char *put_u(char *w, uint64_t v)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*w++ = tmp[--n];
	return w;
}

/* Worst case of one line beyond its payload: tag block, header, trailer. */
#define LINE_OVERHEAD 96

int vigil_aisenc_nmea(const struct vigil_ais_payload *p, const struct vigil_aisenc_opt *o,
		      char *out, size_t cap, size_t *len, unsigned *nsent)
{
	char text[VIGIL_AIS_MAXBITS / 6 + 2];
	const char *talker = o->talker ? o->talker : "AIVDM";
	unsigned fill, maxc = o->maxchars ? o->maxchars : 60, nfrag, k;
	size_t n, need, slen = o->station ? strlen(o->station) : 0;
	char *w = out;

	*len = 0;
	if (nsent)
		*nsent = 0;
	if (p->nbits == 0 || p->nbits > VIGIL_AIS_MAXBITS || slen > 64 || strlen(talker) != 5)
		return VIGIL_E_INVAL;
	n = vigil_aisenc_armor(p, text, sizeof(text), &fill);
	nfrag = (unsigned)((n + maxc - 1) / maxc);
	if (nfrag > 9)
		return VIGIL_E_INVAL;
	need = n + nfrag * (LINE_OVERHEAD + slen);
	if (need > cap)
		return VIGIL_E_TOOBIG;
	for (k = 0; k < nfrag; k++) {
		size_t off = (size_t)k * maxc, cn = n - off < maxc ? n - off : maxc, i;
		int tag = o->station || o->tag_time || (nfrag > 1 && o->group);
		unsigned char x = 0;
		char *s;

		if (tag) {
			int comma = 0;
			*w++ = '\\';
			s = w;
			if (nfrag > 1 && o->group) {
				*w++ = 'g';
				*w++ = ':';
				w = put_u(w, k + 1);
				*w++ = '-';
				w = put_u(w, nfrag);
				*w++ = '-';
				w = put_u(w, o->group);
				comma = 1;
			}
			if (o->station) {
				if (comma)
					*w++ = ',';
				*w++ = 's';
				*w++ = ':';
				memcpy(w, o->station, slen);
				w += slen;
				comma = 1;
			}
			if (o->tag_time) {
				if (comma)
					*w++ = ',';
				*w++ = 'c';
				*w++ = ':';
				w = put_u(w, (uint64_t)(o->time < 0 ? 0 : o->time));
			}
			for (; s < w; s++)
				x ^= (unsigned char)*s;
			*w++ = '*';
			*w++ = hexd[x >> 4];
			*w++ = hexd[x & 15];
			*w++ = '\\';
		}
		*w++ = '!';
		s = w;
		memcpy(w, talker, 5);
		w += 5;
		*w++ = ',';
		*w++ = (char)('0' + nfrag);
		*w++ = ',';
		*w++ = (char)('1' + k);
		*w++ = ',';
		if (nfrag > 1)
			*w++ = (char)('0' + o->seqid % 10);
		*w++ = ',';
		*w++ = o->channel ? o->channel : 'A';
		*w++ = ',';
		memcpy(w, text + off, cn);
		w += cn;
		*w++ = ',';
		*w++ = (char)('0' + (k + 1 == nfrag ? fill : 0));
		x = 0;
		for (i = 0; s + i < w; i++)
			x ^= (unsigned char)s[i];
		*w++ = '*';
		*w++ = hexd[x >> 4];
		*w++ = hexd[x & 15];
		if (o->trailing_epoch) {
			*w++ = ',';
			w = put_u(w, (uint64_t)(o->time < 0 ? 0 : o->time));
		}
		if (o->crlf)
			*w++ = '\r';
		*w++ = '\n';
	}
	*len = (size_t)(w - out);
	if (nsent)
		*nsent = nfrag;
	return VIGIL_E_OK;
}

static double deg(int32_t raw, double per_deg)
{
	return raw / per_deg;
}

int vigil_aisenc_from_msg(const struct vigil_ais_msg *in, struct vigil_aisenc_msg *m)
{
	vigil_aisenc_msg_init(m);
	m->type = in->type;
	m->repeat = in->repeat;
	m->mmsi = in->mmsi;
	switch (in->type) {
	case 1: case 2: case 3: {
		const struct vigil_ais_pos *p = &in->u.pos;
		m->lat = deg(p->lat, 600000.0);
		m->lon = deg(p->lon, 600000.0);
		m->sog = p->speed == 1023 ? -1 : p->speed / 10.0;
		m->cog = p->course >= 3600 ? -1 : p->course / 10.0;
		m->heading = p->heading;
		m->turn = p->turn;
		m->status = p->status;
		m->accuracy = p->accuracy;
		m->second = p->second;
		m->maneuver = p->maneuver;
		m->raim = p->raim;
		m->radio = p->radio;
		return VIGIL_E_OK;
	}
	case 4: {
		const struct vigil_ais_base *b = &in->u.base;
		m->lat = deg(b->lat, 600000.0);
		m->lon = deg(b->lon, 600000.0);
		m->year = b->year;
		m->month = b->month;
		m->day = b->day;
		m->hour = b->hour;
		m->minute = b->minute;
		m->second = b->second;
		m->accuracy = b->accuracy;
		m->epfd = b->epfd;
		m->raim = b->raim;
		m->radio = b->radio;
		return VIGIL_E_OK;
	}
	case 5: {
		const struct vigil_ais_static *t = &in->u.t5;
		m->ais_version = t->ais_version;
		m->imo = t->imo;
		memcpy(m->callsign, t->callsign, sizeof(m->callsign));
		memcpy(m->name, t->shipname, sizeof(m->name));
		memcpy(m->destination, t->destination, sizeof(m->destination));
		m->shiptype = t->shiptype;
		m->to_bow = t->to_bow;
		m->to_stern = t->to_stern;
		m->to_port = t->to_port;
		m->to_starboard = t->to_starboard;
		m->epfd = t->epfd;
		m->eta_month = t->month;
		m->eta_day = t->day;
		m->eta_hour = t->hour;
		m->eta_minute = t->minute;
		m->draught = t->draught / 10.0;
		m->dte = t->dte;
		return VIGIL_E_OK;
	}
	case 18: case 19: {
		const struct vigil_ais_classb *c = &in->u.classb;
		m->lat = deg(c->lat, 600000.0);
		m->lon = deg(c->lon, 600000.0);
		m->sog = c->speed == 1023 ? -1 : c->speed / 10.0;
		m->cog = c->course >= 3600 ? -1 : c->course / 10.0;
		m->heading = c->heading;
		m->accuracy = c->accuracy;
		m->second = c->second;
		m->raim = c->raim;
		m->assigned = c->assigned;
		m->radio = c->radio;
		m->cs = c->cs;
		m->display = c->display;
		m->dsc = c->dsc;
		m->band = c->band;
		m->msg22 = c->msg22;
		memcpy(m->name, c->shipname, sizeof(m->name));
		m->shiptype = c->shiptype;
		m->to_bow = c->to_bow;
		m->to_stern = c->to_stern;
		m->to_port = c->to_port;
		m->to_starboard = c->to_starboard;
		m->epfd = c->epfd;
		m->dte = c->dte;
		return VIGIL_E_OK;
	}
	case 21: {
		const struct vigil_ais_aton *a = &in->u.aton;
		size_t n = strlen(a->name);
		m->lat = deg(a->lat, 600000.0);
		m->lon = deg(a->lon, 600000.0);
		m->aid_type = a->aid_type;
		memcpy(m->name, a->name, n < 20 ? n : 20);
		m->name[n < 20 ? n : 20] = 0;
		if (n > 20)
			memcpy(m->name_ext, a->name + 20, n - 20 < 14 ? n - 20 : 14);
		m->accuracy = a->accuracy;
		m->to_bow = a->to_bow;
		m->to_stern = a->to_stern;
		m->to_port = a->to_port;
		m->to_starboard = a->to_starboard;
		m->epfd = a->epfd;
		m->second = a->second;
		m->off_position = a->off_position;
		m->raim = a->raim;
		m->virtual_aid = a->virtual_aid;
		m->assigned = a->assigned;
		return VIGIL_E_OK;
	}
	case 24: {
		const struct vigil_ais_static24 *t = &in->u.t24;
		m->partno = t->part == VIGIL_AIS24_A ? 0 : 1;
		memcpy(m->name, t->shipname, sizeof(m->name));
		m->shiptype = t->shiptype;
		memcpy(m->vendorid, t->vendorid, 3);
		m->vendorid[3] = 0;
		m->model = t->model;
		m->serial = t->serial;
		memcpy(m->callsign, t->callsign, sizeof(m->callsign));
		m->mothership = t->mothership_mmsi;
		m->to_bow = t->to_bow;
		m->to_stern = t->to_stern;
		m->to_port = t->to_port;
		m->to_starboard = t->to_starboard;
		return VIGIL_E_OK;
	}
	case 27: {
		const struct vigil_ais_longrange *l = &in->u.longrange;
		m->lat = deg(l->lat, 600.0);
		m->lon = deg(l->lon, 600.0);
		m->accuracy = l->accuracy;
		m->raim = l->raim;
		m->status = l->status;
		m->sog = l->speed == 63 ? -1 : l->speed;
		m->cog = l->course == 511 ? -1 : l->course;
		m->gnss = l->gnss;
		return VIGIL_E_OK;
	}
	}
	return VIGIL_E_UNSUPPORTED;
}
