/* geodata.c - CLI side of the geography: locate data files, read them, hand buffers to the loaders. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vigil/error.h"
#include "vigil/geo.h"
#include "geodata.h"

#ifndef VIGIL_DATADIR
#define VIGIL_DATADIR "/usr/local/share/vigil"
#endif

static int is_dir(const char *p)
{
	struct stat sb;
	return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* Directory holding the running executable, "" when unknown. */
static const char *exe_dir(void)
{
	static char buf[PATH_MAX];
	ssize_t n;
	char *slash;

	if (buf[0])
		return buf;
	n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	if (n <= 0) {
		buf[0] = 0;
		return buf;
	}
	buf[n] = 0;
	slash = strrchr(buf, '/');
	if (slash)
		*slash = 0;
	return buf;
}

const char *geodata_dir(void)
{
	static char buf[PATH_MAX + 32];
	const char *e = getenv("VIGIL_DATADIR");

	if (e && *e)
		return e;
	if (is_dir("data/geo"))
		return "data";
	snprintf(buf, sizeof(buf), "%s/../data", exe_dir());
	if (exe_dir()[0] && is_dir(buf))
		return buf;
	return VIGIL_DATADIR;
}

/* Read a whole file (<= VIGIL_GEO_MAX_FILE) into a malloc'd buffer. 0 ok, else errno-like failure. */
static int slurp(const char *path, char **out, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	char *b = NULL;
	size_t n = 0, cap = 0, r;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return 2;
	}
	for (;;) {
		if (cap - n < 65536) {
			char *nb;
			if (cap > VIGIL_GEO_MAX_FILE) {
				snprintf(err, errlen, "%s: larger than %u bytes", path, VIGIL_GEO_MAX_FILE);
				free(b);
				fclose(f);
				return 2;
			}
			nb = realloc(b, cap = cap * 2 + 65536);
			if (!nb) {
				snprintf(err, errlen, "%s: out of memory", path);
				free(b);
				fclose(f);
				return 2;
			}
			b = nb;
		}
		r = fread(b + n, 1, cap - n - 1, f);
		if (r == 0)
			break;
		n += r;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		free(b);
		fclose(f);
		return 2;
	}
	fclose(f);
	b[n] = 0;
	*out = b;
	*len = n;
	return 0;
}

static int ends_with(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);
	return a >= b && strcasecmp(s + a - b, suf) == 0;
}

int geodata_load_file(struct vigil_geo *g, const char *path, int default_kind, char *err, size_t errlen)
{
	struct vigil_geo_loadinfo in;
	const char *base = strrchr(path, '/');
	char *buf;
	size_t len;
	int rc;

	if (slurp(path, &buf, &len, err, errlen))
		return 2;
	memset(&in, 0, sizeof(in));
	in.file = base ? base + 1 : path;
	if (ends_with(path, ".csv"))
		rc = vigil_geo_load_csv(g, buf, len, default_kind < 0 ? VIGIL_GEO_PORT : default_kind, 4.0, &in);
	else
		rc = vigil_geo_load_geojson(g, buf, len, default_kind < 0 ? VIGIL_GEO_USER : default_kind, &in);
	free(buf);
	if (rc) {
		snprintf(err, errlen, "%s (%s)", in.msg[0] ? in.msg : path, vigil_strerror(rc));
		return 2;
	}
	if (in.skipped)
		fprintf(stderr, "vigil: %s: %u entries loaded, %u skipped (first: %s)\n", path, in.added,
			in.skipped, in.first_skip);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int geodata_load_default(struct vigil_geo *g, char *err, size_t errlen)
{
	char dir[PATH_MAX + 8], path[2 * PATH_MAX];
	char *names[64];
	size_t n = 0, i;
	struct dirent *de;
	DIR *d;
	int rc = 0;

	snprintf(dir, sizeof(dir), "%s/geo", geodata_dir());
	d = opendir(dir);
	if (!d) {
		snprintf(err, errlen, "%s: %s (set VIGIL_DATADIR)", dir, strerror(errno));
		return 2;
	}
	while ((de = readdir(d)) != NULL && n < 64) {
		if (de->d_name[0] == '.' || !(ends_with(de->d_name, ".csv") || ends_with(de->d_name, ".geojson")))
			continue;
		names[n] = strdup(de->d_name);
		if (names[n])
			n++;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);   /* deterministic order: stable place indices */
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (!rc)
			rc = geodata_load_file(g, path, -1, err, errlen);
		free(names[i]);
	}
	return rc;
}

int geodata_shore_open(struct vigil_shore *s, void **buf, char *err, size_t errlen)
{
	char path[PATH_MAX + 32];
	const char *e = getenv("VIGIL_SHORE");
	struct stat sb;
	void *map;
	int fd = -1, rc;

	memset(s, 0, sizeof(*s));
	*buf = NULL;
	if (e && *e) {
		snprintf(path, sizeof(path), "%s", e);
		fd = open(path, O_RDONLY);
	}
	if (fd < 0 && !(e && *e)) {
		snprintf(path, sizeof(path), "%s/%s", exe_dir(), VIGIL_SHORE_FILE);
		fd = open(path, O_RDONLY);
	}
	if (fd < 0 && !(e && *e)) {
		snprintf(path, sizeof(path), "%s/%s", geodata_dir(), VIGIL_SHORE_FILE);
		fd = open(path, O_RDONLY);
	}
	if (fd < 0)
		return 1;   /* absent: distance to shore is "unknown" */
	if (fstat(fd, &sb) != 0 || sb.st_size <= 0) {
		close(fd);
		snprintf(err, errlen, "%s: empty or unreadable", path);
		return 2;
	}
	/* Mapped read-only: only the pages the queries touch become resident. */
	map = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return 2;
	}
	rc = vigil_shore_open(s, map, (size_t)sb.st_size);
	if (rc) {
		munmap(map, (size_t)sb.st_size);
		snprintf(err, errlen, "%s: %s", path, vigil_strerror(rc));
		return 2;
	}
	*buf = map;
	return 0;
}

void geodata_shore_close(struct vigil_shore *s, void *buf)
{
	if (buf)
		munmap(buf, s->len);
	memset(s, 0, sizeof(*s));
}
