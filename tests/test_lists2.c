/* test_lists2.c - OFAC sdn.xml, EU FSF XML and UK FCDO CSV loaders on our fixtures, and hostile inputs for each. */
#include "harness.h"

#include "vigil/entity.h"
#include "vigil/error.h"
#include "vigil/lists.h"

#define FIX "tests/fixtures/lists/"

static int load_buf(struct vigil_index *ix, int fmt, const char *buf, size_t len, const struct vigil_list_limits *lim,
		    struct vigil_list_report *rep)
{
	struct vigil_source s;
	int src;

	memset(&s, 0, sizeof(s));
	s.list = vigil_list_publisher(fmt);
	s.format = vigil_list_format_name(fmt);
	s.path = "mem";
	s.date = "";
	s.group = 7;
	src = vigil_index_add_source(ix, &s);
	if (src < 0)
		return -src;
	return vigil_list_load(ix, src, fmt, buf, len, lim, rep);
}

static const struct vigil_entity *by_id(const struct vigil_index *ix, const char *id)
{
	size_t i;

	for (i = 0; i < vigil_index_count(ix); i++)
		if (!strcmp(vigil_index_get(ix, i)->listing_id, id))
			return vigil_index_get(ix, i);
	return NULL;
}

/* Kind of the entity's name equal to text, -1 when absent. */
static int name_kind(const struct vigil_entity *e, const char *text)
{
	const struct vigil_name *n;

	for (n = e ? e->names : NULL; n; n = n->next)
		if (!strcmp(n->text, text))
			return n->kind;
	return -1;
}

static int has_str(const struct vigil_strl *l, const char *text)
{
	for (; l; l = l->next)
		if (!strcmp(l->text, text))
			return 1;
	return 0;
}

static size_t strl_len(const struct vigil_strl *l)
{
	size_t n = 0;

	for (; l; l = l->next)
		n++;
	return n;
}

/* Load a fixture file: checks detection gives want_fmt; returns the index (caller frees) or NULL. */
static struct vigil_index *fixture(const char *name, int want_fmt, struct vigil_list_report *rep, char date[11])
{
	size_t len;
	char *buf = test_slurp(name, &len);
	struct vigil_index *ix;
	int rc;

	if (!buf) {
		t_fail++;
		fprintf(stderr, "FAIL cannot read %s (run from the repository root)\n", name);
		return NULL;
	}
	CHECK_INT(vigil_list_detect(buf, len), want_fmt);
	vigil_list_date(want_fmt, buf, len, date);
	ix = vigil_index_new(NULL);
	rc = load_buf(ix, want_fmt, buf, len, NULL, rep);
	CHECK_INT(rc, VIGIL_E_OK);
	free(buf);
	return ix;
}

