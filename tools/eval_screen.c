/* eval_screen.c - screening quality figures: nomenklatura name pairs, Watchman cross-script pairs,
 * yente UN positives / negatives, Russia-DPRK vessel traps. Built and run by tools/eval-screen.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/entity.h"
#include "vigil/error.h"
#include "vigil/lists.h"
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
		if (verbose && pred != truth2)
			printf("  %s %-6s %.3f %s | %s | %s [%s]\n", truth2 ? "FN" : "FP", q, s, group, n1, n2, schema);
	}
	vigil__csv_release(&c);
	free(buf);
	printf("nomenklatura name bench (%s), threshold %.2f:\n", path, thr);
	for (r = 0; r < nt; r++)
		tally_print(&t[r]);
	printf("  hull-number pairs labelled as matches, counted as non-matches in the second line: %d\n", hull);
	printf("  STRONG-quality cases wrong: %d\n", strong_wrong);
	return strong_wrong;
}

int main(int argc, char **argv)
{
	const char *shared = getenv("VIGIL_SHARED") ? getenv("VIGIL_SHARED") : "../shared";
	char p[4096];
	double thr = argc > 1 ? atof(argv[1]) : 0.80;
	int verbose = argc > 2, err;
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
	vigil_translit_free(tr);
	return 0;
}
