/* list.c - list format detection by content, loader dispatch and helpers shared by the loaders. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "vigil/error.h"
#include "list_int.h"

static const struct {
	const char *name, *publisher;
	unsigned char noncommercial, secondary;
} fmts[VIGIL_LIST__COUNT] = {
	[VIGIL_LIST_NONE] = { "none", "", 0, 0 },
	[VIGIL_LIST_OFAC_SDN_CSV] = { "ofac_sdn_csv", "OFAC SDN", 0, 0 },
	[VIGIL_LIST_OFAC_ADD_CSV] = { "ofac_add_csv", "OFAC SDN", 0, 1 },
	[VIGIL_LIST_OFAC_ALT_CSV] = { "ofac_alt_csv", "OFAC SDN", 0, 1 },
	[VIGIL_LIST_OFAC_COMMENTS_CSV] = { "ofac_comments_csv", "OFAC SDN", 0, 1 },
	[VIGIL_LIST_OFAC_SDN_XML] = { "ofac_sdn_xml", "OFAC SDN", 0, 0 },
	[VIGIL_LIST_UN_XML] = { "un_xml", "UN SC", 0, 0 },
	[VIGIL_LIST_EU_XML] = { "eu_xml", "EU FSF", 0, 0 },
	[VIGIL_LIST_UK_CSV] = { "uk_csv", "UK FCDO", 0, 0 },
	[VIGIL_LIST_OS_SIMPLE_CSV] = { "os_simple_csv", "OpenSanctions", 1, 0 },
	[VIGIL_LIST_FTM_JSON] = { "ftm_json", "OpenSanctions", 1, 0 },
	[VIGIL_LIST_DEMO_CSV] = { "demo_csv", "vigil demo", 0, 0 },
	[VIGIL_LIST_UK_XML] = { "uk_xml", "UK FCDO", 0, 0 },
};

const char *vigil_list_format_name(int f)
{
	return f >= 0 && f < VIGIL_LIST__COUNT ? fmts[f].name : "none";
}

const char *vigil_list_publisher(int f)
{
	return f >= 0 && f < VIGIL_LIST__COUNT ? fmts[f].publisher : "";
}

int vigil_list_noncommercial(int f)
{
	return f >= 0 && f < VIGIL_LIST__COUNT && fmts[f].noncommercial;
}

int vigil_list_is_secondary(int f)
{
	return f >= 0 && f < VIGIL_LIST__COUNT && fmts[f].secondary;
}

static const char *memfind(const char *h, size_t hl, const char *n)
{
	size_t nl = strlen(n), i;

	if (nl > hl)
		return NULL;
	for (i = 0; i + nl <= hl; i++)
		if (h[i] == n[0] && memcmp(h + i, n, nl) == 0)
			return h + i;
	return NULL;
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* OFAC legacy CSV: no header; a record starts with ent_num and a quoted field. Field count tells the file. */
static int detect_ofac(const char *buf, size_t len)
{
	struct vigil__csv c;
	int fmt = VIGIL_LIST_NONE, r;
	size_t i, nf;

	if (!len || !is_digit((unsigned char)buf[0]))
		return VIGIL_LIST_NONE;
	for (i = 0; i < len && is_digit((unsigned char)buf[i]); i++)
		;
	if (i == len || buf[i] != ',')
		return VIGIL_LIST_NONE;
	vigil__csv_init(&c, buf, len < 65536 ? len : 65536, 1, NULL);
	r = vigil__csv_next(&c);
	nf = c.nf;
	if (r == 1 && nf == 12)
		fmt = VIGIL_LIST_OFAC_SDN_CSV;
	else if (r == 1 && nf == 6)
		fmt = VIGIL_LIST_OFAC_ADD_CSV;
	else if (r == 1 && nf == 5) {
		const char *t = vigil__csv_f(&c, 2);

		if (!strcmp(t, "aka") || !strcmp(t, "fka") || !strcmp(t, "nka"))
			fmt = VIGIL_LIST_OFAC_ALT_CSV;
	} else if (nf == 2 || (r < 0 && len >= 65536)) {
		fmt = VIGIL_LIST_OFAC_COMMENTS_CSV;
	}
	vigil__csv_release(&c);
	return fmt;
}

