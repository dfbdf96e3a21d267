/* simulate.c - 'vigil simulate': write a simulated AIS scenario as NMEA and its ground truth. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/error.h"
#include "vigil/sim.h"
#include "cmd.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s SCENARIO.json [-o OUT.nmea] [--truth TRUTH.json] [--meta META.json]\n"
		"       [--seed N] [--vessels N] [--hours H] [--stats]\n"
		"Writes the AIS sentences the scenario's receivers hear (NMEA 4.0 tag blocks with\n"
		"s: station and c: time) to OUT (default stdout) and the planted events and decoys\n"
		"to TRUTH, in the format of score_events.py. --vessels adds N random background\n"
		"vessels (benchmark day). The scenario format is in docs/simulate.md.\n",
		cmd_progname);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, r;

	if (!f)
		return NULL;
	for (;;) {
		if (cap - n < 65536) {
			char *nb;
			if (cap > VIGIL_SIM_MAX_JSON + (size_t)65536) {
				errno = EFBIG;
				break;
			}
			nb = realloc(buf, cap = cap * 2 + 65536);
			if (!nb)
				break;
			buf = nb;
		}
		r = fread(buf + n, 1, cap - n, f);
		if (r == 0)
			break;
		n += r;
	}
	if (ferror(f) || errno == EFBIG) {
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	*len = n;
	return buf ? buf : calloc(1, 1);
}

static int write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	int ok;

	if (!f)
		return -1;
	ok = fwrite(data, 1, len, f) == len;
	ok &= fclose(f) == 0;
	return ok ? 0 : -1;
}

static int num_arg(const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	return errno || end == s || *end;
}

int cmd_simulate(int argc, char **argv)
{
	const char *in = NULL, *out = NULL, *truth = NULL, *meta = NULL;
	struct vigil_sim_opt opt;
	struct vigil_sim *sim;
	struct vigil_sim_stats st;
	char err[256], *json, *buf;
	size_t len, cap = 4u << 20, n;
	FILE *fo = stdout;
	int i, e, stats = 0;
	double x;

	memset(&opt, 0, sizeof(opt));
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--stats")) {
			stats = 1;
		} else if (i + 1 < argc && (!strcmp(a, "-o") || !strcmp(a, "--output"))) {
			out = argv[++i];
		} else if (i + 1 < argc && !strcmp(a, "--truth")) {
			truth = argv[++i];
		} else if (i + 1 < argc && !strcmp(a, "--meta")) {
			meta = argv[++i];
		} else if (i + 1 < argc && !strcmp(a, "--seed")) {
			if (num_arg(argv[++i], &x) || x < 0 || x > 9007199254740991.0)
				goto bad;
			opt.seed = (uint64_t)x;
			opt.seed_set = 1;
		} else if (i + 1 < argc && !strcmp(a, "--vessels")) {
			if (num_arg(argv[++i], &x) || x < 0 || x > VIGIL_SIM_MAX_RANDOM)
				goto bad;
			opt.vessels = (long)x;
		} else if (i + 1 < argc && !strcmp(a, "--hours")) {
			if (num_arg(argv[++i], &x) || !(x > 0) || x > VIGIL_SIM_MAX_HOURS)
				goto bad;
			opt.hours = x;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "%s: unknown option '%s'\n", cmd_progname, a);
			usage(stderr);
			return 2;
		} else if (!in) {
			in = a;
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (!in) {
		usage(stderr);
		return 2;
	}
	json = slurp(in, &len);
	if (!json) {
		fprintf(stderr, "%s: %s: %s\n", cmd_progname, in,
			errno == EFBIG ? "scenario too large" : strerror(errno));
		return 2;
	}
	e = vigil_sim_new(json, len, &opt, &sim, err, sizeof(err));
	free(json);
	if (e) {
		fprintf(stderr, "%s: %s: %s\n", cmd_progname, in, err[0] ? err : vigil_strerror(e));
		return 2;
	}
	if (cap < vigil_sim_chunk_min(sim))
		cap = vigil_sim_chunk_min(sim);
	buf = malloc(cap);
	if (!buf) {
		fprintf(stderr, "%s: out of memory\n", cmd_progname);
		vigil_sim_free(sim);
		return 2;
	}
	if (out && strcmp(out, "-") && !(fo = fopen(out, "wb"))) {
		fprintf(stderr, "%s: %s: %s\n", cmd_progname, out, strerror(errno));
		free(buf);
		vigil_sim_free(sim);
		return 2;
	}
	do {
		e = vigil_sim_run(sim, buf, cap, &n);
		if ((e == VIGIL_E_OK || e == VIGIL_E_INCOMPLETE) && n && fwrite(buf, 1, n, fo) != n) {
			fprintf(stderr, "%s: %s: write error: %s\n", cmd_progname, out ? out : "stdout",
				strerror(errno));
			e = VIGIL_E_IO;
		}
	} while (e == VIGIL_E_INCOMPLETE);
	free(buf);
	if ((fo != stdout ? fclose(fo) : fflush(fo)) != 0 && !e) {
		fprintf(stderr, "%s: %s: %s\n", cmd_progname, out ? out : "stdout", strerror(errno));
		e = VIGIL_E_IO;
	}
	if (e) {
		if (e != VIGIL_E_IO)
			fprintf(stderr, "%s: %s\n", cmd_progname, vigil_strerror(e));
		vigil_sim_free(sim);
		return 2;
	}
	if (truth) {
		const char *t;
		if (vigil_sim_truth(sim, &t, &n) || write_file(truth, t, n)) {
			fprintf(stderr, "%s: %s: %s\n", cmd_progname, truth, strerror(errno));
			vigil_sim_free(sim);
			return 2;
		}
	}
	if (meta) {
		const char *t;
		if (vigil_sim_meta(sim, &t, &n) || write_file(meta, t, n)) {
			fprintf(stderr, "%s: %s: %s\n", cmd_progname, meta, strerror(errno));
			vigil_sim_free(sim);
			return 2;
		}
	}
	vigil_sim_stats(sim, &st);
	if (stats)
		fprintf(stderr,
			"vessels %u, messages %llu, lost %llu, copies received %llu, sentences %llu, "
			"truth events %u, decoys %u\n",
			st.vessels, (unsigned long long)st.messages, (unsigned long long)st.lost,
			(unsigned long long)st.received, (unsigned long long)st.sentences, st.events, st.decoys);
	vigil_sim_free(sim);
	return 0;
bad:
	fprintf(stderr, "%s: bad value for %s\n", cmd_progname, argv[i - 1]);
	return 2;
}
