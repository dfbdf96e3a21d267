/* decode.c - 'vigil decode': NMEA AIS (plain or gzip files, stdin) to gpsd JSON or CSV. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "vigil/ais.h"
#include "vigil/error.h"
#include "vigil/nmea.h"
#include "cmd.h"
#include "csvout.h"

/* Read size, longest line kept (longer lines are skipped as junk), output buffer. */
#define RD_CHUNK (1u << 17)
#define LINE_MAX_BYTES (64u * 1024)
#define OUT_CAP (1u << 18)
#define OUT_SLACK (16u * 1024)

enum out_mode { OUT_JSON, OUT_CSV, OUT_NONE };

struct opts {
	enum out_mode mode;
	int scaled;
	int tags;
	int stats;
	int assigned;
	int threads;
	struct vigil_ais_json_opts jo; /* set up once from the above */
};

/* Output: one big buffer written with fwrite. */
struct out {
	char *buf;
	size_t len;
	int err;
};

static void out_flush(struct out *o)
{
	if (o->len && fwrite(o->buf, 1, o->len, stdout) != o->len)
		o->err = 1;
	o->len = 0;
}

/* Input source: a file descriptor, inflated when it starts with the gzip magic. */
struct src {
	int fd;
	int gz;
	int eof;
	int zdone;             /* the last gzip member ended cleanly */
	z_stream zs;
	unsigned char *in;
	size_t in_len;
};

static int src_open(struct src *s, int fd, unsigned char *inbuf)
{
	ssize_t r;
	size_t have = 0;

	memset(s, 0, sizeof(*s));
	s->fd = fd;
	s->in = inbuf;
	/* Peek at the first bytes to detect gzip. */
	while (have < 2) {
		r = read(fd, inbuf + have, RD_CHUNK - have);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			break;
		have += (size_t)r;
	}
	s->in_len = have;
	if (have >= 2 && inbuf[0] == 0x1f && inbuf[1] == 0x8b) {
		s->gz = 1;
		if (inflateInit2(&s->zs, 15 + 32) != Z_OK)
			return -1;
		s->zs.next_in = inbuf;
		s->zs.avail_in = (uInt)have;
	}
	return 0;
}

/* Read up to cap bytes into dst. Returns bytes read, 0 at end, -1 on error. */
static ssize_t src_read(struct src *s, char *dst, size_t cap)
{
	if (!s->gz) {
		ssize_t r;
		if (s->in_len) {
			size_t n = s->in_len < cap ? s->in_len : cap;
			memcpy(dst, s->in, n);
			memmove(s->in, s->in + n, s->in_len - n);
			s->in_len -= n;
			return (ssize_t)n;
		}
		do
			r = read(s->fd, dst, cap);
		while (r < 0 && errno == EINTR);
		return r;
	}
	for (;;) {
		int zr;
		if (s->zs.avail_in == 0 && s->eof)
			return s->zdone ? 0 : -1;
		if (s->zs.avail_in == 0) {
			ssize_t r;
			do
				r = read(s->fd, s->in, RD_CHUNK);
			while (r < 0 && errno == EINTR);
			if (r < 0)
				return -1;
			if (r == 0) {
				s->eof = 1;
				continue;
			}
			s->zs.next_in = s->in;
			s->zs.avail_in = (uInt)r;
		}
		s->zs.next_out = (Bytef *)dst;
		s->zs.avail_out = (uInt)cap;
		zr = inflate(&s->zs, Z_NO_FLUSH);
		if (zr == Z_STREAM_END) {
			/* Concatenated gzip members continue. */
			if (inflateReset(&s->zs) != Z_OK)
				return -1;
			s->zdone = 1;
		} else if (zr == Z_OK) {
			s->zdone = 0;
		} else if (zr != Z_BUF_ERROR) {
			return -1;
		}
		if (cap - s->zs.avail_out)
			return (ssize_t)(cap - s->zs.avail_out);
	}
}

static void src_close(struct src *s)
{
	if (s->gz)
		inflateEnd(&s->zs);
}

/* A decoded message waiting for output in threaded mode. */
/*
 * Cache-line aligned, the receiver time and station first: with the message
 * header and a type 1-3 body right behind them, a position report crosses
 * from the decoding core to the formatting core in one 64-byte line.
 */
