/* detect.c - 'vigil detect': read AIS (NMEA, NOAA/DMA CSV, gpsd JSON), write behaviour events with evidence. */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "vigil/detect.h"
#include "vigil/entity.h"
#include "vigil/error.h"
#include "vigil/evidence.h"
#include "vigil/geo.h"
#include "vigil/input.h"
#include "vigil/nmea.h"
#include "vigil/vigil.h"
#include "cmd.h"
#include "geodata.h"

/* From cmd/lists.c (screen helper): load a list file or directory into ix. */
int cmd_lists_load(struct vigil_index *ix, const char *path, FILE *log, int *nlists);

#define MAX_INPUTS 256
#define MAX_LINE 65536
#define CHUNK (256 << 10) /* read size: the buffer stays in the L2 cache */
/* NMEA without any time: give up after this many untimed messages and no timed one. */
#define NOTIME_LIMIT 100

struct opts {
	int geojson, quiet, arrival, no_geo, all_vessels, no_vessels;
	const char *out, *summary, *lists;
	const char *areas[16];
	int nareas;
	struct vigil_detect_params p;
};

struct run {
	struct opts *o;
	FILE *out;
	const char *files[MAX_INPUTS];
	FILE *fh[MAX_INPUTS];   /* re-opened inputs for evidence hashing (NULL for stdin) */
	size_t nfiles;
	uint64_t nevents;
	struct vigil_index *lists;
	char *linebuf;
	struct lineidx *idx;     /* per input: offset -> line checkpoints */
};

/*
 * Offset -> line index of an input, filled while reading, so that an event
 * whose module kept only a byte offset still gets its line number: read from
 * the checkpoint before it and count line ends. A checkpoint is taken at the
 * first line at least `lstep` lines or `bstep` bytes after the previous one
 * (64 lines / 8 KB to start with), so a look-up reads a few KB whatever the
 * size of the input. Memory is bounded: at `cap` checkpoints (12 bytes each;
 * 2^18 shared by all inputs, 3 MB, i.e. ~17 M lines at the initial
 * spacing) every other one is dropped and both steps double.
 */
#define CP_TOTAL (1u << 18)
#define CP_LSTEP 64
#define CP_BSTEP 8192
struct lineidx {
	uint64_t *off;      /* byte offset of a line start */
	uint32_t *line;     /* its 1-based line number (saturated at UINT32_MAX) */
	size_t n, alloc, cap;
	uint64_t lstep, bstep, next_line, next_off;
};

static void cp_init(struct lineidx *x, size_t ninputs)
{
	memset(x, 0, sizeof(*x));
	x->cap = CP_TOTAL / (ninputs ? ninputs : 1);
	if (x->cap < 4096)
		x->cap = 4096;
	x->lstep = CP_LSTEP;
	x->bstep = CP_BSTEP;
}

static void cp_free(struct lineidx *x)
{
	free(x->off);
	free(x->line);
}

/* Slow path of cp_add: store a checkpoint for the line starting at off. */
static void cp_store(struct lineidx *x, uint64_t off, uint64_t line)
{
	if (x->n == x->cap) {
		size_t i;

		for (i = 0; i < x->cap / 2; i++) {
			x->off[i] = x->off[2 * i];
			x->line[i] = x->line[2 * i];
		}
		x->n = x->cap / 2;
		x->lstep *= 2;
		x->bstep *= 2;
	}
	if (x->n == x->alloc) {
		size_t na = x->alloc ? x->alloc * 2 : 4096;
		uint64_t *o;
		uint32_t *l;

		if (na > x->cap)
			na = x->cap;
		o = realloc(x->off, na * sizeof(*o));
		if (o)
			x->off = o;
		l = o ? realloc(x->line, na * sizeof(*l)) : NULL;
		if (l)
			x->line = l;
		if (!o || !l) { /* no memory: widen the spacing instead */
			x->next_line = line + x->lstep;
			x->next_off = off + x->bstep;
			return;
		}
		x->alloc = na;
	}
	x->off[x->n] = off;
	x->line[x->n] = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
	x->n++;
	x->next_line = line + x->lstep;
	x->next_off = off + x->bstep;
}

/* Note that line `line` (1-based) starts at byte off. Cheap unless a checkpoint is due. */
static inline void cp_add(struct lineidx *x, uint64_t off, uint64_t line)
{
	if (x && (line >= x->next_line || off >= x->next_off))
		cp_store(x, off, line);
}

