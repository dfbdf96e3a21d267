/* test_qspeed.c - the fast paths of the name score and of screening agree with the plain definitions they stand for. */
#include "harness.h"

#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "vigil/entity.h"
#include "vigil/error.h"
#include "vigil/lists.h"
#include "vigil/match.h"
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

/* A name as a user might mistype it: a token edited, two tokens joined or one split, one dropped, order turned. */
static void perturb_name(uint32_t *s, const char *in, char *out, size_t cap)
{
	char w[16][64], t[64];
	int n = 0, i, k = (int)(rnd(s) % 6), x;
	const char *p = in;
	size_t o = 0;

	while (*p && n < 16) {
		size_t l = 0;

		while (*p == ' ')
			p++;
		while (p[l] && p[l] != ' ' && l < 63)
			l++;
		if (!l)
			break;
		memcpy(w[n], p, l);
		w[n++][l] = 0;
		p += l;
	}
	if (!n) {
		snprintf(out, cap, "%s", in);
		return;
	}
	x = (int)(rnd(s) % (uint32_t)n);
	if (k <= 1) {
		mutate(s, w[x], t);
		snprintf(w[x], sizeof(w[x]), "%s", t);
		if (k == 1) {
			x = (int)(rnd(s) % (uint32_t)n);
			mutate(s, w[x], t);
			snprintf(w[x], sizeof(w[x]), "%s", t);
		}
	}
	out[0] = 0;
	for (i = 0; i < n; i++) {
		int j = k == 5 ? (i + 1) % n : i, l;

		if (k == 4 && i == x && n > 1)
			continue; /* dropped */
		l = snprintf(out + o, cap - o, "%s%s", o && !(k == 2 && i == x) ? " " : "", w[j]); /* k 2: joined to the previous */
		if (l < 0 || (size_t)l >= cap - o)
			break;
		o += (size_t)l;
		if (k == 3 && i == x && strlen(w[j]) > 4) { /* split */
			size_t h = strlen(w[j]) / 2;

			memmove(out + o - strlen(w[j]) + h + 1, out + o - strlen(w[j]) + h, strlen(w[j]) - h + 1);
			out[o - strlen(w[j]) + h] = ' ';
			o++;
		}
	}
}

