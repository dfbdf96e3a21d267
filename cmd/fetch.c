/* fetch.c - 'vigil lists fetch': download the official list files into a new set, check it, swap it in atomically. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <openssl/evp.h>

#include "vigil/entity.h"
#include "vigil/error.h"
#include "vigil/lists.h"
#include "vigil/vigil.h"
#include "cmd.h"

int cmd_lists_fetch(const char *cache, FILE *log);

/*
 * Cache layout (DIR = --cache, else $XDG_CACHE_HOME/vigil/lists, else ~/.cache/vigil/lists):
 *   DIR/sets/<UTC stamp>/   one complete, checked set of files + MANIFEST.tsv
 *   DIR/current -> sets/... the set in use (vigil screen / detect read DIR/current)
 *   DIR/previous -> sets/... the set before it
 *   DIR/.lock               flock: one fetch at a time
 * A new set is downloaded into DIR/sets/.new-XXXXXX, checked, renamed, and
 * DIR/current is replaced by rename(2) of a fresh symlink: readers see the old
 * set or the new one, never a mix. Older sets are pruned.
 */

#define MAX_FILE ((size_t)512 << 20)

struct fsrc {
	const char *key;  /* selection key (VIGIL_LISTS_SOURCES) */
	const char *file; /* name in the set (and under VIGIL_LISTS_BASE_URL) */
	const char *url;  /* official URL */
	int fmt;          /* format the file must be detected as */
	size_t min;       /* plausible minimum: entities (primaries) or records (secondaries) */
};

/* Primaries before the files that extend them (the check loads them in this order). */
static const struct fsrc srcs[] = {
	{ "ofac", "sdn.csv", "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.CSV",
	  VIGIL_LIST_OFAC_SDN_CSV, 5000 },
	{ "un", "un_consolidated.xml", "https://scsanctions.un.org/resources/xml/en/consolidated.xml", VIGIL_LIST_UN_XML,
	  500 },
	{ "eu", "eu_fsf.xml",
	  "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw",
	  VIGIL_LIST_EU_XML, 1000 },
	{ "uk", "uk_sanctions_list.csv", "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.csv",
	  VIGIL_LIST_UK_CSV, 1000 },
	{ "opensanctions", "opensanctions_sanctions.simple.csv",
	  "https://data.opensanctions.org/datasets/latest/sanctions/targets.simple.csv", VIGIL_LIST_OS_SIMPLE_CSV, 10000 },
	{ "ofac", "add.csv", "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADD.CSV",
	  VIGIL_LIST_OFAC_ADD_CSV, 1000 },
	{ "ofac", "alt.csv", "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ALT.CSV",
	  VIGIL_LIST_OFAC_ALT_CSV, 1000 },
	{ "ofac", "sdn_comments.csv",
	  "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN_COMMENTS.CSV",
	  VIGIL_LIST_OFAC_COMMENTS_CSV, 10 },
};
#define NSRC (sizeof(srcs) / sizeof(srcs[0]))

enum { ST_NONE, ST_FRESH, ST_KEPT, ST_CARRIED };

struct opts {
	const char *base;  /* VIGIL_LISTS_BASE_URL: tests (file://, http://127.0.0.1) */
	const char *only;  /* VIGIL_LISTS_SOURCES: comma-separated keys */
	long min_override; /* VIGIL_LISTS_MIN_ENTITIES, -1 = table */
	unsigned delay;    /* VIGIL_LISTS_RETRY_DELAY seconds, default 5 */
	size_t max_bytes;  /* VIGIL_LISTS_MAX_BYTES, default 512 MiB */
};

