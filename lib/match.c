/* match.c - the screening index: id tables, token postings with fuzzy keys, candidate scoring, explanations. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/error.h"
#include "vigil/match.h"
#include "vigil/translit.h"

#define FORMS_PER_NAME 4
#define MAX_QFORMS 16
#define CANDIDATES 24
#define COMMON_DF 1500      /* postings longer than this are skipped when the query has rarer tokens */
#define FUZZY_DF 20         /* a token in more names than this is not expanded to its spelling neighbours */
#define POST_FID_MASK 0x07FFFFFFu /* postings: form id | length bucket << 27 | class << 30 */
#define CAND_FLOOR 0.4f    /* candidates with less support than this share of the best are not compared */
#define MAX_SCAN 60000      /* postings read per query, at most */

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

enum { CLS_PERSON, CLS_ORG, CLS_VESSEL, CLS_OTHER, CLS__N };

struct form {
	uint32_t entity;
	uint32_t blob;   /* offset of the packed vigil_pname */
	const char *text; /* the listed name (index-owned); its kind is below */
	uint16_t blen;
	uint8_t cls;
	uint8_t ntok;    /* indexable tokens, for length normalisation */
	uint8_t kind;    /* name->kind, here so that scoring does not touch the name record */
};

struct kv {
	uint64_t h;
	uint32_t v;
};

/*
 * Open-addressing table: a 64-bit key and the range [a, b) it maps to, in one
 * 16-byte slot (b == 0: empty). For a token the range is its postings, for a
 * fuzzy key the range of its entries in fzr, so a lookup costs one cache miss
 * and the postings are read without another table in between.
 */
struct tslot {
	uint64_t h;
	uint32_t a, b;
};

struct tslots {
	struct tslot *s;
	size_t mask;
};

/* A token's postings range, the entries of a fuzzy key. */
struct range {
	uint32_t a, b;
};

struct vigil_matcher {
	const struct vigil_index *ix;
	struct vigil_translit *tr;
	struct form *forms;
	size_t nforms, formcap;
	unsigned char *blob;
	size_t bloblen, blobcap;
	struct kv *tok;      /* token key -> token id (sorted by key), while building */
	size_t ntok;
	uint32_t *post_off;  /* token id -> postings range, while building */
	uint32_t *post;      /* form ids */
	size_t npost;
	struct kv *fuzzy;    /* deletion / vowel keys -> token id (sorted by key), while building */
	size_t nfuzzy;
	struct range *fzr;   /* fuzzy entries: the postings range of each token, in the order of fuzzy */
	struct tslots tokslots, fuzzslots;
	struct kv *imo, *mmsi, *cs, *pnames;
	size_t nimo, nmmsi, ncs, npnames;
	struct vigil_pname *qf;   /* scratch: query forms */
	struct cand *work;        /* scratch: hits being gathered */
	/* scratch: name scores of the compared candidates, [candidate][query form] */
	struct vigil_name_expl *rexpl;
	double rscore[CANDIDATES * MAX_QFORMS];
	uint8_t rdone[CANDIDATES * MAX_QFORMS];
	uint32_t *ents;           /* scratch: their entities */
	struct order *ord;        /* scratch: their order */
	size_t workcap;
	float *acc;          /* scratch: per-form candidate weight */
	uint32_t skey[512], sgen[512], gen; /* scratch: tokens seen for one query token (a set, by generation) */
	uint32_t *touched;
	size_t ntouched;
};

static uint64_t hstr(uint64_t seed, const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull ^ (seed * 0x9E3779B97F4A7C15ull);
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	h ^= h >> 31;
	h *= 0xBF58476D1CE4E5B9ull;
	return h ^ (h >> 29);
}

static int cmp_kv(const void *a, const void *b)
{
	const struct kv *x = a, *y = b;

	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return x->v < y->v ? -1 : x->v > y->v;
}

/*
 * Sort kv by (h, v) like qsort with cmp_kv, in linear time: a stable LSD radix
 * sort on 16-bit digits, v first then h; a pass whose digit is the same
 * everywhere is skipped. Needs n scratch entries; falls back to qsort without.
 */
