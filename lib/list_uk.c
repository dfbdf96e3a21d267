/* list_uk.c - UK Sanctions List (FCDO) CSV: one row per name, rows merged by Unique ID; not yet met with a real file. */
#include <stdio.h>
#include <string.h>

#include "vigil/error.h"
#include "list_int.h"

/*
 * Format (gov.uk "The UK Sanctions List", file UK-Sanctions-List.csv): a first
 * line "Report Date: 15-Jan-2025", then a header row, then one row per NAME of
 * a designation (the designation's other columns repeated on each row). Columns
 * are found by header name, so order and extra columns do not matter:
 * Last Updated, Unique ID, OFSI Group ID, UN Reference Number, Name 6 (family
 * or organisation/ship name), Name 1..Name 5 (given/middle names), Name type
 * (Primary Name | Primary Name Variation | Alias), Alias strength, Title, Name
 * non-latin script, Non-latin script type/language, Regime Name, Designation
 * Type (Individual | Entity | Ship), Designation source, Sanctions Imposed,
 * Other Information, UK Statement of Reasons, Address..., Date Designated
 * (dd/mm/yyyy), D.O.B, Nationality(/ies), ..., IMO number, Current owner/operator
 * (s), Previous owner/operator (s), Current believed flag of ship, Previous
 * flags, Type of ship, Tonnage of ship, Length of ship, Year Built, Hull
 * identification number (HIN). Encoding: UTF-8 (optional BOM).
 */

enum col { C_UID, C_TYPE, C_N1, C_N2, C_N3, C_N4, C_N5, C_N6, C_NTYPE, C_STRENGTH, C_NONLATIN, C_REGIME,
	   C_DATE, C_IMO, C_FLAG, C_OWNER, C_NAT, C_OTHER, C__N };

static const char *const col_names[C__N][3] = {
	[C_UID] = { "unique id", NULL, NULL },
	[C_TYPE] = { "designation type", "individual, entity, ship", "entity, vessel or individual" },
	[C_N1] = { "name 1", NULL, NULL },
	[C_N2] = { "name 2", NULL, NULL },
	[C_N3] = { "name 3", NULL, NULL },
	[C_N4] = { "name 4", NULL, NULL },
	[C_N5] = { "name 5", NULL, NULL },
	[C_N6] = { "name 6", NULL, NULL },
	[C_NTYPE] = { "name type", NULL, NULL },
	[C_STRENGTH] = { "alias strength", NULL, NULL },
	[C_NONLATIN] = { "name non-latin script", NULL, NULL },
	[C_REGIME] = { "regime name", "regime", NULL },
	[C_DATE] = { "date designated", NULL, NULL },
	[C_IMO] = { "imo number", NULL, NULL },
	[C_FLAG] = { "current believed flag of ship", NULL, NULL },
	[C_OWNER] = { "current owner/operator (s)", "current owner/operator(s)", NULL },
	[C_NAT] = { "nationality(/ies)", NULL, NULL },
	[C_OTHER] = { "other information", NULL, NULL },
};

/* Lower-case ASCII, NBSP (C2 A0) and runs of blanks as one space, trimmed. */
static size_t norm_header(const char *s, size_t n, char *out, size_t cap)
{
	size_t i, o = 0;
	int sp = 0;

	for (i = 0; i < n && o + 1 < cap; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
			i++;
			ch = ' ';
		}
		if (ch == ' ' || ch == '\t') {
			sp = o > 0;
			continue;
		}
		if (sp)
			out[o++] = ' ';
		sp = 0;
		if (o + 1 < cap)
			out[o++] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
	}
	out[o] = 0;
	return o;
}