/* Line number (1-based) of the line starting at offset `off` of input fi, or 0. */
static uint32_t line_of(struct run *r, unsigned fi, uint64_t off)
{
	struct lineidx *x = r->idx ? &r->idx[fi] : NULL;
	size_t lo = 0, hi;
	uint64_t pos, line;
	int fd;

	if (!x || !x->n || fi >= r->nfiles || !r->fh[fi])
		return 0;
	fd = fileno(r->fh[fi]);
	hi = x->n;
	while (hi - lo > 1) { /* last checkpoint <= off */
		size_t m = (lo + hi) / 2;

		if (x->off[m] <= off)
			lo = m;
		else
			hi = m;
	}
	if (x->off[lo] > off)
		return 0;
	pos = x->off[lo];
	line = x->line[lo];
	while (pos < off) {
		size_t want = off - pos < MAX_LINE ? (size_t)(off - pos) : MAX_LINE;
		ssize_t got = pread(fd, r->linebuf, want, (off_t)pos);
		const char *p = r->linebuf, *end;

		if (got <= 0)
			return 0;
		end = r->linebuf + got;
		while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
			line++;
			p++;
		}
		pos += (uint64_t)got;
	}
	return line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s [options] [FILE...]   (no FILE or '-': standard input)\n"
		"Reads AIS (NMEA with tag-block c:, trailing epochs or $PGHP; NOAA MarineCadastre CSV;\n"
		"Danish Maritime Authority CSV; gpsd JSON lines; the format is recognised per file) and\n"
		"writes behaviour events as JSON lines, after a header record with the parameters in force.\n"
		"  -o FILE               write events to FILE (default: standard output)\n"
		"  --geojson             write one GeoJSON FeatureCollection instead of JSON lines\n"
		"  --lists DIR|FILE      sanctions lists: flags recorded for IMOs (mid_mismatch); repeatable\n"
		"  --areas FILE          extra ports (CSV) or areas (GeoJSON); repeatable\n"
		"  --no-geo              do not load vigil's default geography\n"
		"  --arrival-time        give NMEA messages without a time source the time they are read\n"
		"  --reorder SECONDS     input may be out of time order by this much (default 600)\n"
		"  --gap-hours H         shortest silence judged as a possible gap (default 6)\n"
		"  --segmenter NAME      vigil (default) or gfw2019: the settings of GFW gpsdio-segment 0.19\n"
		"                        (60 h gap, squared-hours score) that labelled GFW's 2020 fixtures\n"
		"  --max-knots KN        fastest plausible speed for the segmenter (default 25)\n"
		"  --max-vessels N       vessel table cap; reports of further MMSIs are counted and ignored\n"
		"                        (default 1048576; about 1 KB of memory per vessel)\n"
		"  --summary FILE        write the per-vessel table to FILE ('-' stdout); default: stderr,\n"
		"                        first 200 vessels with events (--all-vessels: every vessel)\n"
		"  --silences            also write silences explained by coverage (\"coverage_silence\")\n"
		"  --vessels             also write one \"vessel\" record (track summary) per vessel before the trailer\n"
		"  -q                    no table and no counters on stderr\n"
		"See docs/detect.md for every setting and the event schema.\n", cmd_progname);
}

/* ---- sanctions-list flags ---- */

static int flag_cb(void *ctx, uint32_t imo, const char *mid_flag, char cc[3])
{
	struct run *r = ctx;
	uint32_t ids[32];
	size_t n, i, k;
	int found = 0;

	if (!r->lists)
		return 0;
	n = vigil_index_by_imo(r->lists, imo, ids, 32);
	if (n > 32)
		n = 32;
	for (i = 0; i < n; i++) {
		const struct vigil_entity *e = vigil_index_get(r->lists, ids[i]);
		const struct vigil_strl *s;

		for (s = e ? e->flags : NULL, k = 0; s && k < 16; s = s->next, k++) {
			char f[3];

			if (!vigil_flag_iso2(s->text, f))
				continue;
			if (mid_flag && !strcmp(f, mid_flag)) {
				memcpy(cc, f, 3);
				return 1;
			}
			if (!found) {
				memcpy(cc, f, 3);
				found = 1;
			}
		}
	}
	return found;
}

/* ---- evidence hashing: re-read the referenced lines ---- */

/*
 * The line at ref into buf, as fgets would give it (line end included, at
 * most cap - 1 bytes), counted up to its first NUL byte. Returns the length.
 */
static size_t read_line_at(struct run *r, uint64_t ref, char *buf, size_t cap)
{
	unsigned fi = vigil_ref_file(ref);
	uint64_t pos;
	size_t n = 0;
	int fd;

	if (ref == VIGIL_REF_NONE || fi >= r->nfiles || !r->fh[fi] || cap < 2)
		return 0;
	fd = fileno(r->fh[fi]);
	pos = vigil_ref_offset(ref);
	while (n + 1 < cap) {
		size_t want = cap - 1 - n < 1024 ? cap - 1 - n : 1024;
		ssize_t got = pread(fd, buf + n, want, (off_t)(pos + n));
		const char *nl;

		if (got <= 0)
			break;
		nl = memchr(buf + n, '\n', (size_t)got);
		if (nl) {
			n = (size_t)(nl - buf) + 1;
			break;
		}
		n += (size_t)got;
	}
	buf[n] = 0;
	return strlen(buf);
}

static void hash_lines(struct run *r, struct vigil_event *e);

static void hash_evidence(struct run *r, struct vigil_event *e)
{
	if (!e->first.line && e->first.ref != VIGIL_REF_NONE)
		e->first.line = line_of(r, vigil_ref_file(e->first.ref), vigil_ref_offset(e->first.ref));
	if (!e->last.line && e->last.ref != VIGIL_REF_NONE)
		e->last.line = line_of(r, vigil_ref_file(e->last.ref), vigil_ref_offset(e->last.ref));
	hash_lines(r, e);
}

