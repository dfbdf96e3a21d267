/* eval_screen.c - screening quality figures: nomenklatura name pairs, Watchman cross-script pairs,
 * yente UN positives / negatives, Russia-DPRK vessel traps. Built and run by tools/eval-screen.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/entity.h"
#include "vigil/error.h"
#include "vigil/lists.h"
#include "vigil/match.h"
#include "vigil/names.h"
#include "vigil/translit.h"
#include "list_int.h"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf) {
		buf[n] = 0;
		*len = (size_t)n;
	}
	return buf;
}

static struct vigil_translit *tr;

static int schema_flags(const char *schema)
{
	if (!strcmp(schema, "Vessel"))
		return VIGIL_PN_VESSEL;
	if (!strcmp(schema, "Person"))
		return VIGIL_PN_PERSON;
	if (!strcmp(schema, "Company") || !strcmp(schema, "Organization") || !strcmp(schema, "LegalEntity"))
		return VIGIL_PN_ORG;
	return 0;
}

/* Best score over the prepared forms of both names. */
static double pair_score(const char *n1, const char *n2, int flags, struct vigil_name_expl *ex)
{
	static struct vigil_pname a[8], b[8];
	int na = vigil_name_forms(tr, n1, strlen(n1), flags, a, 8), nb = vigil_name_forms(tr, n2, strlen(n2), flags, b, 8);
	int ia, ib;

	double sc = vigil_names_best(a, na, b, nb, ex, &ia, &ib), cap = vigil_names_script_cap(n1, strlen(n1), n2, strlen(n2));

	return sc < cap ? sc : cap;
}

struct tally {
	char name[48];
	int tp, fp, tn, fn;
};

static struct tally *tally_get(struct tally *t, int *n, const char *name)
{
	int i;

	for (i = 0; i < *n; i++)
		if (!strcmp(t[i].name, name))
			return &t[i];
	snprintf(t[*n].name, sizeof(t[*n].name), "%s", name);
	return &t[(*n)++];
}

static void tally_add(struct tally *t, int truth, int pred)
{
	if (truth && pred)
		t->tp++;
	else if (truth)
		t->fn++;
	else if (pred)
		t->fp++;
	else
		t->tn++;
}

static void tally_print(const struct tally *t)
{
	double p = t->tp + t->fp ? (double)t->tp / (t->tp + t->fp) : 1, r = t->tp + t->fn ? (double)t->tp / (t->tp + t->fn) : 1;

	printf("  %-28s n=%4d  P=%.3f R=%.3f F1=%.3f  (TP %d FP %d TN %d FN %d)\n", t->name,
	       t->tp + t->fp + t->tn + t->fn, p, r, p + r > 0 ? 2 * p * r / (p + r) : 0, t->tp, t->fp, t->tn, t->fn);
}

/* Names differing only by a number token: "Victory" vs "Victory 3". */
static int hull_pair(const char *n1, const char *n2)
{
	struct vigil_pname a, b;
	char f1[1][VIGIL_TRANSLIT_MAX], f2[1][VIGIL_TRANSLIT_MAX];
	struct vigil_name_expl e;

	vigil_translit_latin(tr, n1, strlen(n1), f1, 1);
	vigil_translit_latin(tr, n2, strlen(n2), f2, 1);
	vigil_pname_build(&a, f1[0], VIGIL_PN_VESSEL);
	vigil_pname_build(&b, f2[0], VIGIL_PN_VESSEL);
	vigil_names_compare(&a, &b, &e);
	return e.number_mismatch && e.token_score >= 0.99;
}

