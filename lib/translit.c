/* translit.c - romanisation: ASCII fast path, ICU transforms, per-syllable Hangul, Korean hanja readings. */
#include <stdlib.h>
#include <string.h>

#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "vigil/error.h"
#include "vigil/translit.h"

#define NSYL 11172 /* Hangul syllables U+AC00..U+D7A3 */

struct hanja {
	uint32_t cp;
	uint32_t order; /* line order in the file, so the first reading stays first */
	uint16_t syl[2]; /* Hangul syllable index + 1 of the first two readings; 0 = none */
};

enum { TR_ANY, TR_CYRILLIC, TR_LATIN, TR_GREEK, TR_ARABIC, TR_HEBREW, TR_CYR_EXT, TR__N };

/* Script-specific transforms are much faster than Any-Latin; they open on first use. */
static const char *const tr_ids[TR__N] = {
	"Any-Latin; Latin-ASCII",
	"Russian-Latin/BGN; Any-Latin; Latin-ASCII",
	"Latin-ASCII",
	"Greek-Latin/UNGEGN; Latin-ASCII",
	"Arabic-Latin; Latin-ASCII",
	"Hebrew-Latin; Latin-ASCII",
	/* Cyrillic with Kazakh or Mongolian letters (ү ө ә қ ғ ң ұ һ): the Russian transform leaves them */
	"Kazakh-Latin/BGN; Any-Latin; Latin-ASCII",
};

/* Cyrillic letters of Kazakh and Mongolian outside the Russian alphabet. */
static int cyr_ext(uint32_t cp)
{
	return cp == 0x492 || cp == 0x493 || cp == 0x49A || cp == 0x49B || cp == 0x4A2 || cp == 0x4A3 ||
	       (cp >= 0x4AE && cp <= 0x4B1) || cp == 0x4BA || cp == 0x4BB || cp == 0x4D8 || cp == 0x4D9 ||
	       cp == 0x4E8 || cp == 0x4E9;
}

struct vigil_translit {
	UTransliterator *tr[TR__N]; /* by script, opened lazily (TR_ANY at creation) */
	UTransliterator *any;    /* = tr[TR_ANY] */
	UTransliterator *hangul; /* Hangul-Latin; Latin-ASCII; Lower */
	char (*syl)[8];          /* cache: romanised Hangul syllable, "" until computed */
	struct hanja *hj;
	size_t nhj;
	/* The last two non-ASCII inputs and their forms: a query is romanised once per schema class. */
	struct {
		char in[VIGIL_TRANSLIT_MAX];
		size_t len;
		int n;
		char out[3][VIGIL_TRANSLIT_MAX];
	} cache[2];
	int cache_next;
	/* Han characters romanised by ICU one by one (Mandarin), direct-mapped by code point; cp 0 = empty. */
	struct {
		uint32_t cp;
		int len;
		char o8[24];
	} han[512];
	/*
	 * Latin letters with diacritics (U+00A0..U+024F, U+1E00..U+1EFF) romanised one
	 * by one by Latin-ASCII, made on first use: a name written in Latin with
	 * accents needs no ICU call. len 255 = not ASCII, left to ICU.
	 */
	struct {
		char s[7];
		uint8_t len;
	} lat[0x1B0 + 0x100];
	int lat_ready; /* 0 not made yet, 1 made, -1 unavailable */
};

static UTransliterator *open_tr(const char *id, int *err)
{
	UChar uid[128];
	UErrorCode e = U_ZERO_ERROR;
	UTransliterator *t;

	u_uastrcpy(uid, id);
	t = utrans_openU(uid, -1, UTRANS_FORWARD, NULL, 0, NULL, &e);
	if (U_FAILURE(e)) {
		*err = VIGIL_E_UNSUPPORTED;
		return NULL;
	}
	return t;
}

struct vigil_translit *vigil_translit_new(int *err)
{
	struct vigil_translit *t = calloc(1, sizeof(*t));