/* 1 when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates). */
static int utf8_ok(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + n;

	while (p < e) {
		unsigned c = *p, need, min, v;

		if (c < 0x80) {
			p++;
			continue;
		}
		if ((c & 0xE0) == 0xC0)
			need = 1, min = 0x80, v = c & 0x1F;
		else if ((c & 0xF0) == 0xE0)
			need = 2, min = 0x800, v = c & 0x0F;
		else if ((c & 0xF8) == 0xF0)
			need = 3, min = 0x10000, v = c & 0x07;
		else
			return 0;
		if ((size_t)(e - p) <= need)
			return 0;
		for (p++; need; need--, p++) {
			if ((*p & 0xC0) != 0x80)
				return 0;
			v = (v << 6) | (*p & 0x3F);
		}
		if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
			return 0;
	}
	return 1;
}

static int find_header(const struct vigil__csv *c, int col[C__N])
{
	size_t i, k, a;
	char h[96];

	for (k = 0; k < C__N; k++)
		col[k] = -1;
	for (i = 0; i < c->nf; i++) {
		const char *f = vigil__csv_f(c, i);
		size_t fl = vigil__csv_len(c, i);

		if (i == 0 && fl >= 3 && !memcmp(f, "\xEF\xBB\xBF", 3))
			f += 3, fl -= 3;
		norm_header(f, fl, h, sizeof(h));
		for (k = 0; k < C__N; k++)
			for (a = 0; a < 3 && col_names[k][a]; a++)
				if (col[k] < 0 && !strcmp(h, col_names[k][a]))
					col[k] = (int)i;
	}
	return col[C_UID] >= 0 && col[C_N6] >= 0;
}

static const char *fld(const struct vigil__csv *c, const int col[C__N], int k, size_t *n)
{
	const char *s;

	if (col[k] < 0) {
		*n = 0;
		return "";
	}
	s = vigil__csv_f(c, (size_t)col[k]);
	*n = vigil__csv_len(c, (size_t)col[k]);
	while (*n && (*s == ' ' || *s == '\t'))
		s++, (*n)--;
	while (*n && (s[*n - 1] == ' ' || s[*n - 1] == '\t'))
		(*n)--;
	return s;
}

static int ieq(const char *s, size_t n, const char *lit)
{
	size_t i;

	if (strlen(lit) != n)
		return 0;
	for (i = 0; i < n; i++)
		if ((s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]) != lit[i])
			return 0;
	return 1;
}

static int icontains(const char *s, size_t n, const char *lit)
{
	size_t ll = strlen(lit), i, k;

	for (i = 0; i + ll <= n; i++) {
		for (k = 0; k < ll && (s[i + k] >= 'A' && s[i + k] <= 'Z' ? s[i + k] + 32 : s[i + k]) == lit[k]; k++)
			;
		if (k == ll)
			return 1;
	}
	return 0;
}

static int schema_of(const char *t, size_t n)
{
	if (ieq(t, n, "individual"))
		return VIGIL_SCHEMA_PERSON;
	if (ieq(t, n, "ship") || ieq(t, n, "vessel"))
		return VIGIL_SCHEMA_VESSEL;
	if (ieq(t, n, "entity"))
		return VIGIL_SCHEMA_ORGANIZATION;
	return VIGIL_SCHEMA_UNKNOWN;
}

/* The FCDO writes absent values as empty, "N/A" or "Unknown". */
static int absent(const char *s, size_t n)
{
	return !n || ieq(s, n, "n/a") || ieq(s, n, "unknown") || ieq(s, n, "none");
}

/* Keep the primary name first: the rows of one designation come in any order. */
static void primary_first(struct vigil_entity *e)
{
	struct vigil_name **pp, *n;

	if (!e->names || e->names->kind == VIGIL_NAME_PRIMARY)
		return;
	for (pp = &e->names; *pp && (*pp)->kind != VIGIL_NAME_PRIMARY; pp = &(*pp)->next)
		;
	if (!*pp)
		return;
	n = *pp;
	*pp = n->next;
	n->next = e->names;
	e->names = n;
}

