/* screen_bench.c - screening speed: load + index every real list file, name queries per second, p99 latency, RSS;
 * against a named peer measured in the same run: a brute-force Jaro-Winkler scan over every listed name
 * (the shape of moov-io/watchman's search, reimplemented here). Standalone: not globbed by the Makefile.
 * Usage: screen_bench DIR [QUERIES]   (DIR = ../shared/data/sanctions; env DUMP=file writes every query's hits,
 * NO_PEER=1 skips the peer scan, SLOW=us prints slower queries) */
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

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "../shared/data/sanctions";
	int nq = argc > 2 ? atoi(argv[2]) : 20000, i, pass, err, nfiles = 0;
	struct vigil_index *ix = vigil_index_new(NULL);
	struct vigil_translit *tr = vigil_translit_new(&err);
	struct vigil_matcher *m;
	double t0, t1, t2, u0, u1, u2, *lat;
	char **q = malloc((size_t)nq * sizeof(*q));
	int have = 0;
	size_t len, nh;
	char *hj = slurp("/usr/share/libhangul/hanja/hanja.txt", &len);

	if (!tr || !ix || !q)
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
	/* Workload: real listed names (every 3rd entity) and made-up persons from the yente negatives. */
	{
		char p[4096], *b;
		size_t k;

		for (k = 0; k < vigil_index_count(ix) && have < nq / 2; k += 3)
			q[have++] = strdup(vigil_index_get(ix, k)->names->text);
		snprintf(p, sizeof(p), "%s/eval/yente_candidate_generation/negatives_global.csv", dir);
		if ((b = slurp(p, &len)) != NULL) {
			char *s = strchr(b, '\n');

			while (s && have < nq) {
				char *e = strchr(s + 1, '\n'), *c;

				if (!e)
					break;
				*e = 0;
				c = strchr(s + 1, ',');
				if (c && c > s + 1) {
					*c = 0;
					q[have++] = strdup(s + 1);
				}
				s = e;
			}
			free(b);
		}
	}
	lat = malloc((size_t)have * sizeof(*lat));
	{
		struct vigil_hit *h = malloc(10 * sizeof(*h));
		struct vigil_match_opts o = { 0, 10, 0 };
		double s0 = now(), s1, c0 = cpu(), c1;
		size_t n, hits = 0;
		FILE *dump = getenv("DUMP") ? fopen(getenv("DUMP"), "w") : NULL; /* results, to check a change keeps them */

		for (i = 0; i < have; i++) {
			struct vigil_query qq;
			double a = cpu();

			memset(&qq, 0, sizeof(qq));
			qq.name = q[i];
			vigil_match(m, &qq, &o, h, 10, &n);
			hits += n > 0;
			lat[i] = cpu() - a;
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
