/* test_lists.c - list loaders: real files in ../shared (counts from their READMEs) and our own fixtures. */
#include "harness.h"

#include "vigil/entity.h"
#include "vigil/error.h"
#include "vigil/lists.h"

static int load_mem(struct vigil_index *ix, const char *buf, uint32_t group, struct vigil_list_report *rep)
{
	struct vigil_source s = { "", "", "fixture", "", "", group, 0, 0 };
	int fmt = vigil_list_detect(buf, strlen(buf)), src;

	s.list = vigil_list_publisher(fmt);
	s.format = vigil_list_format_name(fmt);
	src = vigil_index_add_source(ix, &s);
	if (src < 0)
		return -src;
	return vigil_list_load(ix, src, fmt, buf, strlen(buf), NULL, rep);
}

static int load_file(struct vigil_index *ix, const char *path, uint32_t group, struct vigil_list_report *rep)
{
	size_t len;
	char *buf = test_slurp(path, &len);
	int rc;

	if (!buf)
		return -1;
	rc = load_mem(ix, buf, group, rep);
	free(buf);
	return rc;
}

static const struct vigil_entity *find_name(const struct vigil_index *ix, const char *name)
{
	size_t i;

	for (i = 0; i < vigil_index_count(ix); i++) {
		const struct vigil_entity *e = vigil_index_get(ix, i);
		const struct vigil_name *n;

		for (n = e->names; n; n = n->next)
			if (strcmp(n->text, name) == 0)
				return e;
	}
	return NULL;
}

static void real_files(void)
{
	const char *sh = test_shared();
	char p[8192];
	struct vigil_index *ix;
	struct vigil_list_report rep;
	const struct vigil_entity *e;

	if (!sh) {
		SKIP("../shared absent: real list counts not checked");
		return;
	}
	ix = vigil_index_new(NULL);
	snprintf(p, sizeof(p), "%s/data/sanctions/ofac/sdn_2024-05-03.csv", sh);
	if (load_file(ix, p, 1, &rep) < 0) {
		SKIP("OFAC sdn_2024-05-03.csv absent");
	} else {
		CHECK_INT(rep.entities, 14965);
		CHECK_INT(rep.vessels, 851);
		CHECK_INT(rep.skipped, 0);
		e = find_name(ix, "ANGARA");
		CHECK(e != NULL);
		if (e) {
			CHECK_INT(e->imo, 9179842);
			CHECK(e->imo_valid);
			CHECK(e->links && strcmp(e->links->text, "M LEASING LLC") == 0);
			CHECK(e->programs && strcmp(e->programs->text, "RUSSIA-EO14024") == 0);
		}
		snprintf(p, sizeof(p), "%s/data/sanctions/ofac/alt_2026-03.csv", sh);
		if (load_file(ix, p, 1, &rep) == VIGIL_E_OK) {
			CHECK_INT(rep.records, 20202);
			CHECK_INT(rep.merged + rep.orphans, 20202);
			CHECK(rep.orphans > 0); /* aliases of entries listed after 2024-05-03 */
		}
	}
	snprintf(p, sizeof(p), "%s/data/sanctions/un/UN_consolidated_2026-02-27.xml", sh);
	if (load_file(ix, p, 2, &rep) < 0) {
		SKIP("UN consolidated XML absent");
	} else {
		CHECK_INT(rep.entities, 1003);
		CHECK_INT(rep.skipped, 0);
	}
	vigil_index_free(ix);
	ix = vigil_index_new(NULL);
	snprintf(p, sizeof(p), "%s/data/sanctions/opensanctions/ua_war_sanctions_targets.simple_2026-03-13.csv", sh);
	if (load_file(ix, p, 3, &rep) < 0) {
		SKIP("OpenSanctions targets.simple.csv absent");
	} else {
		CHECK_INT(rep.entities, 5600);
		CHECK_INT(rep.vessels, 1340);
		e = find_name(ix, "SASCO ANGARA");
		CHECK(e && e->imo == 9242986 && e->mmsi == 273390170 && strcmp(e->callsign, "UBUO6") == 0);
	}
	vigil_index_free(ix);
}

