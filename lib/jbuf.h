/* jbuf.h - append-only JSON text writer into a caller-owned buffer (internal). */
#ifndef VIGIL__JBUF_H
#define VIGIL__JBUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
 * Writes never run past `end`; on overflow `overflow` is set and further
 * writes are dropped, so callers check once at the end. Keys are written as
 * ,"key": (the comma omitted right after an opening brace or bracket).
 * Number and string formats follow gpsd's JSON so that output can be
 * byte-identical with gpsdecode. No snprintf on the fast paths: integers use
 * a two-digit table, fixed-point numbers are rounded in integer arithmetic
 * and fall back to printf only for exact binary ties.
 */
struct vigil__jbuf {
	char *p;        /* next byte to write */
	char *end;      /* one past the last usable byte (a NUL is kept room for) */
	char *start;
	int overflow;
};

static inline void vigil__jb_init(struct vigil__jbuf *jb, char *buf, size_t cap)
{
	jb->start = jb->p = buf;
	jb->end = cap ? buf + cap - 1 : buf;
	jb->overflow = cap == 0;
}

/* Raw bytes, no escaping. */
static inline void vigil__jb_raw(struct vigil__jbuf *jb, const char *s, size_t n)
{
	if ((size_t)(jb->end - jb->p) < n) {
		jb->overflow = 1;
		jb->p = jb->end;
		return;
	}
	memcpy(jb->p, s, n);
	jb->p += n;
}

/* A string literal, raw: vigil__jb_lit(jb, ",\"mmsi\":"). */
#define vigil__jb_lit(jb, s) vigil__jb_raw((jb), "" s, sizeof(s) - 1)

extern const char vigil__jb_digits2[201];

/* Room for n more bytes? Sets overflow (and stops further writes) when not. */
static inline int vigil__jb_room(struct vigil__jbuf *jb, size_t n)
{
	if ((size_t)(jb->end - jb->p) >= n)
		return 1;
	jb->overflow = 1;
	jb->p = jb->end;
	return 0;
}

/* Number of decimal digits of v. */
static inline unsigned vigil__jb_ndig(uint32_t v)
{
	if (v < 100000)
		return v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : v < 10000 ? 4 : 5;
	return v < 1000000 ? 6 : v < 10000000 ? 7 : v < 100000000 ? 8 : v < 1000000000 ? 9 : 10;
}

/* Exactly n digits of v (zero-padded) ending at e. */
static inline void vigil__jb_digits_at(char *e, uint32_t v, unsigned n)
{
	while (n >= 2) {
		uint32_t r = v % 100;
		v /= 100;
		e -= 2;
		memcpy(e, vigil__jb_digits2 + 2 * r, 2);
		n -= 2;
	}
	if (n)
		*--e = (char)('0' + v % 10);
}

void vigil__jb_putu64(struct vigil__jbuf *jb, unsigned long long v);

/* Small writers the compiler must inline (it would call them otherwise, costing more than their body). */
#if defined(__GNUC__)
#define VIGIL__JB_INLINE static inline __attribute__((always_inline))
#else
#define VIGIL__JB_INLINE static inline
#endif

/* Two digits of v (0..99) at p. */
VIGIL__JB_INLINE char *vigil__jb_w2(char *p, uint32_t v)
{
	memcpy(p, vigil__jb_digits2 + 2 * v, 2);
	return p + 2;
}

/* v (0..9999) with 1..4 digits, no leading zeros. */
VIGIL__JB_INLINE char *vigil__jb_w4(char *p, uint32_t v)
{
	if (v < 100) {
		if (v < 10) {
			*p = (char)('0' + v);
			return p + 1;
		}
		return vigil__jb_w2(p, v);
	}
	{
		uint32_t hi = v / 100, lo = v - hi * 100;
		if (hi < 10)
			*p++ = (char)('0' + hi);
		else
			p = vigil__jb_w2(p, hi);
		return vigil__jb_w2(p, lo);
	}
}

/* Exactly four digits of v (0..9999), zero-padded. */
VIGIL__JB_INLINE char *vigil__jb_w4z(char *p, uint32_t v)
{
	uint32_t hi = v / 100;

	p = vigil__jb_w2(p, hi);
	return vigil__jb_w2(p, v - hi * 100);
}

/*
 * Unchecked decimal of v at p (up to 10 bytes); returns the end. Splits by
 * 10^8 and 10^4 (constant divisions, which compile to multiplications) and
 * writes digit pairs from a table, instead of a loop of divisions by 100.
 */
VIGIL__JB_INLINE char *vigil__jb_wu32(char *p, uint32_t v)
{
	if (v < 10000)
		return vigil__jb_w4(p, v);
	if (v < 100000000) {
		uint32_t hi = v / 10000;
		p = vigil__jb_w4(p, hi);
		return vigil__jb_w4z(p, v - hi * 10000);
	}
	{
		uint32_t hi = v / 100000000, lo = v - hi * 100000000, mid = lo / 10000;
		p = vigil__jb_w4(p, hi);
		p = vigil__jb_w4z(p, mid);
		return vigil__jb_w4z(p, lo - mid * 10000);
	}
}