static void ofac_xml(void)
{
	struct vigil_list_report rep;
	char date[11];
	struct vigil_index *ix = fixture(FIX "ofac_sdn.xml", VIGIL_LIST_OFAC_SDN_XML, &rep, date);
	const struct vigil_entity *e;

	if (!ix)
		return;
	CHECK_STR(date, "2024-05-03"); /* Publish_Date 05/03/2024 is month/day/year */
	CHECK_INT(rep.records, 4);
	CHECK_INT(rep.entities, 3);
	CHECK_INT(rep.vessels, 1);
	CHECK_INT(rep.skipped, 1);
	CHECK_INT(rep.first_line, 4);
	CHECK(strstr(rep.first_error, "sdnEntry 4") != NULL);
	e = by_id(ix, "90001");
	CHECK(e != NULL);
	if (e) {
		CHECK_INT(e->schema, VIGIL_SCHEMA_VESSEL);
		CHECK_STR(e->names->text, "ANGARA");
		CHECK_INT(e->names->kind, VIGIL_NAME_PRIMARY);
		CHECK_INT(name_kind(e, "FIXTURE TRADER"), VIGIL_NAME_PREVIOUS);
		CHECK_INT(e->imo, 9179842);
		CHECK(e->imo_valid);
		CHECK_INT(e->mmsi, 273210440);
		CHECK_STR(e->callsign, "UFXA7");
		CHECK(has_str(e->flags, "Russia"));
		CHECK(!has_str(e->flags, "Antigua and Barbuda")); /* a former flag is not the flag */
		CHECK(has_str(e->links, "M LEASING LLC"));
		CHECK_INT(strl_len(e->links), 1); /* vesselOwner and remarks "Linked To" name the same owner */
		CHECK(has_str(e->programs, "RUSSIA-EO14024"));
	}
	e = by_id(ix, "90002");
	CHECK(e != NULL);
	if (e) {
		CHECK_INT(e->schema, VIGIL_SCHEMA_PERSON);
		CHECK_STR(e->names->text, "KORNEEV, Pavel Ivanovich");
		CHECK_INT(name_kind(e, "КОРНЕЕВ, Павел Иванович"), VIGIL_NAME_ALIAS);
		CHECK_INT(name_kind(e, "PASHA"), VIGIL_NAME_WEAK);
		CHECK_INT(e->n_names, 3);
		CHECK_INT(strl_len(e->programs), 2);
		CHECK(has_str(e->programs, "DPRK3"));
		CHECK(has_str(e->flags, "Russia"));
		CHECK_INT(e->imo, 0);
	}
	e = by_id(ix, "90003");
	CHECK(e != NULL);
	if (e) {
		CHECK_INT(e->schema, VIGIL_SCHEMA_LEGALENTITY);
		CHECK_INT(name_kind(e, "ООО М ЛИЗИНГ"), VIGIL_NAME_ALIAS);
		CHECK_INT(e->n_names, 3);
	}
	vigil_index_free(ix);
}

static void eu_xml(void)
{
	struct vigil_list_report rep;
	char date[11];
	struct vigil_index *ix = fixture(FIX "eu_fsf.xml", VIGIL_LIST_EU_XML, &rep, date);
	const struct vigil_entity *e;

	if (!ix)
		return;
	CHECK_STR(date, "2024-05-03");
	CHECK_INT(rep.records, 4);
	CHECK_INT(rep.entities, 3);
	CHECK_INT(rep.skipped, 1);
	CHECK_INT(rep.first_line, 4);
	e = by_id(ix, "EU.9001.01");
	CHECK(e != NULL);
	if (e) {
		CHECK_INT(e->schema, VIGIL_SCHEMA_PERSON);
		CHECK_STR(e->names->text, "Pavel Ivanovich KORNEEV");
		CHECK_INT(e->names->kind, VIGIL_NAME_PRIMARY);
		CHECK_INT(name_kind(e, "Павел Иванович КОРНЕЕВ"), VIGIL_NAME_ALIAS);
		CHECK_INT(name_kind(e, "Pasha"), VIGIL_NAME_WEAK);
		CHECK_STR(e->listed_on, "2022-04-08"); /* earliest regulation when no designationDate */
		CHECK_INT(strl_len(e->programs), 1);   /* two RUS regulations, one programme */
		CHECK(has_str(e->programs, "RUS"));
		CHECK(has_str(e->flags, "RU"));
		CHECK(strstr(e->remarks, "Cyrillic") != NULL);
	}
	e = by_id(ix, "EU.9002.02");
	CHECK(e != NULL);
	if (e) {
		CHECK_INT(e->schema, VIGIL_SCHEMA_ORGANIZATION);
		CHECK_STR(e->listed_on, "2024-02-23");
		CHECK_INT(e->imo, 5999999); /* identificationTypeCode="imo" (a company number here) */
		CHECK_INT(name_kind(e, "ООО Фикстура Шипменеджмент"), VIGIL_NAME_ALIAS);
	}
	e = by_id(ix, "EU.9003.03");
	CHECK(e != NULL);
	if (e) {
		CHECK(has_str(e->programs, "PRK"));
		CHECK_INT(name_kind(e, "조선픽스처해운회사"), VIGIL_NAME_ALIAS);
	}
	vigil_index_free(ix);
}

