/* fuzz_json.c - libFuzzer target for the JSON tokenizer and its accessors. */
#include <stdint.h>
#include <stddef.h>

#include "vigil/error.h"
#include "vigil/json.h"

const char vigil_fuzz_name[] = "json";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vigil_json_tok tok[256];
	const char *s = (const char *)data;
	char out[64];
	size_t n, i;

	if (vigil_json_parse(s, size, tok, 256, &n, NULL) != VIGIL_E_OK)
		return 0;
	for (i = 0; i < n; i++) {
		double d;
		long long ll;

		if (tok[i].next > n || tok[i].next <= i)
			__builtin_trap();
		vigil_json_str(s, &tok[i], out, sizeof(out), NULL);
		vigil_json_num(s, &tok[i], &d);
		vigil_json_int(s, &tok[i], &ll);
		if (tok[i].type == VIGIL_JSON_OBJECT)
			vigil_json_get(s, tok, i, "a");
		if (tok[i].type == VIGIL_JSON_ARRAY)
			vigil_json_at(tok, i, 1);
	}
	return 0;
}
