/* test_json.c - the bounded JSON tokenizer. */
#include "harness.h"
#include "vigil/error.h"
#include "vigil/json.h"

static int parse(const char *s, struct vigil_json_tok *t, size_t cap, size_t *n)
{
	return vigil_json_parse(s, strlen(s), t, cap, n, NULL);
}

int main(void)
{
	struct vigil_json_tok t[64];
	size_t n, v, errpos;
	char buf[64];
	double d;
	long long ll;
	const char *doc = " {\"a\": [1, -2.5e1, \"x\\u00e9\\ud83d\\ude00\"], \"b\": {\"c\": null}, \"d\": true} ";

	CHECK_INT(parse(doc, t, 64, &n), VIGIL_E_OK);
	CHECK_INT(n, 12); /* 3 keys + 9 values */
	CHECK_INT(t[0].type, VIGIL_JSON_OBJECT);
	CHECK_INT(t[0].count, 3);
	v = vigil_json_get(doc, t, 0, "a");
	CHECK_INT(t[v].type, VIGIL_JSON_ARRAY);
	CHECK_INT(t[v].count, 3);
	CHECK_INT(vigil_json_num(doc, &t[vigil_json_at(t, v, 1)], &d), VIGIL_E_OK);
	CHECK_DBL(d, -25.0, 1e-12);
	CHECK_INT(vigil_json_int(doc, &t[vigil_json_at(t, v, 0)], &ll), VIGIL_E_OK);
	CHECK_INT(ll, 1);
	CHECK_INT(vigil_json_str(doc, &t[vigil_json_at(t, v, 2)], buf, sizeof(buf), &n), VIGIL_E_OK);
	CHECK_STR(buf, "x\xc3\xa9\xf0\x9f\x98\x80");
	CHECK_INT(vigil_json_at(t, v, 3), 0);
	v = vigil_json_get(doc, t, 0, "b");
	CHECK_INT(t[vigil_json_get(doc, t, v, "c")].type, VIGIL_JSON_NULL);
	CHECK_INT(t[vigil_json_get(doc, t, 0, "d")].type, VIGIL_JSON_TRUE);
	CHECK_INT(vigil_json_get(doc, t, 0, "zz"), 0);
	/* next skips whole subtrees: the member after "a" is key "b". */
	CHECK(vigil_json_eq(doc, &t[t[2].next], "b"));

	/* Truncation of the output buffer is reported. */
	CHECK_INT(vigil_json_str(doc, &t[vigil_json_at(t, vigil_json_get(doc, t, 0, "a"), 2)], buf, 3, &n),
		  VIGIL_E_TOOBIG);
	CHECK_INT(n, 1); /* never a partial UTF-8 sequence */

	/* Malformed documents, with the error position. */
	CHECK_INT(vigil_json_parse("{\"a\":1,}", 8, t, 64, &n, &errpos), VIGIL_E_JSON);
	CHECK_INT(errpos, 7);
	CHECK_INT(parse("[1 2]", t, 64, &n), VIGIL_E_JSON);
	CHECK_INT(parse("{\"a\" 1}", t, 64, &n), VIGIL_E_JSON);
	CHECK_INT(parse("\"ab", t, 64, &n), VIGIL_E_JSON);
	CHECK_INT(parse("\"a\\x\"", t, 64, &n), VIGIL_E_JSON);
	CHECK_INT(parse("01", t, 64, &n), VIGIL_E_JSON);
	CHECK_INT(parse("1.", t, 64, &n), VIGIL_E_JSON);
	CHECK_INT(parse("[1] x", t, 64, &n), VIGIL_E_JSON);
	CHECK_INT(parse("", t, 64, &n), VIGIL_E_JSON);
	CHECK_INT(parse("[", t, 64, &n), VIGIL_E_JSON);
	CHECK_INT(parse("{\"a\":1", t, 64, &n), VIGIL_E_JSON);
	CHECK_INT(parse("[tru]", t, 64, &n), VIGIL_E_JSON);
	CHECK_INT(parse("[]", t, 64, &n), VIGIL_E_OK);
	CHECK_INT(t[0].count, 0);
	CHECK_INT(parse("{}", t, 64, &n), VIGIL_E_OK);

	/* Caps: tokens and depth. */
	CHECK_INT(parse("[1,2,3]", t, 3, &n), VIGIL_E_TOOBIG);
	{
		char deep[200];
		memset(deep, '[', 100);
		memset(deep + 100, ']', 100);
		CHECK_INT(vigil_json_parse(deep, 200, t, 64, &n, NULL), VIGIL_E_JSON);
	}
	/* Floats as integers only when integral. */
	CHECK_INT(parse("[3.0, 3.5, 1e400]", t, 64, &n), VIGIL_E_OK);
	CHECK_INT(vigil_json_int("[3.0, 3.5, 1e400]", &t[1], &ll), VIGIL_E_OK);
	CHECK_INT(ll, 3);
	CHECK_INT(vigil_json_int("[3.0, 3.5, 1e400]", &t[2], &ll), VIGIL_E_INVAL);
	CHECK_INT(vigil_json_int("[3.0, 3.5, 1e400]", &t[3], &ll), VIGIL_E_INVAL);
	TEST_END();
}