/* Add one name with the kind its Name type / Alias strength give; one primary, kept first. */
static int add_uk_name(struct vigil_index *ix, struct vigil_entity *e, const char *full, size_t fl, const char *t,
		       size_t nt, const char *v, size_t nv)
{
	int kind, rc;

	if (!fl)
		return VIGIL_E_OK;
	if (ieq(t, nt, "primary name") || (!nt && !e->n_names))
		kind = VIGIL_NAME_PRIMARY;
	else if (icontains(v, nv, "low") || icontains(v, nv, "weak"))
		kind = VIGIL_NAME_WEAK;
	else
		kind = VIGIL_NAME_ALIAS;
	if (kind == VIGIL_NAME_PRIMARY && e->names && e->names->kind == VIGIL_NAME_PRIMARY)
		kind = VIGIL_NAME_ALIAS; /* a second "primary" row: keep one primary */
	rc = vigil_entity_add_name(ix, e, kind, full, fl);
	if (rc != VIGIL_E_OK && rc != VIGIL_E_FULL)
		return rc;
	if (kind == VIGIL_NAME_PRIMARY)
		primary_first(e);
	return VIGIL_E_OK;
}

/* Split a value list ("Russia; Panama", "A|B") into a string list. */
static int add_list(struct vigil_index *ix, struct vigil_strl **l, const char *s, size_t n)
{
	size_t i, st = 0;
	int rc;

	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != ';' && s[i] != '|')
			continue;
		if (!absent(s + st, i - st) && (rc = vigil_entity_add_str(ix, l, s + st, i - st)) != VIGIL_E_OK &&
		    rc != VIGIL_E_FULL)
			return rc;
		st = i + 1;
	}
	return VIGIL_E_OK;
}

static int uk_row(struct vigil_index *ix, int source, const struct vigil__csv *c, const int col[C__N],
		  struct vigil_list_report *rep)
{
	const struct vigil_source *src = vigil_index_source(ix, (size_t)source);
	const char *uid, *t, *v;
	size_t nuid, nt, nv, k, fl = 0;
	char full[2048];
	struct vigil_entity *e;
	int rc, err, schema;

