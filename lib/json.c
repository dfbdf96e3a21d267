/* json.c - bounded JSON tokenizer into a caller-owned token array (no allocation). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/error.h"
#include "vigil/json.h"

struct parser {
	const char *s;
	size_t len, pos;
	struct vigil_json_tok *tok;
	size_t cap, n;
};

static void skip_ws(struct parser *ps)
{
	while (ps->pos < ps->len) {
		char c = ps->s[ps->pos];
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
		ps->pos++;
	}
}

static int new_tok(struct parser *ps, int type, size_t start, size_t *idx)
{
	struct vigil_json_tok *t;

	if (ps->n >= ps->cap)
		return VIGIL_E_TOOBIG;
	t = &ps->tok[ps->n];
	t->type = (uint8_t)type;
	t->start = (uint32_t)start;
	t->len = 0;
	t->next = 0;
	t->count = 0;
	*idx = ps->n++;
	return VIGIL_E_OK;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Scan a string starting at the opening quote; leaves pos after the closing quote. */
static int scan_string(struct parser *ps, size_t *idx)
{
	size_t start = ++ps->pos;
	int err = new_tok(ps, VIGIL_JSON_STRING, start, idx);

	if (err)
		return err;
	while (ps->pos < ps->len) {
		unsigned char c = (unsigned char)ps->s[ps->pos];
		if (c == '"') {
			ps->tok[*idx].len = (uint32_t)(ps->pos - start);
			ps->pos++;
			return VIGIL_E_OK;
		}
		if (c < 0x20)
			return VIGIL_E_JSON;
		if (c == '\\') {
			char e;
			if (++ps->pos >= ps->len)
				return VIGIL_E_JSON;
			e = ps->s[ps->pos];
			if (e == 'u') {
				int k;
				if (ps->len - ps->pos < 5)
					return VIGIL_E_JSON;
				for (k = 1; k <= 4; k++)
					if (hexval(ps->s[ps->pos + k]) < 0)
						return VIGIL_E_JSON;
				ps->pos += 4;
			} else if (!strchr("\"\\/bfnrt", e) || e == 0) {
				return VIGIL_E_JSON;
			}
		}
		ps->pos++;
	}
	return VIGIL_E_JSON;
}

static int scan_number(struct parser *ps, size_t *idx)
{
	size_t start = ps->pos, digits = 0;
	int err = new_tok(ps, VIGIL_JSON_NUMBER, start, idx);

	if (err)
		return err;
	if (ps->pos < ps->len && ps->s[ps->pos] == '-')
		ps->pos++;
	while (ps->pos < ps->len && ps->s[ps->pos] >= '0' && ps->s[ps->pos] <= '9')
		ps->pos++, digits++;
	/* No leading zeros: "0" alone or a non-zero first digit. */
	if (!digits || (digits > 1 && ps->s[ps->pos - digits] == '0'))
		return VIGIL_E_JSON;
	if (ps->pos < ps->len && ps->s[ps->pos] == '.') {
		ps->pos++;
		digits = 0;
		while (ps->pos < ps->len && ps->s[ps->pos] >= '0' && ps->s[ps->pos] <= '9')
			ps->pos++, digits++;
		if (!digits)
			return VIGIL_E_JSON;
	}
	if (ps->pos < ps->len && (ps->s[ps->pos] == 'e' || ps->s[ps->pos] == 'E')) {
		ps->pos++;
		if (ps->pos < ps->len && (ps->s[ps->pos] == '+' || ps->s[ps->pos] == '-'))
			ps->pos++;
		digits = 0;
		while (ps->pos < ps->len && ps->s[ps->pos] >= '0' && ps->s[ps->pos] <= '9')
			ps->pos++, digits++;
		if (!digits)
			return VIGIL_E_JSON;
	}
	ps->tok[*idx].len = (uint32_t)(ps->pos - start);
	return VIGIL_E_OK;
}

static int scan_literal(struct parser *ps, const char *lit, int type, size_t *idx)
{
	size_t n = strlen(lit);
	int err;

	if (ps->len - ps->pos < n || memcmp(ps->s + ps->pos, lit, n) != 0)
		return VIGIL_E_JSON;
	err = new_tok(ps, type, ps->pos, idx);
	if (err)
		return err;
	ps->tok[*idx].len = (uint32_t)n;
	ps->pos += n;
	return VIGIL_E_OK;
}