struct item {
	_Alignas(64) int64_t time_ms;
	char station[VIGIL_NMEA_STATION_MAX + 1];
	struct vigil_ais_msg am;
};

/* Threaded mode: a ring of NBATCH batches of BATCH messages (about 140 KiB each, cache-sized). */
#define BATCH 256
#define NBATCH 16

struct batch {
	struct item it[BATCH];
	size_t n;
	int full;
};

/*
 * --threads 2: the main thread reads, frames and decodes into the batch at
 * `head` while a writer thread formats the batch at `tail` as JSON and writes
 * it. Batches are written in ring order, so the output is identical to the
 * single-threaded one.
 */
struct writer {
	pthread_t tid;
	pthread_mutex_t mu;
	pthread_cond_t filled;  /* a batch became full, or done */
	pthread_cond_t drained; /* a batch became free */
	struct batch b[NBATCH];
	unsigned head;          /* batch the main thread fills */
	int done;
	const struct opts *o;
	struct out out;
	uint64_t printed;
	double cpu_ms;          /* the writer thread's CPU time, for --stats */
};

struct decoder {
	struct opts o;
	struct vigil_nmea_ctx nmea;
	struct vigil_ais_ctx ais;
	struct vigil_nmea_msg nm;
	struct vigil_ais_msg am;
	struct out out;
	struct writer *w;       /* NULL unless --threads 2 */
	uint64_t decode_length, decode_unsupported, printed;
	double main_cpu_ms;     /* --threads 2: the main thread's CPU time, for --stats */
};

/* JSON-escape a short station name (printable ASCII kept, the rest dropped). */
static size_t json_str(char *b, const char *s)
{
	size_t n = 0;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c >= 0x7f)
			continue;
		if (c == '"' || c == '\\')
			b[n++] = '\\';
		b[n++] = (char)c;
	}
	return n;
}

/* One gpsd JSON object plus "\r\n" into buf; its length, or 0 if it did not fit. */
static size_t format_json(const struct opts *o, const struct vigil_ais_msg *am, int64_t time_ms,
			  const char *station, char *buf, size_t cap)
{
	struct vigil_ais_json_opts jo;
	const struct vigil_ais_json_opts *jop = &o->jo;
	char extra[160];
	size_t xl = 0, n;

	if (cap < 3)
		return 0;
	if (o->tags) {
		jo = o->jo;
		jop = &jo;
		if (time_ms != VIGIL_NMEA_TIME_UNKNOWN) {
			memcpy(extra, "\"rxtime\":\"", 10);
			xl = 10;
			xl += vigil__csv_iso_ms(extra + xl, sizeof(extra) - xl, time_ms);
			extra[xl++] = '"';
		}
		if (station[0]) {
			if (xl)
				extra[xl++] = ',';
			memcpy(extra + xl, "\"station\":\"", 11);
			xl += 11;
			xl += json_str(extra + xl, station);
			extra[xl++] = '"';
		}
		extra[xl] = 0;
		if (xl) {
			jo.extra = extra;
			jo.extra_len = xl;
		}
	}
	n = vigil_ais_json(am, jop, buf, cap - 2);
	if (!n)
		return 0;
	buf[n++] = '\r';
	buf[n++] = '\n';
	return n;
}

/* CPU time of the calling thread in ms (0 where the clock is missing). */
static double thread_cpu_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
		return 0;
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void *writer_main(void *arg)
{
	struct writer *w = arg;
	unsigned k = 0;

	for (;;) {
		struct batch *b = &w->b[k];
		size_t i;

		pthread_mutex_lock(&w->mu);
		while (!b->full && !w->done)
			pthread_cond_wait(&w->filled, &w->mu);
		if (!b->full) {
			pthread_mutex_unlock(&w->mu);
			break;
		}
		pthread_mutex_unlock(&w->mu);
		for (i = 0; i < b->n; i++) {
			size_t n;
			if (w->out.len > OUT_CAP - OUT_SLACK)
				out_flush(&w->out);
			n = format_json(w->o, &b->it[i].am, b->it[i].time_ms, b->it[i].station,
					w->out.buf + w->out.len, OUT_CAP - w->out.len);
			if (n) {
				w->out.len += n;
				w->printed++;
			}
		}
		pthread_mutex_lock(&w->mu);
		b->n = 0;
		b->full = 0;
		pthread_cond_signal(&w->drained);
		pthread_mutex_unlock(&w->mu);
		k = (k + 1) % NBATCH;
	}
	out_flush(&w->out);
	w->cpu_ms = thread_cpu_ms();
	return NULL;
}

