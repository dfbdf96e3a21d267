/* jbuf.c - JSON text writer in gpsd's formats (first version; optimise behind the same API). */
#include <stdio.h>
#include <string.h>
#include <math.h>

#include "jbuf.h"

void vigil__jb_init(struct vigil__jbuf *jb, char *buf, size_t cap)
{
	jb->start = jb->p = buf;
	jb->end = cap ? buf + cap - 1 : buf;
	jb->overflow = cap == 0;
}

void vigil__jb_raw(struct vigil__jbuf *jb, const char *s, size_t n)
{
	if ((size_t)(jb->end - jb->p) < n) {
		jb->overflow = 1;
		return;
	}
	memcpy(jb->p, s, n);
	jb->p += n;
}

void vigil__jb_key(struct vigil__jbuf *jb, const char *key)
{
	size_t n = strlen(key);

	if (jb->p > jb->start && jb->p[-1] != '{' && jb->p[-1] != '[')
		vigil__jb_raw(jb, ",", 1);
	vigil__jb_raw(jb, "\"", 1);
	vigil__jb_raw(jb, key, n);
	vigil__jb_raw(jb, "\":", 2);
}

void vigil__jb_uint(struct vigil__jbuf *jb, const char *key, unsigned long long v)
{
	char tmp[24], *q = tmp + sizeof(tmp);

	vigil__jb_key(jb, key);
	do {
		*--q = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	vigil__jb_raw(jb, q, (size_t)(tmp + sizeof(tmp) - q));
}

void vigil__jb_int(struct vigil__jbuf *jb, const char *key, long long v)
{
	char tmp[24], *q = tmp + sizeof(tmp);
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	vigil__jb_key(jb, key);
	do {
		*--q = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--q = '-';
	vigil__jb_raw(jb, q, (size_t)(tmp + sizeof(tmp) - q));
}

void vigil__jb_fixed(struct vigil__jbuf *jb, const char *key, double v, int decimals)
{
	char tmp[64];
	int n;

	vigil__jb_key(jb, key);
	if (isnan(v)) {
		vigil__jb_raw(jb, "\"nan\"", 5);
		return;
	}
	n = snprintf(tmp, sizeof(tmp), "%.*f", decimals, v);
	if (n > 0 && (size_t)n < sizeof(tmp))
		vigil__jb_raw(jb, tmp, (size_t)n);
	else
		jb->overflow = 1;
}

void vigil__jb_bool(struct vigil__jbuf *jb, const char *key, int v)
{
	vigil__jb_key(jb, key);
	if (v)
		vigil__jb_raw(jb, "true", 4);
	else
		vigil__jb_raw(jb, "false", 5);
}

void vigil__jb_str(struct vigil__jbuf *jb, const char *key, const char *s, size_t n)
{
	size_t i;

	vigil__jb_key(jb, key);
	vigil__jb_raw(jb, "\"", 1);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[8];

		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			vigil__jb_raw(jb, esc, 2);
		} else if (c < 0x20 || c == 0x7f) {
			snprintf(esc, sizeof(esc), "\\u%04x", c);
			vigil__jb_raw(jb, esc, 6);
		} else {
			vigil__jb_raw(jb, (const char *)&s[i], 1);
		}
	}
	vigil__jb_raw(jb, "\"", 1);
}

size_t vigil__jb_finish(struct vigil__jbuf *jb)
{
	*jb->p = 0;
	return (size_t)(jb->p - jb->start);
}
