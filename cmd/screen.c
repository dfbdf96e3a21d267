/* screen.c - 'vigil screen': screen names, vessels and batches against list files; table or JSON lines. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "vigil/entity.h"
#include "vigil/error.h"
#include "vigil/json.h"
#include "vigil/lists.h"
#include "vigil/match.h"
#include "vigil/names.h"
#include "vigil/translit.h"
#include "cmd.h"

/* From lists.c. */
int cmd_lists_load(struct vigil_index *ix, const char *path, FILE *log, int *nlists);

#define MAX_HITS 50
#define HANJA_DEFAULT "/usr/share/libhangul/hanja/hanja.txt"

struct opts {
	const char *lists[16];
	int nlists;
	int schema;
	uint32_t imo, mmsi;
	const char *callsign;
	const char *batch;
	int json, verbose;
	double threshold;
	size_t limit;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s [--lists DIR|FILE]... [--schema S] [--imo N] [--mmsi N] [--callsign CS]\n"
		"       [--threshold T] [--limit N] [--json] [--batch FILE] [--verbose] [NAME]\n"
		"Screens a name and/or vessel identifiers against sanctions lists (format found by content).\n"
		"Without --lists: $VIGIL_LISTS, the 'vigil lists fetch' cache, else the demo list.\n"
		"Exit status: 1 when a hit reaches the threshold (default %.2f), 0 when none, 2 on error.\n",
		cmd_progname, VIGIL_MATCH_THRESHOLD);
}

static int is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Default lists: $VIGIL_LISTS, then the fetch cache, then the demo list shipped with vigil. */
static const char *default_lists(char *buf, size_t cap)
{
	const char *e = getenv("VIGIL_LISTS"), *home = getenv("HOME"), *xdg = getenv("XDG_CACHE_HOME");

	if (e && *e)
		return e;
	if (xdg && *xdg)
		snprintf(buf, cap, "%s/vigil/lists/current", xdg);
	else if (home)
		snprintf(buf, cap, "%s/.cache/vigil/lists/current", home);
	else
		buf[0] = 0;
	if (buf[0] && is_dir(buf))
		return buf;
	if (is_dir("data/lists"))
		return "data/lists";
	snprintf(buf, cap, "%s/lists", VIGIL_DATADIR);
	return buf;
}

static char *slurp(const char *path, size_t *len, size_t max)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, r;

	if (!f)
		return NULL;
	for (;;) {
		if (cap - n < 65536) {
			char *nb;

			if (cap > max) {
				free(buf);
				fclose(f);
				errno = EFBIG;
				return NULL;
			}
			nb = realloc(buf, cap = cap * 2 + 65536);
			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		r = fread(buf + n, 1, cap - n - 1, f);
		if (!r)
			break;
		n += r;
	}
	fclose(f);
	buf[n] = 0;
	*len = n;
	return buf;
}

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void json_strl(FILE *f, const struct vigil_strl *l)
{
	fputc('[', f);
	for (; l; l = l->next) {
		json_str(f, l->text);
		if (l->next)
			fputc(',', f);
	}
	fputc(']', f);
}

static void print_strl(FILE *f, const struct vigil_strl *l, const char *sep)
{
	for (; l; l = l->next)
		fprintf(f, "%s%s", l->text, l->next ? sep : "");
}