/*
 * Iterative parse with an explicit stack of open containers. State per level:
 * the container's token index and whether we expect a key (objects) next.
 */
int vigil_json_parse(const char *s, size_t len, struct vigil_json_tok *tok, size_t cap,
		     size_t *ntok, size_t *errpos)
{
	struct parser ps = { s, len, 0, tok, cap, 0 };
	size_t stack[VIGIL_JSON_MAXDEPTH];
	int depth = 0, err = VIGIL_E_OK;
	/* After a value inside a container we need ',' or the closer. */
	int after_value = 0;

	if (ntok)
		*ntok = 0;
	if (len >= UINT32_MAX) {
		err = VIGIL_E_TOOBIG;
		goto out;
	}
	for (;;) {
		size_t idx;
		char c;

		skip_ws(&ps);
		if (ps.pos >= len) {
			err = VIGIL_E_JSON;
			goto out;
		}
		c = s[ps.pos];
		if (after_value) {
			struct vigil_json_tok *ct = &tok[stack[depth - 1]];
			char closer = ct->type == VIGIL_JSON_OBJECT ? '}' : ']';
			if (c == ',') {
				ps.pos++;
				after_value = 0;
				skip_ws(&ps);
				if (ct->type == VIGIL_JSON_OBJECT) {
					if (ps.pos >= len || s[ps.pos] != '"') {
						err = VIGIL_E_JSON;
						goto out;
					}
					goto key;
				}
				continue;
			}
			if (c != closer) {
				err = VIGIL_E_JSON;
				goto out;
			}
			ps.pos++;
			goto close;
		}
		switch (c) {
		case '{':
		case '[':
			if (depth >= VIGIL_JSON_MAXDEPTH) {
				err = VIGIL_E_JSON;
				goto out;
			}
			if ((err = new_tok(&ps, c == '{' ? VIGIL_JSON_OBJECT : VIGIL_JSON_ARRAY,
					   ps.pos, &idx)))
				goto out;
			stack[depth++] = idx;
			ps.pos++;
			skip_ws(&ps);
			if (ps.pos < len && s[ps.pos] == (c == '{' ? '}' : ']')) {
				ps.pos++;
				goto close;
			}
			if (c == '{') {
				if (ps.pos >= len || s[ps.pos] != '"') {
					err = VIGIL_E_JSON;
					goto out;
				}
				goto key;
			}
			continue;
		case '"':
			err = scan_string(&ps, &idx);
			break;
		case 't':
			err = scan_literal(&ps, "true", VIGIL_JSON_TRUE, &idx);
			break;
		case 'f':
			err = scan_literal(&ps, "false", VIGIL_JSON_FALSE, &idx);
			break;
		case 'n':
			err = scan_literal(&ps, "null", VIGIL_JSON_NULL, &idx);
			break;
		default:
			if (c == '-' || (c >= '0' && c <= '9'))
				err = scan_number(&ps, &idx);
			else
				err = VIGIL_E_JSON;
			break;
		}
		if (err)
			goto out;
		tok[idx].next = (uint32_t)ps.n;
		goto value_done;
key:
		/* An object member: key string, ':' then the value. */
		if ((err = scan_string(&ps, &idx)))
			goto out;
		tok[idx].next = (uint32_t)ps.n;
		skip_ws(&ps);
		if (ps.pos >= len || s[ps.pos] != ':') {
			err = VIGIL_E_JSON;
			goto out;
		}
		ps.pos++;
		continue;
close:
		idx = stack[--depth];
		tok[idx].len = (uint32_t)(ps.pos - tok[idx].start);
		tok[idx].next = (uint32_t)ps.n;
value_done:
		if (depth == 0)
			break;
		tok[stack[depth - 1]].count++;
		after_value = 1;
	}
	skip_ws(&ps);
	if (ps.pos != len)
		err = VIGIL_E_JSON;
out:
	if (err && errpos)
		*errpos = ps.pos;
	if (!err && ntok)
		*ntok = ps.n;
	return err;
}

int vigil_json_eq(const char *s, const struct vigil_json_tok *t, const char *lit)
{
	size_t n = strlen(lit);

	return t->type == VIGIL_JSON_STRING && t->len == n && memcmp(s + t->start, lit, n) == 0;
}