	*err = VIGIL_E_OK;
	if (!t || !(t->syl = calloc(NSYL, sizeof(*t->syl)))) {
		free(t);
		*err = VIGIL_E_NOMEM;
		return NULL;
	}
	t->any = t->tr[TR_ANY] = open_tr(tr_ids[TR_ANY], err);
	if (t->any)
		t->tr[TR_CYRILLIC] = open_tr(tr_ids[TR_CYRILLIC], err);
	if (t->any && t->tr[TR_CYRILLIC])
		t->hangul = open_tr("Hangul-Latin; Latin-ASCII", err);
	if (!t->any || !t->hangul) {
		vigil_translit_free(t);
		return NULL;
	}
	return t;
}

void vigil_translit_free(struct vigil_translit *t)
{
	if (!t)
		return;
	{
		int k;

		for (k = 0; k < TR__N; k++)
			if (t->tr[k])
				utrans_close(t->tr[k]);
	}
	if (t->hangul)
		utrans_close(t->hangul);
	free(t->syl);
	free(t->hj);
	free(t);
}

/* Decode one UTF-8 character; returns its length (1 for an invalid byte, cp = U+FFFD). */
static size_t u8dec(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t c = s[0];
	size_t n, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
	if (!n || n > len) {
		*cp = 0xFFFD;
		return 1;
	}
	c &= 0x3Fu >> (n - 1);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		c = (c << 6) | (s[i] & 0x3Fu);
	}
	*cp = c;
	return n;
}

static int cmp_hanja(const void *a, const void *b)
{
	const struct hanja *x = a, *y = b;

	if (x->cp != y->cp)
		return x->cp < y->cp ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

int vigil_translit_load_hanja(struct vigil_translit *t, const char *buf, size_t len, size_t *nout)
{
	const char *p = buf, *end = buf + len;
	size_t cap = 0, n = 0, i, w;
	struct hanja *hj = NULL;

	*nout = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		uint32_t r, h;
		size_t a, b, c;

		/* Only single-character entries: "김:金:..." */
		if (*p != '#' && le - p >= 7) {
			a = u8dec((const unsigned char *)p, (size_t)(le - p), &r);
			if (p + a < le && p[a] == ':' && r >= 0xAC00 && r < 0xAC00 + NSYL) {
				b = u8dec((const unsigned char *)p + a + 1, (size_t)(le - p - (ptrdiff_t)a - 1), &h);
				c = a + 1 + b;
				if (p + c < le && p[c] == ':' && h >= 0x3400) {
					if (n == cap) {
						struct hanja *nh;

						cap = cap ? cap * 2 : 8192;
						if (cap > 1000000 || !(nh = realloc(hj, cap * sizeof(*nh)))) {
							free(hj);
							return VIGIL_E_NOMEM;
						}
						hj = nh;
					}
					hj[n].cp = h;
					hj[n].syl[0] = (uint16_t)(r - 0xAC00 + 1);
					hj[n].syl[1] = 0;
					hj[n].order = (uint32_t)n;
					n++;
				}
			}
		}
		p = le + 1;
	}
	if (n) {
		qsort(hj, n, sizeof(*hj), cmp_hanja);
		/* Merge duplicates: keep up to two distinct readings per character. */
		for (i = 0, w = 0; i < n; i++) {
			if (w && hj[w - 1].cp == hj[i].cp) {
				if (!hj[w - 1].syl[1] && hj[w - 1].syl[0] != hj[i].syl[0])
					hj[w - 1].syl[1] = hj[i].syl[0];
				continue;
			}
			hj[w++] = hj[i];
		}
		n = w;
	}
	free(t->hj);
	t->hj = hj;
	t->nhj = n;
	*nout = n;
	return VIGIL_E_OK;
}

static const struct hanja *hanja_find(const struct vigil_translit *t, uint32_t cp)
{
	size_t lo = 0, hi = t->nhj;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (t->hj[mid].cp < cp)
			lo = mid + 1;
		else if (t->hj[mid].cp > cp)
			hi = mid;
		else
			return &t->hj[mid];
	}
	return NULL;
}