static int selected(const struct opts *o, const char *key)
{
	const char *p = o->only;
	size_t kl = strlen(key);

	if (!p || !*p)
		return 1;
	while (*p) {
		size_t n = strcspn(p, ",");

		if (n == kl && !memcmp(p, key, kl))
			return 1;
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

static int mkdir_p(const char *path)
{
	char buf[4096];
	size_t i, n = strlen(path);

	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, path, n + 1);
	for (i = 1; i <= n; i++) {
		if (buf[i] == '/' || buf[i] == 0) {
			char c = buf[i];

			buf[i] = 0;
			if (mkdir(buf, 0755) != 0 && errno != EEXIST)
				return -1;
			buf[i] = c;
		}
	}
	return 0;
}

struct sink {
	FILE *f;
	size_t n, cap;
	int over, werr;
};

static size_t on_data(char *p, size_t sz, size_t nm, void *arg)
{
	struct sink *s = arg;
	size_t n = sz * nm;

	if (n > s->cap - s->n) {
		s->over = 1;
		return 0;
	}
	if (fwrite(p, 1, n, s->f) != n) {
		s->werr = 1;
		return 0;
	}
	s->n += n;
	return n;
}

/* Download url to path: HTTPS only (plus http/file under a test base URL), timeouts, size cap, 3 tries. */
static int download(const struct opts *o, const char *url, const char *path, char *err, size_t errcap)
{
	int attempt;

	for (attempt = 1; attempt <= 3; attempt++) {
		struct sink s = { NULL, 0, o->max_bytes, 0, 0 };
		char cerr[CURL_ERROR_SIZE] = "";
		CURL *c;
		CURLcode rc;
		long status = 0;
		int retry = 1;

		if (!(s.f = fopen(path, "wb"))) {
			snprintf(err, errcap, "%.300s: %s", path, strerror(errno));
			return -1;
		}
		if (!(c = curl_easy_init())) {
			fclose(s.f);
			snprintf(err, errcap, "curl_easy_init failed");
			return -1;
		}
		curl_easy_setopt(c, CURLOPT_URL, url);
		curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
		curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
		curl_easy_setopt(c, CURLOPT_ERRORBUFFER, cerr);
		curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, o->base ? "https,http,file" : "https");
		curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, o->base ? "https,http" : "https");
		curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
		curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
		curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L);
		curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
		curl_easy_setopt(c, CURLOPT_TIMEOUT, 900L);
		curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1024L);
		curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
		curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
		curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_bytes);
		curl_easy_setopt(c, CURLOPT_USERAGENT, "vigil/" VIGIL_VERSION " (vigil lists fetch)");
		rc = curl_easy_perform(c);
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
		curl_easy_cleanup(c);
		if (fclose(s.f) != 0)
			s.werr = 1;
		if (rc == CURLE_OK && !s.werr && s.n > 0)
			return 0;
		if (s.over || rc == CURLE_FILESIZE_EXCEEDED) {
			snprintf(err, errcap, "over the %zu byte cap", o->max_bytes);
			retry = 0;
		} else if (s.werr) {
			snprintf(err, errcap, "%.300s: write error", path);
			retry = 0;
		} else if (rc == CURLE_OK) {
			snprintf(err, errcap, "empty file");
		} else {
			snprintf(err, errcap, "%s%s%s", curl_easy_strerror(rc), cerr[0] ? ": " : "", cerr);
			/* 4xx other than 408/429 will not get better by retrying; nor will a refused protocol */
			if ((rc == CURLE_HTTP_RETURNED_ERROR && status >= 400 && status < 500 && status != 408 &&
			     status != 429) || rc == CURLE_UNSUPPORTED_PROTOCOL || rc == CURLE_URL_MALFORMAT ||
			    rc == CURLE_FILE_COULDNT_READ_FILE)
				retry = 0;
		}
		if (!retry)
			break;
		if (attempt < 3 && o->delay)
			sleep(o->delay * (unsigned)attempt);
	}
	return -1;
}

