/* list_os.c - header-driven CSV loader: OpenSanctions targets.simple.csv and vigil's demo list. */
#include <stdio.h>
#include <string.h>

#include "vigil/error.h"
#include "list_int.h"

enum col { C_ID, C_SCHEMA, C_NAME, C_ALIASES, C_PREV, C_COUNTRIES, C_IDENTIFIERS, C_IMO, C_MMSI,
	   C_CALLSIGN, C_PROGRAMS, C_DATASET, C_LISTED, C_LINKS, C_NOTES, C__N };

static const char *const col_names[C__N][3] = {
	[C_ID] = { "id", NULL, NULL },
	[C_SCHEMA] = { "schema", NULL, NULL },
	[C_NAME] = { "name", NULL, NULL },
	[C_ALIASES] = { "aliases", NULL, NULL },
	[C_PREV] = { "previous_names", NULL, NULL },
	[C_COUNTRIES] = { "countries", "flags", NULL },
	[C_IDENTIFIERS] = { "identifiers", NULL, NULL },
	[C_IMO] = { "imo", NULL, NULL },
	[C_MMSI] = { "mmsi", NULL, NULL },
	[C_CALLSIGN] = { "callsign", NULL, NULL },
	[C_PROGRAMS] = { "program_ids", "programs", NULL },
	[C_DATASET] = { "dataset", NULL, NULL },
	[C_LISTED] = { "listed_on", NULL, NULL },
	[C_LINKS] = { "links", NULL, NULL },
	[C_NOTES] = { "sanctions", "notes", NULL },
};