/* Unsigned / signed decimal, no key. */
static inline void vigil__jb_putu(struct vigil__jbuf *jb, unsigned long long v)
{
	if (v > 0xffffffffULL) {
		vigil__jb_putu64(jb, v);
		return;
	}
	if (!vigil__jb_room(jb, 10))
		return;
	jb->p = vigil__jb_wu32(jb->p, (uint32_t)v);
}

static inline void vigil__jb_puti(struct vigil__jbuf *jb, long long v)
{
	if (v < 0) {
		if (!vigil__jb_room(jb, 1))
			return;
		*jb->p++ = '-';
		vigil__jb_putu(jb, 0ULL - (unsigned long long)v);
		return;
	}
	vigil__jb_putu(jb, (unsigned long long)v);
}

void vigil__jb_putscaled64(struct vigil__jbuf *jb, uint64_t n, int decimals, int neg);

/* Internal: n (already scaled by 10^decimals, 0..9) with the point inserted, '-' first if neg. */
static inline void vigil__jb_putscaled(struct vigil__jbuf *jb, uint64_t n, int decimals, int neg)
{
	static const uint32_t p10[10] = {
		1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000
	};
	uint64_t ip64 = n / p10[decimals];
	uint32_t ip, fp;
	unsigned ni, len;
	char *q;

	if (ip64 > 0xffffffffULL) {
		vigil__jb_putscaled64(jb, n, decimals, neg);
		return;
	}
	ip = (uint32_t)ip64;
	fp = (uint32_t)(n - ip64 * p10[decimals]);
	ni = vigil__jb_ndig(ip);
	len = (unsigned)neg + ni + (decimals ? 1u + (unsigned)decimals : 0u);
	if (!vigil__jb_room(jb, len))
		return;
	q = jb->p;
	if (neg)
		*q++ = '-';
	vigil__jb_digits_at(q + ni, ip, ni);
	q += ni;
	if (decimals) {
		*q++ = '.';
		vigil__jb_digits_at(q + decimals, fp, (unsigned)decimals);
	}
	jb->p += len;
}

/* Internal: printf("%.*f") itself, for the rare exact binary ties. */
void vigil__jb_putprintf(struct vigil__jbuf *jb, double v, int decimals);

/*
 * x / div printed with `decimals` (0..9) digits after the point, exactly as
 * printf("%.*f", decimals, (double)x / div) does. |x| < 2^40, 0 < div < 2^31.
 * Inline so that constant divisors become multiplications.
 */
static inline void vigil__jb_putratio(struct vigil__jbuf *jb, long long x, long long div,
				      int decimals)
{
	static const uint64_t p10[10] = {
		1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000
	};
	int neg = x < 0;
	uint64_t ax = neg ? 0ULL - (uint64_t)x : (uint64_t)x;
	uint64_t num = ax * p10[decimals], q = num / (uint64_t)div;
	uint64_t r2 = 2 * (num - q * (uint64_t)div);

	/*
	 * printf rounds the double nearest to x/div; that double is within
	 * 2^-52 relative of the rational, far less than the rational's distance
	 * 1/(2 div) from a tie unless it is an exact tie. Only exact ties depend
	 * on the double's binary representation: let printf decide those.
	 * printf keeps the sign of a negative value that rounds to zero.
	 */
	if (r2 == (uint64_t)div) {
		vigil__jb_putprintf(jb, (double)x / (double)div, decimals);
		return;
	}
	vigil__jb_putscaled(jb, q + (r2 > (uint64_t)div), decimals, neg);
}
/* printf("%.*f", decimals, v) (decimals 0..9); NaN prints as "nan" (quoted, as gpsd does). */
void vigil__jb_putfixed(struct vigil__jbuf *jb, double v, int decimals);
/* n bytes as lowercase hex, two digits a byte (gpsd_hexdump). */
void vigil__jb_puthex(struct vigil__jbuf *jb, const uint8_t *b, size_t n);
/* The body of a JSON string (no quotes), escaped as gpsd's json_stringify does; stops at NUL. */
void vigil__jb_putesc(struct vigil__jbuf *jb, const char *s, size_t n);

/* ,"key": with the comma only when the previous byte is not '{' or '['. */
void vigil__jb_key(struct vigil__jbuf *jb, const char *key);
void vigil__jb_uint(struct vigil__jbuf *jb, const char *key, unsigned long long v);
void vigil__jb_int(struct vigil__jbuf *jb, const char *key, long long v);
/* Fixed-point like printf("%.*f"); NaN prints as "nan" (quoted, as gpsd does). */
void vigil__jb_fixed(struct vigil__jbuf *jb, const char *key, double v, int decimals);
void vigil__jb_bool(struct vigil__jbuf *jb, const char *key, int v);
/* A quoted string of at most n bytes (stops at a NUL, as gpsd does), escaped as json_stringify does. */
void vigil__jb_str(struct vigil__jbuf *jb, const char *key, const char *s, size_t n);
/* NUL-terminate and return the length written (excluding the NUL). */
static inline size_t vigil__jb_finish(struct vigil__jbuf *jb)
{
	*jb->p = 0;
	return (size_t)(jb->p - jb->start);
}

#endif
