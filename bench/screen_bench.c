/* screen_bench.c - screening speed: load + index every real list file, name queries per second, p99 latency, RSS;
 * against a named peer measured in the same run: a brute-force Jaro-Winkler scan over every listed name
 * (the shape of moov-io/watchman's search, reimplemented here). Standalone: not globbed by the Makefile.
 * Usage: screen_bench DIR [QUERIES]   (DIR = ../shared/data/sanctions; env DUMP=file writes every query's hits,
 * NO_PEER=1 skips the peer scan, SLOW=us prints slower queries, QUERIES=file takes the queries from a file, one a line) */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "vigil/entity.h"
#include "vigil/error.h"
#include "vigil/lists.h"
#include "vigil/match.h"
#include "vigil/names.h"
#include "vigil/translit.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU time of this thread: latencies free of the preemption that a shared machine adds. */
static double cpu(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *b;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	b = malloc((size_t)n + 1);
	if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
		free(b);
		b = NULL;
	}
	fclose(f);
	if (b) {
		b[n] = 0;
		*len = (size_t)n;
	}
	return b;
}

static char *paths[512];
static int npaths;

static void walk(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	while (d && (de = readdir(d)) != NULL && npaths < 512) {
		char p[4096];
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, de->d_name);
		if (stat(p, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			walk(p);
		else
			paths[npaths++] = strdup(p);
	}
	if (d)
		closedir(d);
}

static int cmpd(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static long rss_kb(const char *key)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)))
			v = atol(line + strlen(key));
	if (f)
		fclose(f);
	return v;
}

static uint64_t rnd(uint64_t *s)
{
	*s = *s * 6364136223846793005ull + 1442695040888963407ull;
	return *s >> 33;
}

/* A listed name as a user might type it: one of a typo (letter dropped, doubled, swapped with the next or
 * replaced), words in another order, a word dropped, lower case, punctuation removed. UTF-8 kept valid:
 * letter edits only touch ASCII letters. Returns a malloc'd string. */
