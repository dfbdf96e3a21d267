/* list_xml.c - XML record walker over libxml2's streaming reader: no DTD, no entities, no network. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>

#include "vigil/error.h"
#include "list_int.h"

#define MAXDEPTH 64

struct walk {
	struct vigil__xrec rec;
	size_t poff[VIGIL__XREC_MAX], voff[VIGIL__XREC_MAX];
	char *buf;
	size_t used, cap, max;
	char errmsg[160];
	int errline;
};

static void on_error(void *arg, xmlErrorPtr e)
{
	struct walk *w = arg;

	if (w->errmsg[0] || !e)
		return;
	snprintf(w->errmsg, sizeof(w->errmsg), "%s", e->message ? e->message : "XML error");
	w->errmsg[strcspn(w->errmsg, "\n")] = 0;
	w->errline = e->line;
}

static int store(struct walk *w, const char *s, size_t n, size_t *off)
{
	if (w->used + n + 1 > w->cap) {
		size_t nc = w->cap ? w->cap : 65536;
		char *nb;

		while (nc < w->used + n + 1)
			nc *= 2;
		if (nc > w->max)
			return VIGIL_E_TOOBIG;
		nb = realloc(w->buf, nc);
		if (!nb)
			return VIGIL_E_NOMEM;
		w->buf = nb;
		w->cap = nc;
	}
	memcpy(w->buf + w->used, s, n);
	w->buf[w->used + n] = 0;
	*off = w->used;
	w->used += n + 1;
	return VIGIL_E_OK;
}

static int add_pair(struct walk *w, const char *path, size_t pl, const char *v, size_t vl)
{
	int rc;

	if (w->rec.n >= VIGIL__XREC_MAX)
		return VIGIL_E_OK; /* extra values of a giant record are dropped */
	if ((rc = store(w, path, pl, &w->poff[w->rec.n])) != VIGIL_E_OK ||
	    (rc = store(w, v, vl, &w->voff[w->rec.n])) != VIGIL_E_OK)
		return rc;
	w->rec.n++;
	return VIGIL_E_OK;
}

/* A document type declaration is refused outright: that closes entity bombs and external entities. */
static int has_doctype(const char *buf, size_t len)
{
	size_t i = 0;

	while (i < len) {
		if (buf[i] == '<') {
			if (i + 9 <= len && memcmp(buf + i, "<!DOCTYPE", 9) == 0)
				return 1;
			if (i + 4 <= len && memcmp(buf + i, "<!--", 4) == 0) {
				i += 4;
				while (i + 3 <= len && memcmp(buf + i, "-->", 3) != 0)
					i++;
				i += 3;
				continue;
			}
			if (i + 2 <= len && buf[i + 1] == '?') {
				i += 2;
				while (i + 2 <= len && memcmp(buf + i, "?>", 2) != 0)
					i++;
				i += 2;
				continue;
			}
			return 0; /* the root element: no DTD can follow */
		}
		i++;
	}
	return 0;
}

static int in_list(const char *name, const char *const *names)
{
	for (; *names; names++)
		if (strcmp(name, *names) == 0)
			return 1;
	return 0;
}

