/* test_qspeed.c - the fast paths of the name score agree with the plain definitions they stand for. */
#include "harness.h"

#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "vigil/names.h"
#include "vigil/translit.h"

/* Tiny deterministic generator (xorshift), so failures reproduce. */
static uint32_t rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* A random token over a small alphabet (many near pairs), or an edit of another one. */
static void token(uint32_t *s, char *out, size_t len)
{
	static const char abc[] = "aeiknorstv";
	size_t i;

	for (i = 0; i < len; i++)
		out[i] = abc[rnd(s) % (sizeof(abc) - 1)];
	out[len] = 0;
}

static void mutate(uint32_t *s, const char *in, char *out)
{
	size_t l = strlen(in), i, o = 0, at = rnd(s) % (l + 1), kind = rnd(s) % 4;

	for (i = 0; i <= l; i++) {
		if (i == at && kind == 0)
			out[o++] = 'z'; /* insertion */
		if (i == l)
			break;
		if (i == at && kind == 1)
			continue; /* deletion */
		if (i == at && kind == 2)
			out[o++] = 'q'; /* substitution */
		else if (i == at && kind == 3 && i + 1 < l) {
			out[o++] = in[i + 1]; /* transposition */
			out[o++] = in[i];
			i++;
		} else
			out[o++] = in[i];
	}
	out[o] = 0;
}

static void put_utf8(char *out, size_t *o, uint32_t cp)
{
	if (cp < 0x80)
		out[(*o)++] = (char)cp;
	else {
		out[(*o)++] = (char)(0xC0 | (cp >> 6));
		out[(*o)++] = (char)(0x80 | (cp & 0x3F));
	}
}

/* The reference: ICU Latin-ASCII over the whole string, then lowercase letters and digits, other runs one space. */
static void reference(UTransliterator *tr, const char *s, char *out, size_t cap)
{
	UChar u[512];
	char o8[1024];
	int32_t ul = 0, lim, ol = 0, i;
	size_t k = 0;
	int sp = 0;
	UErrorCode e = U_ZERO_ERROR;

	u_strFromUTF8(u, 512, &ul, s, -1, &e);
	lim = ul;
	utrans_transUChars(tr, u, &ul, 512, 0, &lim, &e);
	u_strToUTF8(o8, (int32_t)sizeof(o8), &ol, u, ul, &e);
	for (i = 0; i < ol && k + 2 < cap; i++) {
		unsigned char c = (unsigned char)o8[i];

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c | 0x20);
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (sp && k)
				out[k++] = ' ';
			sp = 0;
			out[k++] = (char)c;
		} else if (c != '\'' && c != '`')
			sp = 1;
	}
	out[k] = 0;
}

int main(void)
{
	uint32_t seed = 2463534242u;
	int n, edits = 0, bad = 0, missed = 0;

	/* The edit rule: its similarity is the step function of the full Damerau-Levenshtein distance. */
	for (n = 0; n < 20000; n++) {
		char a[40], b[40], c[40];
		int how = -1, d;
		double s;

		token(&seed, a, 2 + rnd(&seed) % 14);
		if (n % 3 == 0)
			token(&seed, b, 2 + rnd(&seed) % 14);
		else {
			mutate(&seed, a, c);
			if (n % 3 == 2)
				mutate(&seed, c, b);
			else
				memcpy(b, c, strlen(c) + 1);
		}
		s = vigil_token_sim(a, "", b, "", &how);
		d = vigil_edit_distance(a, strlen(a), b, strlen(b));
		if (how == VIGIL_HOW_EDIT) {
			double want = d == 1 ? 0.9 : d == 2 ? 0.78 : d == 3 ? 0.65 : 0.55;

			/* One edit of the first letter itself is its own rule (0.8). */
			if (d == 1 && a[0] != b[0] && s == 0.8)
				want = 0.8;

			edits++;
			if (s != want)
				bad++;
		}
		/* One edit in a long enough word with the same first letter is always found (0.9 or better). */
		if (d == 1 && strlen(a) >= 6 && strlen(b) >= 6 && a[0] == b[0] && s < 0.9)
			missed++;
	}
	CHECK(edits > 1000);
	CHECK_INT(bad, 0);
	CHECK_INT(missed, 0);
	/* Two identical skeletons, Korean keys, vowel variants. */
	{
		int how;

		CHECK_DBL(vigil_token_sim("mahamad", "", "mahamad", "", &how), 0.97, 1e-12);
		CHECK_INT(how, VIGIL_HOW_SKELETON);
		CHECK_DBL(vigil_token_sim("pak", "pak", "bak", "pak", &how), 0.92, 1e-12);
		CHECK_INT(how, VIGIL_HOW_KOREAN);
		CHECK_DBL(vigil_token_sim("osama", "", "usama", "", &how), 0.9, 1e-12);
		CHECK_INT(how, VIGIL_HOW_VOWELS);
	}
	/* Latin with diacritics is romanised without ICU: same text as ICU Latin-ASCII on the whole name. */
	{
		UChar id[] = { 'L', 'a', 't', 'i', 'n', '-', 'A', 'S', 'C', 'I', 'I', 0 };
		UErrorCode e = U_ZERO_ERROR;
		UTransliterator *ref = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &e);
		int err, differ = 0;
		struct vigil_translit *tr = vigil_translit_new(&err);

		CHECK(ref != NULL && tr != NULL);
		for (n = 0; ref && tr && n < 3000; n++) {
			char in[200], want[VIGIL_TRANSLIT_MAX], got[3][VIGIL_TRANSLIT_MAX];
			size_t o = 0, w, nw = 1 + rnd(&seed) % 3, c;

			for (w = 0; w < nw; w++) {
				size_t len = 1 + rnd(&seed) % 8;

				if (w)
					in[o++] = ' ';
				for (c = 0; c < len; c++)
					put_utf8(in, &o, rnd(&seed) % 3 ? 0xC0 + rnd(&seed) % 0xC0 : 'a' + rnd(&seed) % 26);
			}
			in[o] = 0;
			reference(ref, in, want, sizeof(want));
			if (vigil_translit_latin(tr, in, o, got, 3) != 1 || strcmp(got[0], want) != 0) {
				if (!differ++)
					fprintf(stderr, "translit '%s': '%s' != '%s'\n", in, got[0], want);
			}
		}
		CHECK_INT(differ, 0);
		if (ref)
			utrans_close(ref);
		vigil_translit_free(tr);
	}
	TEST_END();
}
