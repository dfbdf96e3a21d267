/* report.c - `vigil report`: a detect events file as findings an analyst reads (text, Markdown, CSV); evidence check. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <openssl/evp.h>

#include "vigil/entity.h"
#include "vigil/error.h"
#include "vigil/geo.h"
#include "vigil/report.h"
#include "vigil/vigil.h"
#include "cmd.h"
#include "geodata.h"

/* From cmd/lists.c (screen helper): load a list file or directory into ix. */
int cmd_lists_load(struct vigil_index *ix, const char *path, FILE *log, int *nlists);

#define MAX_EVLINE ((size_t)1 << 20)  /* an events-file line longer than this is skipped */
#define EV_LINE_CAP 65536             /* detect hashes fgets() reads of this size (cmd/detect.c) */
#define MAX_MSGS 5                    /* malformed-line messages printed before only counting */
#define WIDTH 100
#define INDENT 21

enum mode { M_TEXT, M_MARKDOWN, M_CSV, M_VERIFY };

struct opts {
	const char *path;
	const char *input_dir;
	const char *lists[16];
	size_t nlists;
	int no_lists, no_geo, all;
	size_t max_vessels, max_events;
	enum mode mode;
	struct vigil_report_filter f;
};

/* One event kept for the findings listing: where its line is, whose finding it is. */
struct item {
	uint64_t off;     /* byte offset of the event line in the events file */
	int64_t start;
	uint32_t row, self, len, seq;
};

struct run {
	struct opts o;
	FILE *in;             /* the events file (a temporary copy when reading stdin) */
	char *line;
	struct vigil_json_tok *tok;
	struct vigil_geo geo;
	int have_geo;
	struct vigil_index *ix;
	size_t list_entries;
	char lists_note[512];
	struct vigil_report_run run;
	struct vigil_report_table tab;
	struct item *items;
	size_t nitems, cap_items, items_over;
	size_t vessel_records, other_records;
	size_t lines, events, passed, malformed, not_events, too_long, msgs, seq;
	int geojson;          /* the events came as detect's GeoJSON (no trailer there) */
	uint32_t *rank;       /* row -> rank in the printed order */
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: vigil report [options] [EVENTS.jsonl]      (no file or '-': standard input)\n"
		"       vigil report --verify [--input-dir DIR] EVENTS.jsonl\n"
		"Turns a `vigil detect` events file into what an analyst reads: the run, a table of the\n"
		"vessels with findings (most serious first), and each vessel's findings in time order.\n"
		"  --vessel Q            only vessels whose MMSI, IMO (digits) or name (substring) matches Q\n"
		"  --type T[,T...]       only these event types (gap, encounter, loitering, port_visit, ...)\n"
		"  --min-confidence C    only events with confidence >= C\n"
		"  --all                 also vessels with routine events only (port calls, area transits)\n"
		"  --markdown            the same content as Markdown (headings and tables)\n"
		"  --csv                 one CSV row per event, for spreadsheets\n"
		"  --verify              re-read each event's raw input lines: line numbers, byte offsets and\n"
		"                        the SHA-256; prints OK / MISMATCH / UNCHECKED per event (exit 1 if\n"
		"                        any event is not OK)\n"
		"  --input-dir DIR       look for evidence files in DIR when their stated path is missing\n"
		"  --lists DIR|FILE      sanctions lists to screen the vessels (repeatable; default: the\n"
		"                        lists named in the events header, when they exist)\n"
		"  --no-lists            do not screen\n"
		"  --no-geo              do not load the geography (no \"31 nm SE of Shanghai\" place names)\n"
		"  --max-vessels N       vessels kept for the table (default 10000)\n"
		"  --max-events N        events kept for the findings listing (default 200000)\n"
		"See docs/report.md.\n");
}

/* ---- reading the events file ---- */

/*
 * Read one line into r->line (NUL-terminated, line end removed). Returns its
 * length, or -1 at end of input, or -2 when the line was longer than
 * MAX_EVLINE (the rest is skipped). *off gets the line's byte offset.
 */
static long read_line(struct run *r, FILE *copy, uint64_t *pos, uint64_t *off)
{
	size_t n = 0;
	int c, over = 0;

	*off = *pos;
	while ((c = getc_unlocked(r->in)) != EOF) {
		if (copy)
			putc_unlocked(c, copy);
		(*pos)++;
		if (c == '\n')
			break;
		if (n + 1 < MAX_EVLINE)
			r->line[n++] = (char)c;
		else
			over = 1;
	}
	if (c == EOF && n == 0 && !over)
		return -1;
	if (n && r->line[n - 1] == '\r')
		n--;
	r->line[n] = 0;
	return over ? -2 : (long)n;
}

static void complain(struct run *r, size_t lineno, const char *what)
{
	if (r->msgs++ < MAX_MSGS) {
		fprintf(stderr, "%s: %s line %zu: %s; skipped\n", cmd_progname, r->o.path ? r->o.path : "stdin",
			lineno, what);
	} else if (r->msgs == MAX_MSGS + 1) {
		fprintf(stderr, "%s: further bad lines are only counted\n", cmd_progname);
	}
}

/*
 * GeoJSON from `vigil detect --geojson`: the first line opens the collection and
 * holds the header as "vigil_header", then one Feature a line, each but the last
 * followed by ','; the last line closes the array. Returns the header's span in
 * the first line (*hlen > 0), trims the comma of a Feature line, and 1 for the
 * closing line (to be ignored).
 */
static int geojson_line(const char *line, long *len, size_t *hoff, size_t *hlen)
{
	static const char fc[] = "{\"type\":\"FeatureCollection\"";
	const char *h, *f;

	*hlen = 0;
	if (*len <= 0)
		return 0;
	if (!strncmp(line, fc, sizeof(fc) - 1)) {
		h = strstr(line, "\"vigil_header\":");
		f = h ? strstr(h, ",\"features\":[") : NULL;
		if (h && f) {
			h += strlen("\"vigil_header\":");
			*hoff = (size_t)(h - line);
			*hlen = (size_t)(f - h);
		}
		return 0;
	}
	if (!strcmp(line, "]}") || !strcmp(line, "]") || !strcmp(line, "],\"vigil_trailer\":null}"))
		return 1;
	if (line[0] == '{' && line[*len - 1] == ',')
		(*len)--;
	return 0;
}