static void ofac_fixture(void)
{
	/* Our own rows in OFAC's legacy layout: latin-1 name, -0- nulls, ids in Remarks. */
	static const char sdn[] =
		"101,\"TEST SHIP ONE\",\"vessel\",\"DPRK3] [RUSSIA-EO14024\",-0- ,\"ABCD1\",\"Cargo\",-0- ,\"1000\",\"Russia\",-0- ,"
		"\"Vessel Registration Identification IMO 9179842; MMSI 273210440; Linked To: TEST OWNER LLC.\"\r\n"
		"102,\"M\xDCLLER, Hans\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"
		"103,\"BROKEN ROW\",\"vessel\"\r\n"
		"\x1a";
	static const char alt[] =
		"101,1,\"fka\",\"OLD SHIP NAME\",-0- \r\n"
		"999,2,\"aka\",\"NOBODY\",-0- \r\n";
	struct vigil_index *ix = vigil_index_new(NULL);
	struct vigil_list_report rep;
	const struct vigil_entity *e;

	CHECK_INT(vigil_list_detect(sdn, strlen(sdn)), VIGIL_LIST_OFAC_SDN_CSV);
	CHECK_INT(vigil_list_detect(alt, strlen(alt)), VIGIL_LIST_OFAC_ALT_CSV);
	CHECK_INT(load_mem(ix, sdn, 7, &rep), VIGIL_E_OK);
	CHECK_INT(rep.entities, 2);
	CHECK_INT(rep.skipped, 1);
	CHECK_INT(rep.first_line, 3);
	CHECK_INT(load_mem(ix, alt, 7, &rep), VIGIL_E_OK);
	CHECK_INT(rep.merged, 1);
	CHECK_INT(rep.orphans, 1);
	e = find_name(ix, "OLD SHIP NAME");
	CHECK(e && e->imo == 9179842 && e->mmsi == 273210440 && strcmp(e->callsign, "ABCD1") == 0);
	CHECK(e && e->names->next && e->names->next->kind == VIGIL_NAME_PREVIOUS);
	CHECK(find_name(ix, "M\xC3\x9CLLER, Hans") != NULL); /* latin-1 became UTF-8 */
	vigil_index_free(ix);
}

static void xml_hostile(void)
{
	static const char bomb[] =
		"<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]>\n"
		"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&lol2;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>";
	static const char xxe[] =
		"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
		"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&e;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>";
	static const char trunc[] =
		"<CONSOLIDATED_LIST dateGenerated=\"2026-01-02T00:00:00Z\"><INDIVIDUALS><INDIVIDUAL><REFERENCE_NUMBER>XXi.001</REFERENCE_NUMBER>"
		"<FIRST_NAME>ONE</FIRST_NAME><SECOND_NAME>PERSON</SECOND_NAME><LISTED_ON>2020-01-31</LISTED_ON></INDIVIDUAL>"
		"<INDIVIDUAL><REFERENCE_NUMBER>XXi.002</REFERENCE_NUMBER><FIRST_NAME>TWO";
	struct vigil_index *ix = vigil_index_new(NULL);
	struct vigil_list_report rep;
	const struct vigil_entity *e;
	char d[11];

	CHECK_INT(load_mem(ix, bomb, 1, &rep), VIGIL_E_XML);
	CHECK(strstr(rep.first_error, "document type") != NULL);
	CHECK_INT(load_mem(ix, xxe, 1, &rep), VIGIL_E_XML);
	CHECK_INT(vigil_index_count(ix), 0);
	CHECK_INT(load_mem(ix, trunc, 1, &rep), VIGIL_E_XML);
	CHECK_INT(rep.entities, 1); /* the complete record before the cut is kept */
	CHECK(rep.first_error[0] != 0);
	e = find_name(ix, "ONE PERSON");
	CHECK(e && strcmp(e->listed_on, "2020-01-31") == 0);
	vigil_list_date(VIGIL_LIST_UN_XML, trunc, strlen(trunc), d);
	CHECK_STR(d, "2026-01-02");
	vigil_index_free(ix);
}

static void misc(void)
{
	struct vigil_index *ix;
	struct vigil_index_limits lim = { 2, 0, 0, 0 };
	struct vigil_list_report rep;
	static const char os[] = "\"id\",\"schema\",\"name\",\"aliases\",\"countries\",\"identifiers\"\n"
				 "a,Vessel,ONE,Old One;Older One,ru,IMO9179842;273210440;UBCD7\n"
				 "b,Person,Two,,,\n"
				 "c,Company,Three,,,\n";

	CHECK(vigil_imo_valid(9179842));
	CHECK(!vigil_imo_valid(9179843));
	CHECK(!vigil_imo_valid(123));
	ix = vigil_index_new(&lim);
	CHECK_INT(load_mem(ix, os, 1, &rep), VIGIL_E_FULL); /* the entity cap holds */
	CHECK_INT(vigil_index_count(ix), 2);
	CHECK_INT(vigil_index_get(ix, 0)->n_names, 3);
	vigil_index_free(ix);
	CHECK_INT(vigil_list_detect("hello world\n", 12), VIGIL_LIST_NONE);
	CHECK_INT(vigil_list_detect("case_group,schema,name1\n", 24), VIGIL_LIST_NONE);
}

int main(void)
{
	real_files();
	ofac_fixture();
	xml_hostile();
	misc();
	TEST_END();
}
