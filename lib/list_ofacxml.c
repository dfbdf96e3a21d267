/* list_ofacxml.c - OFAC's classic sdn.xml (sdnList > sdnEntry), written to OFAC's published XSD; not yet met with a real file. */
#include <stdio.h>
#include <string.h>

#include "vigil/error.h"
#include "list_int.h"

/*
 * Schema (OFAC "SDN data specification", sdn.xsd; namespace ignored, local
 * names only): sdnList > publshInformation (Publish_Date MM/DD/YYYY) and
 * sdnEntry records with uid, firstName, lastName, title, sdnType
 * (Individual | Entity | Vessel | Aircraft), remarks, programList/program,
 * idList/id (uid, idType, idNumber, idCountry), akaList/aka (uid, type
 * a.k.a. | f.k.a. | n.k.a., category strong | weak, lastName, firstName),
 * addressList, nationalityList, citizenshipList, dateOfBirthList,
 * placeOfBirthList and vesselInfo (callSign, vesselType, vesselFlag,
 * vesselOwner, tonnage, grossRegisteredTonnage).
 */

struct ox_ctx {
	struct vigil_index *ix;
	int source;
	struct vigil_list_report *rep;
};

static int schema_of(const char *t)
{
	if (!t)
		return VIGIL_SCHEMA_LEGALENTITY;
	if (!strcmp(t, "Individual"))
		return VIGIL_SCHEMA_PERSON;
	if (!strcmp(t, "Vessel"))
		return VIGIL_SCHEMA_VESSEL;
	if (!strcmp(t, "Aircraft"))
		return VIGIL_SCHEMA_AIRCRAFT;
	return VIGIL_SCHEMA_LEGALENTITY; /* "Entity": as the legacy CSV loader maps it */
}

/* "LAST, First" like sdn.csv / alt.csv, so both OFAC formats give the same name strings. */
static size_t join_name(char *out, size_t cap, const char *last, const char *first)
{
	int n;

	if (last && *last && first && *first)
		n = snprintf(out, cap, "%s, %s", last, first);
	else if (last && *last)
		n = snprintf(out, cap, "%s", last);
	else if (first && *first)
		n = snprintf(out, cap, "%s", first);
	else
		n = 0;
	if (n < 0)
		return 0;
	return (size_t)n < cap ? (size_t)n : cap - 1;
}

static int has_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

/* "Linked To: NAME." items inside remarks (several, separated by ';'). */
static int remark_links(struct vigil_index *ix, struct vigil_entity *e, const char *r)
{
	const char *p = r;
	int rc;

	while ((p = strstr(p, "Linked To:")) != NULL) {
		const char *q = p + 10;
		size_t k = strcspn(q, ";)");

		p = q + k;
		while (k && *q == ' ')
			q++, k--;
		while (k && (q[k - 1] == '.' || q[k - 1] == ' '))
			k--;
		if (k && (rc = vigil_entity_add_str(ix, &e->links, q, k)) != VIGIL_E_OK && rc != VIGIL_E_FULL)
			return rc;
	}
	return VIGIL_E_OK;
}

/* An IMO number as OFAC writes it: "IMO 9179842" or bare "9179842". */
static uint32_t imo_of(const char *v)
{
	size_t n = strlen(v), i = 0;

	if (n >= 3 && (v[0] | 0x20) == 'i' && (v[1] | 0x20) == 'm' && (v[2] | 0x20) == 'o')
		i = 3;
	while (i < n && v[i] == ' ')
		i++;
	if (n - i != 7 || strspn(v + i, "0123456789") != 7)
		return 0;
	return vigil__u32(v + i, 7);
}

static int add_id(struct vigil_index *ix, struct vigil_entity *e, const char *type, const char *num)
{
	size_t nl = strlen(num);

	if (!type || !*num)
		return VIGIL_E_OK;
	if (!strcmp(type, "Vessel Registration Identification")) {
		uint32_t imo = imo_of(num);

		if (imo && !e->imo)
			vigil_entity_set_imo(e, imo);
	} else if (!strcmp(type, "MMSI")) {
		if (nl == 9 && strspn(num, "0123456789") == 9 && !e->mmsi)
			e->mmsi = vigil__u32(num, 9);
	} else if (!strcmp(type, "Call Sign")) {
		if (!e->callsign[0] && !(e->callsign = vigil_index_strdup(ix, num, nl)))
			return VIGIL_E_NOMEM;
	} else if (!strcmp(type, "Vessel Flag")) {
		return vigil_entity_add_str(ix, &e->flags, num, nl);
	}
	return VIGIL_E_OK;
}

/* Walk the aka elements: a new one starts at its uid or when a child repeats. */
static int akas(struct ox_ctx *u, struct vigil_entity *e, const struct vigil__xrec *r)
{
	const char *type = "", *cat = "", *last = NULL, *first = NULL;
	size_t i;
	int open = 0, rc;

	for (i = 0; i <= r->n; i++) {
		const char *p = i < r->n ? r->path[i] : "";
		const char *leaf = has_prefix(p, "akaList/aka/") ? p + 12 : NULL;
		int flush = open && (!leaf || !strcmp(leaf, "uid") || (!strcmp(leaf, "type") && *type) ||
				     (!strcmp(leaf, "lastName") && last) || (!strcmp(leaf, "firstName") && first) ||
				     (!strcmp(leaf, "category") && *cat));

		if (flush) {
			char name[2048];
			size_t nl = join_name(name, sizeof(name), last, first);
			int kind = !strcmp(type, "f.k.a.") ? VIGIL_NAME_PREVIOUS
				 : !strcmp(cat, "weak") ? VIGIL_NAME_WEAK : VIGIL_NAME_ALIAS;

			if (nl && (rc = vigil_entity_add_name(u->ix, e, kind, name, nl)) != VIGIL_E_OK &&
			    rc != VIGIL_E_FULL)
				return rc;
			type = cat = "";
			last = first = NULL;
			open = 0;
		}
		if (!leaf)
			continue;
		open = 1;
		if (!strcmp(leaf, "type"))
			type = r->val[i];
		else if (!strcmp(leaf, "category"))
			cat = r->val[i];
		else if (!strcmp(leaf, "lastName"))
			last = r->val[i];
		else if (!strcmp(leaf, "firstName"))
			first = r->val[i];
	}
	return VIGIL_E_OK;
}

