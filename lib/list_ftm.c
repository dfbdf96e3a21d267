/* list_ftm.c - FollowTheMoney entities as JSON lines (OpenSanctions entities.ftm.json, targets.nested.json). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/error.h"
#include "vigil/json.h"
#include "list_int.h"

#define MAX_TOKENS 65536

struct ftm {
	struct vigil_index *ix;
	struct vigil_entity *e;
	const char *s;
	const struct vigil_json_tok *t;
	char *val;
	size_t valcap;
};

/* Each string of property array `arr` passed to fn; nested objects are skipped. */
static int each_str(struct ftm *f, size_t arr, int (*fn)(struct ftm *, const char *, size_t, int), int arg)
{
	size_t i;
	int rc;

	if (!arr || f->t[arr].type != VIGIL_JSON_ARRAY)
		return VIGIL_E_OK;
	for (i = 0; i < f->t[arr].count; i++) {
		size_t el = vigil_json_at(f->t, arr, i), n = 0;

		if (!el || f->t[el].type != VIGIL_JSON_STRING)
			continue;
		if (vigil_json_str(f->s, &f->t[el], f->val, f->valcap, &n) != VIGIL_E_OK)
			continue;
		if ((rc = fn(f, f->val, n, arg)) != VIGIL_E_OK && rc != VIGIL_E_FULL)
			return rc;
	}
	return VIGIL_E_OK;
}

static int add_name(struct ftm *f, const char *v, size_t n, int kind)
{
	return vigil_entity_add_name(f->ix, f->e, kind, v, n);
}

static int add_list(struct ftm *f, const char *v, size_t n, int which)
{
	struct vigil_strl **l = which == 0 ? &f->e->programs : which == 1 ? &f->e->flags : &f->e->links;

	return vigil_entity_add_str(f->ix, l, v, n);
}

static int set_id(struct ftm *f, const char *v, size_t n, int which)
{
	if (which == 0 && !f->e->imo)
		vigil_entity_set_imo(f->e, vigil__u32(v + (n > 7 && (v[0] | 0x20) == 'i' ? 3 : 0), 7));
	else if (which == 1 && !f->e->mmsi)
		f->e->mmsi = vigil__u32(v, n);
	else if (which == 2 && !f->e->callsign[0] && !(f->e->callsign = vigil_index_strdup(f->ix, v, n)))
		return VIGIL_E_NOMEM;
	else if (which == 3 && !f->e->listed_on[0]) {
		char d[11];

		vigil__date(v, n, d);
		if (d[0] && !(f->e->listed_on = vigil_index_strdup(f->ix, d, 10)))
			return VIGIL_E_NOMEM;
	}
	return VIGIL_E_OK;
}

