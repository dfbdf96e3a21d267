/* list_ofac.c - OFAC legacy CSV set: sdn.csv primaries, alt.csv aliases, add.csv addresses, sdn_comments.csv. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/error.h"
#include "list_int.h"

/* OFAC writes "-0- " for an empty field. */
static size_t val(const struct vigil__csv *c, size_t i, const char **s)
{
	size_t n = vigil__csv_len(c, i);

	*s = vigil__csv_f(c, i);
	while (n && (*s)[n - 1] == ' ')
		n--;
	if (n == 3 && memcmp(*s, "-0-", 3) == 0)
		return 0;
	return n;
}

static int ofac_schema(const char *t, size_t n)
{
	if (n == 10 && !memcmp(t, "individual", 10))
		return VIGIL_SCHEMA_PERSON;
	if (n == 6 && !memcmp(t, "vessel", 6))
		return VIGIL_SCHEMA_VESSEL;
	if (n == 8 && !memcmp(t, "aircraft", 8))
		return VIGIL_SCHEMA_AIRCRAFT;
	return VIGIL_SCHEMA_LEGALENTITY;
}

/* Vessel identifiers and links that OFAC keeps inside the Remarks text. */
static int parse_remarks(struct vigil_index *ix, struct vigil_entity *e, const char *r, size_t n)
{
	const char *p = r, *end = r + n;
	uint32_t v;
	int rc;

	if (!e->imo && (v = vigil__find_id(r, n, "IMO", 7)) != 0)
		vigil_entity_set_imo(e, v);
	if (!e->mmsi && (v = vigil__find_id(r, n, "MMSI", 9)) != 0)
		e->mmsi = v;
	/* "Linked To: M LEASING LLC." possibly several times; items end at ';' or at the final '.'. */
	while (p < end) {
		const char *q = NULL, *s;
		size_t k;

		for (s = p; s + 10 <= end; s++)
			if (memcmp(s, "Linked To:", 10) == 0) {
				q = s + 10;
				break;
			}
		if (!q)
			break;
		for (k = 0; q + k < end && q[k] != ';'; k++)
			;
		p = q + k;
		while (k && (q[k - 1] == '.' || q[k - 1] == ' '))
			k--;
		while (k && *q == ' ')
			q++, k--;
		if ((rc = vigil_entity_add_str(ix, &e->links, q, k)) != VIGIL_E_OK && rc != VIGIL_E_FULL)
			return rc;
	}
	return VIGIL_E_OK;
}

static int sdn_row(struct vigil_index *ix, int source, const struct vigil__csv *c, struct vigil_list_report *rep)
{
	const char *id, *name, *type, *prog, *cs, *flag, *owner, *rem;
	size_t nid = val(c, 0, &id), nname = val(c, 1, &name), ntype = val(c, 2, &type);
	size_t nprog = val(c, 3, &prog), ncs = val(c, 5, &cs), nflag = val(c, 9, &flag);
	size_t nowner = val(c, 10, &owner), nrem = val(c, 11, &rem);
	struct vigil_entity *e;
	int rc, err;

	if (c->nf != 12) {
		vigil__rep_skip(rep, c->line, "sdn row has %zu fields, expected 12", c->nf);
		return VIGIL_E_OK;
	}
	if (!nid || vigil__u32(id, nid) == 0 || !nname) {
		vigil__rep_skip(rep, c->line, "sdn row without ent_num or name");
		return VIGIL_E_OK;
	}
	e = vigil_index_add_entity(ix, source, ofac_schema(type, ntype), id, nid, &err);
	if (!e)
		return err;
	rep->entities++;
	rep->vessels += e->schema == VIGIL_SCHEMA_VESSEL;
	if ((rc = vigil_entity_add_name(ix, e, VIGIL_NAME_PRIMARY, name, nname)) != VIGIL_E_OK)
		return rc;
	/* Programmes are joined as "DPRK3] [RUSSIA-EO14024". */
	{
		size_t i, st = 0;

		for (i = 0; i <= nprog; i++) {
			if (i == nprog || prog[i] == ']' || prog[i] == '[') {
				if ((rc = vigil_entity_add_str(ix, &e->programs, prog + st, i - st)) != VIGIL_E_OK)
					return rc;
				st = i + 1;
			}
		}
	}
	if (ncs && !(e->callsign = vigil_index_strdup(ix, cs, ncs)))
		return VIGIL_E_NOMEM;
	if (nflag && (rc = vigil_entity_add_str(ix, &e->flags, flag, nflag)) != VIGIL_E_OK)
		return rc;
	if (nowner && (rc = vigil_entity_add_str(ix, &e->links, owner, nowner)) != VIGIL_E_OK)
		return rc;
	if (nrem) {
		if (!(e->remarks = vigil_index_strdup(ix, rem, nrem)))
			return VIGIL_E_NOMEM;
		if ((rc = parse_remarks(ix, e, rem, nrem)) != VIGIL_E_OK)
			return rc;
	}
	return VIGIL_E_OK;
}

