/* list_un.c - UN Security Council consolidated list XML (INDIVIDUAL and ENTITY records). */
#include <stdio.h>
#include <string.h>

#include "vigil/error.h"
#include "list_int.h"

struct un_ctx {
	struct vigil_index *ix;
	int source;
	struct vigil_list_report *rep;
};

static int un_record(void *arg, const struct vigil__xrec *r)
{
	struct un_ctx *u = arg;
	struct vigil_entity *e;
	const char *ref, *v, *quality = "";
	char full[2048], date[11];
	size_t i = 0, fl = 0, k;
	int err, rc, person = strcmp(r->name, "INDIVIDUAL") == 0;
	static const char *const parts[] = { "FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME" };

	u->rep->records++;
	ref = vigil__xrec_get(r, "REFERENCE_NUMBER", &i);
	if (!ref || !*ref) {
		i = 0;
		ref = vigil__xrec_get(r, "DATAID", &i);
	}
	for (k = 0; k < 4; k++) {
		i = 0;
		if ((v = vigil__xrec_get(r, parts[k], &i)) != NULL && *v && fl + strlen(v) + 2 < sizeof(full))
			fl += (size_t)snprintf(full + fl, sizeof(full) - fl, "%s%s", fl ? " " : "", v);
	}
	if (!ref || !*ref || !fl) {
		vigil__rep_skip(u->rep, r->number, "%s record without reference number or name", r->name);
		return VIGIL_E_OK;
	}
	e = vigil_index_add_entity(u->ix, u->source, person ? VIGIL_SCHEMA_PERSON : VIGIL_SCHEMA_LEGALENTITY,
				   ref, strlen(ref), &err);
	if (!e)
		return err;
	u->rep->entities++;
	if ((rc = vigil_entity_add_name(u->ix, e, VIGIL_NAME_PRIMARY, full, fl)) != VIGIL_E_OK)
		return rc;
	i = 0;
	while ((v = vigil__xrec_get(r, "NAME_ORIGINAL_SCRIPT", &i)) != NULL)
		if ((rc = vigil_entity_add_name(u->ix, e, VIGIL_NAME_ALIAS, v, strlen(v))) != VIGIL_E_OK)
			return rc;
	i = 0;
	if ((v = vigil__xrec_get(r, "UN_LIST_TYPE", &i)) != NULL &&
	    (rc = vigil_entity_add_str(u->ix, &e->programs, v, strlen(v))) != VIGIL_E_OK)
		return rc;
	i = 0;
	if ((v = vigil__xrec_get(r, "LISTED_ON", &i)) != NULL) {
		vigil__date(v, strlen(v), date);
		if (date[0] && !(e->listed_on = vigil_index_strdup(u->ix, date, 10)))
			return VIGIL_E_NOMEM;
	}
	i = 0;
	if ((v = vigil__xrec_get(r, "COMMENTS1", &i)) != NULL && !(e->remarks = vigil_index_strdup(u->ix, v, strlen(v))))
		return VIGIL_E_NOMEM;
	/* Aliases: QUALITY precedes ALIAS_NAME inside each alias element. */
	for (i = 0; i < r->n; i++) {
		const char *p = r->path[i];

		if (!strcmp(p, "INDIVIDUAL_ALIAS/QUALITY") || !strcmp(p, "ENTITY_ALIAS/QUALITY"))
			quality = r->val[i];
		else if (!strcmp(p, "INDIVIDUAL_ALIAS/ALIAS_NAME") || !strcmp(p, "ENTITY_ALIAS/ALIAS_NAME")) {
			int kind = !strcmp(quality, "Low") ? VIGIL_NAME_WEAK
				 : !strcmp(quality, "f.k.a.") ? VIGIL_NAME_PREVIOUS : VIGIL_NAME_ALIAS;

			rc = vigil_entity_add_name(u->ix, e, kind, r->val[i], strlen(r->val[i]));
			if (rc != VIGIL_E_OK && rc != VIGIL_E_FULL)
				return rc;
			quality = "";
		} else if (!strcmp(p, "NATIONALITY/VALUE")) {
			if ((rc = vigil_entity_add_str(u->ix, &e->flags, r->val[i], strlen(r->val[i]))) != VIGIL_E_OK)
				return rc;
		}
	}
	return VIGIL_E_OK;
}

int vigil__load_un_xml(struct vigil_index *ix, int source, const char *buf, size_t len,
		       const struct vigil_list_limits *lim, struct vigil_list_report *rep)
{
	static const char *const recs[] = { "INDIVIDUAL", "ENTITY", NULL };
	struct un_ctx u = { ix, source, rep };

	return vigil__xml_walk(buf, len, recs, un_record, &u, lim, rep);
}