static void print_hit(const struct vigil_index *ix, const struct vigil_matcher *m, const struct vigil_hit *h,
		      const char *query, int rank, const struct opts *o)
{
	const struct vigil_entity *e = vigil_index_get(ix, h->entity);
	const struct vigil_source *s = vigil_index_source(ix, e->source);
	char why[1024];
	uint32_t links[8];
	size_t nl = vigil_match_links(m, h->entity, links, 8), i;

	vigil_hit_explain(h, why, sizeof(why));
	if (o->json) {
		printf("{\"query\":");
		json_str(stdout, query);
		printf(",\"rank\":%d,\"score\":%.3f,\"ofac_score\":%d,\"match\":%s,\"entity\":{\"id\":", rank, h->score,
		       h->ofac_score, h->score >= o->threshold ? "true" : "false");
		json_str(stdout, e->listing_id);
		printf(",\"schema\":\"%s\",\"name\":", vigil_schema_name(e->schema));
		json_str(stdout, e->names ? e->names->text : "");
		printf(",\"matched_name\":");
		json_str(stdout, h->list_name);
		printf(",\"imo\":%u,\"mmsi\":%u,\"callsign\":", e->imo, e->mmsi);
		json_str(stdout, e->callsign);
		printf(",\"flags\":");
		json_strl(stdout, e->flags);
		printf(",\"programs\":");
		json_strl(stdout, e->programs);
		printf(",\"listed_on\":");
		json_str(stdout, e->listed_on);
		printf(",\"links\":");
		json_strl(stdout, e->links);
		printf(",\"linked_entities\":[");
		for (i = 0; i < nl && i < 8; i++) {
			const struct vigil_entity *le = vigil_index_get(ix, links[i]);

			printf("%s{\"id\":", i ? "," : "");
			json_str(stdout, le->listing_id);
			printf(",\"schema\":\"%s\",\"name\":", vigil_schema_name(le->schema));
			json_str(stdout, le->names ? le->names->text : "");
			printf("}");
		}
		printf("]},\"provenance\":{\"list\":");
		json_str(stdout, s->list);
		printf(",\"format\":");
		json_str(stdout, s->format);
		printf(",\"file\":");
		json_str(stdout, s->path);
		printf(",\"date\":");
		json_str(stdout, s->date);
		printf(",\"sha256\":");
		json_str(stdout, s->sha256);
		printf(",\"licence_noncommercial\":%s},\"explanation\":{\"by\":[", s->noncommercial ? "true" : "false");
		{
			int first = 1;

			if (h->by & VIGIL_BY_IMO)
				printf("%s\"imo\"", first ? "" : ","), first = 0;
			if (h->by & VIGIL_BY_MMSI)
				printf("%s\"mmsi\"", first ? "" : ","), first = 0;
			if (h->by & VIGIL_BY_CALLSIGN)
				printf("%s\"callsign\"", first ? "" : ","), first = 0;
			if (h->by & VIGIL_BY_NAME)
				printf("%s\"name\"", first ? "" : ","), first = 0;
		}
		printf("],\"name_score\":%.3f,\"token_score\":%.3f,\"number_mismatch\":%s,\"legal_mismatch\":%s,"
		       "\"imo_conflict\":%s,\"pairs\":[",
		       h->name_score, h->expl.token_score, h->expl.number_mismatch ? "true" : "false",
		       h->expl.legal_mismatch ? "true" : "false", h->imo_conflict ? "true" : "false");
		for (i = 0; i < h->expl.npairs; i++) {
			printf("%s{\"query\":", i ? "," : "");
			json_str(stdout, vigil_pname_raw(&h->qform, h->expl.pair[i].a));
			printf(",\"list\":");
			json_str(stdout, vigil_pname_raw(&h->lform, h->expl.pair[i].b));
			printf(",\"rule\":\"%s\",\"score\":%.3f}", vigil_how_name(h->expl.pair[i].how), h->expl.pair[i].sim);
		}
		printf("],\"text\":");
		json_str(stdout, why);
		printf("}}\n");
		return;
	}
	printf("%-5.3f %3d  %-12s %-40.40s %-9s %-10s ", h->score, h->ofac_score, vigil_schema_name(e->schema),
	       e->names ? e->names->text : "", s->list, e->listing_id);
	print_strl(stdout, e->programs, ",");
	printf("\n");
	if (strcmp(h->list_name, e->names ? e->names->text : ""))
		printf("      matched: %s%s\n", h->list_name,
		       h->list_name_kind == VIGIL_NAME_PREVIOUS ? " (former name)" :
		       h->list_name_kind == VIGIL_NAME_WEAK ? " (weak alias)" : " (alias)");
	if (e->imo || e->mmsi || e->callsign[0]) {
		printf("      ids: ");
		if (e->imo)
			printf("IMO %u%s ", e->imo, e->imo_valid ? "" : " (bad check digit)");
		if (e->mmsi)
			printf("MMSI %u ", e->mmsi);
		if (e->callsign[0])
			printf("call sign %s ", e->callsign);
		if (e->flags) {
			printf("flag ");
			print_strl(stdout, e->flags, "/");
		}
		printf("\n");
	}
	if (e->links) {
		printf("      linked to: ");
		print_strl(stdout, e->links, "; ");
		for (i = 0; i < nl && i < 8; i++) {
			const struct vigil_entity *le = vigil_index_get(ix, links[i]);

			printf("%s[%s %s]", i ? " " : "  ", vigil_schema_name(le->schema), le->listing_id);
		}
		printf("\n");
	}
	printf("      why: %s\n", why);
	printf("      from: %s (%s, %s%s%s) sha256 %.16s...%s%s\n", s->path, s->format, s->date[0] ? s->date : "date unknown",
	       e->listed_on[0] ? ", listed " : "", e->listed_on, s->sha256,
	       s->noncommercial ? " [CC BY-NC]" : "", "");
	if (o->verbose && e->remarks[0])
		printf("      remarks: %.300s\n", e->remarks);
}

