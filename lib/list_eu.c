/* list_eu.c - EU consolidated financial sanctions XML (FSF 1.1, export > sanctionEntity); not yet met with a real file. */
#include <stdio.h>
#include <string.h>

#include "vigil/error.h"
#include "list_int.h"

/*
 * Schema (xmlFullSanctionsList_1_1, namespace http://eu.europa.eu/fsd/schema/export;
 * local names only): export@generationDate > sanctionEntity@logicalId
 * @euReferenceNumber @unitedNationId @designationDate with children remark,
 * regulation@programme @publicationDate @entryIntoForceDate @numberTitle
 * (> publicationUrl), subjectType@code (person | enterprise) @classificationCode,
 * nameAlias@wholeName @firstName @middleName @lastName @strong @nameLanguage
 * @function @gender @title, citizenship@countryIso2Code @countryDescription,
 * birthdate@birthdate, identification@identificationTypeCode (passport, id,
 * imo, regnumber, swiftbic ...) @number @latinNumber @countryIso2Code,
 * address@city @street @countryDescription. Almost everything is in attributes.
 */

struct eu_ctx {
	struct vigil_index *ix;
	int source;
	struct vigil_list_report *rep;
};

static int has_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static int schema_of(const char *code)
{
	if (!code)
		return VIGIL_SCHEMA_LEGALENTITY;
	if (!strcmp(code, "person"))
		return VIGIL_SCHEMA_PERSON;
	if (!strcmp(code, "enterprise"))
		return VIGIL_SCHEMA_ORGANIZATION;
	if (strstr(code, "vessel") || strstr(code, "ship"))
		return VIGIL_SCHEMA_VESSEL;
	return VIGIL_SCHEMA_LEGALENTITY;
}

/*
 * Attributes of repeated elements (nameAlias, identification...) arrive as
 * consecutive "elem/@attr" pairs; one element ends where a non-matching pair
 * comes or an attribute name repeats. Calls fn once per element with the
 * pair range [from, to).
 */
typedef int (*group_fn)(struct eu_ctx *, struct vigil_entity *, const struct vigil__xrec *, size_t, size_t, int);

static int each_group(struct eu_ctx *u, struct vigil_entity *e, const struct vigil__xrec *r, const char *prefix,
		      group_fn fn)
{
	size_t i, from = 0, pl = strlen(prefix), k;
	int open = 0, nth = 0, rc;

	for (i = 0; i <= r->n; i++) {
		int mine = i < r->n && strncmp(r->path[i], prefix, pl) == 0 && r->path[i][pl] == '@';
		int repeat = 0;

		if (mine && open)
			for (k = from; k < i && !repeat; k++)
				repeat = strcmp(r->path[k], r->path[i]) == 0;
		if (open && (!mine || repeat)) {
			if ((rc = fn(u, e, r, from, i, nth++)) != VIGIL_E_OK)
				return rc;
			open = 0;
		}
		if (mine && !open) {
			open = 1;
			from = i;
		}
	}
	return VIGIL_E_OK;
}

static const char *attr(const struct vigil__xrec *r, size_t from, size_t to, const char *name)
{
	size_t i;

	for (i = from; i < to; i++) {
		const char *a = strrchr(r->path[i], '@');

		if (a && !strcmp(a + 1, name))
			return r->val[i];
	}
	return NULL;
}

static int name_group(struct eu_ctx *u, struct vigil_entity *e, const struct vigil__xrec *r, size_t from, size_t to,
		      int nth)
{
	const char *whole = attr(r, from, to, "wholeName"), *strong = attr(r, from, to, "strong");
	char buf[2048];
	size_t bl = 0;
	int kind, rc;

	if (!whole || !*whole) {
		static const char *const parts[] = { "firstName", "middleName", "lastName" };
		size_t k;

		for (k = 0; k < 3; k++) {
			const char *v = attr(r, from, to, parts[k]);

			if (v && *v && bl + strlen(v) + 2 < sizeof(buf))
				bl += (size_t)snprintf(buf + bl, sizeof(buf) - bl, "%s%s", bl ? " " : "", v);
		}
		whole = buf;
	} else {
		bl = strlen(whole);
	}
	if (!bl)
		return VIGIL_E_OK;
	/* The first listed name is the primary; strong="false" marks a weak alias. */
	(void)nth;
	kind = !e->n_names ? VIGIL_NAME_PRIMARY
	     : (strong && !strcmp(strong, "false")) ? VIGIL_NAME_WEAK : VIGIL_NAME_ALIAS;
	rc = vigil_entity_add_name(u->ix, e, kind, whole, bl);
	return rc == VIGIL_E_FULL ? VIGIL_E_OK : rc;
}

static int reg_group(struct eu_ctx *u, struct vigil_entity *e, const struct vigil__xrec *r, size_t from, size_t to,
		     int nth)
{
	const char *prog = attr(r, from, to, "programme"), *pub = attr(r, from, to, "publicationDate");
	char d[11];
	int rc;

	(void)nth;
	if (prog && *prog && (rc = vigil_entity_add_str(u->ix, &e->programs, prog, strlen(prog))) != VIGIL_E_OK)
		return rc;
	/* Listing date: the entity's designationDate, else the earliest regulation publication. */
	if (pub) {
		vigil__date(pub, strlen(pub), d);
		if (d[0] && (!e->listed_on[0] || strcmp(d, e->listed_on) < 0) &&
		    !(e->listed_on = vigil_index_strdup(u->ix, d, 10)))
			return VIGIL_E_NOMEM;
	}
	return VIGIL_E_OK;
}