/* Hand the current batch to the writer and wait until the next one is free. */
static void writer_submit(struct writer *w)
{
	pthread_mutex_lock(&w->mu);
	w->b[w->head].full = 1;
	pthread_cond_signal(&w->filled);
	w->head = (w->head + 1) % NBATCH;
	while (w->b[w->head].full)
		pthread_cond_wait(&w->drained, &w->mu);
	pthread_mutex_unlock(&w->mu);
}

static void emit(struct decoder *d)
{
	struct vigil_nmea_msg *nm = &d->nm;
	struct item *it = d->w ? &d->w->b[d->w->head].it[d->w->b[d->w->head].n] : NULL;
	struct vigil_ais_msg *am = it ? &it->am : &d->am;
	int e = vigil_ais_decode(&nm->payload, am);

	if (e != VIGIL_E_OK) {
		if (e == VIGIL_E_LENGTH)
			d->decode_length++;
		else
			d->decode_unsupported++;
		return;
	}
	/* gpsd prints a type 24 only as a completed part B; CSV shows every part. */
	if (am->type == 24 && d->o.mode != OUT_CSV && !vigil_ais_ctx_type24(&d->ais, nm->channel, am))
		return;
	if (d->o.mode == OUT_NONE) {
		d->printed++;
		return;
	}
	if (it) {
		it->time_ms = nm->time_ms;
		memcpy(it->station, nm->station, sizeof(it->station));
		if (++d->w->b[d->w->head].n == BATCH)
			writer_submit(d->w);
		return;
	}
	if (d->out.len > OUT_CAP - OUT_SLACK)
		out_flush(&d->out);
	if (d->o.mode == OUT_CSV) {
		size_t n = vigil__csv_row(nm, am, d->out.buf + d->out.len, OUT_CAP - d->out.len);
		if (n) {
			d->out.len += n;
			d->printed++;
		}
		return;
	}
	{
		size_t n = format_json(&d->o, am, nm->time_ms, nm->station, d->out.buf + d->out.len,
				       OUT_CAP - d->out.len);
		if (n) {
			d->out.len += n;
			d->printed++;
		}
	}
}

/* Decode one input stream. Returns 0, or -1 on a read error. */
static int run(struct decoder *d, struct src *s, char *buf)
{
	size_t len = 0, start;
	uint64_t base = 0; /* input offset of buf[0] */
	int skipping = 0;

	/* Line numbers and offsets count per file; reassembly carries over. */
	d->nmea.lineno = 0;

	for (;;) {
		ssize_t r = src_read(s, buf + len, RD_CHUNK);
		char *p, *end, *nl;

		if (r < 0)
			return -1;
		if (r == 0) {
			/* Last line without a newline. */
			if (len && !skipping) {
				int k;
				for (k = vigil_nmea_line(&d->nmea, buf, len, base, &d->nm); k > 0;
				     k = d->nmea.rest ? vigil_nmea_line(&d->nmea, NULL, 0, 0, &d->nm) : 0)
					emit(d);
			} else if (skipping) {
				vigil_nmea_skip_line(&d->nmea);
			}
			return 0;
		}
		len += (size_t)r;
		p = buf;
		end = buf + len;
		while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
			if (skipping) {
				vigil_nmea_skip_line(&d->nmea);
				skipping = 0;
			} else {
				int k;
				for (k = vigil_nmea_line(&d->nmea, p, (size_t)(nl - p), base + (uint64_t)(p - buf), &d->nm);
				     k > 0; k = d->nmea.rest ? vigil_nmea_line(&d->nmea, NULL, 0, 0, &d->nm) : 0)
					emit(d);
			}
			p = nl + 1;
		}
		/*
		 * A short read means a live or slow source (a pipe from a receiver):
		 * pass what we have on instead of waiting for a full output buffer.
		 */
		if ((size_t)r < RD_CHUNK && d->out.len) {
			out_flush(&d->out);
			fflush(stdout);
		}
		start = (size_t)(p - buf);
		len -= start;
		if (len > LINE_MAX_BYTES) {
			/* A line too long to hold: drop what we have and skip to its end. */
			skipping = 1;
			start += len;
			len = 0;
		}
		if (start && len)
			memmove(buf, buf + start, len);
		base += start;
	}
}