static void hash_lines(struct run *r, struct vigil_event *e)
{
	EVP_MD_CTX *c;
	unsigned char md[32];
	unsigned mdlen = 0, i;
	size_t n;
	int any = 0;

	if (!(c = EVP_MD_CTX_new()))
		return;
	if (EVP_DigestInit_ex(c, EVP_sha256(), NULL) == 1) {
		if ((n = read_line_at(r, e->first.ref, r->linebuf, MAX_LINE)) > 0) {
			EVP_DigestUpdate(c, r->linebuf, n);
			any = 1;
		}
		if (e->last.ref != e->first.ref && (n = read_line_at(r, e->last.ref, r->linebuf, MAX_LINE)) > 0) {
			EVP_DigestUpdate(c, r->linebuf, n);
			any = 1;
		}
		if (any && EVP_DigestFinal_ex(c, md, &mdlen) == 1) {
			static const char hx[16] = "0123456789abcdef";

			for (i = 0; i < mdlen && i < 32; i++) {
				e->sha256[2 * i] = hx[md[i] >> 4];
				e->sha256[2 * i + 1] = hx[md[i] & 15];
			}
			e->sha256[2 * i] = 0;
		}
	}
	EVP_MD_CTX_free(c);
}

static void on_event(void *ctx, struct vigil_event *e)
{
	struct run *r = ctx;
	static char buf[16384];
	size_t n;

	hash_evidence(r, e);
	n = vigil_event_json(e, r->files, r->nfiles, r->o->geojson, buf, sizeof(buf));
	if (!n)
		return;
	if (r->o->geojson)
		fputs(r->nevents ? ",\n" : "\n", r->out);
	fwrite(buf, 1, n, r->out);
	if (!r->o->geojson)
		fputc('\n', r->out);
	r->nevents++;
}

/* ---- geography ---- */

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL, *nb;
	size_t n = 0, cap = 0, k;

	if (!f)
		return NULL;
	for (;;) {
		if (cap - n < 65536) {
			if (cap > ((size_t)256 << 20) || !(nb = realloc(buf, cap = cap * 2 + 65536))) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		k = fread(buf + n, 1, cap - n - 1, f);
		if (!k)
			break;
		n += k;
	}
	fclose(f);
	buf[n] = 0;
	*len = n;
	return buf;
}

static int load_geo_file(struct vigil_geo *g, const char *path)
{
	struct vigil_geo_loadinfo info;
	size_t len, pl = strlen(path);
	char *buf = slurp(path, &len);
	int rc;

	if (!buf) {
		fprintf(stderr, "%s: %s: %s\n", cmd_progname, path, strerror(errno));
		return 2;
	}
	memset(&info, 0, sizeof(info));
	info.file = path;
	if (pl > 4 && !strcasecmp(path + pl - 4, ".csv"))
		rc = vigil_geo_load_csv(g, buf, len, VIGIL_GEO_PORT, 5.0, &info);
	else
		rc = vigil_geo_load_geojson(g, buf, len, -1, &info);
	free(buf);
	if (rc != VIGIL_E_OK) {
		fprintf(stderr, "%s: %s:%u: %s\n", cmd_progname, path, info.line, info.msg[0] ? info.msg : vigil_strerror(rc));
		return 2;
	}
	return 0;
}

static const char *data_dir(void)
{
	const char *e = getenv("VIGIL_DATADIR");
	struct stat st;

	if (e && *e)
		return e;
	if (stat("data/geo", &st) == 0 && S_ISDIR(st.st_mode))
		return "data";
	return VIGIL_DATADIR;
}

static int load_geo(struct vigil_geo *g, struct opts *o)
{
	char path[4096];
	DIR *dir;
	struct dirent *de;
	int i, rc = 0;

	if (!o->no_geo) {
		snprintf(path, sizeof(path), "%s/geo", data_dir());
		if ((dir = opendir(path))) {
			char names[64][256];
			int n = 0, a, b;

			while ((de = readdir(dir)) && n < 64) {
				size_t l = strlen(de->d_name);

				if ((l > 4 && !strcmp(de->d_name + l - 4, ".csv")) ||
				    (l > 8 && !strcmp(de->d_name + l - 8, ".geojson")))
					snprintf(names[n++], sizeof(names[0]), "%s", de->d_name);
			}
			closedir(dir);
			for (a = 0; a < n; a++) /* sorted: the same geography in the same order every run */
				for (b = a + 1; b < n; b++)
					if (strcmp(names[b], names[a]) < 0) {
						char t[256];

						memcpy(t, names[a], sizeof(t));
						memcpy(names[a], names[b], sizeof(t));
						memcpy(names[b], t, sizeof(t));
					}
			for (a = 0; a < n && !rc; a++) {
				char p2[4400];

				snprintf(p2, sizeof(p2), "%s/%s", path, names[a]);
				rc = load_geo_file(g, p2);
			}
		}
	}
	for (i = 0; i < o->nareas && !rc; i++)
		rc = load_geo_file(g, o->areas[i]);
	if (!rc && vigil_geo_index(g, 10.0) != VIGIL_E_OK)
		fprintf(stderr, "%s: geography index: out of memory (slow linear look-ups)\n", cmd_progname);
	return rc;
}

/* ---- reading ---- */

struct reader {
	struct run *r;
	struct vigil_detect *d;
	unsigned fi;
	enum vigil_input_fmt fmt;
	struct vigil_nmea_ctx *nmea;
	struct vigil_csv_map csv;
	int have_header;
	uint64_t lineno, bad, timed, untimed, records;
	struct vigil_input_rec *ring;
	uint64_t rhead, rtail;
};

/*
 * Records pass a short ring before they reach the engine, so that the
 * engine can start loading each vessel's state from memory ahead of time.
 */