static void uk_csv(void)
{
	struct vigil_list_report rep;
	char date[11];
	struct vigil_index *ix = fixture(FIX "uk_sanctions_list.csv", VIGIL_LIST_UK_CSV, &rep, date);
	const struct vigil_entity *e;

	if (!ix)
		return;
	CHECK_STR(date, "2024-05-10");
	CHECK_INT(rep.records, 6);
	CHECK_INT(rep.entities, 3);
	CHECK_INT(rep.vessels, 1);
	CHECK_INT(rep.merged, 2);
	CHECK_INT(rep.skipped, 1);
	CHECK_INT(rep.first_line, 8);
	e = by_id(ix, "RUS9901");
	CHECK(e != NULL);
	if (e) {
		CHECK_INT(e->schema, VIGIL_SCHEMA_VESSEL);
		CHECK_STR(e->names->text, "ANGARA");
		CHECK_INT(e->imo, 9179842);
		CHECK(e->imo_valid);
		CHECK_INT(e->mmsi, 273210440); /* found in Other Information */
		CHECK(has_str(e->flags, "Russia"));
		CHECK(!has_str(e->flags, "Antigua and Barbuda"));
		CHECK(has_str(e->links, "M LEASING LLC"));
		CHECK(has_str(e->programs, "Russia"));
		CHECK_STR(e->listed_on, "2024-05-09");
	}
	e = by_id(ix, "RUS9902");
	CHECK(e != NULL);
	if (e) {
		CHECK_INT(e->schema, VIGIL_SCHEMA_PERSON);
		/* the alias row comes first in the file; the primary name still leads */
		CHECK_STR(e->names->text, "Pavel Ivanovich KORNEEV");
		CHECK_INT(e->names->kind, VIGIL_NAME_PRIMARY);
		CHECK_INT(name_kind(e, "Pasha KORNEEV"), VIGIL_NAME_WEAK);
		CHECK_INT(name_kind(e, "Pavel KORNEYEV"), VIGIL_NAME_ALIAS);
		CHECK_INT(name_kind(e, "КОРНЕЕВ Павел Иванович"), VIGIL_NAME_ALIAS);
		CHECK_INT(e->n_names, 4);
		CHECK_STR(e->listed_on, "2022-03-14");
		CHECK_INT(strl_len(e->programs), 1);
	}
	e = by_id(ix, "RUS9903");
	CHECK(e != NULL);
	if (e) {
		CHECK_INT(e->schema, VIGIL_SCHEMA_ORGANIZATION);
		CHECK_INT(name_kind(e, "ООО М ЛИЗИНГ"), VIGIL_NAME_ALIAS);
	}
	vigil_index_free(ix);
}

/* The UK XML loader, also called directly (internal, list_int.h). */
int vigil__load_uk_xml(struct vigil_index *ix, int source, const char *buf, size_t len,
		       const struct vigil_list_limits *lim, struct vigil_list_report *rep);