static int screen_one(const struct vigil_index *ix, struct vigil_matcher *m, const struct vigil_query *q,
		      const struct opts *o, int *any)
{
	struct vigil_hit *hits = malloc(MAX_HITS * sizeof(*hits));
	struct vigil_match_opts mo = { o->threshold, o->limit, 0 };
	size_t n = 0, i;
	char label[256];
	int rc;

	if (!hits)
		return VIGIL_E_NOMEM;
	rc = vigil_match(m, q, &mo, hits, MAX_HITS, &n);
	snprintf(label, sizeof(label), "%s%s", q->name ? q->name : "", q->imo ? " (imo)" : "");
	if (rc == VIGIL_E_OK) {
		if (!o->json)
			printf("# %s: %zu hit%s\n", q->name ? q->name : q->imo ? "vessel by IMO" : "vessel", n, n == 1 ? "" : "s");
		for (i = 0; i < n; i++)
			print_hit(ix, m, &hits[i], q->name ? q->name : "", (int)i + 1, o);
		if (q->imo && !o->json) {
			const char *flags[8];
			size_t nf = vigil_match_flags_for_imo(m, q->imo, flags, 8), k;

			if (nf) {
				printf("# flags recorded for IMO %u:", q->imo);
				for (k = 0; k < nf && k < 8; k++)
					printf(" %s", flags[k]);
				printf("\n");
			}
			if (!vigil_imo_valid(q->imo))
				printf("# note: IMO %u fails its check digit\n", q->imo);
		}
		if (n)
			*any = 1;
	}
	(void)label;
	free(hits);
	return rc;
}