#define RING 32
#define AHEAD1 24 /* stage 1 when a record enters; stage 2 this many records later */

static void feed_one(struct reader *rd, struct vigil_input_rec *r)
{
	if (r->kind == 1)
		vigil_detect_fix(rd->d, &r->fix, r->dupkey);
	else if (r->kind == 2)
		vigil_detect_static(rd->d, &r->st, r->dupkey);
}

static uint32_t rec_mmsi(const struct vigil_input_rec *r)
{
	return r->kind == 1 ? r->fix.mmsi : r->st.mmsi;
}

/*
 * Room for the next two records (a type 19 gives a fix and a static), written
 * in place by the parsers: the ring has one spare entry past RING for a second
 * record that would wrap, moved to the front by ring_commit. Feeds the oldest
 * records to the engine as needed.
 */
static struct vigil_input_rec *ring_slots(struct reader *rd)
{
	while (rd->rhead - rd->rtail > RING - 2) {
		feed_one(rd, &rd->ring[rd->rtail % RING]);
		rd->rtail++;
	}
	return &rd->ring[rd->rhead % RING];
}

static void ring_flush(struct reader *rd)
{
	while (rd->rtail < rd->rhead) {
		feed_one(rd, &rd->ring[rd->rtail % RING]);
		rd->rtail++;
	}
}

/* Take the n records a parser wrote at ring_slots(): evidence refs, then into the ring. */
static void ring_commit(struct reader *rd, int n, uint64_t line, uint64_t off)
{
	struct vigil_input_rec *rec = &rd->ring[rd->rhead % RING];
	uint32_t ln = (uint32_t)(line > UINT32_MAX ? UINT32_MAX : line);
	int i;

	for (i = 0; i < n; i++) {
		struct vigil_input_rec *r = &rd->ring[rd->rhead % RING];

		rd->records++;
		if (rec[i].kind != 1 && rec[i].kind != 2)
			continue;
		if (r != &rec[i])
			*r = rec[i]; /* the spare entry, or after a skipped one */
		if (r->kind == 1) {
			r->fix.line = ln;
			r->fix.ref = vigil_ref_make(rd->fi, off);
		} else {
			r->st.line = ln;
			r->st.ref = vigil_ref_make(rd->fi, off);
		}
		rd->rhead++;
		vigil_detect_prefetch1(rd->d, rec_mmsi(r));
		if (rd->rhead - rd->rtail > RING - AHEAD1)
			vigil_detect_prefetch2(rd->d, rec_mmsi(&rd->ring[(rd->rhead - (RING - AHEAD1) - 1) % RING]));
	}
}

/* Returns 0, or 2 on a fatal input problem (message printed). */
static int one_line(struct reader *rd, const char *s, size_t n, uint64_t off)
{
	int k;

	rd->lineno++;
	if (rd->fmt == VIGIL_IN_UNKNOWN) {
		size_t i = 0;

		while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
			i++;
		if (i == n) {
			if (rd->nmea)
				vigil_nmea_line(rd->nmea, s, n, off, NULL);
			return 0;
		}
		rd->fmt = vigil_input_sniff(s, n);
		if (rd->fmt == VIGIL_IN_UNKNOWN) {
			fprintf(stderr, "%s: %s:%llu: unrecognised input format (expected NMEA AIS, NOAA or DMA CSV, "
				"or gpsd JSON)\n", cmd_progname, rd->r->files[rd->fi], (unsigned long long)rd->lineno);
			return 2;
		}
		if (rd->fmt == VIGIL_IN_NMEA) {
			rd->nmea = malloc(sizeof(*rd->nmea));
			if (!rd->nmea)
				return 2;
			vigil_nmea_init(rd->nmea);
			rd->nmea->lineno = rd->lineno - 1;
		}
	}
	switch (rd->fmt) {
	case VIGIL_IN_NMEA: {
		struct vigil_nmea_msg m;
		int r;

		/* A line's further sentences only when the framer kept some (ctx->rest, see nmea.h). */
		for (r = vigil_nmea_line(rd->nmea, s, n, off, &m); r > 0;
		     r = rd->nmea->rest ? vigil_nmea_line(rd->nmea, NULL, 0, 0, &m) : 0) {
			int64_t t = m.time_ms;

			if (t == VIGIL_NMEA_TIME_UNKNOWN) {
				if (!rd->r->o->arrival) {
					rd->untimed++;
					if (!rd->timed && rd->untimed >= NOTIME_LIMIT) {
						fprintf(stderr, "%s: %s: NMEA without any time source (no tag-block c:, "
							"trailing epoch or $PGHP in the first %d messages); refusing to "
							"guess. Use --arrival-time to stamp messages as they are read.\n",
							cmd_progname, rd->r->files[rd->fi], NOTIME_LIMIT);
						return 2;
					}
					continue;
				}
				t = (int64_t)time(NULL) * 1000;
			}
			rd->timed++;
			k = vigil_input_ais(&m, t, ring_slots(rd));
			ring_commit(rd, k, m.first_line, m.first_offset);
		}
		return 0;
	}
	case VIGIL_IN_CSV_NOAA:
	case VIGIL_IN_CSV_DMA:
		if (!rd->have_header) {
			if (vigil_input_csv_header(s, n, &rd->csv) != VIGIL_E_OK) {
				fprintf(stderr, "%s: %s:%llu: CSV header lacks MMSI, time, latitude or longitude\n",
					cmd_progname, rd->r->files[rd->fi], (unsigned long long)rd->lineno);
				return 2;
			}
			rd->have_header = 1;
			return 0;
		}
		k = vigil_input_csv_row(&rd->csv, s, n, ring_slots(rd));
		if (k < 0)
			rd->bad++;
		else
			ring_commit(rd, k, rd->lineno, off);
		return 0;
	case VIGIL_IN_GPSD:
		k = vigil_input_gpsd(s, n, rd->r->o->arrival ? (int64_t)time(NULL) * 1000 : INT64_MIN, ring_slots(rd));
		if (k == -2) {
			rd->untimed++;
			if (!rd->timed && rd->untimed >= NOTIME_LIMIT) {
				fprintf(stderr, "%s: %s: gpsd JSON without any time (no rxtime/timestamp/time member); "
					"use --arrival-time to stamp records as they are read.\n", cmd_progname,
					rd->r->files[rd->fi]);
				return 2;
			}
		} else if (k < 0) {
			rd->bad++;
		} else {
			rd->timed++;
			ring_commit(rd, k, rd->lineno, off);
		}
		return 0;
	default:
		return 0;
	}
}