/* ICU transform of UTF-8 in[0..len) appended to out (raw, later cleaned). */
/* Transliterate in[0..len) with tr into UTF-8 o8 (VIGIL_TRANSLIT_MAX * 3 bytes); its length, -1 on failure. */
static int icu_conv(UTransliterator *tr, const char *in, size_t len, char *o8)
{
	UChar ub[VIGIL_TRANSLIT_MAX * 2];
	int32_t ulen = 0, lim, o8len = 0;
	UErrorCode e = U_ZERO_ERROR;

	if (len > VIGIL_TRANSLIT_MAX)
		len = VIGIL_TRANSLIT_MAX;
	u_strFromUTF8Lenient(ub, VIGIL_TRANSLIT_MAX, &ulen, in, (int32_t)len, &e);
	if (U_FAILURE(e))
		return -1;
	lim = ulen;
	utrans_transUChars(tr, ub, &ulen, (int32_t)(sizeof(ub) / sizeof(ub[0])), 0, &lim, &e);
	if (U_FAILURE(e))
		return -1;
	u_strToUTF8(o8, (int32_t)(VIGIL_TRANSLIT_MAX * 3), &o8len, ub, ulen, &e);
	if (U_FAILURE(e) && e != U_STRING_NOT_TERMINATED_WARNING)
		return -1;
	return o8len;
}

/* Append a result of icu_conv (o8len < 0: nothing) to out[0..*ol) when it fits. */
static void put_conv(const char *o8, int o8len, char *out, size_t *ol)
{
	if (o8len < 0 || *ol + (size_t)o8len + 2 > VIGIL_TRANSLIT_MAX * 3)
		return;
	memcpy(out + *ol, o8, (size_t)o8len);
	*ol += (size_t)o8len;
}

static void icu_append(UTransliterator *tr, const char *in, size_t len, char *out, size_t *ol)
{
	char o8[VIGIL_TRANSLIT_MAX * 3];

	put_conv(o8, icu_conv(tr, in, len, o8), out, ol);
}

/* icu_conv of one character cp = in[0..len) with the Any transliterator, remembered in t->han. */
static int han_conv(struct vigil_translit *t, uint32_t cp, const char *in, size_t len, char *o8)
{
	size_t slot = cp % (sizeof(t->han) / sizeof(t->han[0]));
	int n;

	if (len != 3) /* only the one (shortest) encoding of a code point >= U+0800 is remembered */
		return icu_conv(t->any, in, len, o8);
	if (cp && t->han[slot].cp == cp) {
		memcpy(o8, t->han[slot].o8, (size_t)t->han[slot].len);
		return t->han[slot].len;
	}
	n = icu_conv(t->any, in, len, o8);
	if (cp && n >= 0 && (size_t)n <= sizeof(t->han[0].o8)) {
		t->han[slot].cp = cp;
		t->han[slot].len = n;
		memcpy(t->han[slot].o8, o8, (size_t)n);
	}
	return n;
}

/* icu_append of one input to the first nf of the three forms, ICU called once. */
static void icu_append3(UTransliterator *tr, const char *in, size_t len, char raw[][VIGIL_TRANSLIT_MAX * 3],
			size_t *rl, int nf)
{
	char o8[VIGIL_TRANSLIT_MAX * 3];
	int o8len = icu_conv(tr, in, len, o8), f;

	for (f = 0; f < nf; f++)
		put_conv(o8, o8len, raw[f], &rl[f]);
}