static int cit_group(struct eu_ctx *u, struct vigil_entity *e, const struct vigil__xrec *r, size_t from, size_t to,
		     int nth)
{
	const char *c = attr(r, from, to, "countryIso2Code");

	(void)nth;
	if (!c || !*c || !strcmp(c, "00"))
		c = attr(r, from, to, "countryDescription");
	if (!c || !*c || !strcmp(c, "UNKNOWN"))
		return VIGIL_E_OK;
	return vigil_entity_add_str(u->ix, &e->flags, c, strlen(c));
}

static int id_group(struct eu_ctx *u, struct vigil_entity *e, const struct vigil__xrec *r, size_t from, size_t to,
		    int nth)
{
	const char *type = attr(r, from, to, "identificationTypeCode"), *num = attr(r, from, to, "number");
	uint32_t v;

	(void)u, (void)nth;
	if (!num || !*num)
		num = attr(r, from, to, "latinNumber");
	if (!type || !num)
		return VIGIL_E_OK;
	if (!strcmp(type, "imo")) {
		size_t n = strlen(num), i = 0;

		while (i < n && !(num[i] >= '0' && num[i] <= '9'))
			i++;
		if (n - i == 7 && strspn(num + i, "0123456789") == 7 && (v = vigil__u32(num + i, 7)) != 0 && !e->imo)
			vigil_entity_set_imo(e, v);
	} else if (!strcmp(type, "mmsi")) {
		if (strlen(num) == 9 && strspn(num, "0123456789") == 9 && !e->mmsi)
			e->mmsi = vigil__u32(num, 9);
	}
	return VIGIL_E_OK;
}

static int eu_record(void *arg, const struct vigil__xrec *r)
{
	struct eu_ctx *u = arg;
	struct vigil_entity *e;
	const char *id, *v;
	char d[11];
	size_t i = 0, k;
	int err, rc, has_name = 0;

	u->rep->records++;
	id = vigil__xrec_get(r, "@euReferenceNumber", &i);
	if (!id || !*id) {
		i = 0;
		id = vigil__xrec_get(r, "@logicalId", &i);
	}
	for (k = 0; k < r->n && !has_name; k++)
		has_name = has_prefix(r->path[k], "nameAlias/@") && r->val[k][0] &&
			   (!strcmp(r->path[k], "nameAlias/@wholeName") || !strcmp(r->path[k], "nameAlias/@lastName") ||
			    !strcmp(r->path[k], "nameAlias/@firstName"));
	if (!id || !*id || !has_name) {
		vigil__rep_skip(u->rep, r->number, "sanctionEntity %zu without euReferenceNumber/logicalId or a name",
				r->number);
		return VIGIL_E_OK;
	}
	i = 0;
	e = vigil_index_add_entity(u->ix, u->source, schema_of(vigil__xrec_get(r, "subjectType/@code", &i)), id,
				   strlen(id), &err);
	if (!e)
		return err;
	u->rep->entities++;
	if ((rc = each_group(u, e, r, "nameAlias/", name_group)) != VIGIL_E_OK)
		return rc;
	if (!e->n_names) { /* only empty names: keep the entity findable by id, skip it as malformed */
		vigil__rep_skip(u->rep, r->number, "sanctionEntity %zu: no usable name", r->number);
		return VIGIL_E_OK;
	}
	i = 0;
	if ((v = vigil__xrec_get(r, "@designationDate", &i)) != NULL) {
		vigil__date(v, strlen(v), d);
		if (d[0] && !(e->listed_on = vigil_index_strdup(u->ix, d, 10)))
			return VIGIL_E_NOMEM;
	}
	if ((rc = each_group(u, e, r, "regulation/", reg_group)) != VIGIL_E_OK ||
	    (rc = each_group(u, e, r, "citizenship/", cit_group)) != VIGIL_E_OK ||
	    (rc = each_group(u, e, r, "identification/", id_group)) != VIGIL_E_OK)
		return rc;
	i = 0;
	if ((v = vigil__xrec_get(r, "remark", &i)) != NULL) {
		size_t rl = strlen(v);
		uint32_t x;

		if (!(e->remarks = vigil_index_strdup(u->ix, v, rl)))
			return VIGIL_E_NOMEM;
		if (e->schema == VIGIL_SCHEMA_VESSEL && !e->imo && (x = vigil__find_id(v, rl, "IMO", 7)) != 0)
			vigil_entity_set_imo(e, x);
	}
	u->rep->vessels += e->schema == VIGIL_SCHEMA_VESSEL;
	return VIGIL_E_OK;
}

int vigil__load_eu_xml(struct vigil_index *ix, int source, const char *buf, size_t len,
		       const struct vigil_list_limits *lim, struct vigil_list_report *rep)
{
	static const char *const recs[] = { "sanctionEntity", NULL };
	struct eu_ctx u = { ix, source, rep };

	return vigil__xml_walk(buf, len, recs, eu_record, &u, lim, rep);
}
