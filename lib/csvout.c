/* csvout.c - CSV rows for position reports and static data (spreadsheets, GIS). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "csvout.h"

static const char header[] =
	"rxtime,station,mmsi,type,lat,lon,sog,cog,heading,status,shipname,callsign,imo,"
	"shiptype,to_bow,to_stern,to_port,to_starboard,draught,destination,eta\n";

size_t vigil__csv_header(char *buf, size_t cap)
{
	if (cap < sizeof(header))
		return 0;
	memcpy(buf, header, sizeof(header));
	return sizeof(header) - 1;
}

/* A bounded line builder: once it overflows, every later write is dropped. */
struct lb {
	char *b;
	size_t n, cap;
	int over;
};

static void put(struct lb *l, const char *s, size_t n)
{
	if (l->over || l->cap - l->n < n + 1) {
		l->over = 1;
		return;
	}
	memcpy(l->b + l->n, s, n);
	l->n += n;
}

static void putc1(struct lb *l, char c)
{
	put(l, &c, 1);
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void putf(struct lb *l, const char *fmt, ...);

#include <stdarg.h>
static void putf(struct lb *l, const char *fmt, ...)
{
	char tmp[64];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		l->over = 1;
		return;
	}
	put(l, tmp, (size_t)n);
}

/* A text field, quoted when it holds a comma, quote or line break (RFC 4180). */
static void put_text(struct lb *l, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		put(l, s, strlen(s));
		return;
	}
	putc1(l, '"');
	for (; *s; s++) {
		if (*s == '"')
			putc1(l, '"');
		putc1(l, *s);
	}
	putc1(l, '"');
}

/* Position in 1/600000 degree (or 1/600 with div 600), empty when unavailable. */
static void put_latlon(struct lb *l, int32_t lat, int32_t lon, double div)
{
	double la = lat / div, lo = lon / div;

	if (la > 90.0 || la < -90.0 || lo > 180.0 || lo < -180.0) {
		put(l, ",,", 2);
		return;
	}
	putf(l, "%.6f,%.6f,", la, lo);
}

/* Fixed columns after lon: sog,cog,heading,status. Negative means empty. */
static void put_motion(struct lb *l, int sog10, int cog10, int heading, int status)
{
	if (sog10 >= 0)
		putf(l, "%d.%d", sog10 / 10, sog10 % 10);
	putc1(l, ',');
	if (cog10 >= 0)
		putf(l, "%d.%d", cog10 / 10, cog10 % 10);
	putc1(l, ',');
	if (heading >= 0)
		putf(l, "%d", heading);
	putc1(l, ',');
	if (status >= 0)
		putf(l, "%d", status);
	putc1(l, ',');
}

static void put_dims(struct lb *l, unsigned bow, unsigned stern, unsigned port, unsigned stbd)
{
	putf(l, "%u,%u,%u,%u,", bow, stern, port, stbd);
}

size_t vigil__csv_iso_ms(char *b, size_t cap, int64_t ms)
{
	time_t t = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
	int frac = (int)(ms - (int64_t)t * 1000);
	struct tm tm;
	int n;

	if (!gmtime_r(&t, &tm))
		return 0;
	n = snprintf(b, cap, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
		     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, frac);
	return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

size_t vigil__csv_row(const struct vigil_nmea_msg *nm, const struct vigil_ais_msg *m,
		      char *buf, size_t cap)
{
	struct lb l = { buf, 0, cap, 0 };
	char ts[40];

	switch (m->type) {
	case 1: case 2: case 3: case 5: case 9: case 18: case 19: case 24: case 27:
		break;
	default:
		return 0;
	}
	if (nm->time_ms != VIGIL_NMEA_TIME_UNKNOWN) {
		size_t n = vigil__csv_iso_ms(ts, sizeof(ts), nm->time_ms);
		put(&l, ts, n);
	}
	putc1(&l, ',');
	put_text(&l, nm->station);
	putf(&l, ",%u,%u,", m->mmsi, m->type);
	switch (m->type) {
	case 1: case 2: case 3: {
		const struct vigil_ais_pos *p = &m->u.pos;
		put_latlon(&l, p->lat, p->lon, 600000.0);
		put_motion(&l, p->speed < 1023 ? p->speed : -1, p->course < 3600 ? p->course : -1,
			   p->heading < 360 ? p->heading : -1, p->status);
		put(&l, ",,,,,,,,,,", 10); /* shipname..draught, destination (eta last) */
		break;
	}
	case 9: {
		const struct vigil_ais_sar *p = &m->u.sar;
		put_latlon(&l, p->lat, p->lon, 600000.0);
		put_motion(&l, p->speed < 1023 ? p->speed * 10 : -1,
			   p->course < 3600 ? p->course : -1, -1, -1);
		put(&l, ",,,,,,,,,,", 10);
		break;
	}
	case 18: case 19: {
		const struct vigil_ais_classb *p = &m->u.classb;
		put_latlon(&l, p->lat, p->lon, 600000.0);
		put_motion(&l, p->speed < 1023 ? p->speed : -1, p->course < 3600 ? p->course : -1,
			   p->heading < 360 ? p->heading : -1, -1);
		if (m->type == 19) {
			put_text(&l, p->shipname);
			putf(&l, ",,,%u,", p->shiptype);
			put_dims(&l, p->to_bow, p->to_stern, p->to_port, p->to_starboard);
			put(&l, ",,", 2);
		} else {
			put(&l, ",,,,,,,,,,", 10);
		}
		break;
	}
	case 27: {
		const struct vigil_ais_longrange *p = &m->u.longrange;
		put_latlon(&l, p->lat, p->lon, 600.0);
		put_motion(&l, p->speed < 63 ? p->speed * 10 : -1,
			   p->course < 360 ? p->course * 10 : -1, -1, p->status);
		put(&l, ",,,,,,,,,,", 10);
		break;
	}
	case 5: {
		const struct vigil_ais_static *p = &m->u.t5;
		put(&l, ",,,,,,", 6); /* lat..status */
		put_text(&l, p->shipname);
		putc1(&l, ',');
		put_text(&l, p->callsign);
		putf(&l, ",%u,%u,", p->imo, p->shiptype);
		put_dims(&l, p->to_bow, p->to_stern, p->to_port, p->to_starboard);
		putf(&l, "%u.%u,", p->draught / 10u, p->draught % 10u);
		put_text(&l, p->destination);
		putc1(&l, ',');
		if (p->month)
			putf(&l, "%02u-%02uT%02u:%02uZ", p->month, p->day, p->hour, p->minute);
		break;
	}
	case 24: {
		const struct vigil_ais_static24 *p = &m->u.t24;
		put(&l, ",,,,,,", 6);
		put_text(&l, p->shipname);
		putc1(&l, ',');
		if (p->part == VIGIL_AIS24_A) {
			put(&l, ",,,,,,,,,", 9);
			break;
		}
		put_text(&l, p->callsign);
		putf(&l, ",,%u,", p->shiptype);
		if (p->mothership_mmsi)
			put(&l, ",,,,", 4);
		else
			put_dims(&l, p->to_bow, p->to_stern, p->to_port, p->to_starboard);
		put(&l, ",,", 2);
		break;
	}
	}
	putc1(&l, '\n');
	return l.over ? 0 : l.n;
}
