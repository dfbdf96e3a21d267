/* translit.h - romanise names offline: ICU for Cyrillic, Hangul and other scripts; Korean readings of Han. */
#ifndef VIGIL_TRANSLIT_H
#define VIGIL_TRANSLIT_H

#include <stddef.h>

/* Bytes of one romanised form, NUL included. */
#define VIGIL_TRANSLIT_MAX 512

struct vigil_translit;

/*
 * Open the transliterators (ICU "Russian-Latin/BGN; Any-Latin; Latin-ASCII").
 * Returns NULL with *err set (VIGIL_E_NOMEM, VIGIL_E_UNSUPPORTED when ICU
 * lacks a transform). The caller owns the context; it is not thread-safe
 * (one per thread) and is released with vigil_translit_free().
 */
struct vigil_translit *vigil_translit_new(int *err);
void vigil_translit_free(struct vigil_translit *t);

/*
 * Learn Korean readings of Han characters from libhangul's hanja.txt
 * ("reading:hanja:meaning" lines; the caller reads the file, the buffer is
 * not kept). Returns VIGIL_E_OK and the number of characters learnt in *n.
 */
int vigil_translit_load_hanja(struct vigil_translit *t, const char *buf, size_t len, size_t *n);

/*
 * Romanise UTF-8 s[0..len) into lowercase ASCII: letters, digits and single
 * spaces. Writes up to max forms into out (caller-owned) and returns how many
 * (at least 1). Form 0 is the default (ICU; Mandarin readings for Han);
 * when Han characters have Korean readings, forms 1.. give them (first and
 * alternative readings). Hangul syllables come out one per word
 * ("gim jeong eun") so given names can be matched joined or split.
 */
int vigil_translit_latin(struct vigil_translit *t, const char *s, size_t len,
			 char out[][VIGIL_TRANSLIT_MAX], int max);

/* 1 when s holds any character outside ASCII. */
int vigil_translit_nonascii(const char *s, size_t len);

#endif
