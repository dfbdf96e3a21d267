/* jbuf.c - JSON text writer in gpsd's formats, without printf on the fast paths. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "jbuf.h"

static const char digits2[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

static const unsigned long long pow10u[10] = {
	1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL,
	100000000ULL, 1000000000ULL
};

void vigil__jb_init(struct vigil__jbuf *jb, char *buf, size_t cap)
{
	jb->start = jb->p = buf;
	jb->end = cap ? buf + cap - 1 : buf;
	jb->overflow = cap == 0;
}

/* Write v's digits ending at q (exclusive); return the first digit. */
static char *fmt_u(char *q, unsigned long long v)
{
	while (v >= 100) {
		unsigned r = (unsigned)(v % 100);
		v /= 100;
		q -= 2;
		memcpy(q, digits2 + 2 * r, 2);
	}
	if (v >= 10) {
		q -= 2;
		memcpy(q, digits2 + 2 * v, 2);
	} else {
		*--q = (char)('0' + v);
	}
	return q;
}

void vigil__jb_putu(struct vigil__jbuf *jb, unsigned long long v)
{
	char tmp[24], *e = tmp + sizeof(tmp), *q;

	if (v < 10 && jb->p < jb->end) {
		*jb->p++ = (char)('0' + v);
		return;
	}
	q = fmt_u(e, v);
	vigil__jb_raw(jb, q, (size_t)(e - q));
}

void vigil__jb_puti(struct vigil__jbuf *jb, long long v)
{
	char tmp[24], *e = tmp + sizeof(tmp), *q;

	if (v >= 0) {
		vigil__jb_putu(jb, (unsigned long long)v);
		return;
	}
	q = fmt_u(e, 0ULL - (unsigned long long)v);
	*--q = '-';
	vigil__jb_raw(jb, q, (size_t)(e - q));
}

/* Print the integer n (already scaled by 10^decimals) with the point inserted; neg adds '-'. */
static void put_scaled(struct vigil__jbuf *jb, unsigned long long n, int decimals, int neg)
{
	char tmp[48], *e = tmp + sizeof(tmp), *q = e;
	int i;

	for (i = 0; i < decimals; i++) {
		*--q = (char)('0' + n % 10);
		n /= 10;
	}
	if (decimals)
		*--q = '.';
	q = fmt_u(q, n);
	if (neg)
		*--q = '-';
	vigil__jb_raw(jb, q, (size_t)(e - q));
}

static void put_printf(struct vigil__jbuf *jb, double v, int decimals)
{
	char tmp[400];
	int n = snprintf(tmp, sizeof(tmp), "%.*f", decimals, v);

	if (n > 0 && (size_t)n < sizeof(tmp))
		vigil__jb_raw(jb, tmp, (size_t)n);
	else
		jb->overflow = 1;
}

void vigil__jb_putratio(struct vigil__jbuf *jb, long long x, long long div, int decimals)
{
	int neg = x < 0;
	unsigned long long ax = neg ? 0ULL - (unsigned long long)x : (unsigned long long)x;
	unsigned long long num = ax * pow10u[decimals], q = num / (unsigned long long)div;
	unsigned long long r2 = 2 * (num % (unsigned long long)div);

	/*
	 * printf rounds the double nearest to x/div; that double is within
	 * 2^-52 relative of the rational, far less than the rational's distance
	 * 1/(2 div) from a tie unless it is an exact tie. Only exact ties depend
	 * on the double's binary representation: let printf decide those.
	 */
	if (r2 == (unsigned long long)div) {
		put_printf(jb, (double)x / (double)div, decimals);
		return;
	}
	if (r2 > (unsigned long long)div)
		q++;
	/* printf keeps the sign of a negative value that rounds to zero. */
	put_scaled(jb, q, decimals, neg);
}

void vigil__jb_putfixed(struct vigil__jbuf *jb, double v, int decimals)
{
	double a, s, f;
	int neg;

	if (isnan(v)) {
		vigil__jb_lit(jb, "\"nan\"");
		return;
	}
	neg = signbit(v) != 0;
	a = neg ? -v : v;
	if (decimals < 0 || decimals > 9 || !(a < 1e15)) {
		put_printf(jb, v, decimals < 0 ? 0 : decimals);
		return;
	}
	s = a * (double)pow10u[decimals];
	f = floor(s);
	/* The product may be off by an ulp: near a tie, let printf decide. */
	if (fabs(s - f - 0.5) < 1e-6 || s >= 9e15) {
		put_printf(jb, v, decimals);
		return;
	}
	put_scaled(jb, (unsigned long long)f + (s - f > 0.5), decimals, neg);
}

void vigil__jb_puthex(struct vigil__jbuf *jb, const uint8_t *b, size_t n)
{
	static const char hx[] = "0123456789abcdef";
	size_t i;
	char *q;

	if ((size_t)(jb->end - jb->p) < 2 * n) {
		jb->overflow = 1;
		jb->p = jb->end;
		return;
	}
	q = jb->p;
	for (i = 0; i < n; i++) {
		*q++ = hx[b[i] >> 4];
		*q++ = hx[b[i] & 15];
	}
	jb->p = q;
}

void vigil__jb_putesc(struct vigil__jbuf *jb, const char *s, size_t n)
{
	size_t i, run = 0;

	for (i = 0; i < n && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[8];
		size_t el = 2;

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
			continue;
		vigil__jb_raw(jb, s + run, i - run);
		run = i + 1;
		esc[0] = '\\';
		switch (c) {
		case '"': case '\\': esc[1] = (char)c; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			esc[1] = 'u';
			esc[2] = '0';
			esc[3] = '0';
			esc[4] = "0123456789abcdef"[c >> 4];
			esc[5] = "0123456789abcdef"[c & 15];
			el = 6;
		}
		vigil__jb_raw(jb, esc, el);
	}
	vigil__jb_raw(jb, s + run, i - run);
}

void vigil__jb_key(struct vigil__jbuf *jb, const char *key)
{
	if (jb->p > jb->start && jb->p[-1] != '{' && jb->p[-1] != '[')
		vigil__jb_lit(jb, ",");
	vigil__jb_lit(jb, "\"");
	vigil__jb_raw(jb, key, strlen(key));
	vigil__jb_lit(jb, "\":");
}

void vigil__jb_uint(struct vigil__jbuf *jb, const char *key, unsigned long long v)
{
	vigil__jb_key(jb, key);
	vigil__jb_putu(jb, v);
}

void vigil__jb_int(struct vigil__jbuf *jb, const char *key, long long v)
{
	vigil__jb_key(jb, key);
	vigil__jb_puti(jb, v);
}

void vigil__jb_fixed(struct vigil__jbuf *jb, const char *key, double v, int decimals)
{
	vigil__jb_key(jb, key);
	vigil__jb_putfixed(jb, v, decimals);
}

void vigil__jb_bool(struct vigil__jbuf *jb, const char *key, int v)
{
	vigil__jb_key(jb, key);
	if (v)
		vigil__jb_lit(jb, "true");
	else
		vigil__jb_lit(jb, "false");
}

void vigil__jb_str(struct vigil__jbuf *jb, const char *key, const char *s, size_t n)
{
	vigil__jb_key(jb, key);
	vigil__jb_lit(jb, "\"");
	vigil__jb_putesc(jb, s, n);
	vigil__jb_lit(jb, "\"");
}

size_t vigil__jb_finish(struct vigil__jbuf *jb)
{
	*jb->p = 0;
	return (size_t)(jb->p - jb->start);
}