static char *slurp(const char *path, size_t cap, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	struct stat st;

	if (!f)
		return NULL;
	if (fstat(fileno(f), &st) != 0 || st.st_size < 0 || (size_t)st.st_size > cap ||
	    !(buf = malloc((size_t)st.st_size + 1))) {
		fclose(f);
		return NULL;
	}
	*len = fread(buf, 1, (size_t)st.st_size, f);
	fclose(f);
	buf[*len] = 0;
	return buf;
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

struct fres {
	int status;      /* ST_* */
	size_t bytes, count;
	char sha[65];
	char why[256];   /* why a fresh download was not used */
};

/*
 * Check one file of the set: detected format, loads without error, plausible
 * size. Loads into ix (one group: secondaries merge into their primaries).
 */
static int check_file(struct vigil_index *ix, const struct opts *o, const struct fsrc *s, const char *path,
		      struct fres *r)
{
	size_t len = 0, min = o->min_override >= 0 ? (size_t)o->min_override : s->min, count;
	char *buf = slurp(path, MAX_FILE, &len); /* the download cap applies to downloads only */
	struct vigil_source src;
	struct vigil_list_report rep;
	int fmt, id, rc;

	if (!buf) {
		snprintf(r->why, sizeof(r->why), "cannot read it back");
		return -1;
	}
	r->bytes = len;
	sha256_hex(buf, len, r->sha);
	fmt = vigil_list_detect(buf, len);
	if (fmt != s->fmt) {
		snprintf(r->why, sizeof(r->why), "content is not %s (detected: %s)", vigil_list_format_name(s->fmt),
			 vigil_list_format_name(fmt));
		free(buf);
		return -1;
	}
	memset(&src, 0, sizeof(src));
	src.list = vigil_list_publisher(fmt);
	src.format = vigil_list_format_name(fmt);
	src.path = s->file;
	src.date = "";
	src.group = 1;
	memcpy(src.sha256, r->sha, sizeof(src.sha256));
	id = vigil_index_add_source(ix, &src);
	rc = id < 0 ? -id : vigil_list_load(ix, id, fmt, buf, len, NULL, &rep);
	free(buf);
	if (rc != VIGIL_E_OK) {
		snprintf(r->why, sizeof(r->why), "does not load: %s (line/record %zu: %s)", vigil_strerror(rc),
			 id < 0 ? 0 : rep.first_line, id < 0 ? "" : rep.first_error);
		return -1;
	}
	count = vigil_list_is_secondary(fmt) ? rep.records : rep.entities;
	r->count = count;
	if (count < min) {
		snprintf(r->why, sizeof(r->why), "only %zu %s, at least %zu expected", count,
			 vigil_list_is_secondary(fmt) ? "records" : "entities", min);
		return -1;
	}
	if (rep.records >= 100 && rep.skipped * 10 > rep.records) {
		snprintf(r->why, sizeof(r->why), "%zu of %zu records malformed (first: line/record %zu: %.120s)", rep.skipped,
			 rep.records, rep.first_line, rep.first_error);
		return -1;
	}
	return 0;
}

/* Copy (hard link when possible) a file of the current set into the new one. */
static int keep_previous(const char *root, const char *file, const char *dst)
{
	char src[4096];
	FILE *in, *out;
	char buf[65536];
	size_t n;
	int ok = 1;

	if ((size_t)snprintf(src, sizeof(src), "%s/current/%s", root, file) >= sizeof(src))
		return -1;
	unlink(dst);
	if (link(src, dst) == 0)
		return 0;
	if (!(in = fopen(src, "rb")))
		return -1;
	if (!(out = fopen(dst, "wb"))) {
		fclose(in);
		return -1;
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			ok = 0;
	if (ferror(in))
		ok = 0;
	fclose(in);
	if (fclose(out) != 0)
		ok = 0;
	return ok ? 0 : -1;
}

static void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char p[4096];

	if (d) {
		while ((de = readdir(d)) != NULL) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			if ((size_t)snprintf(p, sizeof(p), "%s/%s", dir, de->d_name) < sizeof(p))
				unlink(p);
		}
		closedir(d);
	}
	rmdir(dir);
}

/* Target name ("sets/X") of a link under root, "" if none. */
static void link_target(const char *root, const char *name, char *out, size_t cap)
{
	char p[4096];
	ssize_t n;

	out[0] = 0;
	if ((size_t)snprintf(p, sizeof(p), "%s/%s", root, name) >= sizeof(p))
		return;
	n = readlink(p, out, cap - 1);
	out[n > 0 ? n : 0] = 0;
}

/* Point root/name at target by renaming a fresh symlink over it (atomic). */
static int set_link(const char *root, const char *name, const char *target)
{
	char tmp[4096], dst[4096];

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", root, name) >= sizeof(tmp) ||
	    (size_t)snprintf(dst, sizeof(dst), "%s/%s", root, name) >= sizeof(dst))
		return -1;
	unlink(tmp);
	if (symlink(target, tmp) != 0)
		return -1;
	if (rename(tmp, dst) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

static void sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* Remove every set that neither current nor previous points at (and stale .new-* directories). */
static void prune(const char *root, FILE *log)
{
	char cur[512], prev[512], sets[4096], p[4096];
	DIR *d;
	struct dirent *de;

	link_target(root, "current", cur, sizeof(cur));
	link_target(root, "previous", prev, sizeof(prev));
	if ((size_t)snprintf(sets, sizeof(sets), "%s/sets", root) >= sizeof(sets) || !(d = opendir(sets)))
		return;
	while ((de = readdir(d)) != NULL) {
		char rel[600];

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(rel, sizeof(rel), "sets/%s", de->d_name);
		if (!strcmp(rel, cur) || !strcmp(rel, prev))
			continue;
		if ((size_t)snprintf(p, sizeof(p), "%s/%s", sets, de->d_name) >= sizeof(p))
			continue;
		remove_dir(p);
		if (log && de->d_name[0] != '.')
			fprintf(log, "lists fetch: removed old set %s\n", rel);
	}
	closedir(d);
}

static void default_cache(char *out, size_t cap)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");

	if (xdg && *xdg)
		snprintf(out, cap, "%s/vigil/lists", xdg);
	else
		snprintf(out, cap, "%s/.cache/vigil/lists", home && *home ? home : ".");
}