/* Parse line r->line (its length may shrink: GeoJSON); 1 for an event that passes the filters (in *e). */
static int take_line(struct run *r, long *lenp, struct vigil_report_event *e, size_t lineno)
{
	int kind = 0, rc;
	size_t errpos = 0, hoff = 0, hlen = 0;
	long len = *lenp;
	char msg[96];

	if (len > 0 && geojson_line(r->line, lenp, &hoff, &hlen))
		return 0;
	len = *lenp;
	if (hlen)
		r->geojson = 1;
	if (hlen) {
		if (vigil_report_line(r->line + hoff, hlen, r->tok, VIGIL_REPORT_TOKENS, NULL, &r->run, e, &kind,
				      NULL) != VIGIL_E_OK || kind != VIGIL_REPORT_HEADER) {
			r->malformed++;
			complain(r, lineno, "GeoJSON collection without a readable vigil_header");
		}
		return 0;
	}
	if (len == -2) {
		r->too_long++;
		r->malformed++;
		complain(r, lineno, "longer than 1 MiB");
		return 0;
	}
	if (len == 0)
		return 0;
	rc = vigil_report_line(r->line, (size_t)len, r->tok, VIGIL_REPORT_TOKENS, r->have_geo ? &r->geo : NULL,
			       &r->run, e, &kind, &errpos);
	if (rc == VIGIL_E_JSON || rc == VIGIL_E_TOOBIG) {
		r->malformed++;
		if (rc == VIGIL_E_JSON)
			snprintf(msg, sizeof(msg), "malformed JSON at byte %zu", errpos);
		else
			snprintf(msg, sizeof(msg), "more than %d JSON tokens", VIGIL_REPORT_TOKENS);
		complain(r, lineno, msg);
		return 0;
	}
	if (rc == VIGIL_E_PARSE) {
		r->not_events++;
		r->malformed++;
		complain(r, lineno, "JSON but not an event (no type or no vessel MMSI)");
		return 0;
	}
	if (rc == VIGIL_E_OK && kind == VIGIL_REPORT_VESSEL) {
		r->vessel_records++;
		vigil_report_table_note(&r->tab, e);
		return 0;
	}
	if (rc == VIGIL_E_OK && kind == VIGIL_REPORT_OTHER)
		r->other_records++;
	if (rc != VIGIL_E_OK || kind != VIGIL_REPORT_EVENT)
		return 0;
	r->events++;
	if (!vigil_report_pass(&r->o.f, e))
		return 0;
	r->passed++;
	return 1;
}

/* ---- sanctions lists ---- */

static void load_lists(struct run *r)
{
	const char *paths[24];
	size_t n = 0, i, nl = 0;
	struct stat st;
	size_t note = 0;

	r->lists_note[0] = 0;
	if (r->o.no_lists)
		return;
	for (i = 0; i < r->o.nlists; i++)
		paths[n++] = r->o.lists[i];
	if (!n)
		for (i = 0; i < r->run.nlist_paths && n < 24; i++) {
			if (stat(r->run.list_path[i], &st) == 0) {
				paths[n++] = r->run.list_path[i];
			} else {
				int k = snprintf(r->lists_note + note, sizeof(r->lists_note) - note,
						 "%s%s: not found here", note ? "; " : "", r->run.list_path[i]);
				if (k > 0 && (size_t)k < sizeof(r->lists_note) - note)
					note += (size_t)k;
			}
		}
	if (!n)
		return;
	if (!(r->ix = vigil_index_new(NULL)))
		return;
	for (i = 0; i < n; i++) {
		int k = 0;

		if (cmd_lists_load(r->ix, paths[i], NULL, &k) != VIGIL_E_OK && k == 0) {
			int m = snprintf(r->lists_note + note, sizeof(r->lists_note) - note, "%s%s: could not be loaded",
					 note ? "; " : "", paths[i]);
			if (m > 0 && (size_t)m < sizeof(r->lists_note) - note)
				note += (size_t)m;
		}
		nl += (size_t)k;
	}
	r->list_entries = vigil_index_count(r->ix);
	(void)nl;
}

/* Append "LIST: programs" for the entity, once per entity. */
static void add_hit(struct run *r, struct vigil_report_row *row, uint32_t id, uint32_t *seen, size_t *nseen)
{
	const struct vigil_entity *e = vigil_index_get(r->ix, id);
	const struct vigil_source *src;
	const struct vigil_strl *p;
	size_t n = strlen(row->listed), i, k;

	for (i = 0; i < *nseen; i++)
		if (seen[i] == id)
			return;
	if (*nseen < 32)
		seen[(*nseen)++] = id;
	if (!e)
		return;
	row->nlisted++;
	src = vigil_index_source(r->ix, e->source);
	k = (size_t)snprintf(row->listed + n, sizeof(row->listed) - n, "%s%s", n ? "; " : "",
			     src && src->list && *src->list ? src->list : "list");
	n += k < sizeof(row->listed) - n ? k : sizeof(row->listed) - n - 1;
	for (p = e->programs, i = 0; p && i < 6 && n + 1 < sizeof(row->listed); p = p->next, i++) {
		k = (size_t)snprintf(row->listed + n, sizeof(row->listed) - n, "%s%s", i ? ", " : " ", p->text);
		n += k < sizeof(row->listed) - n ? k : sizeof(row->listed) - n - 1;
	}
}

static void screen_rows(struct run *r)
{
	size_t i, k, m;
	uint32_t ids[32], seen[32];

	if (!r->ix)
		return;
	for (i = 0; i < r->tab.n; i++) {
		struct vigil_report_row *row = &r->tab.rows[i];
		size_t nseen = 0;

		if (row->imo) {
			m = vigil_index_by_imo(r->ix, row->imo, ids, 32);
			for (k = 0; k < m && k < 32; k++)
				add_hit(r, row, ids[k], seen, &nseen);
		}
		m = vigil_index_by_mmsi(r->ix, row->mmsi, ids, 32);
		for (k = 0; k < m && k < 32; k++)
			add_hit(r, row, ids[k], seen, &nseen);
	}
}

/* ---- output helpers ---- */

/*
 * Print text wrapped at WIDTH, breaking only at spaces (runs of spaces inside a
 * line are kept); continuation lines start with `indent` spaces.
 */
static void wrap(FILE *f, const char *text, int first_indent, int indent)
{
	int col = first_indent, at_start = 1;
	const char *p = text;

	fprintf(f, "%*s", first_indent, "");
	while (*p) {
		int gap = 0, wl;

		while (p[gap] == ' ')
			gap++;
		p += gap;
		if (!*p)
			break;
		wl = (int)strcspn(p, " ");
		if (!at_start && col + gap + wl > WIDTH) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		} else if (!at_start) {
			fprintf(f, "%*s", gap, "");
			col += gap;
		}
		fwrite(p, 1, (size_t)wl, f);
		col += wl;
		p += wl;
		at_start = 0;
	}
	fputc('\n', f);
}

static void md_cell(FILE *f, const char *s)
{
	fputs("| ", f);
	for (; *s; s++) {
		if (*s == '|')
			fputs("\\|", f);
		else
			fputc(*s, f);
	}
	fputc(' ', f);
}