/* The bound the matcher prunes with is never below the score: count the pairs where it is. */
static int bound_violations(struct vigil_translit *tr, const char *a, const char *b, int flags, long *pairs, long *below)
{
	struct vigil_pname pa[4], pb[4];
	int na = vigil_name_forms(tr, a, strlen(a), flags, pa, 4), nb = vigil_name_forms(tr, b, strlen(b), flags, pb, 4), i, j;
	int bad = 0;

	for (i = 0; i < na; i++)
		for (j = 0; j < nb; j++) {
			double sc = vigil_names_compare(&pa[i], &pb[j], NULL), bd = vigil__name_bound(&pa[i], &pb[j]);

			(*pairs)++;
			*below += bd < VIGIL_MATCH_THRESHOLD;
			if (bd < sc - 1e-12) {
				if (!bad++)
					fprintf(stderr, "bound %.4f < score %.4f: '%s' / '%s' (flags %d)\n", bd, sc, a, b, flags);
			}
		}
	return bad;
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
	/* The name-score bound: never below the score, on made-up pairs and their typos in every context. */
	{
		static const char *const seeds[] = {
			"vladimir vladimirovich putin", "kim jong un", "ri yong chol", "pak pong ju", "choe ryong hae",
			"abdul rahman al hassan", "mohammed bin salman", "osama bin laden", "usama bin ladin",
			"sovcomflot", "rosneft oil company", "limited liability company vostok", "jsc sberbank of russia",
			"maria", "maria e", "lady r", "lady rania", "angara", "sasco angara", "mi rim", "mi rim 2",
			"bill gates", "william gates", "harry page", "larry page", "ko tae bin", "ko tae hun",
			"jong un kim", "kimjongun", "van der bilt", "vanderbilt", "abdulrahman", "muhammad ali",
			"mohamed ali", "ivanov ivan ivanovich", "john smith", "the bank of new york", "trading co ltd",
			"ocean star shipping", "neptune crown", "white rhino", "bbc arctic", "sloman producer",
			"jc juncker", "jean claude juncker", "jrr tolkien", "john ronald reuel tolkien", "j r r tolkien",
			"\xd0\x92\xd0\xbb\xd0\xb0\xd0\xb4\xd0\xb8\xd0\xbc\xd0\xb8\xd1\x80 \xd0\x9f\xd1\x83\xd1\x82\xd0\xb8\xd0\xbd",
			"\xea\xb9\x80\xec\xa0\x95\xec\x9d\x80", "\xe9\x87\x91\xe6\xad\xa3\xe6\x81\xa9",
			"\xd9\x85\xd8\xad\xd9\x85\xd8\xaf \xd8\xb9\xd9\x84\xd9\x8a",
		};
		static const int ctx[] = { VIGIL_PN_PERSON, VIGIL_PN_ORG, VIGIL_PN_VESSEL, 0 };
		size_t ns = sizeof(seeds) / sizeof(seeds[0]), i, j;
		long pairs = 0, below = 0;
		int viol = 0, c, r, err;
		struct vigil_translit *tr = vigil_translit_new(&err);

		for (c = 0; tr && c < 4; c++)
			for (i = 0; i < ns; i++) {
				for (j = 0; j < ns; j++)
					viol += bound_violations(tr, seeds[i], seeds[j], ctx[c], &pairs, &below);
				for (r = 0; r < 40; r++) {
					char p1[256], p2[256];

					perturb_name(&seed, seeds[i], p1, sizeof(p1));
					perturb_name(&seed, p1, p2, sizeof(p2));
					viol += bound_violations(tr, seeds[i], p1, ctx[c], &pairs, &below);
					viol += bound_violations(tr, p2, seeds[i], ctx[c], &pairs, &below);
				}
			}
		CHECK(pairs > 10000);
		CHECK_INT(viol, 0);
		CHECK(below > pairs / 4); /* and it is low enough to spare comparisons */
		vigil_translit_free(tr);
	}
	/* Screening real lists: pruning by the bound returns the same hits as comparing every candidate. */
	{
		const char *sh = test_shared();
		char path[4200];
		struct vigil_index *ix = vigil_index_new(NULL);
		struct vigil_translit *tr = NULL;
		struct vigil_matcher *m = NULL;
		size_t len = 0, e, nq = 0;
		char *buf = NULL;
		int err, differ = 0;
		long rviol = 0, pairs = 0, below = 0;

		if (sh) {
			snprintf(path, sizeof(path), "%s/data/sanctions/un/UN_consolidated_2026-02-27.xml", sh);
			buf = test_slurp(path, &len);
		}
		if (!buf) {
			SKIP("UN consolidated list not found: real-list pruning check");
		} else {
			struct vigil_source src;
			struct vigil_list_report rep;
			int fmt = vigil_list_detect(buf, len);

			memset(&src, 0, sizeof(src));
			src.list = vigil_list_publisher(fmt);
			src.format = vigil_list_format_name(fmt);
			src.path = path;
			CHECK_INT(vigil_list_load(ix, vigil_index_add_source(ix, &src), fmt, buf, len, NULL, &rep), VIGIL_E_OK);
			free(buf);
			tr = vigil_translit_new(&err);
			m = tr ? vigil_matcher_new(ix, tr, &err) : NULL;
			CHECK(m != NULL);
		}
		for (e = 0; m && e < vigil_index_count(ix); e += 2) {
			const struct vigil_entity *en = vigil_index_get(ix, e), *other = vigil_index_get(ix, (e * 7 + 3) % vigil_index_count(ix));
			struct vigil_hit h1[10], h2[10];
			struct vigil_match_opts prune = { 0, 10, 0 }, all = { 0, 10, 1 };
			struct vigil_query q;
			char pq[256];
			size_t n1 = 0, n2 = 0, k;
			int fl = en->schema == VIGIL_SCHEMA_PERSON ? VIGIL_PN_PERSON : VIGIL_PN_ORG;

			if (!en->names)
				continue;
			perturb_name(&seed, en->names->text, pq, sizeof(pq));
			rviol += bound_violations(tr, en->names->text, pq, fl, &pairs, &below);
			if (other->names)
				rviol += bound_violations(tr, pq, other->names->text, fl, &pairs, &below);
			memset(&q, 0, sizeof(q));
			q.name = e % 4 ? pq : en->names->text;
			vigil_match(m, &q, &prune, h1, 10, &n1);
			vigil_match(m, &q, &all, h2, 10, &n2);
			while (n2 && h2[n2 - 1].score < VIGIL_MATCH_THRESHOLD)
				n2--;
			nq++;
			if (n1 != n2) {
				if (!differ++)
					fprintf(stderr, "'%s': %zu hits pruned, %zu in full\n", q.name, n1, n2);
				continue;
			}
			for (k = 0; k < n1; k++)
				if (h1[k].entity != h2[k].entity || h1[k].score != h2[k].score || h1[k].ofac_score != h2[k].ofac_score ||
				    strcmp(h1[k].list_name, h2[k].list_name) != 0) {
					if (!differ++)
						fprintf(stderr, "'%s': hit %zu differs\n", q.name, k);
					break;
				}
		}
		if (m) {
			CHECK(nq > 400);
			CHECK_INT(differ, 0);
			CHECK_INT(rviol, 0);
		}
		vigil_matcher_free(m);
		vigil_translit_free(tr);
		vigil_index_free(ix);
	}
	TEST_END();
}
