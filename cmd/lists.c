/* lists.c - 'vigil lists check|fetch': load list directories by content; download official files. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "vigil/entity.h"
#include "vigil/error.h"
#include "vigil/lists.h"
#include "cmd.h"

#define MAX_FILES 4096
#define MAX_FILE_BYTES ((size_t)512 << 20)

/* Shared with screen.c: load a list file or a directory of them into ix. */
int cmd_lists_load(struct vigil_index *ix, const char *path, FILE *log, int *nlists);
int cmd_lists_fetch(const char *cache, FILE *log);

struct lfile {
	char *path;
	uint32_t group;
	int fmt;
};

static char *slurp(const char *path, size_t *len, const char **why)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, r;

	*why = NULL;
	if (!f) {
		*why = strerror(errno);
		return NULL;
	}
	for (;;) {
		if (cap - n < 65536) {
			char *nb;

			if (cap > MAX_FILE_BYTES) {
				*why = "file over the 512 MiB limit";
				free(buf);
				fclose(f);
				return NULL;
			}
			nb = realloc(buf, cap = cap * 2 + 65536);
			if (!nb) {
				*why = "out of memory";
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		r = fread(buf + n, 1, cap - n - 1, f);
		if (r == 0)
			break;
		n += r;
	}
	if (ferror(f))
		*why = "read error";
	fclose(f);
	buf[n] = 0;
	*len = n;
	if (*why) {
		free(buf);
		return NULL;
	}
	return buf;
}

static int cmp_lfile(const void *a, const void *b)
{
	return strcmp(((const struct lfile *)a)->path, ((const struct lfile *)b)->path);
}

static void collect(const char *dir, int depth, struct lfile *files, size_t *n, uint32_t *group, FILE *log)
{
	DIR *d;
	struct dirent *de;
	uint32_t g = (*group)++;

	if (depth > 6 || !(d = opendir(dir)))
		return;
	while ((de = readdir(d)) != NULL && *n < MAX_FILES) {
		char p[4096];
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(p, sizeof(p), "%s/%s", dir, de->d_name) >= sizeof(p))
			continue;
		if (stat(p, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			collect(p, depth + 1, files, n, group, log);
		} else if (S_ISREG(st.st_mode)) {
			files[*n].path = strdup(p);
			files[*n].group = g;
			files[*n].fmt = VIGIL_LIST_NONE;
			if (files[*n].path)
				(*n)++;
		}
	}
	closedir(d);
	(void)log;
}

/* A list date from the file name (sdn_2024-05-03.csv) when the content has none. */
static void name_date(const char *path, char out[11])
{
	const char *b = strrchr(path, '/');
	size_t i;

	b = b ? b + 1 : path;
	out[0] = 0;
	for (i = 0; b[i]; i++) {
		if (b[i] >= '1' && b[i] <= '2' && strlen(b + i) >= 7 && b[i + 4] == '-') {
			size_t k;

			for (k = 0; k < 4 && b[i + k] >= '0' && b[i + k] <= '9'; k++)
				;
			if (k < 4)
				continue;
			memcpy(out, b + i, 7);
			out[7] = 0;
			if (b[i + 7] == '-' && b[i + 8] >= '0' && b[i + 8] <= '9' && b[i + 9] >= '0' && b[i + 9] <= '9') {
				memcpy(out, b + i, 10);
				out[10] = 0;
			}
			return;
		}
	}
}

static void sha256_hex(const char *buf, size_t len, char out[65])
{
	unsigned char md[32];
	unsigned int mdlen = 0, i;

	out[0] = 0;
	if (!EVP_Digest(buf, len, md, &mdlen, EVP_sha256(), NULL))
		return;
	for (i = 0; i < mdlen && i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

static int load_one(struct vigil_index *ix, struct lfile *lf, FILE *log, int *nlists)
{
	struct vigil_source src;
	struct vigil_list_report rep;
	const char *why;
	size_t len;
	char *buf = slurp(lf->path, &len, &why);
	char date[11];
	int s, rc;

	if (!buf) {
		if (log)
			fprintf(log, "%s: %s\n", lf->path, why);
		return VIGIL_E_IO;
	}
	if (lf->fmt == VIGIL_LIST_NONE)
		lf->fmt = vigil_list_detect(buf, len);
	if (lf->fmt == VIGIL_LIST_NONE) {
		if (log)
			fprintf(log, "%s: skipped: not a list file in a known format\n", lf->path);
		free(buf);
		return VIGIL_E_OK;
	}
	memset(&src, 0, sizeof(src));
	src.list = vigil_list_publisher(lf->fmt);
	src.format = vigil_list_format_name(lf->fmt);
	src.path = lf->path;
	vigil_list_date(lf->fmt, buf, len, date);
	if (!date[0])
		name_date(lf->path, date);
	src.date = date;
	src.group = lf->group;
	src.noncommercial = (uint8_t)vigil_list_noncommercial(lf->fmt);
	sha256_hex(buf, len, src.sha256);
	s = vigil_index_add_source(ix, &src);
	if (s < 0) {
		free(buf);
		return -s;
	}
	rc = vigil_list_load(ix, s, lf->fmt, buf, len, NULL, &rep);
	free(buf);
	if (log) {
		fprintf(log, "%s: %s: %zu records, %zu entities (%zu vessels)", lf->path, src.format, rep.records,
			rep.entities, rep.vessels);
		if (rep.merged || rep.orphans)
			fprintf(log, ", %zu merged, %zu orphans skipped", rep.merged, rep.orphans);
		if (rep.skipped)
			fprintf(log, ", %zu malformed skipped", rep.skipped);
		fputc('\n', log);
		if (rep.first_error[0])
			fprintf(log, "%s:%zu: %s%s\n", lf->path, rep.first_line, rc ? "error: " : "", rep.first_error);
		if (src.noncommercial)
			fprintf(log, "%s: note: OpenSanctions data is licensed CC BY-NC 4.0 (non-commercial use only)\n",
				lf->path);
	}
	if (rc == VIGIL_E_OK)
		(*nlists)++;
	return rc;
}

int cmd_lists_load(struct vigil_index *ix, const char *path, FILE *log, int *nlists)
{
	struct stat st;
	struct lfile *files;
	size_t n = 0, i;
	uint32_t group = (uint32_t)vigil_index_nsources(ix) * 7919u + 1;
	int pass, rc = VIGIL_E_OK, r;

	if (stat(path, &st) != 0) {
		if (log)
			fprintf(log, "%s: %s\n", path, strerror(errno));
		return VIGIL_E_IO;
	}
	files = calloc(MAX_FILES, sizeof(*files));
	if (!files)
		return VIGIL_E_NOMEM;
	if (S_ISDIR(st.st_mode)) {
		collect(path, 0, files, &n, &group, log);
	} else {
		files[0].path = strdup(path);
		files[0].group = group;
		n = files[0].path ? 1 : 0;
	}
	qsort(files, n, sizeof(*files), cmp_lfile);
	/* Detect every file first so that primaries load before the files that extend them. */
	for (i = 0; i < n; i++) {
		FILE *f = fopen(files[i].path, "rb");
		char head[65536];
		size_t hl;

		if (!f)
			continue;
		hl = fread(head, 1, sizeof(head), f);
		fclose(f);
		files[i].fmt = vigil_list_detect(head, hl);
		if (files[i].fmt == VIGIL_LIST_NONE && log)
			fprintf(log, "%s: skipped: not a list file in a known format\n", files[i].path);
	}
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < n; i++) {
			if (files[i].fmt == VIGIL_LIST_NONE || vigil_list_is_secondary(files[i].fmt) != pass)
				continue;
			r = load_one(ix, &files[i], log, nlists);
			if (r != VIGIL_E_OK && rc == VIGIL_E_OK)
				rc = r;
		}
	for (i = 0; i < n; i++)
		free(files[i].path);
	free(files);
	return rc;
}

static int lists_check(int argc, char **argv)
{
	struct vigil_index *ix = vigil_index_new(NULL);
	int i, nl = 0, rc = VIGIL_E_OK, s;

	if (!ix)
		return 2;
	for (i = 0; i < argc; i++) {
		int r = cmd_lists_load(ix, argv[i], stdout, &nl);

		if (r != VIGIL_E_OK)
			rc = r;
	}
	printf("total: %d list files, %zu entities:", nl, vigil_index_count(ix));
	for (s = 1; s < VIGIL_SCHEMA__COUNT; s++)
		printf(" %s %zu", vigil_schema_name(s), vigil_index_count_schema(ix, s));
	printf("; %zu bytes held\n", vigil_index_bytes(ix));
	vigil_index_free(ix);
	return rc == VIGIL_E_OK ? 0 : 2;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: %s check DIR|FILE...   load list files (format found by content), print counts\n"
		   "       %s fetch [--cache DIR]   download the official lists into the cache (libcurl)\n",
		cmd_progname, cmd_progname);
}

int cmd_lists(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "check")) {
		if (argc < 3) {
			usage(stderr);
			return 2;
		}
		return lists_check(argc - 2, argv + 2);
	}
	if (!strcmp(argv[1], "fetch")) {
		const char *cache = NULL;
		int i;

		for (i = 2; i < argc; i++) {
			if (!strcmp(argv[i], "--cache") && i + 1 < argc) {
				cache = argv[++i];
			} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
				usage(stdout);
				return 0;
			} else {
				fprintf(stderr, "%s: fetch: unknown argument %s\n", cmd_progname, argv[i]);
				usage(stderr);
				return 2;
			}
		}
		return cmd_lists_fetch(cache, stderr);
	}
	usage(stderr);
	return 2;
}