static int name_bench(const char *path, double thr, int verbose)
{
	size_t len;
	char *buf = slurp(path, &len);
	struct vigil__csv c;
	struct tally t[64];
	int nt = 0, r, strong_wrong = 0, hull = 0;
	FILE *dump = getenv("EVAL_DUMP") ? fopen(getenv("EVAL_DUMP"), "w") : NULL; /* every pair, tab-separated */

	if (!buf) {
		printf("SKIP: %s absent\n", path);
		return 0;
	}
	memset(t, 0, sizeof(t));
	tally_get(t, &nt, "ALL (labels as given)");
	tally_get(t, &nt, "ALL (hull numbers differ)");
	vigil__csv_init(&c, buf, len, 0, NULL);
	r = vigil__csv_next(&c); /* header */
	while ((r = vigil__csv_next(&c)) == 1) {
		const char *group = vigil__csv_f(&c, 0), *schema = vigil__csv_f(&c, 1);
		const char *n1 = vigil__csv_f(&c, 2), *n2 = vigil__csv_f(&c, 3), *q = vigil__csv_f(&c, 5);
		int truth = strcmp(vigil__csv_f(&c, 4), "true") == 0, vessel = strcmp(schema, "Vessel") == 0;
		struct vigil_name_expl ex;
		double s = pair_score(n1, n2, schema_flags(schema), &ex);
		int pred = s >= thr, truth2 = truth;
		char key[64];

		if (truth && vessel && hull_pair(n1, n2)) {
			truth2 = 0;
			hull++;
		}
		tally_add(&t[0], truth, pred);
		tally_add(&t[1], truth2, pred);
		snprintf(key, sizeof(key), "group %s", group);
		tally_add(tally_get(t, &nt, key), truth, pred);
		snprintf(key, sizeof(key), "quality %s", q);
		tally_add(tally_get(t, &nt, key), truth, pred);
		snprintf(key, sizeof(key), "schema %s", schema);
		tally_add(tally_get(t, &nt, key), truth, pred);
		if (pred != truth2 && !strcmp(q, "STRONG"))
			strong_wrong++;
		if (dump)
			fprintf(dump, "%s\t%s\t%d\t%.4f\t%s\t%s\t%s\n", group, schema, truth2, s, q, n1, n2);
		if (verbose && pred != truth2)
			printf("  %s %-6s %.3f %s | %s | %s [%s]\n", truth2 ? "FN" : "FP", q, s, group, n1, n2, schema);
	}
	vigil__csv_release(&c);
	free(buf);
	if (dump)
		fclose(dump);
	printf("nomenklatura name bench (%s), threshold %.2f:\n", path, thr);
	for (r = 0; r < nt; r++)
		tally_print(&t[r]);
	printf("  hull-number pairs labelled as matches, counted as non-matches in the second line: %d\n", hull);
	printf("  STRONG-quality cases wrong: %d\n", strong_wrong);
	return strong_wrong;
}


static int load_file(struct vigil_index *ix, const char *path, uint32_t group)
{
	struct vigil_source src;
	struct vigil_list_report rep;
	size_t len;
	char *buf = slurp(path, &len);
	int fmt, sn, rc;

	if (!buf)
		return -1;
	memset(&src, 0, sizeof(src));
	fmt = vigil_list_detect(buf, len);
	src.list = vigil_list_publisher(fmt);
	src.format = vigil_list_format_name(fmt);
	src.path = path;
	src.group = group;
	sn = vigil_index_add_source(ix, &src);
	rc = vigil_list_load(ix, sn, fmt, buf, len, NULL, &rep);
	free(buf);
	return rc;
}

/* Lower-case ASCII letters and digits only, single spaces: "SALEK, ABDULHAI" -> "salek abdulhai". */
static void simple(const char *s, char *out, size_t cap)
{
	size_t o = 0;
	int sp = 0;

	for (; *s && o + 2 < cap; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
			if (sp && o)
				out[o++] = ' ';
			sp = 0;
			out[o++] = (char)(c | 0x20);
		} else if (c >= '0' && c <= '9') {
			if (sp && o)
				out[o++] = ' ';
			sp = 0;
			out[o++] = (char)c;
		} else if (c >= 0x80) {
			if (sp && o)
				out[o++] = ' ';
			sp = 0;
			out[o++] = (char)c;
		} else {
			sp = 1;
		}
	}
	out[o] = 0;
}

/* Entity of ix whose some name equals name (simplified), or -1. */
static long find_exact(const struct vigil_index *ix, const char *name, size_t from, size_t to)
{
	char a[512], b[512];
	size_t i;

	simple(name, a, sizeof(a));
	for (i = from; i < to; i++) {
		const struct vigil_entity *e = vigil_index_get(ix, i);
		const struct vigil_name *n;

		for (n = e->names; n; n = n->next) {
			simple(n->text, b, sizeof(b));
			if (!strcmp(a, b))
				return (long)i;
		}
	}
	return -1;
}

static size_t top_hits(struct vigil_matcher *m, const char *name, int schema, struct vigil_hit *h, size_t cap, double thr,
		       int keep)
{
	struct vigil_query q;
	struct vigil_match_opts o = { thr, cap, keep };
	size_t n = 0;

	memset(&q, 0, sizeof(q));
	q.name = name;
	q.schema = schema;
	vigil_match(m, &q, &o, h, cap, &n);
	return n;
}