static void read_opts(struct opts *o)
{
	const char *v;

	memset(o, 0, sizeof(*o));
	o->base = getenv("VIGIL_LISTS_BASE_URL");
	if (o->base && !*o->base)
		o->base = NULL;
	o->only = getenv("VIGIL_LISTS_SOURCES");
	o->min_override = (v = getenv("VIGIL_LISTS_MIN_ENTITIES")) && *v ? strtol(v, NULL, 10) : -1;
	o->delay = (v = getenv("VIGIL_LISTS_RETRY_DELAY")) && *v ? (unsigned)strtoul(v, NULL, 10) : 5;
	o->max_bytes = (v = getenv("VIGIL_LISTS_MAX_BYTES")) && *v ? (size_t)strtoull(v, NULL, 10) : MAX_FILE;
	if (!o->max_bytes || o->max_bytes > MAX_FILE)
		o->max_bytes = MAX_FILE;
}

static int fetch_locked(const char *root, const struct opts *o, FILE *log)
{
	struct fres res[NSRC];
	char tmp[2048], path[4096], stamp[64], final[4096], url[4096];
	struct vigil_index *ix;
	size_t i, nsel = 0, kept = 0;
	FILE *mf;
	time_t now = time(NULL);
	struct tm tm;
	int failed = 0, k;

	memset(res, 0, sizeof(res));
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s/sets/.new-XXXXXX", root) >= sizeof(tmp) || !mkdtemp(tmp)) {
		fprintf(log, "lists fetch: %s/sets: cannot create a temporary directory: %s\n", root, strerror(errno));
		return 2;
	}
	/* 1. download every selected file into the temporary directory */
	for (i = 0; i < NSRC; i++) {
		const struct fsrc *s = &srcs[i];
		char err[512];

		if (!selected(o, s->key)) {
			/* not asked for: the current set's copy is carried over unchanged */
			snprintf(path, sizeof(path), "%s/%s", tmp, s->file);
			if (keep_previous(root, s->file, path) == 0)
				res[i].status = ST_CARRIED;
			continue;
		}
		nsel++;
		if (o->base)
			snprintf(url, sizeof(url), "%s/%s", o->base, s->file);
		else
			snprintf(url, sizeof(url), "%s", s->url);
		snprintf(path, sizeof(path), "%s/%s", tmp, s->file);
		fprintf(log, "lists fetch: %s <- %s\n", s->file, url);
		if (download(o, url, path, err, sizeof(err)) == 0) {
			res[i].status = ST_FRESH;
		} else {
			unlink(path);
			snprintf(res[i].why, sizeof(res[i].why), "download failed: %.200s", err);
		}
	}
	if (!nsel) {
		fprintf(log, "lists fetch: VIGIL_LISTS_SOURCES selects no source (known: ofac,un,eu,uk,opensanctions)\n");
		remove_dir(tmp);
		return 2;
	}
	/* 2. check the set; a file that fails keeps its previous version when there is one */
	if (!(ix = vigil_index_new(NULL))) {
		remove_dir(tmp);
		return 2;
	}
	for (i = 0; i < NSRC; i++) {
		const struct fsrc *s = &srcs[i];

		snprintf(path, sizeof(path), "%s/%s", tmp, s->file);
		if (res[i].status == ST_CARRIED) {
			if (check_file(ix, o, s, path, &res[i]) != 0) {
				fprintf(log, "lists fetch: %s: previous copy dropped: %s\n", s->file, res[i].why);
				unlink(path);
				res[i].status = ST_NONE;
			}
			continue;
		}
		if (!selected(o, s->key))
			continue;
		if (res[i].status == ST_FRESH && check_file(ix, o, s, path, &res[i]) != 0)
			res[i].status = ST_NONE;
		if (res[i].status == ST_NONE) {
			struct fres again;

			memset(&again, 0, sizeof(again));
			fprintf(log, "lists fetch: %s: %s\n", s->file, res[i].why);
			if (keep_previous(root, s->file, path) == 0 && check_file(ix, o, s, path, &again) == 0) {
				memcpy(again.why, res[i].why, sizeof(again.why));
				res[i] = again;
				res[i].status = ST_KEPT;
				kept++;
				fprintf(log, "lists fetch: %s: keeping the previous copy\n", s->file);
			} else {
				unlink(path);
				failed = 1;
				fprintf(log, "lists fetch: %s: no usable previous copy\n", s->file);
			}
		}
		if (res[i].status == ST_FRESH)
			fprintf(log, "lists fetch: %s: ok, %s, %zu bytes, %zu %s\n", s->file, vigil_list_format_name(s->fmt),
				res[i].bytes, res[i].count, vigil_list_is_secondary(s->fmt) ? "records" : "entities");
		if (res[i].status != ST_NONE && vigil_list_noncommercial(s->fmt))
			fprintf(log, "lists fetch: %s: note: OpenSanctions data is licensed CC BY-NC 4.0 "
				     "(non-commercial use only; a commercial licence is available from OpenSanctions)\n",
				s->file);
	}
	vigil_index_free(ix);
	if (failed) {
		fprintf(log, "lists fetch: the cache is unchanged (%s/current)\n", root);
		remove_dir(tmp);
		return 2;
	}
	/* 3. manifest, then the directory becomes a set */
	snprintf(path, sizeof(path), "%s/MANIFEST.tsv", tmp);
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	if (!(mf = fopen(path, "w"))) {
		remove_dir(tmp);
		return 2;
	}
	fprintf(mf, "# vigil lists fetch %s\nfile\tformat\tstatus\tbytes\tcount\tsha256\turl\n", stamp);
	for (i = 0; i < NSRC; i++)
		if (res[i].status != ST_NONE)
			fprintf(mf, "%s\t%s\t%s\t%zu\t%zu\t%s\t%s\n", srcs[i].file, vigil_list_format_name(srcs[i].fmt),
				res[i].status == ST_FRESH ? "fresh" : res[i].status == ST_KEPT ? "kept" : "carried", res[i].bytes, res[i].count, res[i].sha,
				o->base ? "(base url)" : srcs[i].url);
	if (fclose(mf) != 0) {
		remove_dir(tmp);
		return 2;
	}
	sync_dir(tmp);
	for (k = 0; k < 100; k++) {
		struct stat st;

		snprintf(final, sizeof(final), "%s/sets/%s%s%.0d", root, stamp, k ? "-" : "", k);
		if (lstat(final, &st) != 0 && rename(tmp, final) == 0)
			break;
	}
	if (k == 100) {
		fprintf(log, "lists fetch: cannot name the new set: %s\n", strerror(errno));
		remove_dir(tmp);
		return 2;
	}
	snprintf(path, sizeof(path), "%s/sets", root);
	sync_dir(path);
	/* 4. swap: previous <- old current, current <- new set (each one atomic rename) */
	{
		char old[512], rel[600];

		link_target(root, "current", old, sizeof(old));
		snprintf(rel, sizeof(rel), "sets/%s", strrchr(final, '/') + 1);
		if (set_link(root, "current", rel) != 0) {
			fprintf(log, "lists fetch: cannot switch %s/current: %s\n", root, strerror(errno));
			remove_dir(final);
			return 2;
		}
		if (old[0] && strcmp(old, rel) != 0)
			set_link(root, "previous", old);
		sync_dir(root);
		fprintf(log, "lists fetch: %s/current -> %s%s%s\n", root, rel, old[0] ? " (previous: " : "",
			old[0] ? old : "");
		if (old[0])
			fputs(")\n", log);
		else
			fputc('\n', log);
	}
	prune(root, log);
	if (kept)
		fprintf(log, "lists fetch: %zu file(s) kept from the previous set (see MANIFEST.tsv)\n", kept);
	return kept ? 1 : 0;
}

int cmd_lists_fetch(const char *cache, FILE *log)
{
	char root[2048], p[4096];
	struct opts o;
	int fd, rc;

	read_opts(&o);
	if (cache && strlen(cache) > sizeof(root) - 64) {
		fprintf(log, "lists fetch: cache path too long\n");
		return 2;
	}
	if (cache && *cache)
		snprintf(root, sizeof(root), "%s", cache);
	else
		default_cache(root, sizeof(root));
	if ((size_t)snprintf(p, sizeof(p), "%s/sets", root) >= sizeof(p) || mkdir_p(p) != 0) {
		fprintf(log, "lists fetch: %s: %s\n", p, strerror(errno));
		return 2;
	}
	snprintf(p, sizeof(p), "%s/.lock", root);
	if ((fd = open(p, O_CREAT | O_RDWR, 0644)) < 0) {
		fprintf(log, "lists fetch: %s: %s\n", p, strerror(errno));
		return 2;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		fprintf(log, "lists fetch: another 'vigil lists fetch' is running on %s\n", root);
		close(fd);
		return 2;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		close(fd);
		return 2;
	}
	rc = fetch_locked(root, &o, log);
	curl_global_cleanup();
	close(fd);
	return rc;
}