static char *perturb(const char *s, uint64_t *rng)
{
	size_t l = strlen(s), i, pos[512], np = 0, o = 0;
	char *r = malloc(l + 2), *w[64];
	int kind = (int)(rnd(rng) % 8), nw = 0, a;

	if (!r)
		return NULL;
	for (i = 0; i < l && np < 512; i++)
		if ((s[i] | 32) >= 'a' && (s[i] | 32) <= 'z')
			pos[np++] = i;
	if (kind < 4 && np < 4)
		kind = 6;
	if (kind < 4) {
		i = pos[rnd(rng) % np];
		memcpy(r, s, i);
		if (kind == 0) /* dropped */
			memcpy(r + i, s + i + 1, l - i);
		else if (kind == 1) { /* doubled */
			r[i] = s[i];
			memcpy(r + i + 1, s + i, l - i + 1);
		} else if (kind == 2 && i + 1 < l && ((s[i + 1] | 32) >= 'a' && (s[i + 1] | 32) <= 'z')) { /* swapped */
			r[i] = s[i + 1];
			r[i + 1] = s[i];
			memcpy(r + i + 2, s + i + 2, l - i - 1);
		} else { /* replaced */
			memcpy(r + i, s + i, l - i + 1);
			r[i] = (char)((s[i] & 32) | ("AEIOULNRSTKMH"[rnd(rng) % 13]));
		}
		return r;
	}
	memcpy(r, s, l + 1);
	if (kind == 6) { /* lower case, punctuation removed */
		for (i = o = 0; i < l; i++)
			if (s[i] != ',' && s[i] != '.' && s[i] != '"')
				r[o++] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
		r[o] = 0;
		return r;
	}
	for (i = 0; i < l; i++)
		if (r[i] == ' ' || r[i] == ',')
			r[i] = 0;
	for (i = 0; i < l && nw < 64; i++)
		if (r[i] && (i == 0 || !r[i - 1]))
			w[nw++] = r + i;
	if (nw < 2)
		return memcpy(r, s, l + 1);
	{
		char *t = malloc(l + 2);
		int drop = kind == 4 && nw > 2 ? (int)(rnd(rng) % (size_t)nw) : -1, first = kind == 4 ? 0 : (int)(rnd(rng) % (size_t)(nw - 1)) + 1;

		if (!t)
			return r;
		for (a = 0, o = 0; a < nw; a++) { /* kind 4: a word dropped; else: rotated to start at word first */
			int x = (a + first) % nw;
			size_t wl = strlen(w[x]);

			if (x == drop)
				continue;
			if (o)
				t[o++] = ' ';
			memcpy(t + o, w[x], wl);
			o += wl;
		}
		t[o] = 0;
		free(r);
		return t;
	}
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "../shared/data/sanctions";
	int nq = argc > 2 ? atoi(argv[2]) : 20000, i, pass, err, nfiles = 0;
	struct vigil_index *ix = vigil_index_new(NULL);
	struct vigil_translit *tr = vigil_translit_new(&err);
	struct vigil_matcher *m;
	double t0, t1, t2, u0, u1, u2, *lat;
	char **q = malloc((size_t)nq * sizeof(*q));
	int *qkind = malloc((size_t)nq * sizeof(*qkind)); /* 0 listed, 1 perturbed, 2 on no list */
	int have = 0;
	size_t len, nh;
	char *hj = slurp("/usr/share/libhangul/hanja/hanja.txt", &len);

	if (!tr || !ix || !q || !qkind)
		return 2;
	walk(dir);
	if (!npaths) {
		printf("SKIP: %s not found\n", dir);
		return 0;
	}
	t0 = now();
	u0 = cpu();
	if (hj) {
		vigil_translit_load_hanja(tr, hj, len, &nh);
		free(hj);
	}
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < npaths; i++) {
			char *b = slurp(paths[i], &len);
			int fmt = b ? vigil_list_detect(b, len) : VIGIL_LIST_NONE;
			struct vigil_source s;
			struct vigil_list_report rep;

			if (fmt != VIGIL_LIST_NONE && vigil_list_is_secondary(fmt) == pass) {
				memset(&s, 0, sizeof(s));
				s.list = vigil_list_publisher(fmt);
				s.format = vigil_list_format_name(fmt);
				s.path = paths[i];
				s.group = (uint32_t)(strrchr(paths[i], '/') - paths[i]) * 131u + (uint32_t)paths[i][strrchr(paths[i], '/') - paths[i] - 1];
				vigil_list_load(ix, vigil_index_add_source(ix, &s), fmt, b, len, NULL, &rep);
				nfiles++;
			}
			free(b);
		}
	t1 = now();
	u1 = cpu();
	m = vigil_matcher_new(ix, tr, &err);
	t2 = now();
	u2 = cpu();
	if (!m)
		return 2;
	printf("lists: %d files, %zu entities; load %.3f s + index %.3f s = %.3f s wall (target < 2 s); CPU time load %.3f s + "
	       "index %.3f s = %.3f s; matcher %.1f MB\n", nfiles, vigil_index_count(ix), t1 - t0, t2 - t1, t2 - t0, u1 - u0,
	       u2 - u1, u2 - u0, vigil_matcher_bytes(m) / 1e6);
	/* Workload (not flattering): a third listed names as written (any of an entity's names), a third listed names
	 * with a perturbation a user makes (typo, order, dropped word, case, punctuation), a third names on no list
	 * (the yente negative sets: persons in many scripts). Deterministic: the same queries on every run. */
	{
		char p[4096], *b;
		size_t k, ne = vigil_index_count(ix), nneg = 0;
		char **neg = malloc((size_t)nq * sizeof(*neg));
		const char *negf[2] = { "negatives_global.csv", "negatives_us.csv" };
		uint64_t rng = 0x9E3779B97F4A7C15ull;
		int f;

		for (f = 0; f < 2 && neg; f++) {
			snprintf(p, sizeof(p), "%s/eval/yente_candidate_generation/%s", dir, negf[f]);
			if ((b = slurp(p, &len)) != NULL) {
				char *s = strchr(b, '\n');

				while (s && nneg < (size_t)nq) {
					char *e = strchr(s + 1, '\n'), *c;

					if (!e)
						break;
					*e = 0;
					c = strchr(s + 1, ',');
					if (c && c > s + 1) {
						*c = 0;
						neg[nneg++] = strdup(s + 1);
					}
					s = e;
				}
				free(b);
			}
		}
		if (getenv("QUERIES") && (b = slurp(getenv("QUERIES"), &len)) != NULL) {
			char *s = b, *e;

			for (; *s && have < nq; s = e + 1) {
				if (!(e = strchr(s, '\n')))
					e = s + strlen(s) - 1;
				else
					*e = 0;
				if (*s) {
					qkind[have] = 2;
					q[have++] = strdup(s);
				}
				if (!e[1])
					break;
			}
			free(b);
			ne = 0;
		}
		for (k = 0; have < nq && ne; k++) {
			int kind = (int)(k % 3);
			const struct vigil_entity *en;
			const struct vigil_name *nm;
			size_t j, pick;

			if (kind == 2) {
				if (nneg) {
					qkind[have] = 2;
					q[have++] = strdup(neg[(k / 3) * 7 % nneg]);
				}
				continue;
			}
			en = vigil_index_get(ix, (size_t)(rnd(&rng) % ne));
			pick = en->n_names ? (size_t)(rnd(&rng) % en->n_names) : 0;
			for (nm = en->names, j = 0; nm && nm->next && j < pick; nm = nm->next, j++)
				;
			if (!nm)
				continue;
			qkind[have] = kind;
			q[have++] = kind == 0 ? strdup(nm->text) : perturb(nm->text, &rng);
		}
		for (k = 0; k < nneg; k++)
			free(neg[k]);
		free(neg);
	}
	lat = malloc((size_t)have * sizeof(*lat));
	{
		struct vigil_hit *h = malloc(10 * sizeof(*h));
		struct vigil_match_opts o = { 0, 10, 0 };
		double s0 = now(), s1, c0 = cpu(), c1;
		size_t n, hits = 0, kn[3] = { 0, 0, 0 };
		double kt[3] = { 0, 0, 0 };
		FILE *dump = getenv("DUMP") ? fopen(getenv("DUMP"), "w") : NULL; /* results, to check a change keeps them */

		for (i = 0; i < have; i++) {
			struct vigil_query qq;
			double a = cpu();

			memset(&qq, 0, sizeof(qq));
			qq.name = q[i];
			vigil_match(m, &qq, &o, h, 10, &n);
			hits += n > 0;
			lat[i] = cpu() - a;
			kt[qkind[i]] += lat[i];
			kn[qkind[i]]++;
			if (dump) {
				size_t x;

				fprintf(dump, "%s\t%zu", q[i], n);
				for (x = 0; x < n; x++)
					fprintf(dump, "\t%u:%.9f:%.9f:%d:%s", h[x].entity, h[x].score, h[x].name_score, h[x].ofac_score,
						h[x].list_name);
				fputc('\n', dump);
			}
			if (getenv("SLOW") && lat[i] > atof(getenv("SLOW")) * 1e-6)
				printf("slow: %.0f us %s\n", lat[i] * 1e6, q[i]);
		}
		s1 = now();
		c1 = cpu();
		if (dump)
			fclose(dump);
		qsort(lat, (size_t)have, sizeof(*lat), cmpd);
		printf("mean CPU latency by kind: listed names %.1f us (%zu), perturbed %.1f us (%zu), on no list %.1f us (%zu)\n",
		       kn[0] ? kt[0] / kn[0] * 1e6 : 0, kn[0], kn[1] ? kt[1] / kn[1] * 1e6 : 0, kn[1], kn[2] ? kt[2] / kn[2] * 1e6 : 0,
		       kn[2]);
		printf("vigil: %d name queries: %.0f queries/s of CPU time on one core (%.0f/s wall clock, shared machine), "
		       "CPU latency p50 %.1f us, p99 %.1f us (target >= 20000/s, p99 < 1000 us); %zu with hits\n",
		       have, have / (c1 - c0), have / (s1 - s0), lat[have / 2] * 1e6, lat[have * 99 / 100] * 1e6, hits);
		/* Peer: brute-force Jaro-Winkler of the query against every listed name (watchman-style scan), on a sample. */
		{
			int sample = getenv("NO_PEER") ? 0 : have < 20 ? have : 20, j;
			double p0 = now(), p1, best = 0;
			size_t e, ne = vigil_index_count(ix);

			for (j = 0; j < sample; j++) {
				char a[VIGIL_TRANSLIT_MAX];
				char f1[1][VIGIL_TRANSLIT_MAX];

				vigil_translit_latin(tr, q[j * (have / sample)], strlen(q[j * (have / sample)]), f1, 1);
				snprintf(a, sizeof(a), "%s", f1[0]);
				for (e = 0; e < ne; e++) {
					const struct vigil_name *nm;

					for (nm = vigil_index_get(ix, e)->names; nm; nm = nm->next) {
						char f2[1][VIGIL_TRANSLIT_MAX];
						double s;

						vigil_translit_latin(tr, nm->text, strlen(nm->text), f2, 1);
						s = vigil_jaro_winkler(a, strlen(a), f2[0], strlen(f2[0]));
						if (s > best)
							best = s;
					}
				}
			}
			p1 = now();
			if (sample) printf("peer (brute-force Jaro-Winkler scan, %d queries): %.1f queries/s; vigil is %.0fx faster\n", sample,
			       sample / (p1 - p0), (have / (s1 - s0)) / (sample / (p1 - p0)));
		}
		free(h);
	}
	printf("memory: VmHWM %ld kB, VmRSS %ld kB (target < 300 MB)\n", rss_kb("VmHWM:"), rss_kb("VmRSS:"));
	vigil_matcher_free(m);
	vigil_translit_free(tr);
	vigil_index_free(ix);
	return 0;
}