static void print_stats(const struct decoder *d, FILE *f)
{
	const struct vigil_nmea_stats *s = &d->nmea.stats;
	unsigned t;

	fprintf(f, "lines %" PRIu64 " sentences %" PRIu64 " messages %" PRIu64 " printed %" PRIu64 "\n",
		s->lines, s->sentences, s->messages, d->printed);
	fprintf(f, "bad_checksum %" PRIu64 " bad_length %" PRIu64 " bad_char %" PRIu64
		" bad_channel %" PRIu64 " bad_tagblock %" PRIu64 " orphans %" PRIu64 "\n",
		s->bad_checksum, s->bad_length + d->decode_length, s->bad_char, s->bad_channel,
		s->bad_tagblock, s->orphans);
	fprintf(f, "other_nmea %" PRIu64 " pghp %" PRIu64 " junk %" PRIu64 " blank %" PRIu64
		" unsupported %" PRIu64 "\n",
		s->other_nmea, s->pghp, s->junk, s->blank, d->decode_unsupported);
	if (d->w)
		fprintf(f, "threads 2 main_cpu_ms %.0f writer_cpu_ms %.0f\n", d->main_cpu_ms, d->w->cpu_ms);
	fprintf(f, "types");
	for (t = 0; t < 64; t++)
		if (s->by_type[t])
			fprintf(f, " %u:%" PRIu64, t, s->by_type[t]);
	fprintf(f, "\n");
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s [options] [FILE...]\n"
		"Decode NMEA AIS sentences (plain or gzip files, or stdin) to gpsd JSON.\n"
		"  -j            gpsd JSON, scaled (default; as gpsdecode -j)\n"
		"  -u            unscaled JSON (as gpsdecode -u -j)\n"
		"  -c, --csv     CSV of position reports and static data (see docs/decode.md)\n"
		"  -t, --tags    add receiver time (rxtime, ISO 8601 UTC) and station when known\n"
		"  -s, --stats   print counts to stderr at the end\n"
		"  -n, --null    decode to structs and print nothing (benchmark)\n"
		"      --assigned  also print \"assigned\" for types 18 and 21\n"
		"      --threads 2   JSON: decode and format in two threads (same output)\n"
		"  -h, --help    this help\n",
		cmd_progname);
}