/* idList/id: pairs of idType and idNumber (in either order), one id element at a time. */
static int ids(struct ox_ctx *u, struct vigil_entity *e, const struct vigil__xrec *r)
{
	const char *type = NULL, *num = NULL;
	size_t i;
	int rc;

	for (i = 0; i <= r->n; i++) {
		const char *p = i < r->n ? r->path[i] : "";
		const char *leaf = has_prefix(p, "idList/id/") ? p + 10 : NULL;

		if ((type || num) && (!leaf || !strcmp(leaf, "uid") || (!strcmp(leaf, "idType") && type) ||
				      (!strcmp(leaf, "idNumber") && num))) {
			if (type && num && (rc = add_id(u->ix, e, type, num)) != VIGIL_E_OK && rc != VIGIL_E_FULL)
				return rc;
			type = num = NULL;
		}
		if (leaf && !strcmp(leaf, "idType"))
			type = r->val[i];
		else if (leaf && !strcmp(leaf, "idNumber"))
			num = r->val[i];
	}
	return VIGIL_E_OK;
}

static int ox_record(void *arg, const struct vigil__xrec *r)
{
	struct ox_ctx *u = arg;
	struct vigil_entity *e;
	const char *uid, *last, *first, *v;
	char name[2048];
	size_t i = 0, nl;
	int err, rc;

	u->rep->records++;
	uid = vigil__xrec_get(r, "uid", &i);
	i = 0;
	last = vigil__xrec_get(r, "lastName", &i);
	i = 0;
	first = vigil__xrec_get(r, "firstName", &i);
	nl = join_name(name, sizeof(name), last, first);
	if (!uid || !*uid || vigil__u32(uid, strlen(uid)) == 0 || !nl) {
		vigil__rep_skip(u->rep, r->number, "sdnEntry %zu without a numeric uid or a name", r->number);
		return VIGIL_E_OK;
	}
	i = 0;
	e = vigil_index_add_entity(u->ix, u->source, schema_of(vigil__xrec_get(r, "sdnType", &i)), uid,
				   strlen(uid), &err);
	if (!e)
		return err;
	u->rep->entities++;
	u->rep->vessels += e->schema == VIGIL_SCHEMA_VESSEL;
	if ((rc = vigil_entity_add_name(u->ix, e, VIGIL_NAME_PRIMARY, name, nl)) != VIGIL_E_OK)
		return rc;
	i = 0;
	while ((v = vigil__xrec_get(r, "programList/program", &i)) != NULL)
		if ((rc = vigil_entity_add_str(u->ix, &e->programs, v, strlen(v))) != VIGIL_E_OK && rc != VIGIL_E_FULL)
			return rc;
	if ((rc = akas(u, e, r)) != VIGIL_E_OK || (rc = ids(u, e, r)) != VIGIL_E_OK)
		return rc;
	i = 0;
	if ((v = vigil__xrec_get(r, "vesselInfo/callSign", &i)) != NULL && *v &&
	    !(e->callsign = vigil_index_strdup(u->ix, v, strlen(v))))
		return VIGIL_E_NOMEM;
	i = 0;
	if ((v = vigil__xrec_get(r, "vesselInfo/vesselFlag", &i)) != NULL &&
	    (rc = vigil_entity_add_str(u->ix, &e->flags, v, strlen(v))) != VIGIL_E_OK)
		return rc;
	i = 0;
	if ((v = vigil__xrec_get(r, "vesselInfo/vesselOwner", &i)) != NULL &&
	    (rc = vigil_entity_add_str(u->ix, &e->links, v, strlen(v))) != VIGIL_E_OK)
		return rc;
	i = 0;
	while ((v = vigil__xrec_get(r, "nationalityList/nationality/country", &i)) != NULL)
		if ((rc = vigil_entity_add_str(u->ix, &e->flags, v, strlen(v))) != VIGIL_E_OK && rc != VIGIL_E_FULL)
			return rc;
	i = 0;
	if ((v = vigil__xrec_get(r, "remarks", &i)) != NULL) {
		size_t rl = strlen(v);
		uint32_t id;

		if (!(e->remarks = vigil_index_strdup(u->ix, v, rl)))
			return VIGIL_E_NOMEM;
		if ((rc = remark_links(u->ix, e, v)) != VIGIL_E_OK)
			return rc;
		if (!e->imo && (id = vigil__find_id(v, rl, "IMO", 7)) != 0)
			vigil_entity_set_imo(e, id);
		if (!e->mmsi && (id = vigil__find_id(v, rl, "MMSI", 9)) != 0)
			e->mmsi = id;
	}
	return VIGIL_E_OK;
}

int vigil__load_ofac_xml(struct vigil_index *ix, int source, const char *buf, size_t len,
			 const struct vigil_list_limits *lim, struct vigil_list_report *rep)
{
	static const char *const recs[] = { "sdnEntry", NULL };
	struct ox_ctx u = { ix, source, rep };

	return vigil__xml_walk(buf, len, recs, ox_record, &u, lim, rep);
}
