/* json.h - a bounded JSON tokenizer: one document into a caller-owned token array. */
#ifndef VIGIL_JSON_H
#define VIGIL_JSON_H

#include <stddef.h>
#include <stdint.h>

enum vigil_json_type {
	VIGIL_JSON_NULL, VIGIL_JSON_FALSE, VIGIL_JSON_TRUE, VIGIL_JSON_NUMBER,
	VIGIL_JSON_STRING, VIGIL_JSON_ARRAY, VIGIL_JSON_OBJECT
};

/*
 * One token per value and per object key, in document order (token 0 is the
 * root). An object's members follow it as key, value-subtree pairs; `next`
 * is the index just past a token's whole subtree, so children are walked as
 *   for (i = obj + 1, k = 0; k < t[obj].count; k++) { key = i; val = i + 1; i = t[val].next; }
 */
struct vigil_json_tok {
	uint8_t type;    /* enum vigil_json_type */
	uint32_t start;  /* byte offset of the value; strings: just inside the quotes */
	uint32_t len;    /* byte length; strings: raw (still escaped) length */
	uint32_t next;   /* index of the first token after this subtree */
	uint32_t count;  /* object: members; array: elements; else 0 */
};

/* Nesting deeper than this is refused (VIGIL_E_JSON). */
#define VIGIL_JSON_MAXDEPTH 64

/*
 * Tokenize s[0..len) into tok[0..cap). Returns VIGIL_E_OK and *ntok, or
 * VIGIL_E_JSON (malformed; *errpos, if not NULL, gets the byte offset),
 * VIGIL_E_TOOBIG (more than cap tokens or len >= 4 GiB). Trailing white
 * space is allowed, anything else after the document is an error.
 * Caller owns every buffer; nothing is allocated.
 */
int vigil_json_parse(const char *s, size_t len, struct vigil_json_tok *tok, size_t cap,
		     size_t *ntok, size_t *errpos);

/* Index of the value of member `key` in object token `obj`, or 0 when absent (0 is never a member). */
size_t vigil_json_get(const char *s, const struct vigil_json_tok *tok, size_t obj, const char *key);

/* Index of element i of array token `arr`, or 0 when out of range. */
size_t vigil_json_at(const struct vigil_json_tok *tok, size_t arr, size_t i);

/*
 * Unescape string token t into out (UTF-8, NUL-terminated; \u surrogate pairs
 * joined). Returns VIGIL_E_OK, VIGIL_E_TOOBIG if it did not fit (out holds a
 * truncated prefix), VIGIL_E_INVAL if t is not a string.
 */
int vigil_json_str(const char *s, const struct vigil_json_tok *t, char *out, size_t cap,
		   size_t *outlen);

/* True when string token t equals lit exactly (no unescaping: for keys and plain values). */
int vigil_json_eq(const char *s, const struct vigil_json_tok *t, const char *lit);

/* Number token (or a string holding a number) as double / 64-bit integer. VIGIL_E_INVAL otherwise. */
int vigil_json_num(const char *s, const struct vigil_json_tok *t, double *out);
int vigil_json_int(const char *s, const struct vigil_json_tok *t, long long *out);

#endif
