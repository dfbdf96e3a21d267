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

void vigil__jb_init(struct vigil__jbuf *jb, char *buf, size_t cap);

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

/* Unsigned / signed decimal, no key. */
void vigil__jb_putu(struct vigil__jbuf *jb, unsigned long long v);
void vigil__jb_puti(struct vigil__jbuf *jb, long long v);
/*
 * x / div printed with `decimals` (0..9) digits after the point, exactly as
 * printf("%.*f", decimals, (double)x / div) does. |x| < 2^40, 0 < div < 2^31.
 */
void vigil__jb_putratio(struct vigil__jbuf *jb, long long x, long long div, int decimals);
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
/* A quoted string of n bytes, escaped as gpsd's json_stringify does. */
void vigil__jb_str(struct vigil__jbuf *jb, const char *key, const char *s, size_t n);
/* NUL-terminate and return the length written (excluding the NUL). */
size_t vigil__jb_finish(struct vigil__jbuf *jb);

#endif
