/* harness.h - the tiny test harness: CHECK macros that print both operands, counted. */
#ifndef VIGIL_TEST_HARNESS_H
#define VIGIL_TEST_HARNESS_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Each tests/test_*.c is its own program: it runs its checks and ends with
 * TEST_END, which prints "#counts P F" for tests/run.sh to sum.
 * A check that needs ../shared calls SKIP() with a reason when it is absent.
 */
static int t_pass, t_fail;

#define CHECK(cond) do { if (cond) t_pass++; else { t_fail++; \
	fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } } while (0)

#define CHECK_INT(a, b) do { long long a_ = (long long)(a), b_ = (long long)(b); \
	if (a_ == b_) t_pass++; else { t_fail++; \
	fprintf(stderr, "FAIL %s:%d: %s == %s (%lld != %lld)\n", __FILE__, __LINE__, #a, #b, a_, b_); } } while (0)

#define CHECK_DBL(a, b, eps) do { double a_ = (double)(a), b_ = (double)(b); \
	if (a_ - b_ <= (eps) && b_ - a_ <= (eps)) t_pass++; else { t_fail++; \
	fprintf(stderr, "FAIL %s:%d: %s ~= %s (%.9g != %.9g)\n", __FILE__, __LINE__, #a, #b, a_, b_); } } while (0)

#define CHECK_STR(a, b) do { const char *a_ = (a), *b_ = (b); \
	if (a_ && b_ && strcmp(a_, b_) == 0) t_pass++; else { t_fail++; \
	fprintf(stderr, "FAIL %s:%d: %s == %s (\"%s\" != \"%s\")\n", __FILE__, __LINE__, #a, #b, \
		a_ ? a_ : "(null)", b_ ? b_ : "(null)"); } } while (0)

#define SKIP(why) fprintf(stderr, "SKIP: %s\n", why)

#define TEST_END() do { printf("#counts %d %d\n", t_pass, t_fail); return t_fail ? 1 : 0; } while (0)

/* Path of the shared reference data (env VIGIL_SHARED or ../shared), or NULL if absent. */
static inline const char *test_shared(void)
{
	const char *s = getenv("VIGIL_SHARED");
	static char buf[4096];
	FILE *f;

	if (!s)
		s = "../shared";
	snprintf(buf, sizeof(buf), "%s/data/README.md", s);
	f = fopen(buf, "r");
	if (!f)
		return NULL;
	fclose(f);
	snprintf(buf, sizeof(buf), "%s", s);
	return buf;
}

/* Read a whole file into a malloc'd NUL-terminated buffer; NULL on failure. */
static inline char *test_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, r;

	if (!f)
		return NULL;
	for (;;) {
		if (cap - n < 65536) {
			char *nb = realloc(buf, cap = cap * 2 + 65536);
			if (!nb) { free(buf); fclose(f); return NULL; }
			buf = nb;
		}
		r = fread(buf + n, 1, cap - n - 1, f);
		if (r == 0)
			break;
		n += r;
	}
	fclose(f);
	buf[n] = 0;
	if (len)
		*len = n;
	return buf;
}

#endif