static const char *syllable(struct vigil_translit *t, uint32_t idx)
{
	char *c = t->syl[idx];

	if (!c[0]) {
		char in[4], raw[VIGIL_TRANSLIT_MAX * 3];
		uint32_t cp = 0xAC00 + idx;
		size_t rl = 0, i, k = 0;

		in[0] = (char)(0xE0 | (cp >> 12));
		in[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		in[2] = (char)(0x80 | (cp & 0x3F));
		icu_append(t->hangul, in, 3, raw, &rl);
		for (i = 0; i < rl && k < 7; i++)
			if (raw[i] >= 'a' && raw[i] <= 'z')
				c[k++] = raw[i];
		c[k] = 0;
		if (!k)
			c[0] = '?', c[1] = 0;
	}
	return c;
}

/*
 * Khmer, which ICU does not romanise: a simplified UNGEGN romanisation made
 * here. Consonants belong to the a-series or the o-series (muusikatoan and
 * triisap switch it), which decides how a following vowel sign reads; a
 * consonant with no vowel sign reads with the inherent vowel of its series
 * when it opens a syllable, bare when it closes one; a consonant after coeng
 * joins the cluster. Khmer digits become ASCII. Appends to out; returns the
 * bytes of s consumed (the Khmer run).
 */
static const char *const khmer_cons[35] = {
	"k", "kh", "k", "kh", "ng", "ch", "chh", "ch", "chh", "nh", "d", "th", "d", "th", "n", "t", "th", "t",
	"th", "n", "b", "ph", "p", "ph", "m", "y", "r", "l", "v", "sh", "ss", "s", "h", "l", "",
};
/* Series 2 (o-series) consonants among U+1780..U+17A2. */
static int khmer_o_series(uint32_t cp)
{
	static const uint8_t o[35] = { 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 1,
				       0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0 };

	return o[cp - 0x1780];
}
/* Dependent vowels U+17B6..U+17C5, as read after an a-series and an o-series consonant. */
static const char *const khmer_vowel[16][2] = {
	{ "a", "ea" }, { "e", "i" }, { "ei", "i" }, { "oe", "ue" }, { "ue", "ue" }, { "o", "u" }, { "ou", "u" },
	{ "uo", "uo" }, { "aeu", "eu" }, { "oea", "oea" }, { "ie", "ie" }, { "e", "e" }, { "ae", "e" },
	{ "ai", "ey" }, { "ao", "o" }, { "au", "ov" },
};
/* Independent vowels U+17A3..U+17B3. */
static const char *const khmer_indep[17] = { "a", "aa", "e", "ei", "o", "ou", "u", "ov", "rue", "ruee", "lue",
					     "luee", "ae", "ai", "ao", "ao", "au" };

static void kput(char *out, size_t *ol, size_t cap, const char *x)
{
	size_t l = strlen(x);

	if (*ol + l + 1 < cap) {
		memcpy(out + *ol, x, l);
		*ol += l;
	}
}

static size_t khmer(const char *s, size_t len, char *out, size_t *ol, size_t cap)
{
	size_t i = 0;
	int open = 0;

	kput(out, ol, cap, " ");
	while (i < len) {
		uint32_t cp;
		size_t n = u8dec((const unsigned char *)s + i, len - i, &cp);

		if (cp == 0x200B || cp == 0x200C || cp == 0x200D) { /* zero-width space/joiners: word breaks in Khmer text */
			kput(out, ol, cap, " ");
			open = 0;
			i += n;
			continue;
		}
		if (cp < 0x1780 || cp > 0x17FF)
			break;
		i += n;
		if (cp <= 0x17A2) {
			int series = khmer_o_series(cp), vowel = -1;
			size_t j = i;

			kput(out, ol, cap, khmer_cons[cp - 0x1780]);
			/* series shifters, subscript consonants, then at most one vowel sign */
			while (j < len) {
				uint32_t c2;
				size_t m = u8dec((const unsigned char *)s + j, len - j, &c2);

				if (c2 == 0x17C9) {
					series = 0;
					if (cp == 0x1794 && *ol > 0 && out[*ol - 1] == 'b') /* ba with muusikatoan reads pa */
						out[*ol - 1] = 'p';
				} else if (c2 == 0x17CA) {
					series = 1;
				} else if (c2 == 0x17D2 && j + m < len) {
					uint32_t c3;
					size_t m3 = u8dec((const unsigned char *)s + j + m, len - j - m, &c3);

					if (c3 >= 0x1780 && c3 <= 0x17A2) {
						kput(out, ol, cap, khmer_cons[c3 - 0x1780]);
						if (khmer_o_series(c3))
							series = 1;
						m += m3;
					}
				} else if (c2 >= 0x17CB && c2 <= 0x17D1) {
					/* other diacritics: no sound of their own here */
				} else {
					if (c2 >= 0x17B6 && c2 <= 0x17C5)
						vowel = (int)(c2 - 0x17B6), j += m;
					break;
				}
				j += m;
			}
			i = j;
			if (vowel >= 0) {
				kput(out, ol, cap, khmer_vowel[vowel][series]);
				open = 1;
			} else if (open) {
				open = 0; /* closes the syllable */
			} else {
				kput(out, ol, cap, series ? "o" : "a");
				open = 1;
			}
		} else if (cp <= 0x17B3) {
			kput(out, ol, cap, khmer_indep[cp - 0x17A3]);
			open = 1;
		} else if (cp == 0x17C6 || cp == 0x17C7) {
			kput(out, ol, cap, cp == 0x17C6 ? "m" : "h");
			open = 0;
		} else if (cp >= 0x17E0 && cp <= 0x17E9) {
			char d[2] = { (char)('0' + (cp - 0x17E0)), 0 };

			kput(out, ol, cap, d);
		} else if (cp >= 0x17B6 && cp <= 0x17C5) {
			kput(out, ol, cap, khmer_vowel[cp - 0x17B6][0]); /* a vowel sign with no consonant */
		} else if (cp >= 0x17D4) {
			kput(out, ol, cap, " "); /* punctuation */
			open = 0;
		}
	}
	kput(out, ol, cap, " ");
	return i;
}

/* Keep lowercase letters and digits, join apostrophes and middle dots, collapse the rest to one space. */
static void clean(const char *raw, size_t rl, char *out)
{
	size_t i, k = 0;
	int sp = 0;

	for (i = 0; i < rl && k + 2 < VIGIL_TRANSLIT_MAX; i++) {
		unsigned char c = (unsigned char)raw[i];

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c | 0x20);
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (sp && k)
				out[k++] = ' ';
			sp = 0;
			out[k++] = (char)c;
		} else if (c == '\'' || c == '`') {
			continue;
		} else if (c == 0xC2 && i + 1 < rl && (unsigned char)raw[i + 1] == 0xB7) {
			i++; /* U+00B7 middle dot from BGN: part of the word */
		} else if (c == 0xCA && i + 1 < rl && ((unsigned char)raw[i + 1] == 0xB9 || (unsigned char)raw[i + 1] == 0xBA)) {
			i++; /* modifier primes (soft/hard signs) */
		} else if (c == 0xE2 && i + 2 < rl && (unsigned char)raw[i + 1] == 0x80 &&
			   ((unsigned char)raw[i + 2] == 0x98 || (unsigned char)raw[i + 2] == 0x99)) {
			i += 2; /* curly apostrophes */
		} else {
			sp = 1;
		}
	}
	out[k] = 0;
}

