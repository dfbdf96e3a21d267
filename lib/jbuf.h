/* jbuf.h - append-only JSON text writer into a caller-owned buffer (internal). */
#ifndef VIGIL__JBUF_H
#define VIGIL__JBUF_H

#include <stddef.h>

/*
 * Writes never run past `end`; on overflow `overflow` is set and further
 * writes are dropped, so callers check once at the end. Keys are written as
 * ,"key": (the comma omitted right after an opening brace or bracket).
 * Number and string formats follow gpsd's JSON so that output can be
 * byte-identical with gpsdecode.
 */
struct vigil__jbuf {
	char *p;        /* next byte to write */
	char *end;      /* one past the last usable byte (a NUL is kept room for) */
	char *start;
	int overflow;
};

void vigil__jb_init(struct vigil__jbuf *jb, char *buf, size_t cap);
/* Raw bytes, no escaping. */
void vigil__jb_raw(struct vigil__jbuf *jb, const char *s, size_t n);
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
