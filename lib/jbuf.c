/* jbuf.c - JSON text writer in gpsd's formats, without printf on the fast paths. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "jbuf.h"

const char vigil__jb_digits2[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

static const unsigned long long pow10u[10] = {
	1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL,
	100000000ULL, 1000000000ULL
};


/* Number of decimal digits of v. */
static unsigned ndigits64(uint64_t v)
{
	unsigned n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

/* Exactly n digits of v (zero-padded) ending at e. */
static void digits_at64(char *e, uint64_t v, unsigned n)
{
	while (n--) {
		*--e = (char)('0' + v % 10);
		v /= 10;
	}
}

void vigil__jb_putu64(struct vigil__jbuf *jb, unsigned long long v)
{
	unsigned n = ndigits64(v);

	if (!vigil__jb_room(jb, n))
		return;
	digits_at64(jb->p + n, v, n);
	jb->p += n;
}

void vigil__jb_putscaled64(struct vigil__jbuf *jb, uint64_t n, int decimals, int neg)
{
	uint64_t ip = n / pow10u[decimals], fp = n - ip * pow10u[decimals];
	unsigned ni = ndigits64(ip), len = (unsigned)neg + ni + (decimals ? 1u + (unsigned)decimals : 0u);
	char *q;

	if (!vigil__jb_room(jb, len))
		return;
	q = jb->p;
	if (neg)
		*q++ = '-';
	digits_at64(q + ni, ip, ni);
	q += ni;
	if (decimals) {
		*q++ = '.';
		digits_at64(q + decimals, fp, (unsigned)decimals);
	}
	jb->p += len;
}

void vigil__jb_putprintf(struct vigil__jbuf *jb, double v, int decimals)
{
	char tmp[400];
	int n = snprintf(tmp, sizeof(tmp), "%.*f", decimals, v);

	if (n > 0 && (size_t)n < sizeof(tmp))
		vigil__jb_raw(jb, tmp, (size_t)n);
	else
		jb->overflow = 1;
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
		vigil__jb_putprintf(jb, v, decimals < 0 ? 0 : decimals);
		return;
	}
	s = a * (double)pow10u[decimals];
	f = floor(s);
	/* The product may be off by an ulp: near a tie, let printf decide. */
	if (fabs(s - f - 0.5) < 1e-6 || s >= 9e15) {
		vigil__jb_putprintf(jb, v, decimals);
		return;
	}
	vigil__jb_putscaled(jb, (uint64_t)f + (s - f > 0.5), decimals, neg);
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