	for (k = 0; k < c->nf; k++)
		if (!utf8_ok(vigil__csv_f(c, k), vigil__csv_len(c, k))) {
			vigil__rep_skip(rep, c->line, "line %zu, field %zu: not valid UTF-8 (the UK list is UTF-8)",
					c->line, k + 1);
			return VIGIL_E_OK;
		}
	uid = fld(c, col, C_UID, &nuid);
	if (!nuid) {
		vigil__rep_skip(rep, c->line, "line %zu: row without a Unique ID", c->line);
		return VIGIL_E_OK;
	}
	for (k = C_N1; k <= C_N6; k++) {
		v = fld(c, col, (int)k, &nv);
		if (!absent(v, nv) && fl + nv + 2 < sizeof(full)) {
			if (fl)
				full[fl++] = ' ';
			memcpy(full + fl, v, nv);
			fl += nv;
		}
	}
	full[fl] = 0;
	v = fld(c, col, C_NONLATIN, &nv);
	if (!fl && absent(v, nv)) {
		vigil__rep_skip(rep, c->line, "line %zu: row of %.*s without a name", c->line, (int)(nuid < 40 ? nuid : 40),
				uid);
		return VIGIL_E_OK;
	}
	e = vigil_index_find(ix, src->group, src->list, uid, nuid);
	if (e) {
		rep->merged++;
	} else {
		t = fld(c, col, C_TYPE, &nt);
		schema = schema_of(t, nt);
		if (schema == VIGIL_SCHEMA_UNKNOWN)
			schema = VIGIL_SCHEMA_LEGALENTITY;
		if (!(e = vigil_index_add_entity(ix, source, schema, uid, nuid, &err)))
			return err;
		rep->entities++;
		rep->vessels += e->schema == VIGIL_SCHEMA_VESSEL;
	}
	t = fld(c, col, C_NTYPE, &nt);
	v = fld(c, col, C_STRENGTH, &nv);
	if ((rc = add_uk_name(ix, e, full, fl, t, nt, v, nv)) != VIGIL_E_OK)
		return rc;
	v = fld(c, col, C_NONLATIN, &nv);
	if (!absent(v, nv) && (rc = vigil_entity_add_name(ix, e, e->n_names ? VIGIL_NAME_ALIAS : VIGIL_NAME_PRIMARY, v,
							  nv)) != VIGIL_E_OK && rc != VIGIL_E_FULL)
		return rc;
	/* Designation-level columns (repeated on every row). */
	v = fld(c, col, C_REGIME, &nv);
	if ((rc = add_list(ix, &e->programs, v, nv)) != VIGIL_E_OK)
		return rc;
	v = fld(c, col, C_DATE, &nv);
	if (nv && !e->listed_on[0]) {
		char d[11];

		vigil__date(v, nv, d);
		if (d[0] && !(e->listed_on = vigil_index_strdup(ix, d, 10)))
			return VIGIL_E_NOMEM;
	}
	v = fld(c, col, C_IMO, &nv);
	if (!absent(v, nv) && !e->imo) {
		uint32_t imo = vigil__find_id(v, nv, "IMO", 7);

		if (!imo && nv == 7 && strspn(v, "0123456789") >= 7)
			imo = vigil__u32(v, 7);
		if (imo)
			vigil_entity_set_imo(e, imo);
	}
	v = fld(c, col, C_FLAG, &nv);
	if ((rc = add_list(ix, &e->flags, v, nv)) != VIGIL_E_OK)
		return rc;
	if (e->schema == VIGIL_SCHEMA_PERSON) {
		v = fld(c, col, C_NAT, &nv);
		if ((rc = add_list(ix, &e->flags, v, nv)) != VIGIL_E_OK)
			return rc;
	}
	v = fld(c, col, C_OWNER, &nv);
	if ((rc = add_list(ix, &e->links, v, nv)) != VIGIL_E_OK)
		return rc;
	v = fld(c, col, C_OTHER, &nv);
	if (!absent(v, nv) && !e->remarks[0]) {
		if (!(e->remarks = vigil_index_strdup(ix, v, nv)))
			return VIGIL_E_NOMEM;
		if (e->schema == VIGIL_SCHEMA_VESSEL && !e->mmsi) {
			uint32_t mmsi = vigil__find_id(v, nv, "MMSI", 9);

			if (mmsi)
				e->mmsi = mmsi;
		}
	}
	return VIGIL_E_OK;
}

int vigil__load_uk_csv(struct vigil_index *ix, int source, const char *buf, size_t len,
		       const struct vigil_list_limits *lim, struct vigil_list_report *rep)
{
	struct vigil__csv c;
	int col[C__N], r, rc = VIGIL_E_OK, header = 0;

	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		buf += 3, len -= 3;
	vigil__csv_init(&c, buf, len, 0, lim);
	while ((r = vigil__csv_next(&c)) == 1) {
		if (!header) {
			/* "Report Date: ..." and any preamble before the header row. */
			if (find_header(&c, col)) {
				header = 1;
				continue;
			}
			if (c.line > 10) {
				rc = VIGIL_E_FORMAT;
				rep->first_line = c.line;
				snprintf(rep->first_error, sizeof(rep->first_error),
					 "no header row naming \"Unique ID\" and \"Name 6\" in the first 10 lines");
				break;
			}
			continue;
		}
		if (c.nf == 1 && vigil__csv_len(&c, 0) == 0)
			continue; /* blank line */
		rep->records++;
		if ((rc = uk_row(ix, source, &c, col, rep)) != VIGIL_E_OK) {
			snprintf(rep->first_error, sizeof(rep->first_error), "line %zu: %s", c.line, vigil_strerror(rc));
			rep->first_line = c.line;
			break;
		}
	}
	if (r < 0) {
		rc = -r;
		rep->first_line = c.line;
		snprintf(rep->first_error, sizeof(rep->first_error), "line %zu: %s", c.line, c.err);
	} else if (rc == VIGIL_E_OK && !header) {
		rc = VIGIL_E_FORMAT;
		snprintf(rep->first_error, sizeof(rep->first_error), "no header row naming \"Unique ID\" and \"Name 6\"");
	}
	vigil__csv_release(&c);
	return rc;
}

