/* list_csv.c - the bounded CSV reader used by the CSV list loaders (quotes, CRLF, latin-1). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/error.h"
#include "list_int.h"

void vigil__csv_init(struct vigil__csv *c, const char *buf, size_t len, int latin1,
		     const struct vigil_list_limits *lim)
{
	memset(c, 0, sizeof(*c));
	c->p = buf;
	c->end = buf + len;
	c->next_line = 1;
	c->latin1 = latin1;
	c->sep = ',';
	c->max_field = lim && lim->max_field ? lim->max_field : (size_t)1 << 20;
	c->max_record = lim && lim->max_record ? lim->max_record : (size_t)8 << 20;
	/* A UTF-8 byte order mark is not data. */
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		c->p += 3;
}

void vigil__csv_release(struct vigil__csv *c)
{
	free(c->buf);
	c->buf = NULL;
}

static int put(struct vigil__csv *c, size_t *n, unsigned char ch)
{
	if (*n + 3 >= c->cap) {
		size_t nc = c->cap ? c->cap * 2 : 4096;
		char *nb;

		if (nc > c->max_record + 8)
			nc = c->max_record + 8;
		if (*n + 3 >= nc)
			return VIGIL_E_TOOBIG;
		nb = realloc(c->buf, nc);
		if (!nb)
			return VIGIL_E_NOMEM;
		c->buf = nb;
		c->cap = nc;
	}
	if (c->latin1 && ch >= 0x80) {
		c->buf[(*n)++] = (char)(0xC0 | (ch >> 6));
		c->buf[(*n)++] = (char)(0x80 | (ch & 0x3F));
	} else {
		c->buf[(*n)++] = (char)ch;
	}
	return VIGIL_E_OK;
}

int vigil__csv_next(struct vigil__csv *c)
{
	size_t n = 0, start;
	int rc;

	c->nf = 0;
	c->err[0] = 0;
	/* Skip blank lines and the DOS end-of-file byte some publishers append. */
	while (c->p < c->end && (*c->p == '\n' || *c->p == '\r' || *c->p == 0x1a)) {
		if (*c->p == '\n')
			c->next_line++;
		c->p++;
	}
	if (c->p >= c->end)
		return 0;
	c->line = c->next_line;
	for (;;) {
		int quoted = 0;

		if (c->nf >= VIGIL__CSV_MAXF) {
			snprintf(c->err, sizeof(c->err), "more than %d fields", VIGIL__CSV_MAXF);
			return -VIGIL_E_TOOBIG;
		}
		start = n;
		if (c->p < c->end && *c->p == '"') {
			quoted = 1;
			c->p++;
		}
		for (;;) {
			unsigned char ch;

			if (c->p >= c->end) {
				if (quoted) {
					snprintf(c->err, sizeof(c->err), "unterminated quoted field");
					return -VIGIL_E_CSV;
				}
				break;
			}
			ch = (unsigned char)*c->p;
			if (quoted) {
				if (ch == '"') {
					if (c->p + 1 < c->end && c->p[1] == '"') {
						c->p += 2;
						if ((rc = put(c, &n, '"')) != VIGIL_E_OK)
							goto big;
						continue;
					}
					c->p++;
					quoted = 0;
					continue;
				}
				if (ch == '\n')
					c->next_line++;
			} else if (ch == (unsigned char)c->sep || ch == '\n' || ch == '\r') {
				break;
			}
			c->p++;
			if ((rc = put(c, &n, ch)) != VIGIL_E_OK)
				goto big;
			if (n - start > c->max_field) {
				rc = VIGIL_E_TOOBIG;
				goto big;
			}
		}
		if ((rc = put(c, &n, 0)) != VIGIL_E_OK)
			goto big;
		c->off[c->nf] = start;
		c->flen[c->nf] = n - start - 1;
		c->nf++;
		if (c->p < c->end && *c->p == c->sep) {
			c->p++;
			continue;
		}
		break;
	}
	if (c->p < c->end && *c->p == '\r')
		c->p++;
	if (c->p < c->end && *c->p == '\n') {
		c->p++;
		c->next_line++;
	}
	return 1;
big:
	snprintf(c->err, sizeof(c->err), rc == VIGIL_E_NOMEM ? "out of memory" : "field or record over the size limit");
	return -rc;
}

const char *vigil__csv_f(const struct vigil__csv *c, size_t i)
{
	return i < c->nf ? c->buf + c->off[i] : "";
}

size_t vigil__csv_len(const struct vigil__csv *c, size_t i)
{
	return i < c->nf ? c->flen[i] : 0;
}