/* The transform for a run of text: by the first letter outside ASCII. */
static UTransliterator *pick(struct vigil_translit *t, const char *s, size_t len)
{
	size_t i = 0;
	int k = TR_ANY, err;

	while (i < len) {
		uint32_t cp;
		size_t n = u8dec((const unsigned char *)s + i, len - i, &cp);

		i += n;
		if (cp < 0x80 || (cp >= 0x2000 && cp <= 0x206F) || cp == 0xA0)
			continue;
		if (cp >= 0x400 && cp <= 0x52F) {
			k = cyr_ext(cp) ? TR_CYR_EXT : TR_CYRILLIC;
			while (k == TR_CYRILLIC && i < len) {
				i += u8dec((const unsigned char *)s + i, len - i, &cp);
				if (cyr_ext(cp))
					k = TR_CYR_EXT;
			}
		}
		else if ((cp >= 0xC0 && cp <= 0x24F) || (cp >= 0x1E00 && cp <= 0x1EFF))
			k = TR_LATIN;
		else if (cp >= 0x370 && cp <= 0x3FF)
			k = TR_GREEK;
		else if ((cp >= 0x600 && cp <= 0x6FF) || (cp >= 0x750 && cp <= 0x77F) || (cp >= 0xFB50 && cp <= 0xFEFF))
			k = TR_ARABIC;
		else if (cp >= 0x590 && cp <= 0x5FF)
			k = TR_HEBREW;
		break;
	}
	if (!t->tr[k]) {
		t->tr[k] = open_tr(tr_ids[k], &err);
		if (!t->tr[k])
			return t->any;
	}
	return t->tr[k];
}