static int read_input(struct run *r, struct vigil_detect *d, unsigned fi, FILE *f)
{
	struct reader rd;
	char *buf = malloc(CHUNK + MAX_LINE);
	size_t have = 0, start;
	uint64_t base = 0;
	int rc = 0, skipping = 0, rerr = 0;

	if (!buf)
		return 2;
	memset(&rd, 0, sizeof(rd));
	rd.r = r;
	rd.d = d;
	rd.fi = fi;
	rd.ring = malloc((RING + 1) * sizeof(*rd.ring));
	if (!rd.ring) {
		free(buf);
		return 2;
	}
	for (;;) {
		size_t k = fread(buf + have, 1, CHUNK + MAX_LINE - have, f), i;
		int eof = k == 0;

		if (eof && ferror(f) && !rerr)
			rerr = errno ? errno : EIO;

		have += k;
		start = 0;
		for (i = 0; i < have && !rc;) {
			char *nl = memchr(buf + i, '\n', have - i);
			size_t e;

			if (!nl) {
				if (!eof)
					break;
				e = have;
			} else {
				e = (size_t)(nl - buf);
			}
			if (skipping) {
				skipping = 0;
				rd.lineno++;
				if (rd.nmea)
					vigil_nmea_skip_line(rd.nmea);
			} else {
				cp_add(r->idx ? &r->idx[fi] : NULL, base + start, rd.lineno + 1);
				rc = one_line(&rd, buf + start, e - start, base + start);
			}
			i = e + 1;
			start = i;
		}
		if (rc)
			break;
		if (start > have)
			start = have;
		memmove(buf, buf + start, have - start);
		base += start;
		have -= start;
		if (have >= MAX_LINE && !memchr(buf, '\n', have)) {
			/* An over-long line: drop it up to its end. */
			base += have;
			have = 0;
			skipping = 1;
		}
		if (eof)
			break;
	}
	if (rerr) {
		fprintf(stderr, "%s: %s: read error: %s\n", cmd_progname, r->files[fi], strerror(rerr));
		rc = 2;
	}
	if (!rc && rd.fmt == VIGIL_IN_NMEA && rd.untimed && !rd.timed && !r->o->arrival) {
		fprintf(stderr, "%s: %s: NMEA without any time source (tag-block c:, trailing epoch or $PGHP); "
			"refusing to guess. Use --arrival-time to stamp messages as they are read.\n",
			cmd_progname, r->files[fi]);
		rc = 2;
	}
	ring_flush(&rd);
	free(rd.ring);
	if (rd.nmea)
		vigil_nmea_flush(rd.nmea);
	if (!r->o->quiet)
		fprintf(stderr, "%s: %s: %s, %llu lines, %llu records, %llu bad, %llu without time\n", cmd_progname,
			r->files[fi], vigil_input_fmt_name(rd.fmt), (unsigned long long)rd.lineno,
			(unsigned long long)rd.records, (unsigned long long)rd.bad, (unsigned long long)rd.untimed);
	free(rd.nmea);
	free(buf);
	return rc;
}

/* ---- summary table ---- */

struct tab {
	FILE *f;
	int all;
	size_t rows, max, more;
};

static void row(void *ctx, const struct vigil_vessel_summary *s)
{
	struct tab *t = ctx;
	char a[32], b[32];

	if (!t->all && !s->events && !s->gaps)
		return;
	if (t->max && t->rows >= t->max) {
		t->more++;
		return;
	}
	if (!t->rows++)
		fprintf(t->f, "%-9s %-7s %-20s %-7s %-2s %8s %4s %4s %6s %4s %6s %4s  %-20s %-20s\n", "MMSI", "IMO",
			"NAME", "CALL", "FL", "FIXES", "SEGS", "GAPS", "GAP_H", "SIL", "SIL_H", "EVTS", "FIRST", "LAST");
	vigil_time_iso(s->first, a, sizeof(a));
	vigil_time_iso(s->last, b, sizeof(b));
	fprintf(t->f, "%09u %-7u %-20s %-7s %-2s %8llu %4u %4u %6.1f %4u %6.1f %4u  %-20s %-20s\n", s->mmsi, s->imo,
		s->name, s->callsign, s->flag, (unsigned long long)s->fixes, s->segments, s->gaps, s->gap_hours,
		s->silences, s->silence_hours, s->events, a, b);
}