static void kv_sort(struct kv *a, size_t n)
{
	static const int shift[6] = { 0, 16, 0, 16, 32, 48 };
	struct kv *tmp, *src, *dst;
	uint32_t *cnt;
	int pass;

	if (n < 2)
		return;
	tmp = malloc(n * sizeof(*tmp));
	cnt = malloc(65536 * sizeof(*cnt));
	if (!tmp || !cnt) {
		free(tmp);
		free(cnt);
		qsort(a, n, sizeof(*a), cmp_kv);
		return;
	}
	src = a;
	dst = tmp;
	for (pass = 0; pass < 6; pass++) {
		size_t i, sum = 0;
		unsigned d0;

#define KV_DIGIT(x) (pass < 2 ? ((x).v >> shift[pass]) & 0xFFFFu : (unsigned)((x).h >> shift[pass]) & 0xFFFFu)
		memset(cnt, 0, 65536 * sizeof(*cnt));
		d0 = KV_DIGIT(src[0]);
		for (i = 0; i < n; i++)
			cnt[KV_DIGIT(src[i])]++;
		if (cnt[d0] == n)
			continue;
		for (i = 0; i < 65536; i++) {
			uint32_t c = cnt[i];

			cnt[i] = (uint32_t)sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			dst[cnt[KV_DIGIT(src[i])]++] = src[i];
#undef KV_DIGIT
		{
			struct kv *t = src;

			src = dst;
			dst = t;
		}
	}
	if (src != a)
		memcpy(a, src, n * sizeof(*a));
	free(tmp);
	free(cnt);
}

/* First index with key >= h. */
static size_t kv_lower(const struct kv *a, size_t n, uint64_t h)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (a[mid].h < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Distinct keys of a kv array sorted by key. */
static size_t distinct_keys(const struct kv *a, size_t n)
{
	size_t i, d = 0;

	for (i = 0; i < n; i++)
		d += !i || a[i].h != a[i - 1].h;
	return d;
}

static int tslots_init(struct tslots *t, size_t n)
{
	size_t cap = 16;

	while (cap < 2 * n + 2)
		cap *= 2;
	t->s = calloc(cap, sizeof(*t->s));
	t->mask = cap - 1;
	return t->s ? VIGIL_E_OK : VIGIL_E_NOMEM;
}

static void tslots_put(struct tslots *t, uint64_t h, uint32_t a, uint32_t b)
{
	size_t j = (size_t)(h ^ (h >> 32)) & t->mask;

	while (t->s[j].b)
		j = (j + 1) & t->mask;
	t->s[j].h = h;
	t->s[j].a = a;
	t->s[j].b = b;
}

static const struct tslot *tslots_find(const struct tslots *t, uint64_t h)
{
	size_t j = (size_t)(h ^ (h >> 32)) & t->mask;

	while (t->s[j].b) {
		if (t->s[j].h == h)
			return &t->s[j];
		j = (j + 1) & t->mask;
	}
	return NULL;
}

struct vec {
	struct kv *a;
	size_t n, cap;
};

static int vec_push(struct vec *v, uint64_t h, uint32_t x)
{
	if (v->n == v->cap) {
		size_t nc = v->cap ? v->cap * 2 : 4096;
		struct kv *na = realloc(v->a, nc * sizeof(*na));

		if (!na)
			return VIGIL_E_NOMEM;
		v->a = na;
		v->cap = nc;
	}
	v->a[v->n].h = h;
	v->a[v->n++].v = x;
	return VIGIL_E_OK;
}

static int schema_cls(int schema)
{
	switch (schema) {
	case VIGIL_SCHEMA_PERSON:
		return CLS_PERSON;
	case VIGIL_SCHEMA_VESSEL:
		return CLS_VESSEL;
	case VIGIL_SCHEMA_COMPANY:
	case VIGIL_SCHEMA_ORGANIZATION:
	case VIGIL_SCHEMA_LEGALENTITY:
		return CLS_ORG;
	default:
		return CLS_OTHER;
	}
}

static const int cls_flags[CLS__N] = { VIGIL_PN_PERSON, VIGIL_PN_ORG, VIGIL_PN_VESSEL, 0 };

/* Pack a prepared name: n, flags, per-token arrays, then the used bytes of buf. */
static size_t pack(const struct vigil_pname *p, unsigned char *out)
{
	size_t o = 0, used = 0, i;

	for (i = 0; i < p->n; i++) {
		size_t end = p->kkey[i] + strlen(p->buf + p->kkey[i]) + 1;

		if (end > used)
			used = end;
	}
	out[o++] = p->n;
	out[o++] = p->flags;
	memcpy(out + o, p->kind, p->n), o += p->n;
	memcpy(out + o, p->len, p->n), o += p->n;
	memcpy(out + o, p->grp, p->n), o += p->n;
	memcpy(out + o, p->raw, p->n * 2u), o += p->n * 2u;
	memcpy(out + o, p->skel, p->n * 2u), o += p->n * 2u;
	memcpy(out + o, p->kkey, p->n * 2u), o += p->n * 2u;
	out[o++] = (unsigned char)(used & 0xff);
	out[o++] = (unsigned char)(used >> 8);
	memcpy(out + o, p->buf, used), o += used;
	return o;
}

static void unpack(const unsigned char *in, struct vigil_pname *p)
{
	size_t o = 0, used;

	p->n = in[o++];
	p->flags = in[o++];
	memcpy(p->kind, in + o, p->n), o += p->n;
	memcpy(p->len, in + o, p->n), o += p->n;
	memcpy(p->grp, in + o, p->n), o += p->n;
	memcpy(p->raw, in + o, p->n * 2u), o += p->n * 2u;
	memcpy(p->skel, in + o, p->n * 2u), o += p->n * 2u;
	memcpy(p->kkey, in + o, p->n * 2u), o += p->n * 2u;
	used = in[o] | (size_t)in[o + 1] << 8;
	o += 2;
	memcpy(p->buf, in + o, used);
}

static int indexable(const struct vigil_pname *p, int i)
{
	return p->kind[i] == VIGIL_TOK_NAME || p->kind[i] == VIGIL_TOK_GENERIC;
}

/*
 * Packed names written once: the same name listed by several lists (or as
 * several of one entity's names) is one blob, so a query compares it once.
 * Build-time table of blob offsets by content hash.
 */
struct bdedup {
	struct kv *s; /* h = content hash, v = blob offset + 1 (0 = empty) */
	size_t n, mask;
};

/* Offset of an earlier blob equal to b[0..bl), or UINT32_MAX; *h gets the content hash. */
static uint32_t blob_find(const struct vigil_matcher *m, const struct bdedup *d, const unsigned char *b, size_t bl,
			  uint64_t *h)
{
	size_t j;

	*h = hstr(7, (const char *)b, bl);
	if (!d->s)
		return UINT32_MAX;
	for (j = (size_t)*h & d->mask; d->s[j].v; j = (j + 1) & d->mask)
		if (d->s[j].h == *h && (size_t)b[0] == m->blob[d->s[j].v - 1] &&
		    memcmp(m->blob + d->s[j].v - 1, b, bl) == 0)
			return d->s[j].v - 1;
	return UINT32_MAX;
}

static int blob_remember(struct bdedup *d, uint64_t h, uint32_t off)
{
	size_t j;

	if (2 * (d->n + 1) > d->mask) {
		size_t nc = d->s ? 2 * (d->mask + 1) : 65536, i;
		struct kv *ns = calloc(nc, sizeof(*ns));

		if (!ns)
			return VIGIL_E_NOMEM;
		for (i = 0; d->s && i <= d->mask; i++)
			if (d->s[i].v) {
				for (j = (size_t)d->s[i].h & (nc - 1); ns[j].v; j = (j + 1) & (nc - 1))
					;
				ns[j] = d->s[i];
			}
		free(d->s);
		d->s = ns;
		d->mask = nc - 1;
	}
	for (j = (size_t)h & d->mask; d->s[j].v; j = (j + 1) & d->mask)
		;
	d->s[j].h = h;
	d->s[j].v = off + 1;
	d->n++;
	return VIGIL_E_OK;
}

static int add_form(struct vigil_matcher *m, const struct vigil_pname *p, uint32_t ent,
		    const struct vigil_name *nm, int cls, struct vec *occ, struct vec *strs, char **sbuf,
		    size_t *slen, size_t *scap, struct bdedup *dd)
{
	unsigned char tmp[sizeof(struct vigil_pname) + 16];
	size_t bl = pack(p, tmp), fid = m->nforms;
	int i, any = 0;
	uint64_t bh;
	uint32_t boff = blob_find(m, dd, tmp, bl, &bh);

	if (m->nforms == m->formcap) {
		size_t nc = m->formcap ? m->formcap * 2 : 8192;
		struct form *nf = realloc(m->forms, nc * sizeof(*nf));

		if (!nf)
			return VIGIL_E_NOMEM;
		m->forms = nf;
		m->formcap = nc;
	}
	if (boff == UINT32_MAX && m->bloblen + bl > m->blobcap) {
		size_t nc = m->blobcap ? m->blobcap * 2 : (1u << 20);
		unsigned char *nb;

		while (nc < m->bloblen + bl)
			nc *= 2;
		if (nc > 0xFFFFFFFFu || !(nb = realloc(m->blob, nc)))
			return VIGIL_E_NOMEM;
		m->blob = nb;
		m->blobcap = nc;
	}
	if (fid >= 0xFFFFFFFFu)
		return VIGIL_E_FULL;
	if (boff == UINT32_MAX) {
		if (blob_remember(dd, bh, (uint32_t)m->bloblen) != VIGIL_E_OK)
			return VIGIL_E_NOMEM;
		memcpy(m->blob + m->bloblen, tmp, bl);
		boff = (uint32_t)m->bloblen;
		m->bloblen += bl;
	}
	m->forms[fid].entity = ent;
	m->forms[fid].blob = boff;
	m->forms[fid].blen = (uint16_t)bl;
	m->forms[fid].text = nm->text;
	m->forms[fid].cls = (uint8_t)cls;
	m->forms[fid].kind = (uint8_t)nm->kind;
	m->forms[fid].ntok = 0;
	for (i = 0; i < p->n; i++)
		m->forms[fid].ntok += (uint8_t)indexable(p, i);
	m->nforms++;
	for (i = 0; i < p->n; i++)
		any |= indexable(p, i);
	for (i = 0; i < p->n; i++) {
		const char *sk = vigil_pname_skel(p, i), *kk = vigil_pname_kkey(p, i);
		size_t sl = strlen(sk);
		uint64_t h;

		if (any ? !indexable(p, i) : p->kind[i] != VIGIL_TOK_NUMBER)
			continue;
		h = hstr(1, sk, sl);
		if (vec_push(occ, h, (uint32_t)fid) != VIGIL_E_OK)
			return VIGIL_E_NOMEM;
		/* Keep the skeleton text so the fuzzy keys can be made once per distinct token. */
		if (*slen + sl + 1 > *scap) {
			size_t nc = *scap ? *scap * 2 : (1u << 20);
			char *nb = realloc(*sbuf, nc);

			if (!nb)
				return VIGIL_E_NOMEM;
			*sbuf = nb;
			*scap = nc;
		}
		memcpy(*sbuf + *slen, sk, sl + 1);
		if (vec_push(strs, h, (uint32_t)*slen) != VIGIL_E_OK)
			return VIGIL_E_NOMEM;
		*slen += sl + 1;
		if (kk[0] && vec_push(occ, hstr(2, kk, strlen(kk)), (uint32_t)fid) != VIGIL_E_OK)
			return VIGIL_E_NOMEM;
	}
	return VIGIL_E_OK;
}

static size_t vowel_key(const char *s, char *out, size_t cap)
{
	size_t o = 0;

	for (; *s && o + 1 < cap; s++) {
		char c = (*s == 'a' || *s == 'e' || *s == 'i' || *s == 'o' || *s == 'u') ? 'a' : *s;

		if (!o || out[o - 1] != c)
			out[o++] = c;
	}
	out[o] = 0;
	return o;
}

/* Deletion neighbourhood (the token and each one-letter deletion) and the vowel key of a skeleton. */
static int fuzzy_keys(const char *s, uint64_t *keys, int cap)
{
	size_t l = strlen(s), i;
	char d[80], v[80];
	int n = 0;

	if (l < 3 || l >= sizeof(d))
		return 0;
	keys[n++] = hstr(3, s, l);
	for (i = 0; i < l && n < cap - 1; i++) {
		if (i > 0 && s[i] == s[i - 1])
			continue;
		memcpy(d, s, i);
		memcpy(d + i, s + i + 1, l - i - 1);
		keys[n++] = hstr(3, d, l - 1);
	}
	keys[n++] = hstr(4, v, vowel_key(s, v, sizeof(v)));
	return n;
}

static int build_ids(struct vigil_matcher *m)
{
	struct vec imo = { 0 }, mmsi = { 0 }, cs = { 0 }, pn = { 0 };
	size_t i, n = vigil_index_count(m->ix);
	int rc = VIGIL_E_OK;

	for (i = 0; i < n && rc == VIGIL_E_OK; i++) {
		const struct vigil_entity *e = vigil_index_get(m->ix, i);
		const struct vigil_source *s = vigil_index_source(m->ix, e->source);
		char up[256];
		size_t k, l;

		if (e->imo)
			rc |= vec_push(&imo, e->imo, (uint32_t)i);
		if (e->mmsi)
			rc |= vec_push(&mmsi, e->mmsi, (uint32_t)i);
		if (e->callsign[0]) {
			for (k = l = 0; e->callsign[k] && l + 1 < sizeof(up); k++)
				if (e->callsign[k] != ' ' && e->callsign[k] != '-')
					up[l++] = (char)(e->callsign[k] >= 'a' && e->callsign[k] <= 'z' ? e->callsign[k] - 32 : e->callsign[k]);
			rc |= vec_push(&cs, hstr(5, up, l), (uint32_t)i);
		}
		if (e->names) {
			const struct vigil_name *nm;

			for (nm = e->names; nm; nm = nm->next) {
				for (k = l = 0; nm->text[k] && l + 1 < sizeof(up); k++)
					if (nm->text[k] != '.' && nm->text[k] != ',')
						up[l++] = (char)(nm->text[k] >= 'a' && nm->text[k] <= 'z' ? nm->text[k] - 32 : nm->text[k]);
				rc |= vec_push(&pn, hstr(6 + (s ? s->group : 0), up, l), (uint32_t)i);
			}
		}
	}
	if (rc != VIGIL_E_OK) {
		free(imo.a), free(mmsi.a), free(cs.a), free(pn.a);
		return VIGIL_E_NOMEM;
	}
	if (imo.n) /* qsort(NULL, 0) is undefined (UBSan) for lists without vessels */
		kv_sort(imo.a, imo.n);
	if (mmsi.n)
		kv_sort(mmsi.a, mmsi.n);
	if (cs.n)
		kv_sort(cs.a, cs.n);
	if (pn.n)
		kv_sort(pn.a, pn.n);
	m->imo = imo.a, m->nimo = imo.n;
	m->mmsi = mmsi.a, m->nmmsi = mmsi.n;
	m->cs = cs.a, m->ncs = cs.n;
	m->pnames = pn.a, m->npnames = pn.n;
	return VIGIL_E_OK;
}

struct vigil_matcher *vigil_matcher_new(const struct vigil_index *ix, struct vigil_translit *tr, int *err)
{
	struct vigil_matcher *m = calloc(1, sizeof(*m));
	struct vec occ = { 0 }, strs = { 0 }, fz = { 0 };
	struct bdedup dd = { NULL, 0, 0 };
	struct vigil_pname *forms = malloc(FORMS_PER_NAME * sizeof(*forms));
	char *sbuf = NULL;
	size_t slen = 0, scap = 0, i, j, n = vigil_index_count(ix), ntok = 0;
	int rc = VIGIL_E_OK;

	*err = VIGIL_E_NOMEM;
	if (!m || !forms)
		goto fail;
	m->ix = ix;
	m->tr = tr;
	for (i = 0; i < n && rc == VIGIL_E_OK; i++) {
		const struct vigil_entity *e = vigil_index_get(ix, i);
		const struct vigil_name *nm;
		int cls = schema_cls(e->schema);

		for (nm = e->names; nm && rc == VIGIL_E_OK; nm = nm->next) {
			int nf = vigil_name_forms(tr, nm->text, strlen(nm->text), cls_flags[cls], forms, FORMS_PER_NAME), f;

			for (f = 0; f < nf && rc == VIGIL_E_OK; f++)
				rc = add_form(m, &forms[f], (uint32_t)i, nm, cls, &occ, &strs, &sbuf, &slen, &scap, &dd);
		}
	}
	if (rc != VIGIL_E_OK) {
		*err = rc;
		goto fail;
	}
	/* Tokens: distinct keys of the occurrences; postings grouped by key. */
	if (occ.n)
		kv_sort(occ.a, occ.n);
	for (i = 0; i < occ.n; i++)
		ntok += !i || occ.a[i].h != occ.a[i - 1].h;
	m->tok = malloc((ntok + 1) * sizeof(*m->tok));
	m->post_off = malloc((ntok + 1) * sizeof(*m->post_off));
	m->post = malloc((occ.n + 1) * sizeof(*m->post));
	if (!m->tok || !m->post_off || !m->post)
		goto fail;
	for (i = 0, j = 0; i < occ.n; i++) {
		if (!i || occ.a[i].h != occ.a[i - 1].h) {
			m->tok[j].h = occ.a[i].h;
			m->tok[j].v = (uint32_t)j;
			m->post_off[j] = (uint32_t)i;
			j++;
		}
		m->post[i] = occ.a[i].v;
	}
	m->ntok = ntok;
	m->post_off[ntok] = (uint32_t)occ.n;
	/* Fuzzy keys, one set per distinct skeleton. */
	if (strs.n)
		kv_sort(strs.a, strs.n);
	for (i = 0; i < strs.n; i++) {
		uint64_t keys[80];
		size_t t;
		int k, nk;

		if (i && strs.a[i].h == strs.a[i - 1].h)
			continue;
		t = kv_lower(m->tok, m->ntok, strs.a[i].h);
		if (t >= m->ntok || m->tok[t].h != strs.a[i].h)
			continue;
		nk = fuzzy_keys(sbuf + strs.a[i].v, keys, 80);
		for (k = 0; k < nk; k++)
			if (vec_push(&fz, keys[k], (uint32_t)t) != VIGIL_E_OK)
				goto fail;
	}
	if (fz.n)
		kv_sort(fz.a, fz.n);
	m->fuzzy = fz.a;
	m->nfuzzy = fz.n;
	fz.a = NULL;
	if ((rc = build_ids(m)) != VIGIL_E_OK || (rc = tslots_init(&m->tokslots, m->ntok)) != VIGIL_E_OK ||
	    (rc = tslots_init(&m->fuzzslots, distinct_keys(m->fuzzy, m->nfuzzy))) != VIGIL_E_OK ||
	    !(m->fzr = malloc((m->nfuzzy + 1) * sizeof(*m->fzr))))
		goto fail;
	for (i = 0; i < m->ntok; i++)
		tslots_put(&m->tokslots, m->tok[i].h, m->post_off[i], m->post_off[i + 1]);
	for (i = 0; i < m->nfuzzy; i = j) {
		for (j = i; j < m->nfuzzy && m->fuzzy[j].h == m->fuzzy[i].h; j++)
			m->fzr[j] = (struct range){ m->post_off[m->fuzzy[j].v], m->post_off[m->fuzzy[j].v + 1] };
		tslots_put(&m->fuzzslots, m->fuzzy[i].h, (uint32_t)i, (uint32_t)j);
	}
	/* Postings carry the form's schema class and length bucket, so scanning them touches no form record. */
	for (i = 0; i < m->post_off[m->ntok]; i++) {
		const struct form *fm = &m->forms[m->post[i]];

		if (m->post[i] >= POST_FID_MASK) {
			*err = VIGIL_E_FULL;
			goto fail;
		}
		m->post[i] |= (uint32_t)(fm->ntok < 7 ? fm->ntok : 7) << 27 | (uint32_t)fm->cls << 30;
	}
	m->acc = calloc(m->nforms + 1, sizeof(*m->acc));
	m->touched = malloc((m->nforms + 1) * sizeof(*m->touched));
	if (!m->acc || !m->touched)
		goto fail;
	/* The slots hold what queries need of these. */
	m->npost = m->post_off[m->ntok];
	free(m->tok);
	free(m->post_off);
	free(m->fuzzy);
	m->tok = m->fuzzy = NULL;
	m->post_off = NULL;
	free(occ.a);
	free(strs.a);
	free(sbuf);
	free(forms);
	free(dd.s);
	*err = VIGIL_E_OK;
	return m;
fail:
	free(occ.a);
	free(strs.a);
	free(fz.a);
	free(sbuf);
	free(forms);
	free(dd.s);
	vigil_matcher_free(m);
	return NULL;
}

void vigil_matcher_free(struct vigil_matcher *m)
{
	if (!m)
		return;
	free(m->forms);
	free(m->blob);
	free(m->tok);
	free(m->post_off);
	free(m->post);
	free(m->fuzzy);
	free(m->fzr);
	free(m->tokslots.s);
	free(m->fuzzslots.s);
	free(m->imo);
	free(m->mmsi);
	free(m->cs);
	free(m->pnames);
	free(m->acc);
	free(m->touched);
	free(m->qf);
	free(m->work);
	free(m->rexpl);
	free(m->ents);
	free(m->ord);
	free(m);
}

size_t vigil_matcher_bytes(const struct vigil_matcher *m)
{
	return m->formcap * sizeof(*m->forms) + m->blobcap + m->npost * sizeof(*m->post) + m->nfuzzy * sizeof(*m->fzr) +
	       (m->tokslots.mask + 1 + m->fuzzslots.mask + 1) * sizeof(struct tslot) +
	       (m->nimo + m->nmmsi + m->ncs + m->npnames) * sizeof(struct kv) + m->nforms * 8;
}

/* Length normalisation: a query token explains more of a short name. */
static const float lnorm[8] = { 1.0f, 1.0f, 0.8f, 0.7f, 0.62f, 0.56f, 0.52f, 0.5f };

/* Add weight w to every form of a wanted schema class (mask) in the postings [a, b) of a token. */
static void touch_token(struct vigil_matcher *m, uint32_t a, uint32_t b, float w, unsigned mask, size_t *scanned)
{
	uint32_t k;

	for (k = a; k < b; k++) {
		uint32_t p = m->post[k], f = p & POST_FID_MASK;

		if (!(mask >> (p >> 30) & 1))
			continue;
		if (m->acc[f] == 0)
			m->touched[m->ntouched++] = f;
		m->acc[f] += w * lnorm[p >> 27 & 7];
	}
	*scanned += b - a;
}

/*
 * Candidate forms for one prepared query form. A token is known by the start
 * of its postings (distinct for distinct tokens), its document frequency is
 * the length of its postings.
 */
/* Add token a (its postings start) to the seen set; 1 if it was there already. */
static int seen_add(struct vigil_matcher *m, uint32_t a)
{
	uint32_t h = (a * 2654435761u) >> 23;

	for (; m->sgen[h] == m->gen; h = (h + 1) & 511)
		if (m->skey[h] == a)
			return 1;
	m->sgen[h] = m->gen;
	m->skey[h] = a;
	return 0;
}

static void gather(struct vigil_matcher *m, const struct vigil_pname *q, unsigned mask, size_t *scanned)
{
	int nseen = 0, i, rare = 0;
	double N = (double)m->nforms + 1;
	const struct tslot *ts[VIGIL_NAME_MAXTOK]; /* skeleton lookups of the indexable tokens */

	for (i = 0; i < q->n; i++) {
		const char *sk = vigil_pname_skel(q, i);

		if (!indexable(q, i))
			continue;
		ts[i] = tslots_find(&m->tokslots, hstr(1, sk, strlen(sk)));
		if (!ts[i] || ts[i]->b - ts[i]->a <= COMMON_DF)
			rare = 1;
	}
	for (i = 0; i < q->n; i++) {
		const char *sk = vigil_pname_skel(q, i), *kk = vigil_pname_kkey(q, i);
		uint64_t keys[82];
		int nk = 0, k, x, common = 0;
		const struct tslot *t2[2];

		if (!indexable(q, i) && !(q->kind[i] == VIGIL_TOK_NUMBER && !rare))
			continue;
		nseen = 0;
		if (++m->gen == 0) { /* a new empty set */
			memset(m->sgen, 0, sizeof(m->sgen));
			m->gen = 1;
		}
		/* Exact skeleton and Korean key. */
		t2[0] = indexable(q, i) ? ts[i] : tslots_find(&m->tokslots, hstr(1, sk, strlen(sk)));
		t2[1] = kk[0] ? tslots_find(&m->tokslots, hstr(2, kk, strlen(kk))) : NULL;
		for (x = 0; x < 2; x++) {
			const struct tslot *t = t2[x];
			uint32_t df;

			if (!t)
				continue;
			df = t->b - t->a;
			if (x == 0 && df > FUZZY_DF)
				common = 1;
			if ((df <= COMMON_DF || !rare) && *scanned < MAX_SCAN && nseen < 256) {
				nseen += !seen_add(m, t->a);
				touch_token(m, t->a, t->b, (float)(1.0 + log(N / (df + 1.0))), mask, scanned);
			}
		}
		/* Fuzzy neighbours: deletions on both sides, vowels folded (not for common words). */
		nk = common ? 0 : fuzzy_keys(sk, keys, 80);
		for (k = 0; k < nk; k++) {
			const struct tslot *f = tslots_find(&m->fuzzslots, keys[k]);
			uint32_t e;

			for (e = f ? f->a : 0; f && e < f->b && *scanned < MAX_SCAN; e++) {
				struct range r = m->fzr[e];
				uint32_t df = r.b - r.a;
				if (nseen >= 256 || seen_add(m, r.a))
					continue;
				nseen++;
				if (df > COMMON_DF && rare)
					continue;
				touch_token(m, r.a, r.b, (float)(0.7 * (1.0 + log(N / (df + 1.0)))), mask, scanned);
			}
		}
	}
}

/*
 * Upper bound on vigil_names_compare(a, b) without comparing tokens in full:
 * a token that no rule of the comparison could pair with a token of the other
 * name (nor join with two or three adjacent ones) stays unmatched, and the
 * score cannot exceed matched weight / (matched weight + the unmatched weight
 * the score counts). Mirrors the rules of lib/names.c (tsim, the given-name,
 * consonant and initial rules, joined, the weights and the extra-token
 * discount); tests/test_qspeed.c checks it against vigil_names_compare.
 */
#define BOUND_VOWELS ((1u << ('a' - 'a')) | (1u << ('e' - 'a')) | (1u << ('i' - 'a')) | (1u << ('o' - 'a')) | (1u << ('u' - 'a')))

static uint32_t letter_bit(char c)
{
	return c >= 'a' && c <= 'z' ? 1u << (c - 'a') : 1u << 26;
}

static uint32_t letter_set(const char *s, size_t l)
{
	uint32_t m = 0;
	size_t i;

	for (i = 0; i < l; i++)
		m |= letter_bit(s[i]);
	return m;
}

/* Letters of s (with repeats) missing from the set other: each needs an edit of its own. */
static int lacking(const char *s, size_t l, uint32_t other)
{
	int n = 0;
	size_t i;

	for (i = 0; i < l; i++)
		n += !(letter_bit(s[i]) & other);
	return n;
}

static int bound_countable(int kind)
{
	return kind == VIGIL_TOK_NAME || kind == VIGIL_TOK_GENERIC || kind == VIGIL_TOK_STOP;
}

static double bound_weight(const struct vigil_pname *p, int i)
{
	double w = p->len[i] < 3 ? 3 : p->len[i] > 10 ? 10 : p->len[i];

	if (p->kind[i] == VIGIL_TOK_STOP)
		w *= 0.3;
	else if (p->kind[i] == VIGIL_TOK_GENERIC)
		w *= 0.6;
	return w;
}

static int bound_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* What the bound reads of one name, made once per name (the query's once per query). */
struct bside {
	uint32_t m[VIGIL_NAME_MAXTOK];  /* letter sets of the skeletons */
	uint8_t kl[VIGIL_NAME_MAXTOK];  /* Korean key lengths */
	uint8_t cnt[VIGIL_NAME_MAXTOK]; /* countable */
	uint8_t glued[VIGIL_NAME_MAXTOK]; /* initials written together (vigil_names_glued_initials) */
	int ncount;
	/* Two and three adjacent countable tokens from j ([0] two, [1] three; len 0: no such run). */
	struct {
		uint16_t len, klen; /* skeleton lengths, Korean key lengths added (klen 0: a token has no key) */
		uint32_t m;         /* letters */
	} run[2][VIGIL_NAME_MAXTOK];
	unsigned minrun;    /* shortest run, 0 = none */
	uint64_t runkeys;   /* bit k: a run's Korean keys are k long (k < 64) */
};

static void bside_make(const struct vigil_pname *p, struct bside *s)
{
	int i;

	s->ncount = 0;
	for (i = 0; i < p->n; i++) {
		size_t kl = strlen(vigil_pname_kkey(p, i));

		s->m[i] = letter_set(vigil_pname_skel(p, i), p->len[i]);
		s->kl[i] = (uint8_t)(kl < 255 ? kl : 255);
		s->cnt[i] = (uint8_t)bound_countable(p->kind[i]);
		s->glued[i] = (uint8_t)vigil_names_glued_initials(p, i);
		s->ncount += s->cnt[i];
	}
	s->minrun = 0;
	s->runkeys = 0;
	for (i = 0; i < p->n; i++) {
		int span, k;

		for (span = 2; span <= 3; span++) {
			unsigned len = 0, klen = 0, korean = 1;
			uint32_t m = 0;

			for (k = i; k < i + span && k < p->n && s->cnt[k]; k++) {
				len += p->len[k];
				klen += s->kl[k];
				korean &= s->kl[k] > 0;
				m |= s->m[k];
			}
			if (k < i + span)
				len = 0;
			s->run[span - 2][i].len = (uint16_t)len;
			s->run[span - 2][i].klen = (uint16_t)(korean ? klen : 0);
			s->run[span - 2][i].m = m;
			if (len && (!s->minrun || len < s->minrun))
				s->minrun = len;
			if (len && korean && klen < 64)
				s->runkeys |= 1ull << klen;
			else if (len && korean)
				s->runkeys |= 1ull << 63; /* long keys: always looked at */
		}
	}
}

/* 1 when tokens i of a and j of b might score above 0: every rule's necessary condition, or-ed. */
static int may_pair(const struct vigil_pname *a, const struct bside *as, int i, const struct vigil_pname *b,
		    const struct bside *bs, int j)
{
	size_t la = a->len[i], lb = b->len[j], L = la > lb ? la : lb, mn = la < lb ? la : lb;
	const char *sa = vigil_pname_skel(a, i), *sb = vigil_pname_skel(b, j);
	uint32_t ma = as->m[i], mb = bs->m[j];
	int allowed = L <= 3 ? 0 : L <= 5 ? 1 : L <= 8 ? 2 : L <= 12 ? 3 : 4;

	if (a->grp[i] && b->grp[j]) /* given names of linked groups */
		return 1;
	if (((a->flags | b->flags) & VIGIL_PN_ABJAD) && la >= 3 && lb >= 3) /* consonant keys */
		return 1;
	if ((la == 1 || lb == 1) && sa[0] == sb[0]) /* initials */
		return 1;
	/* Initials written together ("JC", "JRR") pair with adjacent name parts starting with those letters. */
	if (as->glued[i] && b->kind[j] == VIGIL_TOK_NAME &&
	    strchr(vigil_pname_raw(a, i), vigil_pname_raw(b, j)[0]))
		return 1;
	if (bs->glued[j] && a->kind[i] == VIGIL_TOK_NAME &&
	    strchr(vigil_pname_raw(b, j), vigil_pname_raw(a, i)[0]))
		return 1;
	if (as->kl[i] && as->kl[i] == bs->kl[j] && strcmp(vigil_pname_kkey(a, i), vigil_pname_kkey(b, j)) == 0)
		return 1; /* Korean keys */
	if (mn == 0)
		return 0;
	if (mn >= 3 && L - mn <= 2 && (ma & ~BOUND_VOWELS) == (mb & ~BOUND_VOWELS)) /* vowels folded */
		return 1;
	if (sa[0] != sb[0] && !(bound_vowel(sa[0]) && bound_vowel(sb[0]))) {
		/* A differing first letter costs an edit, except one first-letter typo (one edit at most). */
		if (mn >= 4 && L - mn <= 1 && lacking(sa, la, mb) <= 1 && lacking(sb, lb, ma) <= 1)
			return 1;
		allowed--;
	}
	/* Equal skeletons and edits within the length cliff. */
	return allowed >= 0 && L - mn <= (size_t)allowed && lacking(sa, la, mb) <= allowed && lacking(sb, lb, ma) <= allowed;
}

/* 1 when the Korean keys of y's tokens j.. (span of them) written together are x's key of token i. */
static int joined_key(const struct vigil_pname *x, int i, const struct vigil_pname *y, int j, int span)
{
	const char *xk = vigil_pname_kkey(x, i);
	size_t o = 0;
	int k;

	for (k = j; k < j + span; k++) {
		const char *kk = vigil_pname_kkey(y, k);
		size_t kn = strlen(kk);

		if (memcmp(xk + o, kk, kn) != 0)
			return 0;
		o += kn;
	}
	return 1;
}

/*
 * Tokens of x that might be joined with two or three adjacent countable tokens
 * of y, and those tokens of y: marked. A join needs a similarity of 0.8 with
 * the concatenation: equal Korean keys, equal consonants (vowels folded) or at
 * most one edit.
 */
static void may_join(const struct vigil_pname *x, const struct bside *xs, const struct vigil_pname *y,
		     const struct bside *ys, uint8_t *mx, uint8_t *my)
{
	int i, j, span, k;

	for (i = 0; i < x->n; i++) {
		size_t xl = x->len[i], xkl = xs->kl[i];

		if (!xs->cnt[i] || !ys->minrun)
			continue;
		/* Too short for any run of y and no run with a Korean key as long as its own. */
		if (xl + 2 < ys->minrun && !(xkl && (ys->runkeys >> (xkl < 63 ? xkl : 63) & 1)) && !(ys->runkeys >> 63 & 1))
			continue;
		for (span = 2; span <= 3; span++)
			for (j = 0; j + span <= y->n; j++) {
				size_t tl = ys->run[span - 2][j].len;
				uint32_t um = ys->run[span - 2][j].m;

				if (!tl)
					continue;
				if (!(xkl && ys->run[span - 2][j].klen == xkl && joined_key(x, i, y, j, span))) {
					int lacks = 0;

					if (tl > xl + 2 || xl > tl + 2)
						continue;
					if ((xs->m[i] & ~BOUND_VOWELS) != (um & ~BOUND_VOWELS)) {
						if (tl > xl + 1 || xl > tl + 1 || lacking(vigil_pname_skel(x, i), xl, um) > 1)
							continue;
						for (k = j; k < j + span; k++)
							lacks += lacking(vigil_pname_skel(y, k), y->len[k], xs->m[i]);
						if (lacks > 1)
							continue;
					}
				}
				mx[i] = 1;
				for (k = j; k < j + span; k++)
					my[k] = 1;
			}
	}
}

static double name_bound(const struct vigil_pname *a, const struct bside *as, const struct vigil_pname *b,
			 const struct bside *bs)
{
	uint8_t ua[VIGIL_NAME_MAXTOK] = { 0 }, ub[VIGIL_NAME_MAXTOK] = { 0 };
	int i, j, una = 0, unb = 0, cfa = 0, cfb = 0;
	double wu = 0, wc = 0, extra = ((a->flags | b->flags) & VIGIL_PN_PERSON) ? 0.3 : 0.8;

	if (!as->ncount || !bs->ncount)
		return 1; /* names of numbers or legal forms only: scored otherwise */
	for (i = 0; i < a->n; i++)
		for (j = 0; j < b->n; j++)
			if ((!ua[i] || !ub[j]) && as->cnt[i] && bs->cnt[j] && may_pair(a, as, i, b, bs, j))
				ua[i] = ub[j] = 1;
	may_join(a, as, b, bs, ua, ub);
	may_join(b, bs, a, as, ub, ua);
	for (i = 0; i < a->n; i++)
		if (as->cnt[i]) {
			*(ua[i] ? &wu : &wc) += bound_weight(a, i);
			una += !ua[i];
			cfa += !ua[i] && a->kind[i] != VIGIL_TOK_STOP;
		}
	for (j = 0; j < b->n; j++)
		if (bs->cnt[j]) {
			*(ub[j] ? &wu : &wc) += bound_weight(b, j);
			unb += !ub[j];
			cfb += !ub[j] && b->kind[j] != VIGIL_TOK_STOP;
		}
	if (una && unb)
		extra = 1; /* neither name fully matched: the other's extra tokens count in full */
	/* Name words left over on both sides: at least the milder conflict penalty. */
	return wu > 0 ? wu / (wu + extra * wc) * (cfa && cfb ? 0.88 : 1) : 0;
}

double vigil__name_bound(const struct vigil_pname *a, const struct vigil_pname *b)
{
	struct bside as, bs;

	bside_make(a, &as);
	bside_make(b, &bs);
	return name_bound(a, &as, b, &bs);
}

static int schema_ok(int want, int have)
{
	if (!want)
		return 1;
	if (want == have)
		return 1;
	return schema_cls(want) == CLS_ORG && schema_cls(have) == CLS_ORG;
}

static void join_raw(const struct vigil_pname *p, char *out, size_t cap)
{
	size_t o = 0;
	int i;

	out[0] = 0;
	for (i = 0; i < p->n; i++) {
		const char *r = vigil_pname_raw(p, i);
		size_t l = strlen(r);

		if (o + l + 2 > cap)
			break;
		if (o)
			out[o++] = ' ';
		memcpy(out + o, r, l);
		o += l;
	}
	out[o] = 0;
}

/*
 * A hit being gathered: the fields of struct vigil_hit that scoring sets, and
 * which query form (qi) and list form (fid) gave the best name score; the
 * prepared forms are copied into the caller's hits only for the hits returned.
 */
struct cand {
	uint32_t entity;
	unsigned by;
	double score, name_score;
	int imo_conflict;
	int list_name_kind;
	int qi;           /* -1: no name compared */
	uint32_t fid;
	const char *list_name, *query_name;
	struct vigil_name_expl expl;
};

/* The hit of entity ent (cand and its entity id in ents, kept side by side), added when new; NULL when full. */
static struct cand *hit_for(struct cand *hits, uint32_t *ents, size_t *nh, size_t cap, uint32_t ent)
{
	size_t i;

	for (i = 0; i < *nh; i++)
		if (ents[i] == ent)
			return &hits[i];
	if (*nh >= cap)
		return NULL;
	memset(&hits[*nh], 0, offsetof(struct cand, expl));
	hits[*nh].entity = ent;
	hits[*nh].qi = -1;
	ents[*nh] = ent;
	return &hits[(*nh)++];
}

static int id_hit(const uint32_t *ents, size_t nid, uint32_t ent)
{
	size_t i;

	for (i = 0; i < nid; i++)
		if (ents[i] == ent)
			return 1;
	return 0;
}

static void id_hits(const struct vigil_matcher *m, const struct kv *tab, size_t n, uint64_t key, unsigned by,
		    int schema, struct cand *hits, uint32_t *ents, size_t *nh, size_t cap)
{
	size_t i = kv_lower(tab, n, key);

	for (; i < n && tab[i].h == key; i++) {
		const struct vigil_entity *e = vigil_index_get(m->ix, tab[i].v);
		struct cand *h;

		if (!schema_ok(schema, e->schema) && e->schema != VIGIL_SCHEMA_VESSEL)
			continue;
		if ((h = hit_for(hits, ents, nh, cap, tab[i].v)) == NULL)
			return;
		h->by |= by;
		h->score = 1.0;
	}
}

/* Prepare the query's names for schema class c (once). */
static void add_class_forms(struct vigil_matcher *m, const struct vigil_query *q, int c, struct vigil_pname *qf,
			    int *qcls, const char **qraw, int *nq, unsigned *built)
{
	size_t k;

	if (*built >> c & 1)
		return;
	*built |= 1u << c;
	for (k = 0; k < 1 + q->n_names && *nq < MAX_QFORMS; k++) {
		const char *nm = k == 0 ? q->name : q->names[k - 1];
		int n, f;

		if (!nm || !nm[0])
			continue;
		n = vigil_name_forms(m->tr, nm, strlen(nm), cls_flags[c], qf + *nq, MAX_QFORMS - *nq);
		for (f = 0; f < n; f++) {
			qcls[*nq + f] = c;
			qraw[*nq + f] = nm;
		}
		*nq += n;
	}
}

/* What the order of hits reads (32 bytes), and the hit it stands for. */
struct order {
	double score, name_score;
	uint32_t entity, by, idx;
};

static int cmp_hit(const void *a, const void *b)
{
	const struct order *x = a, *y = b;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if ((x->by & 7) != (y->by & 7))
		return (x->by & 7) > (y->by & 7) ? -1 : 1; /* ids before names; IMO first */
	if (x->name_score != y->name_score)
		return x->name_score > y->name_score ? -1 : 1;
	return x->entity < y->entity ? -1 : x->entity > y->entity;
}

int vigil_match(struct vigil_matcher *m, const struct vigil_query *q, const struct vigil_match_opts *o,
		struct vigil_hit *hits, size_t cap, size_t *nout)
{
	static const struct vigil_match_opts defaults = { VIGIL_MATCH_THRESHOLD, 10, 0 };
	struct vigil_pname *qf;
	const char *qraw[MAX_QFORMS];
	int qcls[MAX_QFORMS], nq = 0, qi, qna[MAX_QFORMS]; /* qna: query name outside ASCII, -1 = not known yet */
	unsigned built;
	size_t nh = 0, scanned = 0, i, k, ncand, work = cap + CANDIDATES + 64;
	struct cand *tmp;
	uint32_t *ents;
	size_t nid;
	struct order *ord;
	double thr;
	int prune;
	unsigned qside_ok = 0; /* query forms whose bound data is made */
	struct bside qside[MAX_QFORMS];

	*nout = 0;
	if (!o)
		o = &defaults;
	thr = o->threshold > 0 ? o->threshold : VIGIL_MATCH_THRESHOLD;
	prune = !o->keep_below;
	if (!q->name && !q->n_names && !q->imo && !q->mmsi && !(q->callsign && q->callsign[0]))
		return VIGIL_E_INVAL;
	if (!m->qf && !(m->qf = malloc(MAX_QFORMS * sizeof(*m->qf))))
		return VIGIL_E_NOMEM;
	if (!m->rexpl && !(m->rexpl = malloc(CANDIDATES * MAX_QFORMS * sizeof(*m->rexpl))))
		return VIGIL_E_NOMEM;
	if (m->workcap < work) {
		struct cand *nw = realloc(m->work, work * sizeof(*nw));
		uint32_t *ne;
		struct order *no;

		if (!nw)
			return VIGIL_E_NOMEM;
		m->work = nw;
		if (!(ne = realloc(m->ents, work * sizeof(*ne))))
			return VIGIL_E_NOMEM;
		m->ents = ne;
		if (!(no = realloc(m->ord, work * sizeof(*no))))
			return VIGIL_E_NOMEM;
		m->ord = no;
		m->workcap = work;
	}
	qf = m->qf;
	tmp = m->work;
	ents = m->ents;
	ord = m->ord;
	for (qi = 0; qi < MAX_QFORMS; qi++)
		qna[qi] = -1;
	/* Identifiers first. */
	if (q->imo)
		id_hits(m, m->imo, m->nimo, q->imo, VIGIL_BY_IMO, q->schema, tmp, ents, &nh, work);
	if (q->mmsi)
		id_hits(m, m->mmsi, m->nmmsi, q->mmsi, VIGIL_BY_MMSI, q->schema, tmp, ents, &nh, work);
	if (q->callsign && q->callsign[0]) {
		char up[64];
		size_t l = 0;

		for (k = 0; q->callsign[k] && l + 1 < sizeof(up); k++)
			if (q->callsign[k] != ' ' && q->callsign[k] != '-')
				up[l++] = (char)(q->callsign[k] >= 'a' && q->callsign[k] <= 'z' ? q->callsign[k] - 32 : q->callsign[k]);
		id_hits(m, m->cs, m->ncs, hstr(5, up, l), VIGIL_BY_CALLSIGN, q->schema, tmp, ents, &nh, work);
	}
	nid = nh; /* the hits so far are the id hits */
	/* Query name forms: the first class now, the others when a candidate of that class shows up. */
	built = 0;
	add_class_forms(m, q, q->schema ? schema_cls(q->schema) : CLS_PERSON, qf, qcls, qraw, &nq, &built);
	m->ntouched = 0;
	{
		/* Schema classes the query may match: its own (organisations also meet untyped entities) or all. */
		unsigned mask = 0;

		if (!q->schema)
			mask = 0xF;
		else if (schema_cls(q->schema) == CLS_ORG)
			mask = 1u << CLS_ORG | 1u << CLS_OTHER;
		else
			mask = 1u << schema_cls(q->schema);
		for (qi = 0; qi < nq; qi++)
			if (qi == 0 || qcls[qi] == qcls[0])
				gather(m, &qf[qi], mask, &scanned);
	}
	/* Keep the best-supported candidate forms. */
	ncand = m->ntouched;
	if (ncand > CANDIDATES) {
		/* Min-heap of the CANDIDATES largest accumulators, kept in touched[0..CANDIDATES). */
		uint32_t *hp = m->touched;
		size_t hn = 0;

		for (k = 0; k < m->ntouched; k++) {
			uint32_t f = m->touched[k];
			size_t x;

			if (hn < CANDIDATES) {
				x = hn++;
				while (x && m->acc[hp[(x - 1) / 2]] > m->acc[f]) {
					hp[x] = hp[(x - 1) / 2];
					x = (x - 1) / 2;
				}
				hp[x] = f;
			} else if (m->acc[f] > m->acc[hp[0]]) {
				uint32_t old = hp[0];

				/* Sift the new form down from the root; the evicted one takes its slot at k. */
				x = 0;
				for (;;) {
					size_t l = 2 * x + 1, r = l + 1, sm = x;

					if (l < hn && m->acc[hp[l]] < m->acc[f] && (r >= hn || m->acc[hp[l]] <= m->acc[hp[r]]))
						sm = l;
					else if (r < hn && m->acc[hp[r]] < m->acc[f])
						sm = r;
					if (sm == x)
						break;
					hp[x] = hp[sm];
					x = sm;
				}
				hp[x] = f;
				m->touched[k] = old;
			}
		}
		ncand = CANDIDATES;
	}
	{
		/* Candidates far below the best-supported one cannot reach a useful score: skip their comparison. */
		float top = 0;

		for (i = 0; i < ncand; i++)
			if (m->acc[m->touched[i]] > top)
				top = m->acc[m->touched[i]];
		for (i = 0; i < ncand; i++)
			if (m->acc[m->touched[i]] < top * CAND_FLOOR) {
				if (m->touched[i] != UINT32_MAX)
			m->acc[m->touched[i]] = 0;
				m->touched[i] = UINT32_MAX;
			}
	}
	/* The candidates' records and packed names are cache misses: ask for them all at once. */
	for (i = 0; i < ncand; i++)
		if (m->touched[i] != UINT32_MAX)
			PREFETCH(&m->forms[m->touched[i]]);
	for (i = 0; i < ncand; i++)
		if (m->touched[i] != UINT32_MAX) {
			const unsigned char *b = m->blob + m->forms[m->touched[i]].blob;

			PREFETCH(b);
			PREFETCH(b + 64);
		}
	for (i = 0; i < ncand; i++) {
		uint32_t fid = m->touched[i];
		const struct form *f;
		const struct vigil_entity *e = NULL;
		struct vigil_pname lf;
		struct cand *h;
		size_t row, j;
		int unpacked = 0, lside_ok = 0;
		struct bside lside;
		double kindf;

		if (fid == UINT32_MAX)
			continue;
		f = &m->forms[fid];
		kindf = f->kind == VIGIL_NAME_WEAK ? 0.95 : f->kind != VIGIL_NAME_PRIMARY ? 0.99 : 1.0;
		/* The first candidate with the same packed name owns the results row (the score is a pure function). */
		for (row = i, j = 0; j < i; j++)
			if (m->touched[j] != UINT32_MAX && m->forms[m->touched[j]].blob == f->blob) {
				row = j;
				break;
			}
		if (row == i)
			for (qi = 0; qi < MAX_QFORMS; qi++)
				m->rdone[row * MAX_QFORMS + (size_t)qi] = 0;
		/* The class mask of the gathering already holds the schema filter, except Thing/Aircraft entities. */
		if (q->schema && f->cls == CLS_OTHER) {
			e = vigil_index_get(m->ix, f->entity);
			if (!schema_ok(q->schema, e->schema))
				continue;
		}
		{
			int want = f->cls == CLS_OTHER ? CLS_ORG : f->cls;

			if (!(built >> want & 1) && !q->schema)
				add_class_forms(m, q, want, qf, qcls, qraw, &nq, &built);
		}
		for (qi = 0; qi < nq; qi++) {
			double s, cap2;
			size_t r = row * MAX_QFORMS + (size_t)qi;

			if (qcls[qi] != f->cls && !(f->cls == CLS_OTHER && qcls[qi] == CLS_ORG))
				continue;
			if (m->rdone[r] != 1) {
				if (!unpacked)
					unpack(m->blob + f->blob, &lf);
				unpacked = 1;
				/*
				 * A name whose score cannot reach the threshold changes no hit returned:
				 * skip its comparison (not for entities found by an id, whose best name
				 * is shown whatever its score, nor when hits below are wanted).
				 */
				if (prune && !m->rdone[r]) {
					if (!(qside_ok >> qi & 1))
						bside_make(&qf[qi], &qside[qi]);
					qside_ok |= 1u << qi;
					if (!lside_ok)
						bside_make(&lf, &lside);
					lside_ok = 1;
					m->rscore[r] = name_bound(&qf[qi], &qside[qi], &lf, &lside);
					m->rdone[r] = 2;
				}
				if (m->rdone[r] == 2 && m->rscore[r] * kindf < thr - 1e-9 && !id_hit(ents, nid, f->entity))
					continue;
				m->rscore[r] = vigil_names_compare(&qf[qi], &lf, &m->rexpl[r]);
				m->rdone[r] = 1;
			}
			s = m->rscore[r];
			/* Same-script CJK check: only for a query outside ASCII (saves touching the list name). */
			if (qna[qi] < 0)
				qna[qi] = vigil_translit_nonascii(qraw[qi], strlen(qraw[qi]));
			cap2 = qna[qi] ? vigil_names_script_cap(qraw[qi], strlen(qraw[qi]), f->text, strlen(f->text))
				       : 1.0;
			if (s > cap2)
				s = cap2;
			/* The listed name outranks an alias or former name with the same spelling; weak aliases must be closer. */
			if (f->kind != VIGIL_NAME_PRIMARY)
				s *= kindf;
			if (s <= 0)
				continue;
			h = hit_for(tmp, ents, &nh, work, f->entity);
			if (!h)
				break;
			if (s > h->name_score) {
				h->name_score = s;
				h->by |= VIGIL_BY_NAME;
				h->expl = m->rexpl[r];
				h->qi = qi;
				h->fid = fid;
				h->list_name = f->text;
				h->list_name_kind = f->kind;
				h->query_name = qraw[qi];
				if (!(h->by & 7))
					h->score = s;
			}
		}
	}
	for (i = 0; i < m->ntouched; i++)
		if (m->touched[i] != UINT32_MAX)
			m->acc[m->touched[i]] = 0;
	m->ntouched = 0;
	/* Finish: OFAC-style column, IMO conflicts, order, threshold. */
	for (i = 0; i < nh; i++) {
		const struct vigil_entity *e = vigil_index_get(m->ix, tmp[i].entity);

		if (q->imo && e->imo && e->imo != q->imo && e->imo_valid && vigil_imo_valid(q->imo)) {
			/* Same name, different valid IMO: another ship. */
			tmp[i].imo_conflict = 1;
			if (!(tmp[i].by & 7))
				tmp[i].score *= 0.5;
		}
		if (!tmp[i].list_name)
			tmp[i].list_name = e->names ? e->names->text : "";
		ord[i].score = tmp[i].score;
		ord[i].name_score = tmp[i].name_score;
		ord[i].entity = tmp[i].entity;
		ord[i].by = tmp[i].by;
		ord[i].idx = (uint32_t)i;
	}
	qsort(ord, nh, sizeof(*ord), cmp_hit);
	for (i = 0; i < nh && *nout < cap && *nout < (o->limit ? o->limit : 10); i++) {
		const struct cand *c = &tmp[ord[i].idx];
		struct vigil_hit *h = &hits[*nout];

		if (c->score < thr && !o->keep_below)
			break;
		memset(h, 0, sizeof(*h));
		h->entity = c->entity;
		h->score = c->score;
		h->name_score = c->name_score;
		h->by = c->by;
		h->imo_conflict = c->imo_conflict;
		h->list_name = c->list_name;
		h->list_name_kind = c->list_name_kind;
		h->query_name = c->query_name;
		if (c->qi >= 0) {
			h->expl = c->expl;
			h->qform = qf[c->qi];
			unpack(m->blob + m->forms[c->fid].blob, &h->lform);
		}
		if (h->name_score > 0) {
			char a[VIGIL_NAME_BYTES], b[VIGIL_NAME_BYTES];

			join_raw(&h->qform, a, sizeof(a));
			join_raw(&h->lform, b, sizeof(b));
			h->ofac_score = vigil_ofac_score(a, b);
		}
		(*nout)++;
	}
	return VIGIL_E_OK;
}

size_t vigil_match_flags_for_imo(const struct vigil_matcher *m, uint32_t imo, const char **out, size_t cap)
{
	size_t i = kv_lower(m->imo, m->nimo, imo), n = 0, k;

	for (; i < m->nimo && m->imo[i].h == imo; i++) {
		const struct vigil_entity *e = vigil_index_get(m->ix, m->imo[i].v);
		const struct vigil_strl *f;

		if (e->schema != VIGIL_SCHEMA_VESSEL)
			continue;
		for (f = e->flags; f; f = f->next) {
			for (k = 0; k < n && k < cap; k++)
				if (strcmp(out[k], f->text) == 0)
					break;
			if (k < n)
				continue;
			if (n < cap)
				out[n] = f->text;
			n++;
		}
	}
	return n;
}

size_t vigil_match_links(const struct vigil_matcher *m, uint32_t ent, uint32_t *out, size_t cap)
{
	const struct vigil_entity *e = vigil_index_get(m->ix, ent);
	const struct vigil_source *s;
	const struct vigil_strl *l;
	size_t n = 0;

	if (!e)
		return 0;
	s = vigil_index_source(m->ix, e->source);
	for (l = e->links; l; l = l->next) {
		char up[256];
		size_t k, len = 0, i;
		uint64_t h;

		for (k = 0; l->text[k] && len + 1 < sizeof(up); k++)
			if (l->text[k] != '.' && l->text[k] != ',')
				up[len++] = (char)(l->text[k] >= 'a' && l->text[k] <= 'z' ? l->text[k] - 32 : l->text[k]);
		h = hstr(6 + (s ? s->group : 0), up, len);
		for (i = kv_lower(m->pnames, m->npnames, h); i < m->npnames && m->pnames[i].h == h; i++) {
			if (m->pnames[i].v == ent)
				continue;
			for (k = 0; k < n && k < cap; k++)
				if (out[k] == m->pnames[i].v)
					break;
			if (k < n)
				continue;
			if (n < cap)
				out[n] = m->pnames[i].v;
			n++;
		}
	}
	return n;
}

const char *vigil_how_name(int how)
{
	static const char *const names[] = { "exact", "skeleton", "korean", "edit", "initial", "joined",
					     "vowels", "consonants", "given-name" };

	return how >= 0 && how < (int)(sizeof(names) / sizeof(names[0])) ? names[how] : "?";
}

size_t vigil_hit_explain(const struct vigil_hit *h, char *buf, size_t cap)
{
	size_t o = 0;
	int i;

#define OUT(...) do { int w_ = snprintf(buf + o, o < cap ? cap - o : 0, __VA_ARGS__); \
	if (w_ > 0) o += (size_t)w_; } while (0)
	if (cap)
		buf[0] = 0;
	if (h->by & VIGIL_BY_IMO)
		OUT("imo exact; ");
	if (h->by & VIGIL_BY_MMSI)
		OUT("mmsi exact; ");
	if (h->by & VIGIL_BY_CALLSIGN)
		OUT("call sign exact; ");
	if (h->imo_conflict)
		OUT("imo differs; ");
	if (h->by & VIGIL_BY_NAME) {
		OUT("name %.3f:", h->name_score);
		for (i = 0; i < h->expl.npairs; i++) {
			const struct vigil_pname *a = &h->qform, *b = &h->lform;
			int ai = h->expl.pair[i].a, bi = h->expl.pair[i].b;

			OUT(" %s%s%s=%s%s%s %s %.2f", vigil_pname_raw(a, ai), h->expl.pair[i].a2 != 255 ? "+" : "",
			    h->expl.pair[i].a2 != 255 ? vigil_pname_raw(a, h->expl.pair[i].a2) : "", vigil_pname_raw(b, bi),
			    h->expl.pair[i].b2 != 255 ? "+" : "",
			    h->expl.pair[i].b2 != 255 ? vigil_pname_raw(b, h->expl.pair[i].b2) : "",
			    vigil_how_name(h->expl.pair[i].how), h->expl.pair[i].sim);
			if (i + 1 < h->expl.npairs)
				OUT(",");
		}
		if (h->expl.unmatched_a || h->expl.unmatched_b)
			OUT("; unmatched %d/%d", h->expl.unmatched_a, h->expl.unmatched_b);
		if (h->expl.number_mismatch)
			OUT("; numbers differ");
		if (h->expl.legal_mismatch)
			OUT("; legal forms differ");
		if (h->expl.order_changed)
			OUT("; order changed");
	}
#undef OUT
	if (o >= cap && cap)
		o = cap - 1;
	while (o && (buf[o - 1] == ' ' || buf[o - 1] == ';'))
		buf[--o] = 0;
	return o;
}