/* A batch: CSV with a header (name, schema, imo, mmsi, callsign) or JSON lines with those keys. */
static int run_batch(const struct vigil_index *ix, struct vigil_matcher *m, const struct opts *o, int *any)
{
	size_t len, lineno = 0;
	char *buf = slurp(o->batch, &len, (size_t)256 << 20), *p, *end;
	int col[5] = { -1, -1, -1, -1, -1 }, header = 0, rc = VIGIL_E_OK, jsonl = -1;
	struct vigil_json_tok *tok;

	if (!buf) {
		fprintf(stderr, "%s: %s: %s\n", cmd_progname, o->batch, strerror(errno));
		return VIGIL_E_IO;
	}
	tok = malloc(4096 * sizeof(*tok));
	if (!tok) {
		free(buf);
		return VIGIL_E_NOMEM;
	}
	for (p = buf, end = buf + len; p < end; p = p + strcspn(p, "\n") + 1) {
		char line[4096], f[5][1024];
		size_t ll = strcspn(p, "\n");
		struct vigil_query q;

		lineno++;
		if (ll >= sizeof(line)) {
			fprintf(stderr, "%s: %s:%zu: line too long, skipped\n", cmd_progname, o->batch, lineno);
			continue;
		}
		memcpy(line, p, ll);
		line[ll] = 0;
		if (ll && line[ll - 1] == '\r')
			line[--ll] = 0;
		if (!ll)
			continue;
		memset(f, 0, sizeof(f));
		if (jsonl < 0)
			jsonl = line[0] == '{'; /* the first line decides: JSON lines or CSV */
		if (jsonl && line[0] != '{') {
			fprintf(stderr, "%s: %s:%zu: not a JSON object, skipped\n", cmd_progname, o->batch, lineno);
			continue;
		}
		if (jsonl) {
			size_t nt, ep, i;
			static const char *const keys[5] = { "name", "schema", "imo", "mmsi", "callsign" };

			if (vigil_json_parse(line, ll, tok, 4096, &nt, &ep) != VIGIL_E_OK || tok[0].type != VIGIL_JSON_OBJECT) {
				fprintf(stderr, "%s: %s:%zu: malformed JSON at byte %zu, skipped\n", cmd_progname, o->batch,
					lineno, ep);
				continue;
			}
			for (i = 0; i < 5; i++) {
				size_t v = vigil_json_get(line, tok, 0, keys[i]);

				if (!v)
					continue;
				if (tok[v].type == VIGIL_JSON_STRING)
					vigil_json_str(line, &tok[v], f[i], sizeof(f[i]), NULL);
				else if (tok[v].type == VIGIL_JSON_NUMBER && tok[v].len < sizeof(f[i]))
					memcpy(f[i], line + tok[v].start, tok[v].len);
			}
		} else {
			/* CSV: simple fields, optional double quotes. */
			char *fields[16];
			int nf = 0, i;
			char *s = line;

			while (nf < 16) {
				char *st;

				if (*s == '"') {
					st = ++s;
					while (*s && !(*s == '"' && s[1] != '"'))
						s += *s == '"' ? 2 : 1;
					if (*s)
						*s++ = 0;
				} else {
					st = s;
				}
				s += strcspn(s, ",");
				fields[nf++] = st;
				if (!*s)
					break;
				*s++ = 0;
			}
			if (!header) {
				static const char *const keys[5] = { "name", "schema", "imo", "mmsi", "callsign" };
				int k;

				header = 1;
				for (i = 0; i < nf; i++)
					for (k = 0; k < 5; k++)
						if (!strcmp(fields[i], keys[k]))
							col[k] = i;
				if (col[0] < 0 && col[2] < 0 && col[3] < 0) {
					col[0] = 0; /* no header: one name per line */
					header = 2;
				} else {
					continue;
				}
			}
			for (i = 0; i < 5; i++)
				if (col[i] >= 0 && col[i] < nf)
					snprintf(f[i], sizeof(f[i]), "%s", fields[col[i]]);
		}
		memset(&q, 0, sizeof(q));
		q.name = f[0][0] ? f[0] : NULL;
		q.schema = f[1][0] ? vigil_schema_parse(f[1], strlen(f[1])) : o->schema;
		q.imo = (uint32_t)strtoul(f[2][0] == 'I' || f[2][0] == 'i' ? f[2] + 3 : f[2], NULL, 10);
		q.mmsi = (uint32_t)strtoul(f[3], NULL, 10);
		q.callsign = f[4][0] ? f[4] : NULL;
		if (!q.name && !q.imo && !q.mmsi && !q.callsign)
			continue;
		if ((rc = screen_one(ix, m, &q, o, any)) != VIGIL_E_OK && rc != VIGIL_E_INVAL)
			break;
		rc = VIGIL_E_OK;
	}
	free(tok);
	free(buf);
	return rc;
}

/* A decimal number of digits only (no sign, no space), at most max. */
static int uint_arg(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;

	if (!*s)
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		if (v > (max - (unsigned long)(*s - '0')) / 10)
			return 0;
		v = v * 10 + (unsigned long)(*s - '0');
	}
	*out = v;
	return 1;
}