int vigil__xml_walk(const char *buf, size_t len, const char *const *rec_names,
		    int (*cb)(void *, const struct vigil__xrec *), void *arg,
		    const struct vigil_list_limits *lim, struct vigil_list_report *rep)
{
	struct walk *w;
	xmlTextReaderPtr rd;
	const char *stack[MAXDEPTH];
	char path[1024];
	int rec_depth = -1, r, rc = VIGIL_E_OK;
	size_t max_field = lim && lim->max_field ? lim->max_field : (size_t)1 << 20;

	if (len > 0x7fffffff) {
		snprintf(rep->first_error, sizeof(rep->first_error), "XML file over 2 GiB");
		return VIGIL_E_TOOBIG;
	}
	if (has_doctype(buf, len)) {
		snprintf(rep->first_error, sizeof(rep->first_error),
			 "document type declaration refused (no DTD, no entities)");
		rep->first_line = 1;
		return VIGIL_E_XML;
	}
	w = calloc(1, sizeof(*w));
	if (!w)
		return VIGIL_E_NOMEM;
	w->max = lim && lim->max_record ? lim->max_record : (size_t)8 << 20;
	rd = xmlReaderForMemory(buf, (int)len, NULL, NULL,
				XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	if (!rd) {
		free(w);
		return VIGIL_E_NOMEM;
	}
	xmlTextReaderSetStructuredErrorHandler(rd, on_error, w);
	memset(stack, 0, sizeof(stack));
	while ((r = xmlTextReaderRead(rd)) == 1) {
		int type = xmlTextReaderNodeType(rd), depth = xmlTextReaderDepth(rd);
		const char *name;

		if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
			snprintf(w->errmsg, sizeof(w->errmsg), "document type declaration refused");
			rc = VIGIL_E_XML;
			break;
		}
		if (depth < 0 || depth >= MAXDEPTH) {
			snprintf(w->errmsg, sizeof(w->errmsg), "nesting deeper than %d", MAXDEPTH);
			rc = VIGIL_E_XML;
			break;
		}
		if (type == XML_READER_TYPE_ELEMENT) {
			int empty = xmlTextReaderIsEmptyElement(rd);

			name = (const char *)xmlTextReaderConstLocalName(rd);
			stack[depth] = name ? name : "";
			if (rec_depth < 0 && name && in_list(name, rec_names)) {
				rec_depth = depth;
				w->rec.n = 0;
				w->used = 0;
				w->rec.number++;
				w->rec.name = name;
			}
			if (rec_depth >= 0) {
				size_t pl = 0;
				int d;

				path[0] = 0; /* the record's own attributes have an empty path ("@attr") */
				for (d = rec_depth + 1; d <= depth && pl < sizeof(path) - 2; d++)
					pl += (size_t)snprintf(path + pl, sizeof(path) - pl, "%s%s", pl ? "/" : "", stack[d]);
				if (pl >= sizeof(path))
					pl = sizeof(path) - 1;
				while (xmlTextReaderMoveToNextAttribute(rd) == 1) {
					const char *an = (const char *)xmlTextReaderConstLocalName(rd);
					const char *av = (const char *)xmlTextReaderConstValue(rd);
					char ap[1100];
					int al = snprintf(ap, sizeof(ap), "%s%s@%s", path, pl ? "/" : "", an ? an : "");

					if (al < 0 || (size_t)al >= sizeof(ap))
						continue;
					if (av && strlen(av) <= max_field &&
					    (rc = add_pair(w, ap, (size_t)al, av, strlen(av))) != VIGIL_E_OK)
						break;
				}
				xmlTextReaderMoveToElement(rd);
				if (rc != VIGIL_E_OK)
					break;
			}
			if (empty && depth == rec_depth)
				goto end_record;
			continue;
		}
		if ((type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
		     type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) && rec_depth >= 0 && depth > rec_depth + 1) {
			const char *v = (const char *)xmlTextReaderConstValue(rd);
			size_t pl = 0, vl = v ? strlen(v) : 0;
			int d;

			if (type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE || !vl)
				continue;
			if (vl > max_field) {
				vigil__rep_skip(rep, w->rec.number, "text of %zu bytes over the field limit", vl);
				continue;
			}
			for (d = rec_depth + 1; d < depth && pl < sizeof(path) - 2; d++)
				pl += (size_t)snprintf(path + pl, sizeof(path) - pl, "%s%s", pl ? "/" : "", stack[d]);
			if (pl >= sizeof(path))
				pl = sizeof(path) - 1;
			if ((rc = add_pair(w, path, pl, v, vl)) != VIGIL_E_OK)
				break;
			continue;
		}
		if (type == XML_READER_TYPE_END_ELEMENT && depth == rec_depth)
			goto end_record;
		continue;
end_record:
		{
			size_t i;

			for (i = 0; i < w->rec.n; i++) {
				w->rec.path[i] = w->buf + w->poff[i];
				w->rec.val[i] = w->buf + w->voff[i];
			}
			rec_depth = -1;
			if ((rc = cb(arg, &w->rec)) != VIGIL_E_OK)
				break;
		}
	}
	if (rc == VIGIL_E_OK && r < 0)
		rc = VIGIL_E_XML;
	if (rc != VIGIL_E_OK) {
		if (w->errmsg[0])
			snprintf(rep->first_error, sizeof(rep->first_error), "line %d: %s", w->errline, w->errmsg);
		else if (!rep->first_error[0])
			snprintf(rep->first_error, sizeof(rep->first_error), "record %zu: %s", w->rec.number,
				 vigil_strerror(rc));
		rep->first_line = w->errline > 0 ? (size_t)w->errline : w->rec.number;
	}
	xmlFreeTextReader(rd);
	free(w->buf);
	free(w);
	return rc;
}

const char *vigil__xrec_get(const struct vigil__xrec *r, const char *path, size_t *i)
{
	for (; *i < r->n; (*i)++)
		if (strcmp(r->path[*i], path) == 0)
			return r->val[(*i)++];
	return NULL;
}