int vigil_list_detect(const char *buf, size_t len)
{
	size_t hl = len < 4096 ? len : 4096, i = 0;
	const char *h = buf;

	if (hl >= 3 && memcmp(h, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < hl && (h[i] == ' ' || h[i] == '\t' || h[i] == '\r' || h[i] == '\n'))
		i++;
	if (i < hl && h[i] == '<') {
		if (memfind(h, hl, "<CONSOLIDATED_LIST"))
			return VIGIL_LIST_UN_XML;
		if (memfind(h, hl, "<sdnList"))
			return VIGIL_LIST_OFAC_SDN_XML;
		if (memfind(h, hl, "<export") && (memfind(h, hl, "fsd") || memfind(h, hl, "sanctionEntity")))
			return VIGIL_LIST_EU_XML;
		if (memfind(h, hl, "<Designations"))
			return VIGIL_LIST_UK_XML;
		return VIGIL_LIST_NONE;
	}
	if (i < hl && h[i] == '{') {
		const char *nl = memchr(h + i, '\n', hl - i);
		size_t l = nl ? (size_t)(nl - h) : hl;

		if (memfind(h, l, "\"schema\"") && memfind(h, l, "\"properties\""))
			return VIGIL_LIST_FTM_JSON;
		return VIGIL_LIST_NONE;
	}
	if (memfind(h, hl < 200 ? hl : 200, "id\",\"schema\",\"name\",\"aliases\"") ||
	    (hl >= i + 24 && memcmp(h + i, "id,schema,name,aliases,", 23) == 0))
		return VIGIL_LIST_OS_SIMPLE_CSV;
	if (hl >= i + 22 && memcmp(h + i, "# vigil demo list", 17) == 0)
		return VIGIL_LIST_DEMO_CSV;
	/* UK FCDO CSV: a "Report Date:" line then a header naming "Unique ID" and "Name 6". */
	if (memfind(h, hl, "Unique ID") && memfind(h, hl, "Name 6") && memfind(h, hl, "Regime"))
		return VIGIL_LIST_UK_CSV;
	return detect_ofac(h + i, len - i);
}

int vigil_list_load(struct vigil_index *ix, int source, int fmt, const char *buf, size_t len,
		    const struct vigil_list_limits *lim, struct vigil_list_report *rep)
{
	size_t max_file = lim && lim->max_file ? lim->max_file : (size_t)512 << 20;

	memset(rep, 0, sizeof(*rep));
	if (len > max_file) {
		vigil__rep_skip(rep, 0, "file of %zu bytes over the %zu byte limit", len, max_file);
		rep->skipped = 0;
		return VIGIL_E_TOOBIG;
	}
	switch (fmt) {
	case VIGIL_LIST_OFAC_SDN_CSV:
	case VIGIL_LIST_OFAC_ADD_CSV:
	case VIGIL_LIST_OFAC_ALT_CSV:
	case VIGIL_LIST_OFAC_COMMENTS_CSV:
		return vigil__load_ofac_csv(ix, source, fmt, buf, len, lim, rep);
	case VIGIL_LIST_OFAC_SDN_XML:
		return vigil__load_ofac_xml(ix, source, buf, len, lim, rep);
	case VIGIL_LIST_UN_XML:
		return vigil__load_un_xml(ix, source, buf, len, lim, rep);
	case VIGIL_LIST_EU_XML:
		return vigil__load_eu_xml(ix, source, buf, len, lim, rep);
	case VIGIL_LIST_UK_CSV:
		return vigil__load_uk_csv(ix, source, buf, len, lim, rep);
	case VIGIL_LIST_UK_XML:
		return vigil__load_uk_xml(ix, source, buf, len, lim, rep);
	case VIGIL_LIST_OS_SIMPLE_CSV:
	case VIGIL_LIST_DEMO_CSV:
		return vigil__load_os_csv(ix, source, fmt, buf, len, lim, rep);
	case VIGIL_LIST_FTM_JSON:
		return vigil__load_ftm_json(ix, source, buf, len, lim, rep);
	default:
		snprintf(rep->first_error, sizeof(rep->first_error), "not a known list format");
		return VIGIL_E_FORMAT;
	}
}

void vigil_list_date(int fmt, const char *buf, size_t len, char out[11])
{
	size_t hl = len < 8192 ? len : 8192;
	const char *p = NULL, *key = NULL;

	out[0] = 0;
	if (fmt == VIGIL_LIST_UN_XML)
		key = "dateGenerated=\"";
	else if (fmt == VIGIL_LIST_OFAC_SDN_XML)
		key = "<Publish_Date>";
	else if (fmt == VIGIL_LIST_EU_XML)
		key = "generationDate=\"";
	else if (fmt == VIGIL_LIST_UK_CSV)
		key = "Report Date:";
	else if (fmt == VIGIL_LIST_UK_XML)
		key = "<DateGenerated>";
	if (key && (p = memfind(buf, hl, key)) != NULL) {
		p += strlen(key);
		while (p < buf + hl && *p == ' ')
			p++;
		vigil__date(p, (size_t)(buf + hl - p) < 24 ? (size_t)(buf + hl - p) : 24, out);
		/* OFAC writes Publish_Date as MM/DD/YYYY (vigil__date reads D/M/Y). */
		if (fmt == VIGIL_LIST_OFAC_SDN_XML && buf + hl - p >= 10 && p[2] == '/' && p[5] == '/') {
			char t[11] = { p[6], p[7], p[8], p[9], '-', p[0], p[1], '-', p[3], p[4], 0 };

			vigil__date(t, 10, out);
		}
	}
}

void vigil__rep_skip(struct vigil_list_report *rep, size_t line, const char *fmt, ...)
{
	va_list ap;

	rep->skipped++;
	if (rep->first_error[0])
		return;
	rep->first_line = line;
	va_start(ap, fmt);
	vsnprintf(rep->first_error, sizeof(rep->first_error), fmt, ap);
	va_end(ap);
}

uint32_t vigil__u32(const char *s, size_t len)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < len && is_digit((unsigned char)s[i]); i++) {
		v = v * 10 + (uint64_t)(s[i] - '0');
		if (v > 0xFFFFFFFFu)
			return 0;
	}
	return (uint32_t)v;
}