/*
 * The same list as XML (UK-Sanctions-List.xml): Designations > Designation with
 * UniqueID, IndividualEntityShip, RegimeName, DateDesignated, OtherInformation,
 * Names/Name (Name1..Name6, NameType, AliasStrength), NonLatinNames
 * (NameNonLatinScript), IndividualDetails/.../Nationality and
 * ShipDetails/Ship (IMONumbers/IMONumber, CurrentOwnerOperators/CurrentOwnerOperator,
 * CurrentBelievedFlagOfShips/CurrentBelievedFlagOfShip). One record per designation.
 */
struct ukx_ctx {
	struct vigil_index *ix;
	int source;
	struct vigil_list_report *rep;
};

static const char *leaf(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

/* Names/Name groups: a new name starts when one of its children repeats or another element comes. */
static int ukx_names(struct vigil_index *ix, struct vigil_entity *e, const struct vigil__xrec *r)
{
	const char *part[7] = { 0 }, *ntype = NULL, *strength = NULL;
	size_t i, k;
	int open = 0, rc;

	for (i = 0; i <= r->n; i++) {
		const char *p = i < r->n ? r->path[i] : "";
		const char *lf = strncmp(p, "Names/Name/", 11) == 0 ? p + 11 : NULL;
		int slot = -1, repeat = 0;

		if (lf) {
			if (!strncmp(lf, "Name", 4) && lf[4] >= '1' && lf[4] <= '6' && !lf[5])
				slot = lf[4] - '0', repeat = part[slot] != NULL;
			else if (!strcmp(lf, "NameType"))
				slot = 0, repeat = ntype != NULL;
			else if (!strcmp(lf, "AliasStrength"))
				slot = 7, repeat = strength != NULL;
		}
		if (open && (!lf || repeat)) {
			char full[2048];
			size_t fl = 0;

			for (k = 1; k <= 6; k++) {
				size_t n = part[k] ? strlen(part[k]) : 0;

				if (absent(part[k] ? part[k] : "", n) || fl + n + 2 >= sizeof(full))
					continue;
				if (fl)
					full[fl++] = ' ';
				memcpy(full + fl, part[k], n);
				fl += n;
			}
			full[fl] = 0;
			rc = add_uk_name(ix, e, full, fl, ntype ? ntype : "", ntype ? strlen(ntype) : 0,
					 strength ? strength : "", strength ? strlen(strength) : 0);
			if (rc != VIGIL_E_OK)
				return rc;
			memset(part, 0, sizeof(part));
			ntype = strength = NULL;
			open = 0;
		}
		if (!lf)
			continue;
		open = 1;
		if (slot >= 1 && slot <= 6)
			part[slot] = r->val[i];
		else if (slot == 0)
			ntype = r->val[i];
		else if (slot == 7)
			strength = r->val[i];
	}
	return VIGIL_E_OK;
}

static int ukx_record(void *arg, const struct vigil__xrec *r)
{
	struct ukx_ctx *u = arg;
	const struct vigil_source *src = vigil_index_source(u->ix, (size_t)u->source);
	struct vigil_entity *e;
	const char *uid, *t, *v;
	size_t i = 0, k;
	int err, rc, schema;

	u->rep->records++;
	uid = vigil__xrec_get(r, "UniqueID", &i);
	if (!uid || !*uid) {
		vigil__rep_skip(u->rep, r->number, "Designation %zu without a UniqueID", r->number);
		return VIGIL_E_OK;
	}
	for (k = 0; k < r->n; k++)
		if (!strncmp(r->path[k], "Names/Name/Name", 15) || !strcmp(leaf(r->path[k]), "NameNonLatinScript"))
			break;
	if (k == r->n) {
		vigil__rep_skip(u->rep, r->number, "Designation %zu (%.40s) without a name", r->number, uid);
		return VIGIL_E_OK;
	}
	if ((e = vigil_index_find(u->ix, src->group, src->list, uid, strlen(uid))) != NULL) {
		u->rep->merged++;
	} else {
		i = 0;
		t = vigil__xrec_get(r, "IndividualEntityShip", &i);
		schema = t ? schema_of(t, strlen(t)) : VIGIL_SCHEMA_UNKNOWN;
		if (schema == VIGIL_SCHEMA_UNKNOWN)
			schema = VIGIL_SCHEMA_LEGALENTITY;
		if (!(e = vigil_index_add_entity(u->ix, u->source, schema, uid, strlen(uid), &err)))
			return err;
		u->rep->entities++;
		u->rep->vessels += e->schema == VIGIL_SCHEMA_VESSEL;
	}
	if ((rc = ukx_names(u->ix, e, r)) != VIGIL_E_OK)
		return rc;
	for (k = 0; k < r->n; k++) {
		const char *p = r->path[k], *lf = leaf(p);
		size_t n;

		v = r->val[k];
		n = strlen(v);
		if (absent(v, n))
			continue;
		rc = VIGIL_E_OK;
		if (!strcmp(lf, "NameNonLatinScript"))
			rc = vigil_entity_add_name(u->ix, e, e->n_names ? VIGIL_NAME_ALIAS : VIGIL_NAME_PRIMARY, v, n);
		else if (!strcmp(p, "RegimeName"))
			rc = add_list(u->ix, &e->programs, v, n);
		else if (!strcmp(p, "DateDesignated") && !e->listed_on[0]) {
			char d[11];

			vigil__date(v, n, d);
			if (d[0] && !(e->listed_on = vigil_index_strdup(u->ix, d, 10)))
				return VIGIL_E_NOMEM;
		} else if (!strcmp(lf, "IMONumber") && !e->imo) {
			uint32_t imo = vigil__find_id(v, n, "IMO", 7);

			if (!imo && n == 7 && strspn(v, "0123456789") == 7)
				imo = vigil__u32(v, 7);
			if (imo)
				vigil_entity_set_imo(e, imo);
		} else if (!strcmp(lf, "CurrentBelievedFlagOfShip") ||
			   (!strcmp(lf, "Nationality") && e->schema == VIGIL_SCHEMA_PERSON)) {
			rc = add_list(u->ix, &e->flags, v, n);
		} else if (!strcmp(lf, "CurrentOwnerOperator")) {
			rc = add_list(u->ix, &e->links, v, n);
		} else if (!strcmp(p, "OtherInformation") && !e->remarks[0]) {
			if (!(e->remarks = vigil_index_strdup(u->ix, v, n)))
				return VIGIL_E_NOMEM;
			if (e->schema == VIGIL_SCHEMA_VESSEL && !e->mmsi) {
				uint32_t mmsi = vigil__find_id(v, n, "MMSI", 9);

				if (mmsi)
					e->mmsi = mmsi;
			}
		}
		if (rc != VIGIL_E_OK && rc != VIGIL_E_FULL)
			return rc;
	}
	return VIGIL_E_OK;
}

int vigil__load_uk_xml(struct vigil_index *ix, int source, const char *buf, size_t len,
		       const struct vigil_list_limits *lim, struct vigil_list_report *rep)
{
	static const char *const recs[] = { "Designation", NULL };
	struct ukx_ctx u = { ix, source, rep };

	return vigil__xml_walk(buf, len, recs, ukx_record, &u, lim, rep);
}