static int is_alnum(int c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* targets.simple.csv mixes "IMO9242986", 9-digit MMSIs and call signs in one column. */
static int identifiers(struct vigil_index *ix, struct vigil_entity *e, const char *s, size_t n)
{
	size_t i, st = 0;

	for (i = 0; i <= n; i++) {
		const char *t = s + st;
		size_t tl = i - st, k, digits = 0;

		if (i < n && s[i] != ';')
			continue;
		st = i + 1;
		for (k = 0; k < tl; k++)
			digits += t[k] >= '0' && t[k] <= '9';
		if (tl == 10 && (t[0] | 0x20) == 'i' && (t[1] | 0x20) == 'm' && (t[2] | 0x20) == 'o' && digits == 7) {
			if (e->schema == VIGIL_SCHEMA_VESSEL && !e->imo)
				vigil_entity_set_imo(e, vigil__u32(t + 3, 7));
		} else if (tl == 9 && digits == 9) {
			if (e->schema == VIGIL_SCHEMA_VESSEL && !e->mmsi)
				e->mmsi = vigil__u32(t, 9);
		} else if (e->schema == VIGIL_SCHEMA_VESSEL && tl >= 3 && tl <= 8 && !e->callsign[0]) {
			for (k = 0; k < tl && is_alnum((unsigned char)t[k]); k++)
				;
			if (k == tl && !(e->callsign = vigil_index_strdup(ix, t, tl)))
				return VIGIL_E_NOMEM;
		}
	}
	return VIGIL_E_OK;
}

int vigil__load_os_csv(struct vigil_index *ix, int source, int fmt, const char *buf, size_t len,
		       const struct vigil_list_limits *lim, struct vigil_list_report *rep)
{
	struct vigil__csv c;
	int col[C__N], r, rc = VIGIL_E_OK, have_header = 0;
	size_t i, k;

	(void)fmt;
	for (i = 0; i < C__N; i++)
		col[i] = -1;
	vigil__csv_init(&c, buf, len, 0, lim);
	while ((r = vigil__csv_next(&c)) == 1) {
		const char *f;
		struct vigil_entity *e;
		int err;

		if (c.nf >= 1 && vigil__csv_f(&c, 0)[0] == '#')
			continue; /* comment lines (demo list) */
		if (!have_header) {
			for (i = 0; i < c.nf; i++)
				for (k = 0; k < C__N; k++)
					if ((col_names[k][0] && !strcmp(vigil__csv_f(&c, i), col_names[k][0])) ||
					    (col_names[k][1] && !strcmp(vigil__csv_f(&c, i), col_names[k][1])))
						col[k] = (int)i;
			have_header = 1;
			if (col[C_ID] < 0 || col[C_NAME] < 0 || col[C_SCHEMA] < 0) {
				snprintf(rep->first_error, sizeof(rep->first_error), "header lacks id, schema or name");
				rep->first_line = c.line;
				rc = VIGIL_E_FORMAT;
				break;
			}
			continue;
		}
		rep->records++;
#define F(x) (col[x] >= 0 ? vigil__csv_f(&c, (size_t)col[x]) : "")
#define L(x) (col[x] >= 0 ? vigil__csv_len(&c, (size_t)col[x]) : 0)
		if (!L(C_ID) || !L(C_NAME)) {
			vigil__rep_skip(rep, c.line, "row without id or name (%zu fields)", c.nf);
			continue;
		}
		e = vigil_index_add_entity(ix, source, vigil_schema_parse(F(C_SCHEMA), L(C_SCHEMA)), F(C_ID),
					   L(C_ID), &err);
		if (!e) {
			rc = err;
			break;
		}
		rep->entities++;
		rep->vessels += e->schema == VIGIL_SCHEMA_VESSEL;
		if ((rc = vigil_entity_add_name(ix, e, VIGIL_NAME_PRIMARY, F(C_NAME), L(C_NAME))) != VIGIL_E_OK ||
		    (rc = vigil__add_names_split(ix, e, e->schema == VIGIL_SCHEMA_VESSEL ? VIGIL_NAME_PREVIOUS
							 : VIGIL_NAME_ALIAS, F(C_ALIASES), L(C_ALIASES), ';')) != VIGIL_E_OK ||
		    (rc = vigil__add_names_split(ix, e, VIGIL_NAME_PREVIOUS, F(C_PREV), L(C_PREV), ';')) != VIGIL_E_OK ||
		    (rc = vigil__add_split(ix, &e->flags, F(C_COUNTRIES), L(C_COUNTRIES), ';')) != VIGIL_E_OK ||
		    (rc = vigil__add_split(ix, &e->programs, F(C_PROGRAMS), L(C_PROGRAMS), ';')) != VIGIL_E_OK ||
		    (rc = vigil__add_split(ix, &e->links, F(C_LINKS), L(C_LINKS), ';')) != VIGIL_E_OK ||
		    (rc = identifiers(ix, e, F(C_IDENTIFIERS), L(C_IDENTIFIERS))) != VIGIL_E_OK)
			break;
		if (!e->programs && L(C_DATASET) &&
		    (rc = vigil_entity_add_str(ix, &e->programs, F(C_DATASET), L(C_DATASET))) != VIGIL_E_OK)
			break;
		if (L(C_IMO) && (f = F(C_IMO)) != NULL)
			vigil_entity_set_imo(e, vigil__u32(f + (L(C_IMO) > 7 && (f[0] | 0x20) == 'i' ? 3 : 0), 7));
		if (L(C_MMSI))
			e->mmsi = vigil__u32(F(C_MMSI), L(C_MMSI));
		if (L(C_CALLSIGN) && !(e->callsign = vigil_index_strdup(ix, F(C_CALLSIGN), L(C_CALLSIGN)))) {
			rc = VIGIL_E_NOMEM;
			break;
		}
		if (L(C_LISTED)) {
			char d[11];

			vigil__date(F(C_LISTED), L(C_LISTED), d);
			if (d[0] && !(e->listed_on = vigil_index_strdup(ix, d, 10))) {
				rc = VIGIL_E_NOMEM;
				break;
			}
		}
		if (L(C_NOTES) > 2 && !(e->remarks = vigil_index_strdup(ix, F(C_NOTES), L(C_NOTES)))) {
			rc = VIGIL_E_NOMEM;
			break;
		}
#undef F
#undef L
	}
	if (r < 0) {
		rc = -r;
		rep->first_line = c.line;
		snprintf(rep->first_error, sizeof(rep->first_error), "%s", c.err);
	} else if (rc != VIGIL_E_OK && !rep->first_error[0]) {
		rep->first_line = c.line;
		snprintf(rep->first_error, sizeof(rep->first_error), "%s", vigil_strerror(rc));
	}
	vigil__csv_release(&c);
	return rc;
}