static int one(struct ftm *f, int source, struct vigil_list_report *rep, size_t line)
{
	const char *s = f->s;
	const struct vigil_json_tok *t = f->t;
	size_t id = vigil_json_get(s, t, 0, "id"), sc = vigil_json_get(s, t, 0, "schema");
	size_t pr = vigil_json_get(s, t, 0, "properties"), n = 0, sanc;
	char idb[256], schema[64];
	int sch, err, rc;

	if (!id || !sc || !pr || t[id].type != VIGIL_JSON_STRING || t[sc].type != VIGIL_JSON_STRING ||
	    t[pr].type != VIGIL_JSON_OBJECT) {
		vigil__rep_skip(rep, line, "entity without id, schema or properties");
		return VIGIL_E_OK;
	}
	if (vigil_json_str(s, &t[id], idb, sizeof(idb), &n) != VIGIL_E_OK || !n) {
		vigil__rep_skip(rep, line, "entity id empty or too long");
		return VIGIL_E_OK;
	}
	vigil_json_str(s, &t[sc], schema, sizeof(schema), NULL);
	sch = vigil_schema_parse(schema, strlen(schema));
	if (sch == VIGIL_SCHEMA_UNKNOWN || sch == VIGIL_SCHEMA_AIRCRAFT)
		return VIGIL_E_OK; /* relations, addresses, sanctions...: not screening targets */
	f->e = vigil_index_add_entity(f->ix, source, sch, idb, n, &err);
	if (!f->e)
		return err;
	rep->entities++;
	rep->vessels += sch == VIGIL_SCHEMA_VESSEL;
	{
		size_t cap = vigil_json_get(s, t, 0, "caption");

		if (cap && t[cap].type == VIGIL_JSON_STRING &&
		    vigil_json_str(s, &t[cap], f->val, f->valcap, &n) == VIGIL_E_OK &&
		    (rc = vigil_entity_add_name(f->ix, f->e, VIGIL_NAME_PRIMARY, f->val, n)) != VIGIL_E_OK)
			return rc;
	}
#define P(k) vigil_json_get(s, t, pr, k)
	if ((rc = each_str(f, P("name"), add_name, VIGIL_NAME_PRIMARY)) ||
	    (rc = each_str(f, P("alias"), add_name, VIGIL_NAME_ALIAS)) ||
	    (rc = each_str(f, P("weakAlias"), add_name, VIGIL_NAME_WEAK)) ||
	    (rc = each_str(f, P("previousName"), add_name, VIGIL_NAME_PREVIOUS)) ||
	    (rc = each_str(f, P("programId"), add_list, 0)) ||
	    (rc = each_str(f, P("program"), add_list, 0)) ||
	    (rc = each_str(f, P("flag"), add_list, 1)) ||
	    (rc = each_str(f, P("pastFlags"), add_list, 1)) ||
	    (rc = each_str(f, P(sch == VIGIL_SCHEMA_PERSON ? "nationality" : "country"), add_list, 1)) ||
	    (rc = each_str(f, P("ownershipOwner"), add_list, 2)) ||
	    (rc = each_str(f, P("owner"), add_list, 2)) ||
	    (rc = each_str(f, P("operator"), add_list, 2)) ||
	    (rc = each_str(f, P("imoNumber"), set_id, 0)) ||
	    (rc = each_str(f, P("mmsi"), set_id, 1)) ||
	    (rc = each_str(f, P("callSign"), set_id, 2)) ||
	    (rc = each_str(f, P("listingDate"), set_id, 3)) ||
	    (rc = each_str(f, P("createdAt"), set_id, 3)))
		return rc;
	/* targets.nested.json inlines Sanction entities: take their programme and start date. */
	sanc = P("sanctions");
#undef P
	if (sanc && t[sanc].type == VIGIL_JSON_ARRAY) {
		size_t i;

		for (i = 0; i < t[sanc].count; i++) {
			size_t o = vigil_json_at(t, sanc, i), sp;

			if (!o || t[o].type != VIGIL_JSON_OBJECT || !(sp = vigil_json_get(s, t, o, "properties")))
				continue;
			if ((rc = each_str(f, vigil_json_get(s, t, sp, "program"), add_list, 0)) ||
			    (rc = each_str(f, vigil_json_get(s, t, sp, "startDate"), set_id, 3)))
				return rc;
		}
	}
	return VIGIL_E_OK;
}

int vigil__load_ftm_json(struct vigil_index *ix, int source, const char *buf, size_t len,
			 const struct vigil_list_limits *lim, struct vigil_list_report *rep)
{
	size_t max_rec = lim && lim->max_record ? lim->max_record : (size_t)8 << 20;
	struct vigil_json_tok *tok = malloc(MAX_TOKENS * sizeof(*tok));
	struct ftm f;
	const char *p = buf, *end = buf + len;
	size_t line = 0;
	int rc = VIGIL_E_OK;

	memset(&f, 0, sizeof(f));
	f.ix = ix;
	f.valcap = 65536;
	f.val = malloc(f.valcap);
	if (!tok || !f.val) {
		free(tok);
		free(f.val);
		return VIGIL_E_NOMEM;
	}
	while (p < end && rc == VIGIL_E_OK) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p), nt, ep;

		line++;
		while (l && (p[l - 1] == '\r' || p[l - 1] == ' '))
			l--;
		if (l) {
			rep->records++;
			if (l > max_rec)
				vigil__rep_skip(rep, line, "line of %zu bytes over the record limit", l);
			else if ((rc = vigil_json_parse(p, l, tok, MAX_TOKENS, &nt, &ep)) != VIGIL_E_OK) {
				vigil__rep_skip(rep, line, rc == VIGIL_E_TOOBIG ? "too many JSON values" : "malformed JSON at byte %zu", ep);
				rc = VIGIL_E_OK;
			} else if (tok[0].type != VIGIL_JSON_OBJECT) {
				vigil__rep_skip(rep, line, "line is not a JSON object");
			} else {
				f.s = p;
				f.t = tok;
				rc = one(&f, source, rep, line);
			}
		}
		p = nl ? nl + 1 : end;
	}
	if (rc != VIGIL_E_OK && !rep->first_error[0]) {
		rep->first_line = line;
		snprintf(rep->first_error, sizeof(rep->first_error), "%s", vigil_strerror(rc));
	}
	free(tok);
	free(f.val);
	return rc;
}