size_t vigil_json_get(const char *s, const struct vigil_json_tok *tok, size_t obj, const char *key)
{
	size_t i, k;

	if (tok[obj].type != VIGIL_JSON_OBJECT)
		return 0;
	for (i = obj + 1, k = 0; k < tok[obj].count; k++) {
		if (vigil_json_eq(s, &tok[i], key))
			return i + 1;
		i = tok[i + 1].next;
	}
	return 0;
}

size_t vigil_json_at(const struct vigil_json_tok *tok, size_t arr, size_t i)
{
	size_t j, k;

	if (tok[arr].type != VIGIL_JSON_ARRAY || i >= tok[arr].count)
		return 0;
	for (j = arr + 1, k = 0; k < i; k++)
		j = tok[j].next;
	return j;
}

static size_t put_utf8(char *o, unsigned long cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

static unsigned long hex4(const char *p)
{
	return (unsigned long)(hexval(p[0]) << 12 | hexval(p[1]) << 8 | hexval(p[2]) << 4 |
			       hexval(p[3]));
}

int vigil_json_str(const char *s, const struct vigil_json_tok *t, char *out, size_t cap,
		   size_t *outlen)
{
	const char *p = s + t->start, *end = p + t->len;
	size_t n = 0;
	int err = VIGIL_E_OK;

	if (t->type != VIGIL_JSON_STRING || cap == 0)
		return VIGIL_E_INVAL;
	while (p < end) {
		char buf[4];
		size_t k;

		if (*p != '\\') {
			buf[0] = *p++;
			k = 1;
		} else {
			char e = p[1];
			p += 2;
			switch (e) {
			case 'b': buf[0] = '\b'; k = 1; break;
			case 'f': buf[0] = '\f'; k = 1; break;
			case 'n': buf[0] = '\n'; k = 1; break;
			case 'r': buf[0] = '\r'; k = 1; break;
			case 't': buf[0] = '\t'; k = 1; break;
			case 'u': {
				/* The tokenizer checked four hex digits follow. */
				unsigned long cp = hex4(p);
				p += 4;
				if (cp >= 0xd800 && cp < 0xdc00 && end - p >= 6 && p[0] == '\\' &&
				    p[1] == 'u') {
					unsigned long lo = hex4(p + 2);
					if (lo >= 0xdc00 && lo < 0xe000) {
						cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
						p += 6;
					}
				}
				if (cp >= 0xd800 && cp < 0xe000)
					cp = 0xfffd; /* lone surrogate */
				k = put_utf8(buf, cp);
				break;
			}
			default: buf[0] = e; k = 1; break;
			}
		}
		if (n + k >= cap) {
			err = VIGIL_E_TOOBIG;
			break;
		}
		memcpy(out + n, buf, k);
		n += k;
	}
	out[n] = 0;
	if (outlen)
		*outlen = n;
	return err;
}

int vigil_json_num(const char *s, const struct vigil_json_tok *t, double *out)
{
	char buf[64], *endp;
	size_t n = t->len;

	if ((t->type != VIGIL_JSON_NUMBER && t->type != VIGIL_JSON_STRING) || n == 0 ||
	    n >= sizeof(buf))
		return VIGIL_E_INVAL;
	memcpy(buf, s + t->start, n);
	buf[n] = 0;
	*out = strtod(buf, &endp);
	return *endp == 0 ? VIGIL_E_OK : VIGIL_E_INVAL;
}

int vigil_json_int(const char *s, const struct vigil_json_tok *t, long long *out)
{
	char buf[32], *endp;
	size_t n = t->len;

	if ((t->type != VIGIL_JSON_NUMBER && t->type != VIGIL_JSON_STRING) || n == 0 ||
	    n >= sizeof(buf))
		return VIGIL_E_INVAL;
	memcpy(buf, s + t->start, n);
	buf[n] = 0;
	errno = 0;
	*out = strtoll(buf, &endp, 10);
	if (*endp == '.' || *endp == 'e' || *endp == 'E') {
		/* An integral value written as a float (1.0, 1e3). */
		double d = strtod(buf, &endp);
		if (*endp || !(d >= -9.2e18 && d <= 9.2e18) || d != (double)(long long)d)
			return VIGIL_E_INVAL;
		*out = (long long)d;
		return VIGIL_E_OK;
	}
	return *endp == 0 && errno == 0 ? VIGIL_E_OK : VIGIL_E_INVAL;
}