static void csv_field(FILE *f, const char *s, int last);

/*
 * A text field that a spreadsheet would take for a formula (ship names come from
 * radio: anyone can broadcast "=HYPERLINK(...)") gets a leading apostrophe.
 */
static void csv_text(FILE *f, const char *s, int last)
{
	char buf[2048];

	if (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') {
		snprintf(buf, sizeof(buf), "'%s", s);
		s = buf;
	}
	csv_field(f, s, last);
}

static void csv_field(FILE *f, const char *s, int last)
{
	if (strpbrk(s, ",\"\n\r")) {
		fputc('"', f);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	} else {
		fputs(s, f);
	}
	fputc(last ? '\n' : ',', f);
}

static int row_shown(const struct run *r, const struct vigil_report_row *row)
{
	return r->o.all || (r->o.f.vessel && *r->o.f.vessel) || row->score > 0 || row->nlisted;
}

/* ---- the text and Markdown report ---- */

static void print_run(struct run *r, FILE *out, int md)
{
	const struct vigil_report_run *h = &r->run;
	char buf[4096];
	size_t shown = 0, i;

	for (i = 0; i < r->tab.n; i++)
		shown += row_shown(r, &r->tab.rows[i]);
	if (md) {
		fprintf(out, "# vigil report\n\n## The run\n\n");
		fprintf(out, "- events file: `%s` (read by vigil %s)\n", r->o.path ? r->o.path : "stdin", vigil_version());
		if (h->has_header) {
			fprintf(out, "- produced by: vigil %s %s\n", h->version, h->command);
			fprintf(out, "- inputs: %s\n", h->inputs[0] ? h->inputs : "(none stated)");
			fprintf(out, "- lists given to detect: %s\n", h->lists[0] ? h->lists : "none");
			fprintf(out, "- geography: %s\n", h->geography);
			fprintf(out, "- parameters: `%s`\n", h->parameters);
		} else {
			fprintf(out, "- no header record: the run that produced these events is unknown\n");
		}
		if (h->has_trailer)
			fprintf(out, "- detect counted: %s\n", h->trailer);
	} else {
		fprintf(out, "vigil report %s: %s\n\nTHE RUN\n", vigil_version(), r->o.path ? r->o.path : "stdin");
		if (h->has_header) {
			snprintf(buf, sizeof(buf), "produced by: vigil %s %s", h->version, h->command);
			wrap(out, buf, 2, 4);
			snprintf(buf, sizeof(buf), "inputs: %s", h->inputs[0] ? h->inputs : "(none stated)");
			wrap(out, buf, 2, 4);
			snprintf(buf, sizeof(buf), "lists given to detect: %s", h->lists[0] ? h->lists : "none");
			wrap(out, buf, 2, 4);
			snprintf(buf, sizeof(buf), "geography: %s", h->geography);
			wrap(out, buf, 2, 4);
			snprintf(buf, sizeof(buf), "parameters: %s", h->parameters);
			wrap(out, buf, 2, 4);
		} else {
			wrap(out, "no header record: the run that produced these events is unknown", 2, 4);
		}
		if (h->has_trailer) {
			snprintf(buf, sizeof(buf), "detect counted: %s", h->trailer);
			wrap(out, buf, 2, 4);
		}
	}
	/* What this report read and used. */
	{
		size_t n = 0;

		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "read: %zu events", r->events);
		if (r->passed != r->events)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, " (%zu pass the filters)", r->passed);
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, ", %zu malformed lines skipped; %zu vessels, %zu shown",
				      r->malformed, r->tab.n, shown);
		if (h->has_trailer && h->trailer_events >= 0 && (size_t)h->trailer_events != r->events)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n,
					      "; WARNING: the trailer says %lld events (file cut or edited?)",
					      h->trailer_events);
		if (!h->has_trailer && h->has_header && !r->geojson)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "; no trailer (detect did not finish?)");
		if (r->vessel_records)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "; %zu vessel summaries", r->vessel_records);
		if (r->other_records)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "; %zu records of unknown kinds ignored",
					      r->other_records);
		if (r->tab.over_cap_events)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n,
					      "; %zu events of vessels beyond --max-vessels %zu not tabulated",
					      r->tab.over_cap_events, r->tab.cap);
		if (r->items_over)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n,
					      "; %zu findings beyond --max-events %zu not listed", r->items_over,
					      r->cap_items);
		if (md)
			fprintf(out, "- %s\n", buf);
		else
			wrap(out, buf, 2, 4);
		if (r->ix)
			snprintf(buf, sizeof(buf), "screened here against %zu list entries%s%s", r->list_entries,
				 r->lists_note[0] ? "; " : "", r->lists_note);
		else
			snprintf(buf, sizeof(buf), "not screened against sanctions lists%s%s%s",
				 r->o.no_lists ? " (--no-lists)" : "", r->lists_note[0] ? ": " : "", r->lists_note);
		if (md)
			fprintf(out, "- %s\n", buf);
		else
			wrap(out, buf, 2, 4);
	}
}

static void poi_text(const struct vigil_report_row *row, char *buf, size_t cap)
{
	size_t n = 0, i;

	buf[0] = 0;
	for (i = 0; i < row->npoi && n + 1 < cap; i++) {
		int k = snprintf(buf + n, cap - n, "%s%s%s", i ? ", " : "", row->poi[i], "");
		if (k < 0)
			break;
		n += (size_t)k < cap - n ? (size_t)k : cap - n - 1;
		if (row->poi_n[i] > 1 && n + 1 < cap) {
			k = snprintf(buf + n, cap - n, " x%u", row->poi_n[i]);
			n += (size_t)k < cap - n ? (size_t)k : cap - n - 1;
		}
	}
}

static void partners_text(const struct vigil_report_row *row, char *buf, size_t cap)
{
	size_t n = 0, i;

	buf[0] = 0;
	for (i = 0; i < row->npartners && n + 1 < cap; i++) {
		int k = snprintf(buf + n, cap - n, "%s%s (%u)", i ? ", " : "",
				 row->partner_name[i][0] ? row->partner_name[i] : "unnamed", row->partner[i]);
		if (k < 0)
			break;
		n += (size_t)k < cap - n ? (size_t)k : cap - n - 1;
	}
	if (row->partners_more && n + 1 < cap)
		snprintf(buf + n, cap - n, " and %u more", row->partners_more);
}

static void names_text(const struct vigil_report_row *row, char *buf, size_t cap)
{
	size_t n = 0, i;

	buf[0] = 0;
	for (i = 0; i < row->n_other_names && n + 1 < cap; i++) {
		int k = snprintf(buf + n, cap - n, "%s%s", i ? ", " : "", row->other_names[i]);
		if (k < 0)
			break;
		n += (size_t)k < cap - n ? (size_t)k : cap - n - 1;
	}
}