int cmd_screen(int argc, char **argv)
{
	struct opts o;
	const char *name = NULL;
	char defbuf[4096];
	struct vigil_index *ix;
	struct vigil_translit *tr;
	struct vigil_matcher *m;
	struct vigil_query q;
	int i, err, nl = 0, any = 0, rc;

	memset(&o, 0, sizeof(o));
	o.threshold = VIGIL_MATCH_THRESHOLD;
	o.limit = 10;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--json")) {
			o.json = 1;
		} else if (!strcmp(a, "--verbose") || !strcmp(a, "-v")) {
			o.verbose = 1;
		} else if (v && !strcmp(a, "--lists")) {
			if (o.nlists < 16)
				o.lists[o.nlists++] = v;
			i++;
		} else if (v && !strcmp(a, "--schema")) {
			o.schema = vigil_schema_parse(v, strlen(v));
			if (!o.schema) {
				fprintf(stderr, "%s: unknown schema '%s' (Person, Organization, Company, LegalEntity, Vessel)\n",
					cmd_progname, v);
				return 2;
			}
			i++;
		} else if (v && !strcmp(a, "--imo")) {
			unsigned long u;

			if (!uint_arg(v + (!strncasecmp(v, "IMO", 3) ? 3 : 0), 9999999, &u) || !u) {
				fprintf(stderr, "%s: bad --imo '%s': an IMO number has 7 digits (optionally after 'IMO')\n",
					cmd_progname, v);
				return 2;
			}
			o.imo = (uint32_t)u;
			i++;
		} else if (v && !strcmp(a, "--mmsi")) {
			unsigned long u;

			if (!uint_arg(v, 999999999, &u) || !u) {
				fprintf(stderr, "%s: bad --mmsi '%s': an MMSI has at most 9 digits\n", cmd_progname, v);
				return 2;
			}
			o.mmsi = (uint32_t)u;
			i++;
		} else if (v && !strcmp(a, "--callsign")) {
			o.callsign = v;
			i++;
		} else if (v && !strcmp(a, "--batch")) {
			o.batch = v;
			i++;
		} else if (v && !strcmp(a, "--threshold")) {
			char *end;

			errno = 0;
			o.threshold = strtod(v, &end);
			if (end == v || *end || errno || !(o.threshold >= 0 && o.threshold <= 1)) {
				fprintf(stderr, "%s: bad --threshold '%s': a score from 0 to 1\n", cmd_progname, v);
				return 2;
			}
			i++;
		} else if (v && !strcmp(a, "--limit")) {
			unsigned long u;

			if (!uint_arg(v, 10000, &u) || !u) {
				fprintf(stderr, "%s: bad --limit '%s': a number of hits from 1 to 10000\n", cmd_progname, v);
				return 2;
			}
			o.limit = (size_t)u;
			i++;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "%s: unknown option %s\n", cmd_progname, a);
			usage(stderr);
			return 2;
		} else if (!name) {
			name = a;
		} else {
			fprintf(stderr, "%s: one NAME only (quote names with spaces)\n", cmd_progname);
			return 2;
		}
	}
	if (!name && !o.imo && !o.mmsi && !o.callsign && !o.batch) {
		usage(stderr);
		return 2;
	}
	if (!o.nlists)
		o.lists[o.nlists++] = default_lists(defbuf, sizeof(defbuf));
	ix = vigil_index_new(NULL);
	tr = vigil_translit_new(&err);
	if (!ix || !tr) {
		fprintf(stderr, "%s: %s\n", cmd_progname, vigil_strerror(ix ? err : VIGIL_E_NOMEM));
		vigil_index_free(ix);
		vigil_translit_free(tr);
		return 2;
	}
	{
		const char *hp = getenv("VIGIL_HANJA") ? getenv("VIGIL_HANJA") : HANJA_DEFAULT;
		size_t len, nh;
		char *hj = slurp(hp, &len, (size_t)64 << 20);

		if (hj) {
			vigil_translit_load_hanja(tr, hj, len, &nh);
			free(hj);
		} else if (o.verbose) {
			fprintf(stderr, "%s: %s: %s (Han names get Mandarin readings only)\n", cmd_progname, hp, strerror(errno));
		}
	}
	for (i = 0; i < o.nlists; i++) {
		rc = cmd_lists_load(ix, o.lists[i], o.verbose ? stderr : NULL, &nl);
		if (rc != VIGIL_E_OK)
			fprintf(stderr, "%s: %s: %s (run 'vigil lists check %s' for details)\n", cmd_progname, o.lists[i],
				vigil_strerror(rc), o.lists[i]);
	}
	if (!vigil_index_count(ix)) {
		fprintf(stderr, "%s: no list entities loaded\n", cmd_progname);
		vigil_translit_free(tr);
		vigil_index_free(ix);
		return 2;
	}
	for (i = 0; (size_t)i < vigil_index_nsources(ix); i++)
		if (vigil_index_source(ix, (size_t)i)->noncommercial) {
			fprintf(stderr, "%s: note: OpenSanctions data is licensed CC BY-NC 4.0 (non-commercial use only)\n",
				cmd_progname);
			break;
		}
	m = vigil_matcher_new(ix, tr, &err);
	if (!m) {
		fprintf(stderr, "%s: %s\n", cmd_progname, vigil_strerror(err));
		vigil_translit_free(tr);
		vigil_index_free(ix);
		return 2;
	}
	rc = VIGIL_E_OK;
	if (o.batch) {
		rc = run_batch(ix, m, &o, &any);
	} else {
		memset(&q, 0, sizeof(q));
		q.name = name;
		q.schema = o.schema;
		q.imo = o.imo;
		q.mmsi = o.mmsi;
		q.callsign = o.callsign;
		rc = screen_one(ix, m, &q, &o, &any);
	}
	vigil_matcher_free(m);
	vigil_translit_free(tr);
	vigil_index_free(ix);
	if (rc != VIGIL_E_OK) {
		fprintf(stderr, "%s: %s\n", cmd_progname, vigil_strerror(rc));
		return 2;
	}
	return any ? 1 : 0;
}