static int lat_index(uint32_t cp)
{
	if (cp >= 0xA0 && cp < 0x250)
		return (int)(cp - 0xA0);
	if (cp >= 0x1E00 && cp < 0x1F00)
		return 0x1B0 + (int)(cp - 0x1E00);
	return -1;
}

static void lat_make(struct vigil_translit *t)
{
	UTransliterator *tr;
	uint32_t cp;
	int err;

	if (!t->tr[TR_LATIN])
		t->tr[TR_LATIN] = open_tr(tr_ids[TR_LATIN], &err);
	if (!(tr = t->tr[TR_LATIN])) {
		t->lat_ready = -1;
		return;
	}
	for (cp = 0xA0; cp < 0x1F00; cp++) {
		int x = lat_index(cp);
		char in[4], raw[VIGIL_TRANSLIT_MAX * 3];
		size_t rl = 0, n, k;

		if (x < 0)
			continue;
		if (cp < 0x800) {
			in[0] = (char)(0xC0 | (cp >> 6));
			in[1] = (char)(0x80 | (cp & 0x3F));
			n = 2;
		} else {
			in[0] = (char)(0xE0 | (cp >> 12));
			in[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
			in[2] = (char)(0x80 | (cp & 0x3F));
			n = 3;
		}
		icu_append(tr, in, n, raw, &rl);
		t->lat[x].len = 255;
		if (rl > sizeof(t->lat[x].s))
			continue;
		for (k = 0; k < rl && (unsigned char)raw[k] < 0x80; k++)
			;
		if (k < rl)
			continue;
		memcpy(t->lat[x].s, raw, rl);
		t->lat[x].len = (uint8_t)rl;
	}
	t->lat_ready = 1;
}

/*
 * Latin with diacritics only (the transform pick() would choose is Latin-ASCII):
 * romanise letter by letter from the table into out. Returns 0 when the text
 * needs ICU (another script, a letter outside the table, too long).
 */
static int lat_fast(struct vigil_translit *t, const char *s, size_t len, char *out)
{
	char raw[VIGIL_TRANSLIT_MAX * 3];
	size_t i = 0, rl = 0;
	int first = 1;

	if (len > VIGIL_TRANSLIT_MAX)
		return 0;
	if (!t->lat_ready)
		lat_make(t);
	if (t->lat_ready < 0)
		return 0;
	while (i < len) {
		uint32_t cp;
		size_t n;
		int x;

		if ((unsigned char)s[i] < 0x80) {
			if (rl + 1 > sizeof(raw))
				return 0;
			raw[rl++] = s[i++];
			continue;
		}
		n = u8dec((const unsigned char *)s + i, len - i, &cp);
		x = lat_index(cp);
		if (x < 0 || t->lat[x].len == 255)
			return 0;
		/* pick() goes by the first letter outside ASCII (no-break space skipped): it must be Latin. */
		if (first && cp != 0xA0) {
			if (!((cp >= 0xC0 && cp <= 0x24F) || (cp >= 0x1E00 && cp <= 0x1EFF)))
				return 0;
			first = 0;
		}
		if (rl + t->lat[x].len > sizeof(raw))
			return 0;
		memcpy(raw + rl, t->lat[x].s, t->lat[x].len);
		rl += t->lat[x].len;
		i += n;
	}
	if (rl + 2 > VIGIL_TRANSLIT_MAX * 3)
		return 0;
	clean(raw, rl, out);
	return 1;
}

int vigil_translit_nonascii(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 1;
	return 0;
}

int vigil_translit_latin(struct vigil_translit *t, const char *s, size_t len,
			 char out[][VIGIL_TRANSLIT_MAX], int max)
{
	char raw[3][VIGIL_TRANSLIT_MAX * 3];
	size_t rl[3] = { 0, 0, 0 }, i = 0, run = 0;
	int nforms = 1, han = 0, f;

	if (max < 1)
		return 0;
	if (len > VIGIL_TRANSLIT_MAX * 2)
		len = VIGIL_TRANSLIT_MAX * 2;
	if (!vigil_translit_nonascii(s, len)) {
		clean(s, len, out[0]);
		return 1;
	}
	if (lat_fast(t, s, len, out[0]))
		return 1;
	for (f = 0; f < 2; f++)
		if (t->cache[f].n && t->cache[f].len == len && memcmp(t->cache[f].in, s, len) == 0) {
			int k, n = t->cache[f].n < max ? t->cache[f].n : max;

			for (k = 0; k < n; k++)
				memcpy(out[k], t->cache[f].out[k], VIGIL_TRANSLIT_MAX);
			return n;
		}
	/* Walk runs: Hangul syllables and Han characters are handled one by one, other text by ICU. */
	while (i < len) {
		uint32_t cp;
		size_t n = u8dec((const unsigned char *)s + i, len - i, &cp);
		const struct hanja *h = NULL;
		int hangul = cp >= 0xAC00 && cp < 0xAC00 + NSYL;
		int ishan = (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
			    (cp >= 0xF900 && cp <= 0xFAFF);

		if (cp >= 0x1780 && cp <= 0x17FF) {
			size_t used = 0;

			if (run < i)
				icu_append3(pick(t, s + run, i - run), s + run, i - run, raw, rl, 3);
			for (f = 0; f < 3; f++)
				used = khmer(s + i, len - i, raw[f], &rl[f], sizeof(raw[f]));
			i += used ? used : n;
			run = i;
			continue;
		}
		if (hangul || ishan) {
			char c8[VIGIL_TRANSLIT_MAX * 3];
			int clen = -2; /* not converted yet */

			if (run < i) /* flush the pending other-script run */
				icu_append3(pick(t, s + run, i - run), s + run, i - run, raw, rl, 3);
			if (ishan)
				h = hanja_find(t, cp);
			for (f = 0; f < 3; f++) {
				const char *r = NULL;

				if (rl[f] + 12 > sizeof(raw[f]))
					continue;
				if (hangul)
					r = syllable(t, cp - 0xAC00);
				else if (f > 0 && h)
					r = syllable(t, (uint32_t)((f == 2 && h->syl[1] ? h->syl[1] : h->syl[0]) - 1));
				raw[f][rl[f]++] = ' ';
				if (r) {
					memcpy(raw[f] + rl[f], r, strlen(r));
					rl[f] += strlen(r);
					raw[f][rl[f]++] = ' ';
				} else {
					if (clen == -2) /* the character by ICU, once for the three forms */
						clen = han_conv(t, cp, s + i, n, c8);
					put_conv(c8, clen, raw[f], &rl[f]);
					raw[f][rl[f]++] = ' ';
				}
			}
			if (ishan && h) {
				han = 1;
				if (h->syl[1])
					nforms = 3;
			}
			i += n;
			run = i;
			continue;
		}
		i += n;
	}
	if (run < len) {
		UTransliterator *tr = pick(t, s + run, len - run);

		icu_append3(tr, s + run, len - run, raw, rl, han ? 3 : 1);
	}
	if (han && nforms < 2)
		nforms = 2;
	if (nforms > max)
		nforms = max;
	for (f = 0; f < nforms; f++)
		clean(raw[f], rl[f], out[f]);
	if (nforms == 3 && strcmp(out[1], out[2]) == 0)
		nforms = 2;
	if (len <= VIGIL_TRANSLIT_MAX && max >= 3) {
		int c = t->cache_next, k;

		t->cache_next ^= 1;
		memcpy(t->cache[c].in, s, len);
		t->cache[c].len = len;
		t->cache[c].n = nforms;
		for (k = 0; k < nforms; k++)
			memcpy(t->cache[c].out[k], out[k], VIGIL_TRANSLIT_MAX);
	}
	return nforms;
}