static void print_table(struct run *r, FILE *out, const size_t *order, int md)
{
	size_t i, rank = 0;
	char buf[1024], poi[512], part[512], names[256];

	if (md) {
		fprintf(out, "\n## Vessels with findings (most serious first)\n\n");
		fprintf(out, "| # | MMSI | IMO | Name (other names) | Flag | Listed | Gaps | Dark h | Encounters (with) "
			     "| Loitering h | Ports and areas of interest | Identity anomalies | Events |\n");
		fprintf(out, "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
	} else {
		fprintf(out, "\nVESSELS WITH FINDINGS (most serious first)\n");
		fprintf(out, "  # MMSI      IMO      NAME                 FL LISTED GAPS DARK_H ENC LOIT_H POI ID  EVTS"
			     " MAXCONF\n");
	}
	for (i = 0; i < r->tab.n; i++) {
		const struct vigil_report_row *row = &r->tab.rows[order[i]];
		char imo[16];

		if (!row_shown(r, row))
			continue;
		rank++;
		snprintf(imo, sizeof(imo), "%u", row->imo);
		poi_text(row, poi, sizeof(poi));
		partners_text(row, part, sizeof(part));
		names_text(row, names, sizeof(names));
		if (md) {
			char c[32];

			fprintf(out, "| %zu | %u | %s ", rank, row->mmsi, row->imo ? imo : "");
			snprintf(buf, sizeof(buf), "%s%s%s%s", row->name[0] ? row->name : "unnamed",
				 names[0] ? " (" : "", names, names[0] ? ")" : "");
			md_cell(out, buf);
			md_cell(out, row->flag);
			md_cell(out, row->nlisted ? row->listed : "");
			fprintf(out, "| %u | %.1f ", row->gaps, row->dark_h);
			snprintf(buf, sizeof(buf), "%u%s%s%s", row->encounters, part[0] ? " (" : "", part,
				 part[0] ? ")" : "");
			md_cell(out, buf);
			fprintf(out, "| %.1f ", row->loiter_h);
			md_cell(out, poi);
			md_cell(out, row->anomaly_types);
			snprintf(c, sizeof(c), "%u", row->events);
			md_cell(out, c);
			fprintf(out, "|\n");
			continue;
		}
		fprintf(out, "%3zu %-9u %-8s %-20.20s %-2s %-6s %4u %6.1f %3u %6.1f %3u %2u %5u %7.2f\n", rank, row->mmsi,
			row->imo ? imo : "-", row->name[0] ? row->name : "(unnamed)", row->flag[0] ? row->flag : "--",
			row->nlisted ? "LISTED" : "-", row->gaps, row->dark_h, row->encounters, row->loiter_h,
			row->npoi, row->anomalies, row->events, row->max_conf);
		if (names[0] || strlen(row->name) > 20) {
			snprintf(buf, sizeof(buf), "name: %s%s%s", row->name, names[0] ? "; also: " : "", names);
			wrap(out, buf, 6, 8);
		}
		if (row->nlisted) {
			snprintf(buf, sizeof(buf), "listed: %s", row->listed);
			wrap(out, buf, 6, 8);
		}
		if (part[0]) {
			snprintf(buf, sizeof(buf), "met: %s", part);
			wrap(out, buf, 6, 8);
		}
		if (poi[0]) {
			snprintf(buf, sizeof(buf), "ports/areas of interest: %s", poi);
			wrap(out, buf, 6, 8);
		}
		if (row->reachable[0]) {
			snprintf(buf, sizeof(buf), "reachable while dark: %s", row->reachable);
			wrap(out, buf, 6, 8);
		}
		if (row->anomaly_types[0]) {
			snprintf(buf, sizeof(buf), "identity: %s", row->anomaly_types);
			wrap(out, buf, 6, 8);
		}
	}
	if (!rank) {
		if (md)
			fprintf(out, "\nNo vessel with findings.\n");
		else
			fprintf(out, "  (no vessel with findings)\n");
	}
	if (!md && rank < r->tab.n)
		fprintf(out, "  %zu more vessels with routine events only (port calls, transits): --all shows them\n",
			r->tab.n - rank);
}

static int cmp_items(const void *a, const void *b, const uint32_t *rank)
{
	const struct item *x = a, *y = b;

	if (rank[x->row] != rank[y->row])
		return rank[x->row] < rank[y->row] ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void sort_items(struct item *a, struct item *tmp, size_t n, const uint32_t *rank)
{
	size_t m = n / 2, i = 0, j = m, k = 0;

	if (n < 2)
		return;
	sort_items(a, tmp, m, rank);
	sort_items(a + m, tmp, n - m, rank);
	while (i < m && j < n)
		tmp[k++] = cmp_items(&a[j], &a[i], rank) < 0 ? a[j++] : a[i++];
	while (i < m)
		tmp[k++] = a[i++];
	while (j < n)
		tmp[k++] = a[j++];
	memcpy(a, tmp, n * sizeof(*a));
}

/* Re-read and parse the event line of an item. 0 on success. */
static int reread(struct run *r, const struct item *it, struct vigil_report_event *e)
{
	int kind;

	if (it->len >= MAX_EVLINE || fseeko(r->in, (off_t)it->off, SEEK_SET) != 0 ||
	    fread(r->line, 1, it->len, r->in) != it->len)
		return -1;
	r->line[it->len] = 0;
	if (vigil_report_line(r->line, it->len, r->tok, VIGIL_REPORT_TOKENS, r->have_geo ? &r->geo : NULL, NULL, e,
			      &kind, NULL) != VIGIL_E_OK || kind != VIGIL_REPORT_EVENT)
		return -1;
	return 0;
}

/* A run of visits to one place, folded after the first two. */
struct fold {
	char place[96];
	unsigned n, hidden;
	double hours;
	int64_t last;
};

static void fold_flush(FILE *out, struct fold *fd, int md)
{
	char tm[32], buf[256];

	if (fd->hidden) {
		vigil_report_time(fd->last, tm, sizeof(tm));
		snprintf(buf, sizeof(buf), "... and %u more visits to %s until %s (%.1f h in all)", fd->hidden, fd->place,
			 tm, fd->hours);
		if (md)
			fprintf(out, "| | %s | | | |\n", buf);
		else
			wrap(out, buf, INDENT, INDENT);
	}
	memset(fd, 0, sizeof(*fd));
}

static void print_findings(struct run *r, FILE *out, const size_t *order, int md)
{
	size_t i, cur = SIZE_MAX;
	struct vigil_report_event *e = malloc(sizeof(*e));
	struct item *tmp = malloc((r->nitems ? r->nitems : 1) * sizeof(*tmp));
	struct fold fd;
	char buf[2048], ev[512];

	(void)order;
	memset(&fd, 0, sizeof(fd));
	if (!e || !tmp) {
		free(e);
		free(tmp);
		fprintf(stderr, "%s: out of memory for the findings listing\n", cmd_progname);
		return;
	}
	sort_items(r->items, tmp, r->nitems, r->rank);
	free(tmp);
	fprintf(out, md ? "\n## Findings by vessel, in time order\n" : "\nFINDINGS BY VESSEL, IN TIME ORDER\n");
	for (i = 0; i < r->nitems; i++) {
		const struct item *it = &r->items[i];
		const struct vigil_report_row *row = &r->tab.rows[it->row];
		int is_visit;

		if (!row_shown(r, row))
			continue;
		if (reread(r, it, e) != 0)
			continue;
		if (it->row != cur) {
			fold_flush(out, &fd, md);
			cur = it->row;
			snprintf(buf, sizeof(buf), "%s  MMSI %u%s%.0u  %s%s%s", row->name[0] ? row->name : "(unnamed)",
				 row->mmsi, row->imo ? "  IMO " : "", row->imo, row->flag[0] ? row->flag : "",
				 row->nlisted ? "  LISTED: " : "", row->nlisted ? row->listed : "");
			if (md) {
				fprintf(out, "\n### %s\n\n| Time (UTC) | Finding | Confidence | Why | Evidence |\n"
					     "|---|---|---|---|---|\n", buf);
			} else {
				fputc('\n', out);
				wrap(out, buf, 0, 4);
			}
		}
		is_visit = !strcmp(e->type, "port_visit") || !strcmp(e->type, "area_visit");
		if (is_visit && fd.n && !strcmp(fd.place, e->place)) {
			fd.n++;
			if (fd.n > 2) {
				fd.hidden++;
				fd.hours += e->duration_h;
				fd.last = e->start;
				continue;
			}
		} else {
			fold_flush(out, &fd, md);
			if (is_visit) {
				snprintf(fd.place, sizeof(fd.place), "%s", e->place);
				fd.n = 1;
			}
		}
		vigil_report_evidence(e, ev, sizeof(ev));
		if (md) {
			char c[16], *p;

			vigil_report_finding(e, it->self, buf, sizeof(buf));
			/* The time has its own column: split it off the finding text. */
			p = strstr(buf, "  ");
			if (p)
				*p = 0;
			md_cell(out, buf);
			if (p) {
				char *q = strstr(p + 2, "; conf ");

				if (q)
					*q = 0;
				md_cell(out, p + 2);
			} else {
				md_cell(out, "");
			}
			snprintf(c, sizeof(c), isnan(e->confidence) ? "" : "%.2f", e->confidence);
			md_cell(out, c);
			md_cell(out, e->reasons);
			md_cell(out, ev);
			fprintf(out, "|\n");
		} else {
			vigil_report_finding(e, it->self, buf, sizeof(buf));
			wrap(out, buf, 2, INDENT);
			snprintf(buf, sizeof(buf), "why: %s  [evidence: %s]", e->reasons[0] ? e->reasons : "-", ev);
			wrap(out, buf, INDENT, INDENT);
		}
	}
	fold_flush(out, &fd, md);
	free(e);
}

/* ---- CSV ---- */

static void csv_header(FILE *out)
{
	fputs("id,type,mmsi,imo,name,flag,other_mmsi,other_name,start,end,duration_h,lat,lon,end_lat,end_lon,"
	      "confidence,reasons,place,place_kind,summary,messages,first_file,first_line,first_offset,"
	      "last_file,last_line,last_offset,sha256,listed\n", out);
}

static void csv_row(struct run *r, FILE *out, const struct vigil_report_event *e)
{
	char b[2048], t[32];
	const struct vigil_report_vessel *v = &e->v[0];
	const char *listed = "";
	char lbuf[256];
	size_t k;

	csv_text(out, e->id, 0);
	csv_text(out, e->type, 0);
	snprintf(b, sizeof(b), "%u", v->mmsi);
	csv_field(out, b, 0);
	snprintf(b, sizeof(b), "%.0u", v->imo);
	csv_field(out, b, 0);
	csv_text(out, v->name, 0);
	csv_field(out, vigil_report_flag(v->mmsi), 0);
	snprintf(b, sizeof(b), "%.0u", e->nv > 1 ? e->v[1].mmsi : 0);
	csv_field(out, b, 0);
	csv_text(out, e->nv > 1 ? e->v[1].name : "", 0);
	vigil_report_iso(e->start, t, sizeof(t));
	csv_field(out, t, 0);
	vigil_report_iso(e->end, t, sizeof(t));
	csv_field(out, t, 0);
	snprintf(b, sizeof(b), "%.3f", e->duration_h);
	csv_field(out, b, 0);
#define NUMF(x, fmt) do { if (isnan(x)) b[0] = 0; else snprintf(b, sizeof(b), fmt, x); csv_field(out, b, 0); } while (0)
	NUMF(e->lat, "%.5f");
	NUMF(e->lon, "%.5f");
	NUMF(e->end_lat, "%.5f");
	NUMF(e->end_lon, "%.5f");
	NUMF(e->confidence, "%.2f");
#undef NUMF
	csv_text(out, e->reasons, 0);
	csv_text(out, e->place, 0);
	csv_text(out, e->place_kind, 0);
	csv_text(out, e->what, 0);
	snprintf(b, sizeof(b), "%llu", (unsigned long long)e->messages);
	csv_field(out, b, 0);
	csv_text(out, e->first.file, 0);
	snprintf(b, sizeof(b), "%llu", (unsigned long long)e->first.line);
	csv_field(out, b, 0);
	snprintf(b, sizeof(b), "%llu", (unsigned long long)e->first.offset);
	csv_field(out, b, 0);
	csv_text(out, e->last.file, 0);
	snprintf(b, sizeof(b), "%llu", (unsigned long long)e->last.line);
	csv_field(out, b, 0);
	snprintf(b, sizeof(b), "%llu", (unsigned long long)e->last.offset);
	csv_field(out, b, 0);
	csv_field(out, e->sha256, 0);
	lbuf[0] = 0;
	if (r->ix) {
		struct vigil_report_row row;
		uint32_t ids[32], seen[32];
		size_t nseen = 0, m;

		memset(&row, 0, sizeof(row));
		if (v->imo)
			for (m = vigil_index_by_imo(r->ix, v->imo, ids, 32), k = 0; k < m && k < 32; k++)
				add_hit(r, &row, ids[k], seen, &nseen);
		for (m = vigil_index_by_mmsi(r->ix, v->mmsi, ids, 32), k = 0; k < m && k < 32; k++)
			add_hit(r, &row, ids[k], seen, &nseen);
		snprintf(lbuf, sizeof(lbuf), "%s", row.listed);
		listed = lbuf;
	}
	csv_text(out, listed, 1);
}

/* ---- --verify ---- */

struct vfile {
	char path[512];      /* as stated in the events */
	char used[1024];     /* as opened */
	FILE *f;
	int err;             /* errno of the failed open, 0 when open */
	uint64_t size, block;
	uint64_t *nl;        /* line ends before each block start */
	size_t nblocks;
	int indexed;
	int notreg;          /* exists but is not a regular file */
};

#define MAX_VFILES 32

struct verify {
	struct vfile files[MAX_VFILES];
	size_t nfiles, recycle;
	char *buf;           /* one block, for counting */
	char *lbuf;          /* one line, as detect reads it */
	size_t ok, mismatch, unchecked, no_line, no_hash;
};

/* The file's slot, opened on first use; when all slots are taken one other than `keep` is recycled. */
static struct vfile *vfile_get(struct verify *v, const char *path, const char *dir, const struct vfile *keep)
{
	struct vfile *vf;
	size_t i;
	struct stat st;

	for (i = 0; i < v->nfiles; i++)
		if (!strcmp(v->files[i].path, path))
			return &v->files[i];
	if (v->nfiles == MAX_VFILES) {
		vf = &v->files[v->recycle++ % MAX_VFILES];
		if (vf == keep)
			vf = &v->files[v->recycle++ % MAX_VFILES];
		if (vf->f)
			fclose(vf->f);
		free(vf->nl);
	} else {
		vf = &v->files[v->nfiles++];
	}
	memset(vf, 0, sizeof(*vf));
	snprintf(vf->path, sizeof(vf->path), "%s", path);
	snprintf(vf->used, sizeof(vf->used), "%s", path);
	if (stat(path, &st) != 0 && dir) {
		const char *b = strrchr(path, '/');

		snprintf(vf->used, sizeof(vf->used), "%s/%s", dir, b ? b + 1 : path);
	}
	/* Only regular files: opening a FIFO would wait for a writer, a device or directory is no evidence. */
	if (stat(vf->used, &st) != 0) {
		vf->err = errno ? errno : ENOENT;
		return vf;
	}
	if (!S_ISREG(st.st_mode)) {
		vf->err = EINVAL;
		vf->notreg = 1;
		return vf;
	}
	if (!(vf->f = fopen(vf->used, "rb"))) {
		vf->err = errno ? errno : ENOENT;
		return vf;
	}
	if (fstat(fileno(vf->f), &st) == 0)
		vf->size = (uint64_t)st.st_size;
	return vf;
}

/* One pass over the file: the number of line ends before each block (bounded: at most 2^20 blocks). */
static int vfile_index(struct verify *v, struct vfile *vf)
{
	uint64_t pos = 0, count = 0;
	size_t i;

	if (vf->indexed)
		return vf->nl ? 0 : -1;
	vf->indexed = 1;
	for (vf->block = 65536; vf->size / vf->block >= ((uint64_t)1 << 20); vf->block *= 2)
		;
	vf->nblocks = (size_t)(vf->size / vf->block) + 1;
	if (!(vf->nl = malloc(vf->nblocks * sizeof(*vf->nl))))
		return -1;
	if (fseeko(vf->f, 0, SEEK_SET) != 0)
		return -1;
	for (i = 0; i < vf->nblocks; i++) {
		size_t got = 0, k, want = (size_t)vf->block;

		vf->nl[i] = count;
		while (got < want) { /* v->buf holds 64 KiB: read a block in pieces */
			size_t piece = want - got < 65536 ? want - got : 65536, r = fread(v->buf, 1, piece, vf->f);

			for (k = 0; k < r; k++)
				count += v->buf[k] == '\n';
			got += r;
			pos += r;
			if (r < piece)
				break;
		}
	}
	(void)pos;
	return 0;
}

/* Line number (1-based) of the line containing byte `off`, and whether off starts a line. -1 on read errors. */
static int vfile_line_at(struct verify *v, struct vfile *vf, uint64_t off, uint64_t *line, int *starts)
{
	uint64_t b, pos, count;
	char last = '\n';

	if (vfile_index(v, vf) != 0)
		return -1;
	b = off / vf->block;
	pos = b * vf->block;
	if (b >= vf->nblocks || fseeko(vf->f, (off_t)pos, SEEK_SET) != 0)
		return -1;
	count = vf->nl[b];
	while (pos < off) {
		size_t piece = off - pos < 65536 ? (size_t)(off - pos) : 65536, r = fread(v->buf, 1, piece, vf->f), k;

		if (r == 0)
			return -1;
		for (k = 0; k < r; k++)
			count += v->buf[k] == '\n';
		last = v->buf[r - 1];
		pos += r;
	}
	*line = count + 1;
	*starts = off == 0 || last == '\n';
	return 0;
}

/* The line at off exactly as cmd/detect.c reads it for hashing (fgets of EV_LINE_CAP). */
static size_t vfile_read(struct verify *v, struct vfile *vf, uint64_t off)
{
	if (fseeko(vf->f, (off_t)off, SEEK_SET) != 0 || !fgets(v->lbuf, EV_LINE_CAP, vf->f))
		return 0;
	return strlen(v->lbuf);
}

/* Check one end; returns 0 ok, 1 mismatch (why written), 2 unchecked (why written). */
static int check_end(struct verify *v, struct run *r, const struct vigil_report_where *w, const char *which,
		     const struct vfile *keep, struct vfile **vfo, char *why, size_t cap)
{
	struct vfile *vf;
	uint64_t line = 0;
	int starts = 0;

	*vfo = NULL;
	if (!w->has) {
		snprintf(why, cap, "%s: no file and offset stated", which);
		return 2;
	}
	vf = vfile_get(v, w->file, r->o.input_dir, keep);
	*vfo = vf;
	if (!vf->f) {
		snprintf(why, cap, "%s: %s: %s%s", which, vf->used, vf->notreg ? "not a regular file" : strerror(vf->err),
			 r->o.input_dir || vf->notreg ? "" : " (--input-dir DIR to look elsewhere)");
		return 2;
	}
	if (w->offset >= vf->size) {
		snprintf(why, cap, "%s: offset %llu is beyond the end of %s (%llu bytes)", which,
			 (unsigned long long)w->offset, vf->used, (unsigned long long)vf->size);
		return 1;
	}
	if (vfile_line_at(v, vf, w->offset, &line, &starts) != 0) {
		snprintf(why, cap, "%s: %s: read error", which, vf->used);
		return 2;
	}
	if (!starts) {
		snprintf(why, cap, "%s: offset %llu is not the start of a line (inside line %llu)", which,
			 (unsigned long long)w->offset, (unsigned long long)line);
		return 1;
	}
	if (w->line && w->line != line) {
		snprintf(why, cap, "%s: line %llu stated, offset %llu starts line %llu", which,
			 (unsigned long long)w->line, (unsigned long long)w->offset, (unsigned long long)line);
		return 1;
	}
	if (!w->line)
		v->no_line++;
	snprintf(why, cap, "%llu", (unsigned long long)line);
	return 0;
}

static void hexs(const unsigned char *md, unsigned n, char *out)
{
	unsigned i;

	for (i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

static int verify_event(struct verify *v, struct run *r, const struct vigil_report_event *e, FILE *out)
{
	char w1[1200], w2[1200], got[65];
	struct vfile *f1, *f2;
	int a, b, same;
	size_t n;
	EVP_MD_CTX *c;
	unsigned char md[32];
	unsigned mdlen = 0;
	size_t nl0 = v->no_line;

	a = check_end(v, r, &e->first, "first", NULL, &f1, w1, sizeof(w1));
	b = check_end(v, r, &e->last, "last", f1, &f2, w2, sizeof(w2));
	if (a == 1 || b == 1) {
		fprintf(out, "MISMATCH   %s  %s\n", e->id, a == 1 ? w1 : w2);
		v->mismatch++;
		return 1;
	}
	if (a == 2 || b == 2) {
		fprintf(out, "UNCHECKED  %s  %s\n", e->id, a == 2 ? w1 : w2);
		v->unchecked++;
		return 2;
	}
	if (!e->sha256[0]) {
		fprintf(out, "UNCHECKED  %s  lines %s-%s exist; no sha256 in the event (detect read stdin?)\n", e->id,
			w1, w2);
		v->no_hash++;
		v->unchecked++;
		return 2;
	}
	same = f1 == f2 && e->first.offset == e->last.offset;
	if (!(c = EVP_MD_CTX_new()) || EVP_DigestInit_ex(c, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(c);
		fprintf(out, "UNCHECKED  %s  SHA-256 unavailable\n", e->id);
		v->unchecked++;
		return 2;
	}
	if ((n = vfile_read(v, f1, e->first.offset)) > 0)
		EVP_DigestUpdate(c, v->lbuf, n);
	if (!same && (n = vfile_read(v, f2, e->last.offset)) > 0)
		EVP_DigestUpdate(c, v->lbuf, n);
	EVP_DigestFinal_ex(c, md, &mdlen);
	EVP_MD_CTX_free(c);
	hexs(md, mdlen < 32 ? mdlen : 32, got);
	if (strcmp(got, e->sha256)) {
		fprintf(out, "MISMATCH   %s  sha256 of lines %s and %s is %.16s..., the event says %.16s...\n", e->id, w1,
			w2, got, e->sha256);
		v->mismatch++;
		return 1;
	}
	fprintf(out, "OK         %s  %s lines %s%s%s (offsets %llu%s%.0llu), sha256 %.12s%s\n", e->id, f1->used, w1,
		same ? "" : "-", same ? "" : w2, (unsigned long long)e->first.offset, same ? "" : "-",
		same ? 0ULL : (unsigned long long)e->last.offset, got,
		v->no_line > nl0 ? "; line numbers not stated by detect: computed" : "");
	v->ok++;
	return 0;
}

static int run_verify(struct run *r, FILE *out)
{
	struct verify *v = calloc(1, sizeof(*v));
	struct vigil_report_event *e = malloc(sizeof(*e));
	uint64_t pos = 0, off;
	long len;
	size_t lineno = 0, i, noline_events = 0;
	int rc = 0;

	if (!v || !e || !(v->buf = malloc(65536)) || !(v->lbuf = malloc(EV_LINE_CAP))) {
		fprintf(stderr, "%s: out of memory\n", cmd_progname);
		rc = 2;
		goto done;
	}
	while ((len = read_line(r, NULL, &pos, &off)) != -1) {
		size_t before;

		lineno++;
		if (!take_line(r, &len, e, lineno))
			continue;
		before = v->no_line;
		verify_event(v, r, e, out);
		noline_events += v->no_line > before;
	}
	fprintf(out, "verify: %zu events checked: %zu OK, %zu MISMATCH, %zu unchecked; %zu malformed lines skipped",
		r->passed, v->ok, v->mismatch, v->unchecked, r->malformed);
	if (noline_events)
		fprintf(out, "; %zu events state no line numbers (null or 0): computed from the byte offsets", noline_events);
	fputc('\n', out);
	fprintf(out, "verify: the SHA-256 covers the first and the last supporting line of each event (docs/detect.md)\n");
	rc = (v->mismatch || v->unchecked) ? 1 : 0;
done:
	if (v) {
		for (i = 0; i < v->nfiles; i++) {
			if (v->files[i].f)
				fclose(v->files[i].f);
			free(v->files[i].nl);
		}
		free(v->buf);
		free(v->lbuf);
	}
	free(v);
	free(e);
	return rc;
}

/* ---- main ---- */

static int parse_size(const char *s, size_t *out)
{
	char *end;
	unsigned long long x = strtoull(s, &end, 10);

	if (end == s || *end || x == 0 || x > ((size_t)1 << 28))
		return -1;
	*out = (size_t)x;
	return 0;
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	o->max_vessels = 10000;
	o->max_events = 200000;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		int more = i + 1 < argc;

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 1;
		} else if (!strcmp(a, "--vessel") && more) {
			o->f.vessel = argv[++i];
		} else if (!strcmp(a, "--type") && more) {
			o->f.types = argv[++i];
		} else if (!strcmp(a, "--min-confidence") && more) {
			char *end;

			o->f.min_conf = strtod(argv[++i], &end);
			if (*end || end == argv[i] || !(o->f.min_conf >= 0 && o->f.min_conf <= 1)) {
				fprintf(stderr, "%s: --min-confidence wants a number from 0 to 1\n", cmd_progname);
				return 2;
			}
		} else if (!strcmp(a, "--markdown")) {
			o->mode = M_MARKDOWN;
		} else if (!strcmp(a, "--csv")) {
			o->mode = M_CSV;
		} else if (!strcmp(a, "--verify")) {
			o->mode = M_VERIFY;
		} else if (!strcmp(a, "--all")) {
			o->all = 1;
		} else if (!strcmp(a, "--input-dir") && more) {
			o->input_dir = argv[++i];
		} else if (!strcmp(a, "--lists") && more) {
			if (o->nlists < 16)
				o->lists[o->nlists++] = argv[++i];
			else
				i++;
		} else if (!strcmp(a, "--no-lists")) {
			o->no_lists = 1;
		} else if (!strcmp(a, "--no-geo")) {
			o->no_geo = 1;
		} else if (!strcmp(a, "--max-vessels") && more) {
			if (parse_size(argv[++i], &o->max_vessels)) {
				fprintf(stderr, "%s: --max-vessels wants a positive number\n", cmd_progname);
				return 2;
			}
		} else if (!strcmp(a, "--max-events") && more) {
			if (parse_size(argv[++i], &o->max_events)) {
				fprintf(stderr, "%s: --max-events wants a positive number\n", cmd_progname);
				return 2;
			}
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "%s: unknown or incomplete option '%s'\n", cmd_progname, a);
			usage(stderr);
			return 2;
		} else if (o->path) {
			fprintf(stderr, "%s: one events file at a time\n", cmd_progname);
			return 2;
		} else {
			o->path = strcmp(a, "-") ? a : NULL;
		}
	}
	return 0;
}

/* Read every line: header, trailer, table, findings index (report) or CSV rows as they come. */
static int read_all(struct run *r, FILE *out, int csv)
{
	struct vigil_report_event *e = malloc(sizeof(*e));
	FILE *copy = NULL;
	uint64_t pos = 0, off;
	long len;
	size_t lineno = 0, rows[VIGIL_REPORT_MAXV], k, n;
	uint32_t self[VIGIL_REPORT_MAXV];
	struct stat st;

	if (!e)
		return -1;
	if ((!r->o.path || fstat(fileno(r->in), &st) != 0 || !S_ISREG(st.st_mode)) && !csv) {
		/* standard input or a pipe: keep a copy to re-read the listed events */
		if (!(copy = tmpfile())) {
			fprintf(stderr, "%s: cannot make a temporary file for standard input: %s\n", cmd_progname,
				strerror(errno));
			free(e);
			return -1;
		}
	}
	if (csv)
		csv_header(out);
	while ((len = read_line(r, copy, &pos, &off)) != -1) {
		lineno++;
		if (!take_line(r, &len, e, lineno))
			continue;
		if (csv) {
			csv_row(r, out, e);
			continue;
		}
		n = vigil_report_table_add(&r->tab, &r->o.f, e, rows, self);
		for (k = 0; k < n; k++) {
			struct item *it;

			if (r->nitems == r->cap_items) {
				r->items_over++;
				continue;
			}
			it = &r->items[r->nitems++];
			it->off = off;
			it->len = (uint32_t)len;
			it->start = e->start;
			it->row = (uint32_t)rows[k];
			it->self = self[k];
			it->seq = (uint32_t)r->seq;
		}
		r->seq++;
	}
	if (ferror(r->in)) {
		fprintf(stderr, "%s: %s: read error\n", cmd_progname, r->o.path ? r->o.path : "stdin");
		free(e);
		if (copy)
			fclose(copy);
		return -1;
	}
	if (copy) {
		fflush(copy);
		if (r->in != stdin)
			fclose(r->in);
		r->in = copy; /* the copy is read from now on */
	}
	free(e);
	return 0;
}

int cmd_report(int argc, char **argv)
{
	struct run *r = calloc(1, sizeof(*r));
	size_t *order = NULL, i;
	int rc = 0, pa;
	FILE *out = stdout;

	if (!r) {
		fprintf(stderr, "%s: out of memory\n", cmd_progname);
		return 2;
	}
	pa = parse_args(argc, argv, &r->o);
	if (pa) {
		free(r);
		return pa == 1 ? 0 : 2;
	}
	r->run.trailer_events = -1;
	r->in = r->o.path ? fopen(r->o.path, "rb") : stdin;
	if (!r->in) {
		fprintf(stderr, "%s: %s: %s\n", cmd_progname, r->o.path, strerror(errno));
		free(r);
		return 2;
	}
	r->line = malloc(MAX_EVLINE + 1);
	r->tok = malloc(VIGIL_REPORT_TOKENS * sizeof(*r->tok));
	if (!r->line || !r->tok) {
		fprintf(stderr, "%s: out of memory\n", cmd_progname);
		rc = 2;
		goto done;
	}
	if (r->o.mode == M_VERIFY) {
		rc = run_verify(r, out);
		goto done;
	}
	vigil_geo_init(&r->geo);
	if (!r->o.no_geo) {
		char err[256];

		if (geodata_load_default(&r->geo, err, sizeof(err)) == 0 && r->geo.nplaces) {
			vigil_geo_index(&r->geo, 50);
			r->have_geo = 1;
		}
	}
	if (r->o.mode == M_CSV) {
		/* Lists from --lists only: CSV streams and has no header to wait for. */
		if (r->o.nlists)
			load_lists(r);
		rc = read_all(r, out, 1) ? 2 : 0;
		goto done;
	}
	if (vigil_report_table_init(&r->tab, r->o.max_vessels) != VIGIL_E_OK ||
	    !(r->items = malloc(r->o.max_events * sizeof(*r->items)))) {
		fprintf(stderr, "%s: out of memory\n", cmd_progname);
		rc = 2;
		goto done;
	}
	r->cap_items = r->o.max_events;
	if (read_all(r, out, 0) != 0) {
		rc = 2;
		goto done;
	}
	load_lists(r);
	screen_rows(r);
	if (!(order = malloc((r->tab.n ? r->tab.n : 1) * sizeof(*order))) ||
	    !(r->rank = malloc((r->tab.n ? r->tab.n : 1) * sizeof(*r->rank)))) {
		fprintf(stderr, "%s: out of memory\n", cmd_progname);
		rc = 2;
		goto done;
	}
	vigil_report_table_order(&r->tab, order);
	for (i = 0; i < r->tab.n; i++)
		r->rank[order[i]] = (uint32_t)i;
	print_run(r, out, r->o.mode == M_MARKDOWN);
	print_table(r, out, order, r->o.mode == M_MARKDOWN);
	print_findings(r, out, order, r->o.mode == M_MARKDOWN);
	if (r->malformed)
		fprintf(stderr, "%s: %zu malformed lines skipped (%zu not events, %zu too long)\n", cmd_progname,
			r->malformed, r->not_events, r->too_long);
done:
	if (fflush(out) != 0 && !rc) {
		fprintf(stderr, "%s: write error: %s\n", cmd_progname, strerror(errno));
		rc = 2;
	}
	if (r->in && r->in != stdin)
		fclose(r->in);
	if (r->ix)
		vigil_index_free(r->ix);
	if (r->o.mode != M_VERIFY)
		vigil_geo_release(&r->geo);
	vigil_report_table_release(&r->tab);
	free(order);
	free(r->rank);
	free(r->items);
	free(r->line);
	free(r->tok);
	free(r);
	return rc;
}