static void un_positives(struct vigil_matcher *m, const struct vigil_index *ix, size_t un_from, size_t un_to,
			 const char *dir, double thr)
{
	char p1[4200], p2[4200];
	size_t l1, l2;
	char *b1, *b2;
	struct vigil__csv c1, c2;
	int r1, r2;
	size_t rows = 0, truth = 0, at1u = 0, at1t = 0, hitu = 0, hitt = 0;
	struct vigil_hit h[5];

	snprintf(p1, sizeof(p1), "%s/positives_un_untreated.csv", dir);
	snprintf(p2, sizeof(p2), "%s/positives_un_treated.csv", dir);
	b1 = slurp(p1, &l1);
	b2 = slurp(p2, &l2);
	if (!b1 || !b2) {
		printf("SKIP: yente UN positives absent\n");
		free(b1);
		free(b2);
		return;
	}
	vigil__csv_init(&c1, b1, l1, 0, NULL);
	vigil__csv_init(&c2, b2, l2, 0, NULL);
	vigil__csv_next(&c1);
	vigil__csv_next(&c2);
	while ((r1 = vigil__csv_next(&c1)) == 1 && (r2 = vigil__csv_next(&c2)) == 1) {
		const char *nu = vigil__csv_f(&c1, 0), *nt = vigil__csv_f(&c2, 0);
		long want = find_exact(ix, nu, un_from, un_to);
		size_t n;

		rows++;
		if (want < 0)
			continue;
		truth++;
		n = top_hits(m, nu, VIGIL_SCHEMA_PERSON, h, 5, thr, 1);
		if (n && h[0].entity == (uint32_t)want)
			at1u++;
		if (n && h[0].entity == (uint32_t)want && h[0].score >= thr)
			hitu++;
		n = top_hits(m, nt, VIGIL_SCHEMA_PERSON, h, 5, thr, 1);
		if (n && h[0].entity == (uint32_t)want)
			at1t++;
		if (n && h[0].entity == (uint32_t)want && h[0].score >= thr)
			hitt++;
	}
	vigil__csv_release(&c1);
	vigil__csv_release(&c2);
	free(b1);
	free(b2);
	printf("yente UN positives (%zu rows, %zu with their UN record found by exact name):\n", rows, truth);
	printf("  untreated: recall@1 %.3f (%zu/%zu), top-1 also above threshold %.3f\n", truth ? (double)at1u / truth : 0,
	       at1u, truth, truth ? (double)hitu / truth : 0);
	printf("  treated:   recall@1 %.3f (%zu/%zu), top-1 also above threshold %.3f\n", truth ? (double)at1t / truth : 0,
	       at1t, truth, truth ? (double)hitt / truth : 0);
}

static void negatives(struct vigil_matcher *m, const char *path, double thr)
{
	size_t len, rows = 0, fp = 0;
	char *b = slurp(path, &len);
	struct vigil__csv c;
	struct vigil_hit h[3];

	if (!b) {
		printf("SKIP: %s absent\n", path);
		return;
	}
	vigil__csv_init(&c, b, len, 0, NULL);
	vigil__csv_next(&c);
	while (vigil__csv_next(&c) == 1) {
		size_t n = top_hits(m, vigil__csv_f(&c, 0), VIGIL_SCHEMA_PERSON, h, 3, thr, 0);

		rows++;
		if (n > 0) {
			fp++;
			if (getenv("EVAL_NEG_DUMP")) /* the query and its best hit */
				printf("    FP %.3f %s | %s\n", h[0].score, vigil__csv_f(&c, 0), h[0].list_name ? h[0].list_name : "?");
		}
	}
	vigil__csv_release(&c);
	free(b);
	printf("  %-70s %6zu queries, %5zu with a hit: %.1f FP per 1,000\n", path, rows, fp, rows ? 1000.0 * fp / rows : 0);
}