static void uk_xml(void)
{
	size_t len;
	char *buf = test_slurp(FIX "uk_sanctions_list.xml", &len);
	struct vigil_index *ix;
	struct vigil_list_report rep;
	struct vigil_source s;
	const struct vigil_entity *e;
	int src;

	if (!buf) {
		t_fail++;
		return;
	}
	{
		char date[11];
		struct vigil_index *ix2 = fixture(FIX "uk_sanctions_list.xml", VIGIL_LIST_UK_XML, &rep, date);

		CHECK_STR(date, "2024-05-10");
		CHECK_INT(rep.entities, 3);
		CHECK_STR(vigil_list_format_name(VIGIL_LIST_UK_XML), "uk_xml");
		vigil_index_free(ix2);
	}
	ix = vigil_index_new(NULL);
	memset(&s, 0, sizeof(s));
	s.list = "UK FCDO";
	s.format = "uk_xml";
	s.path = s.date = "";
	s.group = 3;
	src = vigil_index_add_source(ix, &s);
	memset(&rep, 0, sizeof(rep));
	CHECK_INT(vigil__load_uk_xml(ix, src, buf, len, NULL, &rep), VIGIL_E_OK);
	CHECK_INT(rep.records, 4);
	CHECK_INT(rep.entities, 3);
	CHECK_INT(rep.vessels, 1);
	CHECK_INT(rep.skipped, 1);
	CHECK_INT(rep.first_line, 4);
	e = by_id(ix, "RUS9901");
	CHECK(e != NULL);
	if (e) {
		CHECK_INT(e->schema, VIGIL_SCHEMA_VESSEL);
		CHECK_STR(e->names->text, "ANGARA");
		CHECK_INT(e->imo, 9179842);
		CHECK_INT(e->mmsi, 273210440);
		CHECK(has_str(e->flags, "Russia"));
		CHECK(!has_str(e->flags, "Antigua and Barbuda"));
		CHECK(has_str(e->links, "M LEASING LLC"));
		CHECK_STR(e->listed_on, "2024-05-09");
	}
	e = by_id(ix, "RUS9902");
	CHECK(e != NULL);
	if (e) {
		CHECK_INT(e->schema, VIGIL_SCHEMA_PERSON);
		CHECK_STR(e->names->text, "Pavel Ivanovich KORNEEV");
		CHECK_INT(name_kind(e, "Pasha KORNEEV"), VIGIL_NAME_WEAK);
		CHECK_INT(name_kind(e, "Pavel KORNEYEV"), VIGIL_NAME_ALIAS);
		CHECK_INT(name_kind(e, "КОРНЕЕВ Павел Иванович"), VIGIL_NAME_ALIAS);
		CHECK_INT(e->n_names, 4);
		CHECK(has_str(e->flags, "Russia"));
		CHECK_STR(e->listed_on, "2022-03-14");
	}
	e = by_id(ix, "RUS9903");
	CHECK(e != NULL);
	if (e) {
		CHECK_INT(e->schema, VIGIL_SCHEMA_ORGANIZATION);
		CHECK_INT(name_kind(e, "ООО М ЛИЗИНГ"), VIGIL_NAME_ALIAS);
	}
	vigil_index_free(ix);
	/* hostile: entity bomb refused, truncation located */
	ix = vigil_index_new(NULL);
	src = vigil_index_add_source(ix, &s);
	memset(&rep, 0, sizeof(rep));
	CHECK_INT(vigil__load_uk_xml(ix, src, buf, len / 2, NULL, &rep), VIGIL_E_XML);
	CHECK(strstr(rep.first_error, "line") != NULL);
	memset(&rep, 0, sizeof(rep));
	{
		static const char bomb[] = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
					   "<Designations><Designation><UniqueID>&b;</UniqueID></Designation></Designations>";

		CHECK_INT(vigil__load_uk_xml(ix, src, bomb, strlen(bomb), NULL, &rep), VIGIL_E_XML);
		CHECK(strstr(rep.first_error, "document type") != NULL);
	}
	vigil_index_free(ix);
	free(buf);
}

/* A hostile buffer: load it as fmt; expect rc and a located, non-empty reason. */
static void hostile(const char *what, int fmt, const char *buf, size_t len, const struct vigil_list_limits *lim,
		    int want_rc, const char *want_reason)
{
	struct vigil_index *ix = vigil_index_new(NULL);
	struct vigil_list_report rep;
	int rc = load_buf(ix, fmt, buf, len, lim, &rep);

	if (rc != want_rc || !rep.first_error[0] || (want_reason && !strstr(rep.first_error, want_reason))) {
		t_fail++;
		fprintf(stderr, "FAIL hostile %s (%s): rc %d want %d, line %zu: \"%s\" (want \"%s\")\n", what,
			vigil_list_format_name(fmt), rc, want_rc, rep.first_line, rep.first_error,
			want_reason ? want_reason : "");
	} else {
		t_pass++;
	}
	vigil_index_free(ix);
}

static char *repeat(const char *head, const char *unit, size_t n, const char *tail, size_t *len)
{
	size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail), i;
	char *b = malloc(hl + ul * n + tl + 1), *p = b;

	if (!b)
		return NULL;
	memcpy(p, head, hl), p += hl;
	for (i = 0; i < n; i++)
		memcpy(p, unit, ul), p += ul;
	memcpy(p, tail, tl), p += tl;
	*p = 0;
	*len = (size_t)(p - b);
	return b;
}