uint32_t vigil__find_id(const char *s, size_t len, const char *label, int digits)
{
	size_t ll = strlen(label), i, k;

	for (i = 0; i + ll <= len; i++) {
		if (memcmp(s + i, label, ll) != 0)
			continue;
		if (i > 0 && ((s[i - 1] | 0x20) >= 'a' && (s[i - 1] | 0x20) <= 'z'))
			continue;
		k = i + ll;
		while (k < len && (s[k] == ' ' || s[k] == ':' || s[k] == '#' || s[k] == '.'))
			k++;
		if (k + (size_t)digits <= len) {
			int d;

			for (d = 0; d < digits && is_digit((unsigned char)s[k + (size_t)d]); d++)
				;
			if (d == digits && (k + (size_t)d == len || !is_digit((unsigned char)s[k + (size_t)d])))
				return vigil__u32(s + k, (size_t)digits);
		}
	}
	return 0;
}

static const char *const months[12] = { "jan", "feb", "mar", "apr", "may", "jun",
					"jul", "aug", "sep", "oct", "nov", "dec" };

void vigil__date(const char *s, size_t len, char out[11])
{
	unsigned v[3] = { 0, 0, 0 }, nd[3] = { 0, 0, 0 };
	int mon = 0, k = 0;
	size_t i = 0;

	out[0] = 0;
	while (i < len && k < 3) {
		unsigned char ch = (unsigned char)s[i];

		if (is_digit(ch)) {
			while (i < len && is_digit((unsigned char)s[i]) && nd[k] < 5)
				v[k] = v[k] * 10 + (unsigned)(s[i++] - '0'), nd[k]++;
			k++;
		} else if ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z') {
			int m;

			for (m = 0; m < 12 && i + 3 <= len; m++)
				if ((s[i] | 0x20) == months[m][0] && (s[i + 1] | 0x20) == months[m][1] &&
				    (s[i + 2] | 0x20) == months[m][2])
					break;
			if (m == 12 || i + 3 > len)
				return;
			mon = m + 1;
			v[k] = (unsigned)mon, nd[k] = 2, k++;
			while (i < len && ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'))
				i++;
		} else if (ch == '-' || ch == '.' || ch == '/' || ch == ' ' || ch == ',') {
			i++;
		} else {
			break;
		}
	}
	if (k < 3)
		return;
	if (nd[0] == 4) /* Y-M-D */
		snprintf(out, 11, "%04u-%02u-%02u", v[0] % 10000, v[1] % 100, v[2] % 100);
	else if (nd[2] == 4) /* D-M-Y */
		snprintf(out, 11, "%04u-%02u-%02u", v[2] % 10000, v[1] % 100, v[0] % 100);
	if (out[0] && (out[5] > '1' || out[8] > '3'))
		out[0] = 0;
}

int vigil__add_split(struct vigil_index *ix, struct vigil_strl **l, const char *s, size_t len, char sep)
{
	size_t i = 0, st = 0;
	int rc;

	for (i = 0; i <= len; i++) {
		if (i == len || s[i] == sep) {
			if ((rc = vigil_entity_add_str(ix, l, s + st, i - st)) != VIGIL_E_OK)
				return rc;
			st = i + 1;
		}
	}
	return VIGIL_E_OK;
}

int vigil__add_names_split(struct vigil_index *ix, struct vigil_entity *e, int kind, const char *s,
			   size_t len, char sep)
{
	size_t i = 0, st = 0;
	int rc;

	for (i = 0; i <= len; i++) {
		if (i == len || s[i] == sep) {
			rc = vigil_entity_add_name(ix, e, kind, s + st, i - st);
			if (rc != VIGIL_E_OK && rc != VIGIL_E_FULL)
				return rc;
			st = i + 1;
		}
	}
	return VIGIL_E_OK;
}