static void cross_script(struct vigil_index *ix, struct vigil_translit *t, const char *path, double thr)
{
	size_t len, i, n0 = vigil_index_count(ix);
	char *b = slurp(path, &len), *p, *e;
	struct vigil_source src;
	int sn, err, section = 0;
	struct vigil_matcher *m;
	struct { char q[128], want[128], sect[64]; } rows[64];
	size_t nr = 0, ok = 0, need = 0, okneed = 0;
	char sect[64] = "";

	if (!b) {
		printf("SKIP: %s absent\n", path);
		return;
	}
	/* "# Korean (Hangul) to Latin ..." section headers, then "query,expected,min,description" rows. */
	for (p = b; p < b + len && nr < 64; p = e + 1) {
		char *c1, *c2;

		e = strchr(p, '\n');
		if (!e)
			e = b + len;
		*e = 0;
		if (p[0] == '#') {
			if (strstr(p, " to Latin"))
				snprintf(sect, sizeof(sect), "%.*s", (int)(strstr(p, " to Latin") - p - 2), p + 2);
			continue;
		}
		if (!(c1 = strchr(p, ',')) || !(c2 = strchr(c1 + 1, ',')))
			continue;
		snprintf(rows[nr].q, sizeof(rows[nr].q), "%.*s", (int)(c1 - p), p);
		snprintf(rows[nr].want, sizeof(rows[nr].want), "%.*s", (int)(c2 - c1 - 1), c1 + 1);
		snprintf(rows[nr].sect, sizeof(rows[nr].sect), "%s", sect);
		nr++;
	}
	(void)section;
	/* The expected Latin names join the real lists as extra person entities. */
	memset(&src, 0, sizeof(src));
	src.list = "eval targets";
	src.format = "eval";
	src.path = path;
	src.group = 999;
	sn = vigil_index_add_source(ix, &src);
	for (i = 0; i < nr; i++) {
		char id[16];
		struct vigil_entity *en;

		snprintf(id, sizeof(id), "x%zu", i);
		en = vigil_index_add_entity(ix, sn, VIGIL_SCHEMA_PERSON, id, strlen(id), &err);
		if (en)
			vigil_entity_add_name(ix, en, VIGIL_NAME_PRIMARY, rows[i].want, strlen(rows[i].want));
	}
	m = vigil_matcher_new(ix, t, &err);
	printf("Watchman cross-script pairs (expected Latin names added to all real lists; retrieved = in the top 5 above threshold):\n");
	for (i = 0; m && i < nr; i++) {
		struct vigil_hit h[5];
		size_t n = top_hits(m, rows[i].q, VIGIL_SCHEMA_PERSON, h, 5, thr, 1);
		char s1[256], s2[256];
		int got;
		size_t k;

		simple(rows[i].want, s1, sizeof(s1));
		s2[0] = 0;
		/* Retrieved: the added target (or a listed entity of exactly that name) is among the top 5, above threshold. */
		got = 0;
		for (k = 0; k < n && !got; k++)
			if ((h[k].entity == n0 + i || find_exact(ix, rows[i].want, h[k].entity, h[k].entity + 1) >= 0) &&
			    h[k].score >= thr)
				got = (int)k + 1;
		(void)s2;
		int req = strstr(rows[i].sect, "Korean") || strstr(rows[i].sect, "Cyrillic") || strstr(rows[i].sect, "Chinese");

		ok += got > 0;
		need += req;
		okneed += req && got;
		printf("  %-9s %-22s -> %-18s %s rank %d, top score %.3f%s\n", rows[i].sect, rows[i].q, rows[i].want,
		       got ? "retrieved" : "MISSED   ", got, n ? h[0].score : 0,
		       req ? "" : " (script not required)");
	}
	printf("  Hangul/Cyrillic/Han: %zu of %zu retrieved; all scripts: %zu of %zu\n", okneed, need, ok, nr);
	vigil_matcher_free(m);
	free(b);
}

static void traps(struct vigil_matcher *m, const struct vigil_index *ix, double thr)
{
	static const char *const pairs[][2] = {
		{ "MARIA", "MARIA E" }, { "LADY R", "LADY RANIA" }, { "ANGARA", "SASCO ANGARA" }, { "MI RIM", "MI RIM 2" },
	};
	size_t i, k;
	int all = 1;

	printf("Russia-DPRK vessel traps (query -> rank of the ship itself / score of the near-miss):\n");
	for (i = 0; i < 4; i++) {
		for (k = 0; k < 2; k++) {
			const char *q = pairs[i][k], *other = pairs[i][1 - k];
			struct vigil_hit h[10];
			size_t n = top_hits(m, q, VIGIL_SCHEMA_VESSEL, h, 10, thr, 1), j;
			int self = 0, oth = 0;
			double ss = 0, so = 0;

			for (j = 0; j < n; j++) {
				const char *nm = vigil_index_get(ix, h[j].entity)->names->text;

				if (!self && !strcmp(nm, q))
					self = (int)j + 1, ss = h[j].score;
				if (!oth && !strcmp(nm, other))
					oth = (int)j + 1, so = h[j].score;
			}
			if (self != 1 || (oth && so >= ss))
				all = 0;
			printf("  %-12s: itself rank %d (%.3f); %-12s %s%s (%.3f)%s\n", q, self, ss, other,
			       oth ? "rank " : "not ranked", oth ? (char[4]){ (char)('0' + oth), 0 } : "", so,
			       oth && so >= thr ? " [above threshold: carries the other's name as alias]" : "");
		}
	}
	printf("  traps ranked correctly: %s\n", all ? "yes" : "NO");
}