/* One "vessel" record per vessel: the track summary, identity history and explained silences. */
static void vessel_rec(void *ctx, const struct vigil_vessel_summary *s)
{
	FILE *f = ctx;
	char a[32], b[32], n[64], c[32], ds[64];
	int i;

	vigil_time_iso(s->first, a, sizeof(a));
	vigil_time_iso(s->last, b, sizeof(b));
	vigil_json_escape(s->name, n, sizeof(n));
	vigil_json_escape(s->callsign, c, sizeof(c));
	vigil_json_escape(s->destination, ds, sizeof(ds));
	fprintf(f, "{\"record\":\"vessel\",\"mmsi\":%u,\"imo\":%u,\"name\":\"%s\",\"callsign\":\"%s\",\"mid_flag\":\"%s\","
		"\"shiptype\":%u,\"length_m\":%u,\"width_m\":%u,\"destination\":\"%s\",", s->mmsi, s->imo, n, c, s->flag,
		s->shiptype, s->length, s->width, ds);
	if (isfinite(s->draught))
		fprintf(f, "\"draught_m\":%.1f,", s->draught);
	fprintf(f, "\"positions\":%llu,\"statics\":%llu,\"segments\":%u,\"first\":\"%s\",\"last\":\"%s\",\"events\":%u,"
		"\"gaps\":%u,\"gap_hours\":%.1f,\"silences_explained\":%u,\"silence_hours\":%.1f,\"silences\":[",
		(unsigned long long)s->fixes, (unsigned long long)s->statics, s->segments, a, b, s->events, s->gaps,
		s->gap_hours, s->silences, s->silence_hours);
	for (i = 0; i < s->nsils; i++) {
		vigil_time_iso(s->sils[i].start, a, sizeof(a));
		vigil_time_iso(s->sils[i].end, b, sizeof(b));
		fprintf(f, "%s{\"start\":\"%s\",\"end\":\"%s\",\"lat\":%.5f,\"lon\":%.5f,\"end_lat\":%.5f,\"end_lon\":%.5f,"
			"\"coverage_path\":%.2f}", i ? "," : "", a, b, s->sils[i].lat, s->sils[i].lon, s->sils[i].end_lat,
			s->sils[i].end_lon, s->sils[i].coverage_path);
	}
	fprintf(f, "],\"identities\":[");
	for (i = 0; i < s->nids; i++) {
		vigil_time_iso(s->ids[i].first, a, sizeof(a));
		vigil_time_iso(s->ids[i].last, b, sizeof(b));
		vigil_json_escape(s->ids[i].name, n, sizeof(n));
		vigil_json_escape(s->ids[i].callsign, c, sizeof(c));
		fprintf(f, "%s{\"imo\":%u,\"name\":\"%s\",\"callsign\":\"%s\",\"first\":\"%s\",\"last\":\"%s\"}",
			i ? "," : "", s->ids[i].imo, n, c, a, b);
	}
	fprintf(f, "]}\n");
}

/* ---- main ---- */

static int num_arg(const char *s, double lo, double hi, double *v)
{
	char *end;

	errno = 0;
	*v = strtod(s, &end);
	return !(end == s || *end || errno || !(*v >= lo && *v <= hi));
}

int cmd_detect(int argc, char **argv)
{
	struct opts o;
	struct run r;
	struct vigil_detect_hooks h;
	struct vigil_detect *d;
	struct vigil_geo geo;
	struct vigil_shore shore;
	void *shorebuf = NULL;
	const char *inputs[MAX_INPUTS];
	const char *listpaths[16];
	size_t ninputs = 0, i, nlists = 0;
	int rc = 0, err;
	char pbuf[4096], esc[1024];
	double v;

	memset(&o, 0, sizeof(o));
	o.no_vessels = 1;
	memset(&r, 0, sizeof(r));
	vigil_detect_params_default(&o.p);
	for (i = 1; i < (size_t)argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "-o") && i + 1 < (size_t)argc) {
			o.out = argv[++i];
		} else if (!strcmp(a, "--geojson")) {
			o.geojson = 1;
		} else if (!strcmp(a, "--lists") && i + 1 < (size_t)argc) {
			if (nlists < 16)
				listpaths[nlists++] = argv[++i];
		} else if (!strcmp(a, "--areas") && i + 1 < (size_t)argc) {
			if (o.nareas < 16)
				o.areas[o.nareas++] = argv[++i];
		} else if (!strcmp(a, "--no-geo")) {
			o.no_geo = 1;
		} else if (!strcmp(a, "--arrival-time")) {
			o.arrival = 1;
		} else if (!strcmp(a, "--reorder") && i + 1 < (size_t)argc) {
			if (!num_arg(argv[++i], 0, 86400, &v))
				goto bad;
			o.p.reorder_ms = (int64_t)(v * 1000);
		} else if (!strcmp(a, "--gap-hours") && i + 1 < (size_t)argc) {
			if (!num_arg(argv[++i], 0.1, 1000, &v))
				goto bad;
			o.p.gap.min_ms = (int64_t)(v * 3.6e6);
		} else if (!strcmp(a, "--segmenter") && i + 1 < (size_t)argc) {
			i++;
			if (!strcmp(argv[i], "gfw2019"))
				vigil_seg_params_gfw2019(&o.p.seg);
			else if (!strcmp(argv[i], "vigil"))
				vigil_seg_params_default(&o.p.seg);
			else
				goto bad;
		} else if (!strcmp(a, "--max-knots") && i + 1 < (size_t)argc) {
			if (!num_arg(argv[++i], 1, 100, &v))
				goto bad;
			o.p.seg.max_knots = v;
		} else if (!strcmp(a, "--max-vessels") && i + 1 < (size_t)argc) {
			if (!num_arg(argv[++i], 1, 16777216, &v) || v != (double)(uint32_t)v)
				goto bad;
			o.p.max_vessels = (uint32_t)v;
		} else if (!strcmp(a, "--summary") && i + 1 < (size_t)argc) {
			o.summary = argv[++i];
		} else if (!strcmp(a, "--vessels")) {
			o.no_vessels = 0;
		} else if (!strcmp(a, "--silences")) {
			o.p.emit_silences = 1;
		} else if (!strcmp(a, "--all-vessels")) {
			o.all_vessels = 1;
		} else if (!strcmp(a, "-q")) {
			o.quiet = 1;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "%s: unknown option '%s'\n", cmd_progname, a);
			usage(stderr);
			return 2;
		} else if (ninputs < MAX_INPUTS) {
			inputs[ninputs++] = a;
		} else {
			fprintf(stderr, "%s: more than %d inputs\n", cmd_progname, MAX_INPUTS);
			return 2;
		}
		continue;