int cmd_decode(int argc, char **argv)
{
	struct decoder *d;
	char *buf;
	unsigned char *inbuf;
	int i, nfiles = 0, rc = 0, dashdash = 0;

	d = calloc(1, sizeof(*d));
	buf = malloc(RD_CHUNK + LINE_MAX_BYTES + 1);
	inbuf = malloc(RD_CHUNK);
	if (d)
		d->out.buf = malloc(OUT_CAP);
	if (!d || !buf || !inbuf || !d->out.buf) {
		fprintf(stderr, "%s: out of memory\n", cmd_progname);
		return 2;
	}
	d->o.mode = OUT_JSON;
	d->o.scaled = 1;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (dashdash || a[0] != '-' || !a[1]) {
			nfiles++;
			continue;
		}
		if (!strcmp(a, "--")) {
			dashdash = 1;
		} else if (!strcmp(a, "-j") || !strcmp(a, "--json")) {
			d->o.mode = OUT_JSON;
		} else if (!strcmp(a, "-u") || !strcmp(a, "--unscaled")) {
			d->o.scaled = 0;
		} else if (!strcmp(a, "-c") || !strcmp(a, "--csv")) {
			d->o.mode = OUT_CSV;
		} else if (!strcmp(a, "-t") || !strcmp(a, "--tags")) {
			d->o.tags = 1;
		} else if (!strcmp(a, "-s") || !strcmp(a, "--stats")) {
			d->o.stats = 1;
		} else if (!strcmp(a, "-n") || !strcmp(a, "--null")) {
			d->o.mode = OUT_NONE;
		} else if (!strcmp(a, "--threads") && i + 1 < argc && !dashdash) {
			const char *v = argv[++i];
			if (strcmp(v, "1") && strcmp(v, "2")) {
				fprintf(stderr, "%s: --threads takes 1 or 2\n", cmd_progname);
				rc = 2;
				goto done;
			}
			d->o.threads = v[0] - '0';
		} else if (!strcmp(a, "--assigned")) {
			d->o.assigned = 1;
		} else if (!strcmp(a, "-uj") || !strcmp(a, "-ju")) {
			d->o.scaled = 0;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			rc = -1;
			goto done;
		} else {
			fprintf(stderr, "%s: unknown option '%s'\n", cmd_progname, a);
			usage(stderr);
			rc = 2;
			goto done;
		}
	}
	d->o.jo.scaled = d->o.scaled;
	d->o.jo.device = "stdin";
	d->o.jo.assigned = d->o.assigned;
	vigil_nmea_init(&d->nmea);
	vigil_ais_ctx_init(&d->ais);
	if (d->o.threads == 2 && d->o.mode == OUT_JSON) {
		/* sizeof is a multiple of the 64-byte alignment, as aligned_alloc wants. */
		d->w = aligned_alloc(_Alignof(struct writer), sizeof(*d->w));
		if (d->w) {
			memset(d->w, 0, sizeof(*d->w));
			d->w->out.buf = malloc(OUT_CAP);
		}
		if (!d->w || !d->w->out.buf) {
			fprintf(stderr, "%s: out of memory\n", cmd_progname);
			rc = 2;
			goto done;
		}
		d->w->o = &d->o;
		pthread_mutex_init(&d->w->mu, NULL);
		pthread_cond_init(&d->w->filled, NULL);
		pthread_cond_init(&d->w->drained, NULL);
		if (pthread_create(&d->w->tid, NULL, writer_main, d->w) != 0) {
			fprintf(stderr, "%s: cannot start a thread\n", cmd_progname);
			rc = 2;
			goto done;
		}
	}
	if (d->o.mode == OUT_CSV)
		d->out.len = vigil__csv_header(d->out.buf, OUT_CAP);
	if (nfiles == 0) {
		struct src s;
		if (src_open(&s, 0, inbuf) < 0 || run(d, &s, buf) < 0) {
			fprintf(stderr, "%s: stdin: read error\n", cmd_progname);
			rc = 2;
		}
		src_close(&s);
	}
	dashdash = 0;
	for (i = 1; i < argc && nfiles; i++) {
		const char *a = argv[i];
		struct src s;
		int fd;

		if (!dashdash && !strcmp(a, "--")) {
			dashdash = 1;
			continue;
		}
		if (!dashdash && a[0] == '-' && a[1]) {
			if (!strcmp(a, "--threads"))
				i++;
			continue;
		}
		fd = strcmp(a, "-") ? open(a, O_RDONLY) : 0;
		if (fd < 0) {
			fprintf(stderr, "%s: %s: %s\n", cmd_progname, a, strerror(errno));
			rc = 2;
			continue;
		}
		if (src_open(&s, fd, inbuf) < 0 || run(d, &s, buf) < 0) {
			fprintf(stderr, "%s: %s: read error (corrupt gzip data?)\n", cmd_progname, a);
			rc = 2;
		}
		src_close(&s);
		if (fd)
			close(fd);
	}
	vigil_nmea_flush(&d->nmea);
	if (d->w) {
		d->main_cpu_ms = thread_cpu_ms();
		if (d->w->b[d->w->head].n)
			writer_submit(d->w);
		pthread_mutex_lock(&d->w->mu);
		d->w->done = 1;
		pthread_cond_signal(&d->w->filled);
		pthread_mutex_unlock(&d->w->mu);
		pthread_join(d->w->tid, NULL);
		d->printed += d->w->printed;
		if (d->w->out.err)
			d->out.err = 1;
	}
	out_flush(&d->out);
	if (fflush(stdout) != 0 || d->out.err) {
		fprintf(stderr, "%s: write error\n", cmd_progname);
		rc = 2;
	}
	if (d->o.stats)
		print_stats(d, stderr);
done:
	if (d->w) {
		free(d->w->out.buf);
		free(d->w);
	}
	free(d->out.buf);
	free(d);
	free(buf);
	free(inbuf);
	return rc < 0 ? 0 : rc;
}