static void xml_hostile(int fmt, const char *fixture_path, const char *open_rec, const char *close_rec)
{
	static const char bomb[] =
		"<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
		"<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
		"<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>\n";
	static const char xxe[] = "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n";
	static const char xxe_net[] = "<?xml version=\"1.0\"?>\n<!DOCTYPE r SYSTEM \"http://127.0.0.1:9/evil.dtd\">\n";
	const struct vigil_list_limits small = { 512, 0, 0 };
	char doc[4096], *big;
	size_t len, blen;
	char *fix = test_slurp(fixture_path, &len);
	const char *root = fmt == VIGIL_LIST_OFAC_SDN_XML ? "sdnList" : "export";

	if (!fix) {
		t_fail++;
		return;
	}
	/* Entity bomb and external entities (file and network): refused before parsing, line 1. */
	snprintf(doc, sizeof(doc), "%s<%s>%s<lastName>&lol3;</lastName>%s</%s>", bomb, root, open_rec, close_rec, root);
	hostile("billion laughs", fmt, doc, strlen(doc), NULL, VIGIL_E_XML, "document type declaration");
	snprintf(doc, sizeof(doc), "%s<%s>%s<lastName>&x;</lastName>%s</%s>", xxe, root, open_rec, close_rec, root);
	hostile("XXE file", fmt, doc, strlen(doc), NULL, VIGIL_E_XML, "document type declaration");
	snprintf(doc, sizeof(doc), "%s<%s/>", xxe_net, root);
	hostile("XXE network DTD", fmt, doc, strlen(doc), NULL, VIGIL_E_XML, "document type declaration");
	/* An undeclared entity reference without a DTD is a well-formedness error, not an expansion. */
	snprintf(doc, sizeof(doc), "<%s>%s<lastName>&x;</lastName>%s</%s>", root, open_rec, close_rec, root);
	hostile("undeclared entity", fmt, doc, strlen(doc), NULL, VIGIL_E_XML, "line");
	/* Truncated in the middle of a record: an XML error with its line. */
	hostile("truncated", fmt, fix, len * 2 / 3, NULL, VIGIL_E_XML, "line");
	/* Wrong encoding: latin-1 bytes in a file that says UTF-8. */
	snprintf(doc, sizeof(doc), "<?xml version=\"1.0\" encoding=\"UTF-8\"?><%s>%s<lastName>K\xD6RNEEV</lastName>%s</%s>",
		 root, open_rec, close_rec, root);
	hostile("latin-1 in UTF-8", fmt, doc, strlen(doc), NULL, VIGIL_E_XML, "line 1");
	/* Deep nesting inside a record. */
	{
		char *a = repeat("", "<x>", 200, "", &blen), *b = repeat("", "</x>", 200, "", &blen);

		snprintf(doc, sizeof(doc), "<%s>%s%s%s%s</%s>", root, open_rec, a ? a : "", b ? b : "", close_rec, root);
		hostile("deep nesting", fmt, doc, strlen(doc), NULL, VIGIL_E_XML, "nesting deeper");
		free(a);
		free(b);
	}
	/* Over the file limit: refused before parsing. */
	hostile("over max_file", fmt, fix, len, &small, VIGIL_E_TOOBIG, "limit");
	free(fix);
	/* Giant field: a 3 MiB text node is dropped (field limit 1 MiB) and reported; memory stays bounded. */
	{
		char head[512];

		snprintf(head, sizeof(head), "<%s>%s<lastName>", root, open_rec);
		big = repeat(head, "AAAAAAAAAAAAAAAA", (size_t)3 << 16, "</lastName>", &blen);
		if (big) {
			char *full = malloc(blen + 256);

			if (full) {
				struct vigil_index *ix = vigil_index_new(NULL);
				struct vigil_list_report rep;
				int rc;

				snprintf(full, blen + 256, "%s%s</%s>", big, close_rec, root);
				rc = load_buf(ix, fmt, full, strlen(full), NULL, &rep);
				CHECK_INT(rc, VIGIL_E_OK);
				CHECK_INT(vigil_index_count(ix), 0);
				CHECK(rep.skipped >= 1);
				CHECK(strstr(rep.first_error, "field limit") != NULL || strstr(rep.first_error, "without") != NULL);
				vigil_index_free(ix);
				free(full);
			}
			free(big);
		}
	}
}