int main(int argc, char **argv)
{
	const char *shared = getenv("VIGIL_SHARED") ? getenv("VIGIL_SHARED") : "../shared";
	char p[4096];
	double thr = argc > 1 ? atof(argv[1]) : VIGIL_MATCH_THRESHOLD;
	int verbose = argc > 2 ? atoi(argv[2]) : 0, err;
	size_t len, nh;
	char *hj;

	tr = vigil_translit_new(&err);
	if (!tr) {
		fprintf(stderr, "translit: %s\n", vigil_strerror(err));
		return 2;
	}
	if ((hj = slurp("/usr/share/libhangul/hanja/hanja.txt", &len)) != NULL) {
		vigil_translit_load_hanja(tr, hj, len, &nh);
		free(hj);
	}
	snprintf(p, sizeof(p), "%s/data/sanctions/eval/nomenklatura_name_bench_cases.csv", shared);
	name_bench(p, thr, verbose);
	if (verbose > 1 || getenv("EVAL_NAMES_ONLY")) {
		vigil_translit_free(tr);
		return 0;
	}
	{
		struct vigil_index *ix = vigil_index_new(NULL);
		struct vigil_matcher *m;
		size_t un_from, un_to;
		static const char *const files[] = { "ofac/sdn_2024-05-03.csv", "ofac/alt_2026-03.csv",
						     "opensanctions/ua_war_sanctions_targets.simple_2026-03-13.csv" };
		size_t i;

		for (i = 0; i < 3; i++) {
			snprintf(p, sizeof(p), "%s/data/sanctions/%s", shared, files[i]);
			load_file(ix, p, 1);
		}
		un_from = vigil_index_count(ix);
		snprintf(p, sizeof(p), "%s/data/sanctions/un/UN_consolidated_2026-02-27.xml", shared);
		load_file(ix, p, 2);
		un_to = vigil_index_count(ix);
		m = vigil_matcher_new(ix, tr, &err);
		if (!m) {
			fprintf(stderr, "matcher: %s\n", vigil_strerror(err));
			return 2;
		}
		printf("index: %zu entities (OFAC SDN 2024-05-03 + alt, OpenSanctions UA war, UN 2026-02-27)\n", vigil_index_count(ix));
		traps(m, ix, thr);
		{
			/* UN positives are searched in the UN list alone: the target is its UN record. */
			struct vigil_index *ux = vigil_index_new(NULL);
			struct vigil_matcher *um;

			snprintf(p, sizeof(p), "%s/data/sanctions/un/UN_consolidated_2026-02-27.xml", shared);
			load_file(ux, p, 2);
			um = vigil_matcher_new(ux, tr, &err);
			snprintf(p, sizeof(p), "%s/data/sanctions/eval/yente_candidate_generation", shared);
			if (um)
				un_positives(um, ux, 0, vigil_index_count(ux), p, thr);
			vigil_matcher_free(um);
			vigil_index_free(ux);
			(void)un_from, (void)un_to;
		}
		printf("false positives on yente negative sets (threshold %.2f, Person):\n", thr);
		snprintf(p, sizeof(p), "%s/data/sanctions/eval/yente_validation_report/negatives_global.csv", shared);
		negatives(m, p, thr);
		snprintf(p, sizeof(p), "%s/data/sanctions/eval/yente_validation_report/negatives_us.csv", shared);
		negatives(m, p, thr);
		if (!getenv("EVAL_QUICK")) {
			snprintf(p, sizeof(p), "%s/data/sanctions/eval/yente_candidate_generation/negatives_global.csv", shared);
			negatives(m, p, thr);
			snprintf(p, sizeof(p), "%s/data/sanctions/eval/yente_candidate_generation/negatives_us.csv", shared);
			negatives(m, p, thr);
		}
		vigil_matcher_free(m);
		snprintf(p, sizeof(p), "%s/data/sanctions/eval/watchman_cross_script_pairs.csv", shared);
		cross_script(ix, tr, p, thr);
		vigil_index_free(ix);
	}
	vigil_translit_free(tr);
	return 0;
}
