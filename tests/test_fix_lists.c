/* test_fix_lists.c - regressions found by fuzzing and hostile input in the list loaders (helper fix). */
#include "harness.h"

#include "vigil/entity.h"
#include "vigil/error.h"
#include "vigil/lists.h"

static int load_as(struct vigil_index *ix, int src, int fmt, const char *buf, size_t len, struct vigil_list_report *rep)
{
	return vigil_list_load(ix, src, fmt, buf, len, NULL, rep);
}

static int add_src(struct vigil_index *ix)
{
	struct vigil_source s;

	memset(&s, 0, sizeof(s));
	s.list = "fixture";
	s.format = "fixture";
	s.group = 1;
	return vigil_index_add_source(ix, &s);
}

/*
 * The OFAC comments file appends text to an entity's remarks. The join used
 * to copy remarks-length + comment-length bytes out of the remarks string
 * (which holds only remarks-length + 1): an over-read that ASan reports as
 * memcpy-param-overlap (fuzz_list_ofac_csv, input c.csv in the seed corpus).
 */
static void ofac_comments(void)
{
	static const char sdn[] = "101,\"SHIP A\",\"vessel\",\"DPRK3\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"IMO 9179842;\"\n";
	static const char com[] = "101,\"MMSI 273210440; Linked To: SOME OWNER LLC.\"\n";
	static const char fz[] = "101,T,,,,,,,,,,\n101,\271";
	struct vigil_index *ix = vigil_index_new(NULL);
	struct vigil_list_report rep;
	const struct vigil_entity *e;
	int src = add_src(ix);

	CHECK(src >= 0);
	CHECK_INT(load_as(ix, src, VIGIL_LIST_OFAC_SDN_CSV, sdn, strlen(sdn), &rep), VIGIL_E_OK);
	CHECK_INT(vigil_index_count(ix), 1);
	CHECK_INT(load_as(ix, src, VIGIL_LIST_OFAC_COMMENTS_CSV, com, strlen(com), &rep), VIGIL_E_OK);
	e = vigil_index_get(ix, 0);
	CHECK(e != NULL);
	if (e) {
		/* both texts, in order, and the ids of both parsed */
		CHECK(strstr(e->remarks, "IMO 9179842;") != NULL);
		CHECK(strstr(e->remarks, "SOME OWNER LLC.") != NULL);
		CHECK(strstr(e->remarks, "IMO") < strstr(e->remarks, "MMSI"));
		CHECK_INT(strlen(e->remarks), strlen("IMO 9179842;") + strlen("MMSI 273210440; Linked To: SOME OWNER LLC."));
		CHECK_INT(e->imo, 9179842);
		CHECK_INT(e->mmsi, 273210440);
	}
	/* a second comment row for the same entity appends again */
	CHECK_INT(load_as(ix, src, VIGIL_LIST_OFAC_COMMENTS_CSV, com, strlen(com), &rep), VIGIL_E_OK);
	e = vigil_index_get(ix, 0);
	CHECK(e && strlen(e->remarks) == strlen("IMO 9179842;") + 2 * strlen("MMSI 273210440; Linked To: SOME OWNER LLC."));
	vigil_index_free(ix);

	/* the fuzzer's minimised input, loaded as every OFAC CSV kind as the fuzz target does */
	ix = vigil_index_new(NULL);
	src = add_src(ix);
	load_as(ix, src, VIGIL_LIST_OFAC_SDN_CSV, fz, sizeof(fz) - 1, &rep);
	load_as(ix, src, VIGIL_LIST_OFAC_ALT_CSV, fz, sizeof(fz) - 1, &rep);
	load_as(ix, src, VIGIL_LIST_OFAC_COMMENTS_CSV, fz, sizeof(fz) - 1, &rep);
	e = vigil_index_count(ix) ? vigil_index_get(ix, 0) : NULL;
	CHECK(e != NULL);
	CHECK(e && strcmp(e->remarks, "\xc2\xb9") == 0); /* latin-1 0xB9 became UTF-8 */
	vigil_index_free(ix);
}

/*
 * One listing id repeated in a UN file: every record is kept as an entity,
 * lookups by the id find the first, and loading is linear (the repeats stay
 * out of the id hash; before, each one probed past all the earlier ones).
 */
static void same_id(void)
{
	enum { N = 50000 };
	struct vigil_index *ix = vigil_index_new(NULL);
	struct vigil_list_report rep;
	const struct vigil_entity *e;
	size_t cap = 128 + (size_t)N * 80, len = 0, i;
	char *buf = malloc(cap);
	int src = add_src(ix);

	CHECK(buf != NULL);
	if (!buf) {
		vigil_index_free(ix);
		return;
	}
	len += (size_t)snprintf(buf + len, cap - len, "<CONSOLIDATED_LIST><ENTITIES>");
	for (i = 0; i < N; i++)
		len += (size_t)snprintf(buf + len, cap - len,
					"<ENTITY><DATAID>1</DATAID><FIRST_NAME>NAME %zu</FIRST_NAME></ENTITY>", i);
	len += (size_t)snprintf(buf + len, cap - len, "<ENTITY><DATAID>2</DATAID><FIRST_NAME>OTHER</FIRST_NAME></ENTITY>"
				"</ENTITIES></CONSOLIDATED_LIST>");
	CHECK_INT(vigil_list_detect(buf, len), VIGIL_LIST_UN_XML);
	CHECK_INT(load_as(ix, src, VIGIL_LIST_UN_XML, buf, len, &rep), VIGIL_E_OK);
	CHECK_INT(vigil_index_count(ix), N + 1);
	e = vigil_index_find(ix, 1, vigil_index_source(ix, (size_t)src)->list, "1", 1);
	CHECK(e && e->id == 0);
	e = vigil_index_find(ix, 1, vigil_index_source(ix, (size_t)src)->list, "2", 1);
	CHECK(e && e->id == N);
	free(buf);
	vigil_index_free(ix);
}

int main(void)
{
	ofac_comments();
	same_id();
	TEST_END();
}