static void uk_hostile(void)
{
	static const char hdr[] = "Report Date: 10-May-2024\nUnique ID,Name 6,Name 1,Name type,Designation Type,Regime Name\n";
	char doc[4096], *big;
	size_t blen;
	struct vigil_index *ix;
	struct vigil_list_report rep;
	int rc;

	/* Latin-1 bytes in a UTF-8 file: the row is skipped with its line; others load. */
	snprintf(doc, sizeof(doc), "%sRUS1,K\xD6RNEEV,Pavel,Primary Name,Individual,Russia\nRUS2,OK,,Primary Name,Entity,Russia\n",
		 hdr);
	ix = vigil_index_new(NULL);
	rc = load_buf(ix, VIGIL_LIST_UK_CSV, doc, strlen(doc), NULL, &rep);
	CHECK_INT(rc, VIGIL_E_OK);
	CHECK_INT(rep.entities, 1);
	CHECK_INT(rep.skipped, 1);
	CHECK_INT(rep.first_line, 3);
	CHECK(strstr(rep.first_error, "UTF-8") != NULL);
	vigil_index_free(ix);
	/* Truncated inside a quoted field. */
	snprintf(doc, sizeof(doc), "%sRUS1,\"KORNEEV", hdr);
	hostile("truncated quote", VIGIL_LIST_UK_CSV, doc, strlen(doc), NULL, VIGIL_E_CSV, "line 3");
	/* No header at all. */
	snprintf(doc, sizeof(doc), "Report Date: 10-May-2024\nfoo,bar\n1,2\n");
	hostile("no header", VIGIL_LIST_UK_CSV, doc, strlen(doc), NULL, VIGIL_E_FORMAT, "Unique ID");
	/* A giant field (3 MiB > 1 MiB field limit): a clear error with the line, bounded memory. */
	big = repeat(hdr, "A", (size_t)3 << 20, ",X,,Primary Name,Entity,Russia\n", &blen);
	if (big) {
		hostile("giant field", VIGIL_LIST_UK_CSV, big, blen, NULL, VIGIL_E_TOOBIG, "line 3");
		free(big);
	}
	/* Many rows of one designation: names stop at the per-entity cap, no error. */
	{
		struct vigil_index_limits il = { 0, 0, 16, 0 };
		char *p;
		size_t i, n = 0;

		big = malloc(64 * 1000 + sizeof(hdr));
		if (big) {
			p = big;
			n = (size_t)sprintf(p, "%s", hdr);
			for (i = 0; i < 1000; i++)
				n += (size_t)sprintf(p + n, "RUS1,NAME%zu,,Alias,Entity,Russia\n", i);
			ix = vigil_index_new(&il);
			rc = load_buf(ix, VIGIL_LIST_UK_CSV, big, n, NULL, &rep);
			CHECK_INT(rc, VIGIL_E_OK);
			CHECK_INT(rep.entities, 1);
			CHECK_INT(vigil_index_get(ix, 0)->n_names, 16);
			vigil_index_free(ix);
			free(big);
		}
	}
}

int main(void)
{
	ofac_xml();
	eu_xml();
	uk_csv();
	uk_xml();
	xml_hostile(VIGIL_LIST_OFAC_SDN_XML, FIX "ofac_sdn.xml", "<sdnEntry><uid>1</uid><sdnType>Entity</sdnType>",
		    "</sdnEntry>");
	xml_hostile(VIGIL_LIST_EU_XML, FIX "eu_fsf.xml",
		    "<sanctionEntity euReferenceNumber=\"EU.1\"><nameAlias wholeName=\"\"/>", "</sanctionEntity>");
	uk_hostile();
	TEST_END();
}