bad:
		fprintf(stderr, "%s: bad value for %s: '%s'\n", cmd_progname, a, argv[i]);
		return 2;
	}
	if (!ninputs)
		inputs[ninputs++] = "-";
	r.o = &o;
	r.linebuf = malloc(MAX_LINE + 1);
	if (!r.linebuf)
		return 2;
	r.nfiles = ninputs;
	r.idx = calloc(ninputs, sizeof(*r.idx));
	for (i = 0; r.idx && i < ninputs; i++)
		cp_init(&r.idx[i], ninputs);
	for (i = 0; i < ninputs; i++) {
		r.files[i] = strcmp(inputs[i], "-") ? inputs[i] : "(stdin)";
		r.fh[i] = strcmp(inputs[i], "-") ? fopen(inputs[i], "rb") : NULL;
		if (strcmp(inputs[i], "-") && !r.fh[i]) {
			fprintf(stderr, "%s: %s: %s\n", cmd_progname, inputs[i], strerror(errno));
			rc = 2;
			goto out;
		}
	}
	vigil_geo_init(&geo);
	if (load_geo(&geo, &o)) {
		rc = 2;
		goto out_geo;
	}
	{ /* mapped, not read: only the pages the look-ups touch become resident */
		char serr[512];

		if (geodata_shore_open(&shore, &shorebuf, serr, sizeof(serr)) == 2)
			fprintf(stderr, "%s: %s; shore distance unknown\n", cmd_progname, serr);
	}
	if (nlists) {
		r.lists = vigil_index_new(NULL);
		for (i = 0; r.lists && i < nlists; i++) {
			int nl = 0;

			int lr = cmd_lists_load(r.lists, listpaths[i], NULL, &nl);

			if (!nl) {
				fprintf(stderr, "%s: %s: no list could be loaded (%s); see 'vigil lists check'\n",
					cmd_progname, listpaths[i], vigil_strerror(lr));
				rc = 2;
				goto out_geo;
			}
			if (!o.quiet)
				fprintf(stderr, "%s: %s: %d list files, %zu entries%s\n", cmd_progname, listpaths[i], nl,
					vigil_index_count(r.lists), lr ? " (some files failed; see 'vigil lists check')" : "");
		}
	}
	r.out = stdout;
	if (o.out && !(r.out = fopen(o.out, "w"))) {
		fprintf(stderr, "%s: %s: %s\n", cmd_progname, o.out, strerror(errno));
		rc = 2;
		goto out_geo;
	}
	memset(&h, 0, sizeof(h));
	h.emit = on_event;
	h.emit_ctx = &r;
	h.flag_for_imo = r.lists ? flag_cb : NULL;
	h.flag_ctx = &r;
	h.geo = geo.nplaces + geo.nareas ? &geo : NULL;
	h.shore = shorebuf ? &shore : NULL;
	d = vigil_detect_new(&o.p, &h, &err);
	if (!d) {
		fprintf(stderr, "%s: %s\n", cmd_progname, vigil_strerror(err));
		rc = 2;
		goto out_geo;
	}
	/* Header: what produced this file, so a finding can be reproduced. */
	vigil_detect_params_json(&o.p, pbuf, sizeof(pbuf));
	fprintf(r.out, "%s\"record\":\"header\",\"vigil\":{\"version\":\"%s\",\"command\":\"detect\"},\"parameters\":{%s},"
		"\"geography\":{\"places\":%zu,\"areas\":%zu,\"shore\":%s,\"data_dir\":\"%s\"},\"lists\":[",
		o.geojson ? "{\"type\":\"FeatureCollection\",\"vigil_header\":{" : "{", vigil_version(), pbuf,
		geo.nplaces, geo.nareas, shorebuf ? "true" : "false", h.geo ? data_dir() : "");
	for (i = 0; i < nlists; i++) {
		vigil_json_escape(listpaths[i], esc, sizeof(esc));
		fprintf(r.out, "%s\"%s\"", i ? "," : "", esc);
	}
	fprintf(r.out, "],\"inputs\":[");
	for (i = 0; i < ninputs; i++) {
		vigil_json_escape(r.files[i], esc, sizeof(esc));
		fprintf(r.out, "%s\"%s\"", i ? "," : "", esc);
	}
	fprintf(r.out, o.geojson ? "]},\"features\":[" : "]}\n");
	for (i = 0; i < ninputs && !rc; i++) {
		FILE *f = strcmp(inputs[i], "-") ? fopen(inputs[i], "rb") : stdin;

		if (!f) {
			fprintf(stderr, "%s: %s: %s\n", cmd_progname, inputs[i], strerror(errno));
			rc = 2;
			break;
		}
		rc = read_input(&r, d, (unsigned)i, f);
		if (f != stdin)
			fclose(f);
	}
	vigil_detect_finish(d);
	if (o.geojson)
		fprintf(r.out, "\n]}\n");
	else {
		const struct vigil_detect_stats *s = vigil_detect_stats(d);

		if (!o.no_vessels)
			vigil_detect_vessels(d, vessel_rec, r.out);
		fprintf(r.out, "{\"record\":\"trailer\",\"events\":%llu,\"positions\":%llu,\"statics\":%llu,"
			"\"duplicates\":%llu,\"late\":%llu,\"vessels\":%llu,\"segments\":%llu,",
			(unsigned long long)r.nevents, (unsigned long long)s->fixes_in, (unsigned long long)s->statics_in,
			(unsigned long long)s->duplicates, (unsigned long long)s->late, (unsigned long long)s->vessels,
			(unsigned long long)s->segments);
		fprintf(r.out, "\"clock_outliers\":%llu,\"dropped\":{", (unsigned long long)s->clock_outliers);
		for (i = 1; i < VIGIL_FIX__COUNT; i++)
			fprintf(r.out, "\"%s\":%llu,", vigil_fix_badname((int)i), (unsigned long long)s->dropped[i]);
		fprintf(r.out, "\"bad_static\":%llu},\"thinned\":%llu,\"noise\":%llu,\"over_caps\":{\"vessels\":%llu,"
			"\"imos\":%llu,\"forced_pending\":%llu},\"out_of_memory\":%llu}\n",
			(unsigned long long)s->dropped[0], (unsigned long long)s->thinned, (unsigned long long)s->noise,
			(unsigned long long)s->vessels_over_cap, (unsigned long long)s->imos_over_cap,
			(unsigned long long)s->pending_forced, (unsigned long long)s->nomem);
	}
	if (!o.quiet || o.summary) {
		struct tab t = { stderr, o.all_vessels, 0, 200, 0 };
		FILE *sf = NULL;

		if (o.summary) {
			t.all = 1;
			t.max = 0;
			t.f = strcmp(o.summary, "-") ? (sf = fopen(o.summary, "w")) : stdout;
		}
		if (t.f) {
			const struct vigil_detect_stats *s = vigil_detect_stats(d);

			vigil_detect_vessels(d, row, &t);
			if (t.more)
				fprintf(t.f, "... %zu more vessels (--summary FILE writes them all)\n", t.more);
			if (!o.quiet)
				fprintf(stderr, "%s: %llu events; %llu positions, %llu statics, %llu duplicates, %llu late, "
					"%llu vessels, %llu segments, %llu gaps, %llu silences explained by coverage\n",
					cmd_progname, (unsigned long long)r.nevents, (unsigned long long)s->fixes_in,
					(unsigned long long)s->statics_in, (unsigned long long)s->duplicates,
					(unsigned long long)s->late, (unsigned long long)s->vessels,
					(unsigned long long)s->segments, (unsigned long long)s->gaps,
					(unsigned long long)s->silences_explained);
			if (!o.quiet) {
				fprintf(stderr, "%s: dropped: %llu clock outliers", cmd_progname,
					(unsigned long long)s->clock_outliers);
				for (i = 1; i < VIGIL_FIX__COUNT; i++)
					fprintf(stderr, ", %llu %s", (unsigned long long)s->dropped[i],
						vigil_fix_badname((int)i));
				fprintf(stderr, ", %llu bad statics; %llu thinned, %llu noise; over caps: %llu vessels, "
					"%llu imos, %llu forced from the reorder buffer; %llu out of memory\n",
					(unsigned long long)s->dropped[0], (unsigned long long)s->thinned,
					(unsigned long long)s->noise, (unsigned long long)s->vessels_over_cap,
					(unsigned long long)s->imos_over_cap, (unsigned long long)s->pending_forced,
					(unsigned long long)s->nomem);
			}
		}
		if (sf)
			fclose(sf);
	}
	vigil_detect_free(d);
	if (r.out != stdout && fclose(r.out) != 0)
		rc = 2;
out_geo:
	if (r.lists)
		vigil_index_free(r.lists);
	vigil_geo_release(&geo);
	geodata_shore_close(&shore, shorebuf);
out:
	for (i = 0; i < r.nfiles; i++)
		if (r.fh[i])
			fclose(r.fh[i]);
	free(r.linebuf);
	for (i = 0; r.idx && i < ninputs; i++)
		cp_free(&r.idx[i]);
	free(r.idx);
	return rc;
}