static int secondary_row(struct vigil_index *ix, int source, int fmt, const struct vigil__csv *c,
			 struct vigil_list_report *rep)
{
	const struct vigil_source *s = vigil_index_source(ix, (size_t)source);
	size_t want = fmt == VIGIL_LIST_OFAC_ALT_CSV ? 5 : fmt == VIGIL_LIST_OFAC_ADD_CSV ? 6 : 2;
	const char *id;
	size_t nid = val(c, 0, &id);
	struct vigil_entity *e;
	int rc;

	if (c->nf != want) {
		vigil__rep_skip(rep, c->line, "row has %zu fields, expected %zu", c->nf, want);
		return VIGIL_E_OK;
	}
	if (!nid || vigil__u32(id, nid) == 0) {
		vigil__rep_skip(rep, c->line, "row without a numeric ent_num");
		return VIGIL_E_OK;
	}
	e = vigil_index_find(ix, s->group, s->list, id, nid);
	if (!e) {
		rep->orphans++;
		return VIGIL_E_OK;
	}
	rep->merged++;
	if (fmt == VIGIL_LIST_OFAC_ALT_CSV) {
		const char *type, *name;
		size_t nt = val(c, 2, &type), nn = val(c, 3, &name);
		int kind = (nt == 3 && !memcmp(type, "fka", 3)) ? VIGIL_NAME_PREVIOUS : VIGIL_NAME_ALIAS;
		const char *rem;
		size_t nr = val(c, 4, &rem);

		/* OFAC marks low-quality aliases in the alias remarks. */
		if (nr && strstr(rem, "weak"))
			kind = VIGIL_NAME_WEAK;
		rc = vigil_entity_add_name(ix, e, kind, name, nn);
		return rc == VIGIL_E_FULL ? VIGIL_E_OK : rc;
	}
	if (fmt == VIGIL_LIST_OFAC_COMMENTS_CSV) {
		const char *rem;
		size_t nr = val(c, 1, &rem), ol = strlen(e->remarks);
		char *cat, *tmp;

		if (!nr)
			return VIGIL_E_OK;
		/* remarks holds only ol + 1 bytes: join in a scratch buffer, then copy into the arena. */
		if (ol > SIZE_MAX / 2 || nr > SIZE_MAX / 2 || !(tmp = malloc(ol + nr + 1)))
			return VIGIL_E_NOMEM;
		memcpy(tmp, e->remarks, ol);
		memcpy(tmp + ol, rem, nr);
		tmp[ol + nr] = 0;
		cat = (char *)vigil_index_strdup(ix, tmp, ol + nr);
		free(tmp);
		if (!cat)
			return VIGIL_E_NOMEM;
		e->remarks = cat;
		return parse_remarks(ix, e, cat, ol + nr);
	}
	return VIGIL_E_OK; /* addresses: not used for matching yet; counted as merged */
}

int vigil__load_ofac_csv(struct vigil_index *ix, int source, int fmt, const char *buf, size_t len,
			 const struct vigil_list_limits *lim, struct vigil_list_report *rep)
{
	struct vigil__csv c;
	int r, rc = VIGIL_E_OK;

	vigil__csv_init(&c, buf, len, 1, lim);
	while ((r = vigil__csv_next(&c)) == 1) {
		rep->records++;
		if (fmt == VIGIL_LIST_OFAC_SDN_CSV)
			rc = sdn_row(ix, source, &c, rep);
		else
			rc = secondary_row(ix, source, fmt, &c, rep);
		if (rc != VIGIL_E_OK) {
			snprintf(rep->first_error, sizeof(rep->first_error), "%s", vigil_strerror(rc));
			rep->first_line = c.line;
			break;
		}
	}
	if (r < 0) {
		rc = -r;
		rep->first_line = c.line;
		snprintf(rep->first_error, sizeof(rep->first_error), "%s", c.err);
	}
	vigil__csv_release(&c);
	return rc;
}
